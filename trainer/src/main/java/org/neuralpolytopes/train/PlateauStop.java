package org.neuralpolytopes.train;

/**
 * The convergence stop: training ends when the best epoch loss has improved by less than a
 * relative {@code tolerance} over the last {@code window} epochs,
 * best(e - window) - best(e) <= tolerance * best(e - window), where best(e) is the smallest
 * epoch loss up to epoch e.
 *
 * <p>The running minimum makes the rule insensitive to the epoch-to-epoch noise of mini-batch
 * training (an epoch loss is the mean of its batches' losses while the weights move), and the
 * relative form makes one tolerance fit bodies whose loss floors differ by orders of magnitude
 * (a polytope's fit of the sphere leaves a loss of about 1e-3, a sphere's of 1e-12). A window of
 * 0 turns the rule off. Allocates its ring of window + 1 values once, in the constructor.
 */
public final class PlateauStop {

  private final int window;
  private final double tolerance;
  private final double[] best;
  private long epochs;
  private double bestSoFar = Double.POSITIVE_INFINITY;

  public PlateauStop(int window, double tolerance) {
    if (window < 0) {
      throw new IllegalArgumentException("plateau window must be >= 0, got " + window);
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("plateau tolerance must be a finite number >= 0, got " + tolerance);
    }
    this.window = window;
    this.tolerance = tolerance;
    this.best = new double[window + 1];
  }

  /** The rule of a run's settings. */
  public static PlateauStop of(TrainingSettings s) {
    return new PlateauStop(s.plateauWindow(), s.plateauTolerance());
  }

  public boolean enabled() {
    return window > 0;
  }

  /**
   * Records the loss of the epoch just finished and says whether training has plateaued. A NaN
   * loss never counts as progress.
   */
  public boolean plateaued(double epochLoss) {
    if (epochLoss < bestSoFar) {
      bestSoFar = epochLoss;
    }
    if (window == 0) {
      return false;
    }
    best[(int) (epochs % (window + 1))] = bestSoFar;
    epochs++;
    if (epochs <= window) {
      return false;
    }
    double before = best[(int) (epochs % (window + 1))];
    return before - bestSoFar <= tolerance * before;
  }
}
