package org.neuralpolytopes.schema;

/**
 * Which stage of a run writes a column. Re-measuring a stored network ({@code measure}) keeps
 * every {@link #TRAINING} value bit for bit and recomputes the {@link #MEASURING} and
 * {@link #COMBINED} ones.
 */
public enum ColumnStage {
  /** The trained network: identity, training settings and outcome, weights, provenance. */
  TRAINING,
  /** How and when the body was measured, and every measurement. */
  MEASURING,
  /** Derived from both stages: the run's status and error. */
  COMBINED
}
