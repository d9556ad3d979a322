package org.neuralpolytopes.train;

/**
 * Adam (Kingma and Ba 2015) on mini-batches, in the bias-corrected form PyTorch uses:
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * One step per batch; the batches are reshuffled every epoch.
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
    int n = w.length;
    double[] grad = new double[n];
    double[] m = new double[n];
    double[] v = new double[n];
    double lr = settings.learningRate();
    double b1 = settings.beta1();
    double b2 = settings.beta2();
    double eps = settings.epsilon();
    double b1t = 1;
    double b2t = 1;
    long steps = 0;
    LossCurve curve = new LossCurve();
    double initialLoss = problem.fullLoss(w);
    int batches = problem.batchCount();
    int samples = problem.sampleCount();
    StopReason reason = StopReason.MAX_EPOCHS;
    int epoch = 0;
    epochs:
    while (epoch < settings.epochs()) {
      problem.shuffle();
      double sum = 0;
      for (int b = 0; b < batches; b++) {
        double loss = problem.batchLossAndGradient(b, w, grad);
        if (!Double.isFinite(loss)) {
          reason = StopReason.DIVERGED;
          break epochs;
        }
        sum += loss * problem.batchLength(b);
        steps++;
        b1t *= b1;
        b2t *= b2;
        double c1 = 1 / (1 - b1t);
        double c2 = 1 / (1 - b2t);
        for (int i = 0; i < n; i++) {
          double gi = grad[i];
          double mi = b1 * m[i] + (1 - b1) * gi;
          double vi = b2 * v[i] + (1 - b2) * gi * gi;
          m[i] = mi;
          v[i] = vi;
          w[i] -= lr * (mi * c1) / (Math.sqrt(vi * c2) + eps);
        }
      }
      epoch++;
      curve.record(epoch, sum / samples);
      if (System.nanoTime() - deadlineNanos > 0) {
        reason = StopReason.TIMEOUT;
        break;
      }
    }
    double finalLoss = reason == StopReason.DIVERGED ? Double.NaN : problem.fullLoss(w);
    if (reason != StopReason.DIVERGED && !(Double.isFinite(finalLoss) && allFinite(w))) {
      reason = StopReason.DIVERGED;
    }
    return new TrainingOutcome(reason, initialLoss, finalLoss, epoch, steps, curve.epochs(), curve.losses());
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
