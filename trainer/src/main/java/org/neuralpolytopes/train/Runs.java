package org.neuralpolytopes.train;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.measure.Measurement;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * One run: {@link #run(RunConfig)} trains one configuration on the calling thread, then measures
 * its body through the one measurement stage ({@link BodyMeasurement}), both under one deadline
 * (training.timeout_seconds from the run's start). It never throws for a bad run: an exception in
 * training becomes a FAILED result with the error text, one in measuring a FAILED status with the
 * training kept (only a cancellation propagates, so that a killed Spark task does not write a
 * row).
 *
 * <p>Random streams: the run's seed makes one {@link SplittableRandom}, split in a fixed order
 * into the training points, the initial weights and the epoch shuffles (and, with Cooling, its
 * held-out points).
 */
public final class Runs {

  private static final String HOST = BuildInfo.host();

  /**
   * The loss of the zero function, mean (0 - 1)^2. Every run starts at most here (the initial
   * output scale is loss-optimal, {@link Initializer}); one that ends at or above it has not
   * fitted the sphere at all (NO_FIT), one that ends above both this and its own initial loss has
   * diverged even though its loss stayed finite.
   */
  public static final double TRIVIAL_LOSS = 1;

  /**
   * A final loss within this of {@link #TRIVIAL_LOSS} is NO_FIT: the output is numerically zero on
   * the sphere (loss = 1 - 2 E[f] + E[f^2], so the mean output is below about 5e-10). Deep nets at
   * a large p end so when the last layer's |t|^p underflows (an atlas's (3, 2, 6, 40) seeds ended
   * at 1.0, 1.0 and 0.9999999999999987: two NO_FIT, one OK, and the OK one drawn as the grid
   * point's body). No fit that is optimal is this close: the best one-layer l_p frame has a loss
   * of about 1 - 2/p^L, above 1 - 1e-9 up to p = 1024 at L = 2.
   */
  public static final double NO_FIT_MARGIN = 1e-9;

  /**
   * A run whose final fit, 1 - final loss (the part of the trivial loss it removes), is below this
   * fraction of the best fit it had (before training or at its lowest epoch loss) is NO_FIT too:
   * the output collapsed towards zero. Deep nets at a large p do so after a blow-up: an atlas's
   * (3, 2, 8, 11.3) seeds reached epoch losses of 0.965-0.970 from 0.98 and ended at
   * 0.99999976, 0.99999995 and 0.996 (two NO_FIT, one OK under this rule), and 56 of its OK
   * rows at p >= 11 and L = 2 had ended above 0.99 so, drawn as bodies. Adam's noise, or a schedule,
   * moves a fit by far less than a factor of 100.
   */
  public static final double COLLAPSE_FRACTION = 0.01;

  private Runs() {}

  /** Runs a configuration outside any sweep (spec name {@code train}). */
  public static RunResult run(RunConfig config) {
    return run(config, "train");
  }

  /** Runs a configuration of the sweep spec {@code specName}: trains it, then measures it. */
  public static RunResult run(RunConfig config, String specName) {
    return run(config, specName, BodyMeasurement::of);
  }

  /** How a trained network is measured: {@link BodyMeasurement#of} (the tests put a failing one in its place). */
  @FunctionalInterface
  interface Measurer {
    Measurement measure(Network net, org.neuralpolytopes.geometry.GeometrySettings settings, Deadline deadline);
  }

  static RunResult run(RunConfig config, String specName, Measurer measurer) {
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    Deadline deadline = Deadline.at(t0 + (long) Math.min(config.training().timeoutSeconds() * 1e9, Long.MAX_VALUE / 4.0));
    String runId = config.runId();
    TrainingSettings ts = config.training();
    TrainingOutcome outcome;
    double[] w;
    try {
      Start start = start(config);
      w = start.weights();
      outcome = Optimizers.create(ts).minimise(start.problem(), w, deadline.nanoTime());
    } catch (CancellationException e) {
      throw e;
    } catch (Exception | StackOverflowError | OutOfMemoryError | AssertionError e) {
      double elapsed = (System.nanoTime() - t0) / 1e9;
      String error = "training: " + BodyMeasurement.describe(e);
      return new RunResult(config, runId, specName, Status.FAILED, error, Status.FAILED, error, null, null, elapsed,
          HOST, BuildInfo.codeVersion(), startedAt, null);
    }
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    Status.WithError train = trainStatus(outcome, ts);
    if (train.status() == Status.DIVERGED && config.architecture().coefficientCount() > 0) {
      train = new Status.WithError(Status.DIVERGED, train.error() + "; " + coefficientState(config, w));
    }
    Measurement m;
    try {
      m = train.status() == Status.DIVERGED
          ? null
          : measurer.measure(new Network(config.architecture(), w), config.geometry(), deadline);
    } catch (CancellationException e) {
      throw e;
    } catch (Exception | StackOverflowError | OutOfMemoryError | AssertionError e) {
      // a row with the training kept and status FAILED, never the end of the sweep (an era run
      // with unbounded_radius <= 1 threw from LevelSetRay and stopped every sweep that held it)
      m = Measurement.failed(config.geometry(), e);
    }
    Status.WithError combined = Status.combine(train.status(), train.error(), m == null ? null : m.status(),
        m == null ? null : m.error());
    return new RunResult(config, runId, specName, combined.status(), combined.error(), train.status(), train.error(),
        outcome, w, trainSeconds, HOST, BuildInfo.codeVersion(), startedAt, m);
  }

  /**
   * How training ended: DIVERGED (NaN or infinite, or above both its start and the trivial loss),
   * TIMEOUT (the deadline stopped it), NO_FIT (it ended at the trivial loss, within
   * {@link #NO_FIT_MARGIN}, or above, or kept less than {@link #COLLAPSE_FRACTION} of its best fit)
   * or OK.
   */
  static Status.WithError trainStatus(TrainingOutcome outcome, TrainingSettings ts) {
    if (outcome.stopReason() == StopReason.DIVERGED) {
      return new Status.WithError(Status.DIVERGED, "loss became NaN or infinite after " + outcome.steps() + " steps");
    }
    if (outcome.finalLoss() > Math.max(TRIVIAL_LOSS, outcome.initialLoss())) {
      return new Status.WithError(Status.DIVERGED,
          String.format("loss grew from %.3g to %.3g", outcome.initialLoss(), outcome.finalLoss()));
    }
    if (outcome.stopReason() == StopReason.TIMEOUT) {
      return new Status.WithError(Status.TIMEOUT, "training stopped at the " + ts.timeoutSeconds() + " s limit after "
          + outcome.epochsRun() + " of " + ts.epochs() + " epochs");
    }
    if (!(outcome.finalLoss() < TRIVIAL_LOSS - NO_FIT_MARGIN)) {
      return new Status.WithError(Status.NO_FIT, String.format(
          "final loss %s is not below 1 - 1e-9 (1 is the loss of f = 0: the output is numerically zero; initial"
              + " loss %.3g)", outcome.finalLoss(), outcome.initialLoss()));
    }
    String collapse = collapse(outcome);
    if (collapse != null) {
      return new Status.WithError(Status.NO_FIT, collapse);
    }
    return new Status.WithError(Status.OK, null);
  }

  /**
   * Why the run's final fit is below {@link #COLLAPSE_FRACTION} of its best (the lower of the
   * initial loss and the lowest epoch loss), or null when it is not.
   */
  static String collapse(TrainingOutcome outcome) {
    boolean epochBest = outcome.bestLoss() < outcome.initialLoss();
    double best = epochBest ? outcome.bestLoss() : outcome.initialLoss();
    double bestFit = TRIVIAL_LOSS - best;
    double finalFit = TRIVIAL_LOSS - outcome.finalLoss();
    if (!(bestFit > 0) || !(finalFit < COLLAPSE_FRACTION * bestFit)) {
      return null;
    }
    String where = epochBest ? String.format(java.util.Locale.ROOT, "its lowest epoch loss, %.4g at epoch %d",
        best, outcome.bestEpoch()) : String.format(java.util.Locale.ROOT, "its initial loss, %.4g", best);
    return String.format(java.util.Locale.ROOT,
        "final loss %s keeps %.2g%% of the fit the run had (1 - loss; %s): the output collapsed towards zero"
            + " (1 is the loss of f = 0)", outcome.finalLoss(), 100 * finalFit / bestFit, where);
  }

  /** How the rational activation's coefficients ended, for a diverged run's error. */
  private static String coefficientState(RunConfig config, double[] w) {
    int from = config.architecture().weightCount();
    double largest = 0;
    for (int i = from; i < w.length; i++) {
      if (!Double.isFinite(w[i])) {
        return config.activation() + ": the activation coefficients became NaN or infinite";
      }
      largest = Math.max(largest, Math.abs(w[i]));
    }
    return String.format(java.util.Locale.ROOT, "%s: largest |activation coefficient| %.3g", config.activation(),
        largest);
  }

  /** A configuration ready to train: its training problem and initial weights. */
  public record Start(TrainingProblem problem, double[] weights) {}

  /**
   * The training problem and initial parameters of a configuration. The run's seed makes one
   * {@link SplittableRandom}, split in a fixed order into the training points, the initial weights
   * and the epoch shuffles, then (with Cooling) the held-out points; anything that trains a
   * configuration outside {@link #run} (the benchmarks' studies) starts here, so that it sees the
   * same run. A learnable activation's coefficients follow the weights ({@link EraInitializer}),
   * its mini-batch gradients are clipped to its settings' norm.
   */
  public static Start start(RunConfig config) {
    Architecture arch = config.architecture();
    TrainingSettings ts = config.training();
    SplittableRandom root = new SplittableRandom(config.seed());
    SplittableRandom dataRng = root.split();
    SplittableRandom initRng = root.split();
    SplittableRandom shuffleRng = root.split();
    TrainingPoints source = TrainingPoints.of(ts, config.d(), dataRng);
    double[] points = source.next();
    double[] w = config.era() != null
        ? EraInitializer.parameters(arch, config.era(), config.p(), initRng, points)
        : Initializer.initialWeights(arch, initRng, points);
    TrainingProblem problem = new TrainingProblem(arch, points, ts.batchSize(), shuffleRng,
        TrainingPoints.EPOCH.equals(ts.resample()) ? source : null);
    if (config.era() != null) {
      problem.clipGradients(config.era().clipNorm());
    }
    if (ts.cooling() != null) {
      double[] holdout = SphereSampler.sample(root.split(), ts.cooling().holdout(), config.d());
      problem.setCooling(new Cooling(arch, ts.cooling(), holdout));
    }
    return new Start(problem, w);
  }
}
