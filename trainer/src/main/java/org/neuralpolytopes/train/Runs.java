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
 * into the training points, the initial weights and the epoch shuffles.
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

  private Runs() {}

  /** Runs a configuration outside any sweep (spec name {@code train}). */
  public static RunResult run(RunConfig config) {
    return run(config, "train");
  }

  /** Runs a configuration of the sweep spec {@code specName}: trains it, then measures it. */
  public static RunResult run(RunConfig config, String specName) {
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
    Measurement m = train.status() == Status.DIVERGED
        ? null
        : BodyMeasurement.of(new Network(config.architecture(), w), config.geometry(), deadline);
    Status.WithError combined = Status.combine(train.status(), train.error(), m == null ? null : m.status(),
        m == null ? null : m.error());
    return new RunResult(config, runId, specName, combined.status(), combined.error(), train.status(), train.error(),
        outcome, w, trainSeconds, HOST, BuildInfo.codeVersion(), startedAt, m);
  }

  /**
   * How training ended: DIVERGED (NaN or infinite, or above both its start and the trivial loss),
   * TIMEOUT (the deadline stopped it), NO_FIT (it ended at or above the trivial loss) or OK.
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
    if (!(outcome.finalLoss() < TRIVIAL_LOSS)) {
      return new Status.WithError(Status.NO_FIT, String.format(
          "final loss %.3g is not below the trivial loss %d of f = 0 (initial loss %.3g)", outcome.finalLoss(),
          (int) TRIVIAL_LOSS, outcome.initialLoss()));
    }
    return new Status.WithError(Status.OK, null);
  }

  /** A configuration ready to train: its training problem and initial weights. */
  public record Start(TrainingProblem problem, double[] weights) {}

  /**
   * The training problem and initial weights of a configuration. The run's seed makes one
   * {@link SplittableRandom}, split in a fixed order into the training points, the initial weights
   * and the epoch shuffles; anything that trains a configuration outside {@link #run} (the
   * benchmarks' studies) starts here, so that it sees the same run.
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
    double[] w = Initializer.initialWeights(arch, initRng, points);
    return new Start(new TrainingProblem(arch, points, ts.batchSize(), shuffleRng,
        TrainingPoints.EPOCH.equals(ts.resample()) ? source : null), w);
  }
}
