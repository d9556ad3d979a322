package org.neuralpolytopes.measure;

/** How measuring one body ended (the {@code measure_status} column). */
public enum MeasureStatus {
  /** Every measurement that applies to the body was taken. */
  OK,
  /** f vanishes (or nearly so) along some direction: only the shape statistics are taken. */
  UNBOUNDED,
  /**
   * The body is not star-shaped about the origin (a rational activation's level set crosses some ray
   * more than once, or f(0) >= 1): the shape statistics describe the first crossings; volume and
   * the measurements that need a star-shaped body are null.
   */
  NOT_STAR_SHAPED,
  /** The exact cell walk met more activation cells than geometry.max_cells: partial face counts. */
  GEOMETRY_LIMIT,
  /** The run's deadline cut a stage; that stage and the later ones are null (cut_stage says which). */
  TIMEOUT,
  /** A measurement threw; the error says which (the shape statistics are kept). */
  FAILED,
  /** Nothing to measure: training failed or diverged, so there is no usable network. */
  SKIPPED
}
