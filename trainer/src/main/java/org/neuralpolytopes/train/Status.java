package org.neuralpolytopes.train;

/** The outcome of one configuration (the {@code status} column). */
public enum Status {
  /** Trained and measured. */
  OK,
  /** The loss became NaN or infinite; no geometry. */
  DIVERGED,
  /** f vanishes (or nearly so) along some direction: the body is unbounded. */
  UNBOUNDED,
  /** The training time limit was reached; the geometry is that of the weights reached. */
  TIMEOUT,
  /**
   * The exact cell walk of a piecewise-linear network met more activation cells than the spec's
   * geometry.max_cells: the training and shape statistics are kept, the face counts are partial.
   */
  GEOMETRY_LIMIT,
  /** An error in the trainer or the geometry; the error column says which. */
  FAILED
}
