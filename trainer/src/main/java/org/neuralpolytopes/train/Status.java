package org.neuralpolytopes.train;

/**
 * The outcome of one run (the {@code status} column), combined from how training ended
 * ({@code train_status}) and how measuring ended ({@code measure_status}) by {@link #combine}.
 */
public enum Status {
  /** Trained and measured, and the fit beats f = 0. */
  OK,
  /** The loss became NaN or infinite, or grew above both its start and 1; no geometry. */
  DIVERGED,
  /** f vanishes (or nearly so) along some direction: the body is unbounded. */
  UNBOUNDED,
  /**
   * The body is not star-shaped about the origin (possible for the rational activations only):
   * the shape statistics are of the first crossings of each ray, and the measurements that need a
   * star-shaped body (volume, Morse counts, symmetry, name, volume product) are null; the error
   * says why.
   */
  NOT_STAR_SHAPED,
  /**
   * The run's deadline (training.timeout_seconds, one for training and measuring together) was
   * reached: in training (the geometry is that of the weights reached, as far as the rest of the
   * time allowed), or in measuring (cut_stage names the first stage skipped; its columns are null).
   */
  TIMEOUT,
  /**
   * The exact cell walk of a piecewise-linear network met more activation cells than the spec's
   * geometry.max_cells: the training and shape statistics are kept, the face counts are partial.
   */
  GEOMETRY_LIMIT,
  /**
   * Training ended with a loss not below 1 - 1e-9 (1 is the trivial loss, that of f = 0: the output
   * is numerically zero on the sphere; {@code Runs.NO_FIT_MARGIN}), or with less than a hundredth
   * of the best fit (1 - loss) it had ({@code Runs.COLLAPSE_FRACTION}: the output collapsed towards
   * zero): the body is measured, but it is not a fit of the sphere, and the paper-claims table does
   * not count it.
   */
  NO_FIT,
  /** An error in the trainer or the geometry; the error column says which. */
  FAILED;

  /** A status and the text of the error column. */
  public record WithError(Status status, String error) {}

  /**
   * The run's status from how training ended and how measuring ended, most severe first:
   * training FAILED, DIVERGED, measuring FAILED, training TIMEOUT, UNBOUNDED, NOT_STAR_SHAPED, NO_FIT,
   * measuring TIMEOUT, GEOMETRY_LIMIT, OK. The error joins both stages' messages.
   *
   * @param train OK, TIMEOUT, DIVERGED, NO_FIT or FAILED
   * @param measure null or SKIPPED when nothing was measured
   */
  public static WithError combine(Status train, String trainError, org.neuralpolytopes.measure.MeasureStatus measure,
      String measureError) {
    String error = join(trainError, measure == org.neuralpolytopes.measure.MeasureStatus.SKIPPED ? null : measureError);
    if (train == FAILED || train == DIVERGED) {
      return new WithError(train, trainError);
    }
    if (measure == null) {
      return new WithError(train, error);
    }
    Status s;
    switch (measure) {
      case FAILED -> s = FAILED;
      case UNBOUNDED -> s = train == TIMEOUT ? TIMEOUT : UNBOUNDED;
      case NOT_STAR_SHAPED -> s = train == TIMEOUT ? TIMEOUT : NOT_STAR_SHAPED;
      case TIMEOUT -> s = train == NO_FIT ? NO_FIT : TIMEOUT;
      case GEOMETRY_LIMIT -> s = train == OK ? GEOMETRY_LIMIT : train;
      default -> s = train;
    }
    return new WithError(s, error);
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + "; " + b;
  }
}
