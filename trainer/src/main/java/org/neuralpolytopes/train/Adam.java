package org.neuralpolytopes.train;

/**
 * Adam (Kingma and Ba 2015) on mini-batches, in the bias-corrected form PyTorch uses:
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * One step per batch; the batches are reshuffled every epoch (with fresh points when the settings
 * resample), the step size follows the settings' learning-rate schedule. Stops after the configured epochs,
 * or earlier at a plateau of the epoch loss ({@link PlateauStop}) when the settings turn that on.
 * With the problem's {@link Cooling}, a cooling step follows every {@code cooling.every}-th epoch,
 * and its final output scale is folded into the weights when training ends; the outcome carries its
 * steps and temperatures (also when a timeout or divergence ends training early: the steps taken).
 */
public final class Adam implements Optimizer {

  public static final String NAME = "adam";

  private final TrainingSettings settings;

  public Adam(TrainingSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrainingOutcome minimise(TrainingProblem problem, double[] w, long deadlineNanos) {
    double[] grad = new double[w.length];
    Moments adam = new Moments(w.length, settings);
    PlateauStop plateau = PlateauStop.of(settings);
    LossCurve curve = new LossCurve();
    double initialLoss = problem.fullLoss(w);
    int batches = problem.batchCount();
    int samples = problem.sampleCount();
    Cooling cooling = problem.cooling();
    StopReason reason = StopReason.MAX_EPOCHS;
    int epoch = 0;
    epochs:
    while (epoch < settings.epochs()) {
      problem.startEpoch(epoch);
      adam.scale(LearningRateSchedule.factor(settings.lrSchedule(), epoch, settings.epochs()));
      double sum = 0;
      for (int b = 0; b < batches; b++) {
        double loss = problem.batchLossAndGradient(b, w, grad);
        if (!Double.isFinite(loss)) {
          reason = StopReason.DIVERGED;
          break epochs;
        }
        sum += loss * problem.batchLength(b);
        adam.update(w, grad);
      }
      epoch++;
      double epochLoss = sum / samples;
      curve.record(epoch, epochLoss);
      if (plateau.plateaued(epochLoss)) {
        reason = StopReason.PLATEAU;
        break;
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        reason = StopReason.TIMEOUT;
        break;
      }
      if (cooling != null && cooling.due(epoch, settings.epochs())) {
        cooling.step(problem, w);
      }
    }
    if (cooling != null && reason != StopReason.DIVERGED) {
      cooling.finish(problem, w);
    }
    double finalLoss = reason == StopReason.DIVERGED ? Double.NaN : problem.fullLoss(w);
    if (reason != StopReason.DIVERGED && !(Double.isFinite(finalLoss) && allFinite(w))) {
      reason = StopReason.DIVERGED;
    }
    return new TrainingOutcome(reason, initialLoss, finalLoss, epoch, adam.steps(), curve.epochs(), curve.losses(),
        curve.bestLoss(), curve.bestEpoch(), cooling == null ? 0 : cooling.steps(),
        cooling == null ? null : cooling.temperatures());
  }

  /**
   * Adam's state for one run: the moment estimates and the bias-correction powers. One
   * {@link #update} per mini-batch; allocation-free.
   */
  public static final class Moments {

    private final double[] m;
    private final double[] v;
    private final double baseLr;
    private double lr;
    private final double b1;
    private final double b2;
    private final double eps;
    private double b1t = 1;
    private double b2t = 1;
    private long steps;

    public Moments(int weights, TrainingSettings settings) {
      m = new double[weights];
      v = new double[weights];
      baseLr = settings.learningRate();
      lr = baseLr;
      b1 = settings.beta1();
      b2 = settings.beta2();
      eps = settings.epsilon();
    }

    /** Sets the step size to {@code factor} times the configured learning rate (a schedule). */
    public void scale(double factor) {
      lr = factor == 1 ? baseLr : baseLr * factor;
    }

    /** One Adam step: w -= lr m_hat / (sqrt(v_hat) + eps) for the gradient {@code grad}. */
    public void update(double[] w, double[] grad) {
      steps++;
      b1t *= b1;
      b2t *= b2;
      double c1 = 1 / (1 - b1t);
      double c2 = 1 / (1 - b2t);
      double a1 = 1 - b1;
      double a2 = 1 - b2;
      int n = w.length;
      for (int i = 0; i < n; i++) {
        double gi = grad[i];
        double mi = b1 * m[i] + a1 * gi;
        double vi = b2 * v[i] + a2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] -= lr * (mi * c1) / (Math.sqrt(vi * c2) + eps);
      }
    }

    /** Updates so far. */
    public long steps() {
      return steps;
    }
  }

  static boolean allFinite(double[] w) {
    for (double x : w) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }
}
