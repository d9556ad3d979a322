package org.neuralpolytopes.train;

import java.net.InetAddress;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.SphereMesh;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.CanonicalForm;
import org.neuralpolytopes.net.Network;

/**
 * The one entry point of the trainer: {@link #run(RunConfig)} trains one configuration on the
 * calling thread and measures its body: shape statistics and the canonical form of the weights for
 * every run, the Morse counts of the radial function, the symmetry of its maxima and the body's
 * catalogue name for bounded bodies of d <= 5, then, for piecewise-linear activations (p = 1,
 * relu), the exact faces ({@link PolytopeFaces}); geometry_seconds covers all of them. An error in the exact faces gives FAILED with the training and shape statistics kept. It never throws for a bad run: an exception in training
 * or geometry becomes a FAILED result with the error text (only a cancellation propagates, so
 * that a killed Spark task does not write a row).
 *
 * <p>Random streams: the run's seed makes one {@link SplittableRandom}, split in a fixed order
 * into the training points, the initial weights and the epoch shuffles.
 */
public final class Runs {

  private static final String HOST = hostName();

  /**
   * The loss of the zero function, mean (0 - 1)^2. A run that ends above both this and its own
   * initial loss has diverged even though its loss stayed finite: training made the fit worse
   * than where it started and worse than predicting nothing (a huge learning rate, or Adam's
   * absolute steps against the 1e-12 weights that p = 0.05 needs, do this).
   */
  public static final double TRIVIAL_LOSS = 1;

  private Runs() {}

  /** Runs a configuration outside any sweep (spec name {@code train}). */
  public static RunResult run(RunConfig config) {
    return run(config, "train");
  }

  /** Runs a configuration of the sweep spec {@code specName}. */
  public static RunResult run(RunConfig config, String specName) {
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    String runId = config.runId();
    double trainSeconds = 0;
    try {
      Architecture arch = config.architecture();
      TrainingSettings ts = config.training();
      Start start = start(config);
      double[] w = start.weights();
      TrainingProblem problem = start.problem();
      long deadline = t0 + (long) Math.min(ts.timeoutSeconds() * 1e9, Long.MAX_VALUE / 4);
      TrainingOutcome outcome = Optimizers.create(ts).minimise(problem, w, deadline);
      long t1 = System.nanoTime();
      trainSeconds = (t1 - t0) / 1e9;
      String diverged = null;
      if (outcome.stopReason() == StopReason.DIVERGED) {
        diverged = "loss became NaN or infinite after " + outcome.steps() + " steps";
      } else if (outcome.finalLoss() > Math.max(TRIVIAL_LOSS, outcome.initialLoss())) {
        diverged = String.format("loss grew from %.3g to %.3g", outcome.initialLoss(), outcome.finalLoss());
      }
      if (diverged != null) {
        return new RunResult(config, runId, specName, Status.DIVERGED, diverged, outcome, w, null, null,
            null, null, null, null, null, trainSeconds, 0, HOST, BuildInfo.codeVersion(), startedAt);
      }
      Network net = new Network(arch, w);
      GeometrySettings gs = config.geometry();
      Tolerances tol = gs.tolerances();
      RadialFunction radial = new RadialFunction(net);
      ShapeStatistics shape = ShapeStatistics.measure(radial, DirectionSet.of(config.d(), gs.directions()), tol);
      CanonicalForm parameters = CanonicalForm.of(arch, w, tol.unit());
      PolytopeFaces faces = null;
      String facesError = null;
      if (arch.activation().isPiecewiseLinear()) {
        try {
          // The walk gets the configuration's time limit again (training may have used it up).
          faces = PolytopeFaces.measure(net, gs, System.nanoTime() + (long) Math.min(ts.timeoutSeconds() * 1e9, Long.MAX_VALUE / 4));
        } catch (CancellationException e) {
          throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
          facesError = "exact faces: " + describe(e);
        }
      }
      boolean exact = faces != null && faces.outcome() == PolytopeFaces.Outcome.COMPLETE;
      MorseCounts morse = null;
      VertexSymmetry symmetry = null;
      String name = null;
      MahlerProduct mahler = null;
      if (!shape.unbounded() && !(faces != null && faces.outcome() == PolytopeFaces.Outcome.UNBOUNDED)) {
        if (config.d() <= SphereMesh.MAX_DIMENSION) {
          morse = MorseCounts.measure(radial, SphereMesh.of(config.d(), gs.morsePoints()), tol, shape);
        }
        // The vertex set (docs/metrics.md): the exact vertices (with their edges) of a complete face
        // complex, the Morse maxima otherwise.
        if (exact) {
          symmetry = VertexSymmetry.measure(vertexCoordinates(faces), edges(faces), tol);
        } else if (morse != null && !morse.sphere() && morse.maxima().length > 0) {
          symmetry = VertexSymmetry.measure(morse.vertices(), tol);
        }
        name = PolytopeCatalogue.name(morse, exact ? faces.fVector() : null, symmetry,
            arch.activation().isPiecewiseLinear(), config.p());
        mahler = mahler(faces, exact, radial, config.d(), gs);
      }
      double geometrySeconds = (System.nanoTime() - t1) / 1e9;
      Status status;
      String error = null;
      if (facesError != null) {
        status = Status.FAILED;
        error = facesError;
      } else if (outcome.stopReason() == StopReason.TIMEOUT) {
        status = Status.TIMEOUT;
        error = "training stopped at the " + ts.timeoutSeconds() + " s limit after "
            + outcome.epochsRun() + " of " + ts.epochs() + " epochs";
      } else if (shape.unbounded()) {
        status = Status.UNBOUNDED;
        error = "radius exceeds " + gs.tolerances().unboundedRadius()
            + " in some direction (f vanishes there)";
      } else if (faces != null && faces.outcome() == PolytopeFaces.Outcome.UNBOUNDED) {
        status = Status.UNBOUNDED;
        error = "the exact cell walk found an activation cell on which f vanishes in some direction"
            + " (radius above " + gs.tolerances().unboundedRadius() + ")";
      } else if (faces != null && faces.outcome() == PolytopeFaces.Outcome.GEOMETRY_LIMIT) {
        status = Status.GEOMETRY_LIMIT;
        error = (System.nanoTime() - t1) / 1e9 >= ts.timeoutSeconds()
            ? "the exact cell walk reached the " + ts.timeoutSeconds() + " s limit after "
                + faces.activationCells() + " cells: the exact face counts are partial"
            : "more than geometry.max_cells = " + gs.maxCells()
                + " activation cells (or rays of one cell): the exact face counts are partial";
      } else {
        status = Status.OK;
      }
      return new RunResult(config, runId, specName, status, error, outcome, w, shape, faces, morse, symmetry,
          name, parameters, mahler, trainSeconds,
          geometrySeconds, HOST, BuildInfo.codeVersion(), startedAt);
    } catch (CancellationException e) {
      throw e;
    } catch (Exception | StackOverflowError | OutOfMemoryError | AssertionError e) {
      double elapsed = (System.nanoTime() - t0) / 1e9;
      return new RunResult(config, runId, specName, Status.FAILED, describe(e), null, null, null, null,
          null, null, null, null, null, trainSeconds > 0 ? trainSeconds : elapsed, 0, HOST, BuildInfo.codeVersion(),
          startedAt);
    }
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
    double[] points = SphereSampler.sample(dataRng, ts.samples(), config.d());
    double[] w = Initializer.initialWeights(arch, initRng, points);
    return new Start(new TrainingProblem(arch, points, ts.batchSize(), shuffleRng), w);
  }

  /** Directions of the Mahler product's quadrature, at most (its cost grows with them). */
  public static final int MAX_MAHLER_DIRECTIONS = 8000;

  /**
   * The volume product by the best path the body allows ({@link MahlerProduct}): exact for a
   * complete convex face complex, exact vertices for a non-convex one, quadrature otherwise.
   */
  static MahlerProduct mahler(PolytopeFaces faces, boolean exact, RadialFunction radial, int d, GeometrySettings gs) {
    int n = Math.min(gs.directions(), MAX_MAHLER_DIRECTIONS);
    if (exact && Boolean.TRUE.equals(faces.convex())) {
      return MahlerProduct.exact(faces);
    }
    if (exact && faces.volume() != null) {
      return MahlerProduct.fromVertices(faces.volume(), vertexCoordinates(faces), d, n);
    }
    return MahlerProduct.byQuadrature(radial, d, n);
  }

  static double[][] vertexCoordinates(PolytopeFaces faces) {
    double[][] x = new double[faces.vertices().size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = faces.vertices().get(i).x();
    }
    return x;
  }

  /** The complex's edges as vertex index pairs, null when they are not determined. */
  static int[][] edges(PolytopeFaces faces) {
    if (faces.edges().isEmpty()) {
      return null;
    }
    int[][] e = new int[faces.edges().size()][];
    for (int i = 0; i < e.length; i++) {
      e[i] = new int[] {faces.edges().get(i).from(), faces.edges().get(i).to()};
    }
    return e;
  }

  /** One line: the exception, its message and where it was thrown. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage().replace('\n', ' '));
    }
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length > 0) {
      sb.append(" (at ").append(trace[0]).append(')');
    }
    return sb.toString();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env != null ? env : "unknown";
    }
  }
}
