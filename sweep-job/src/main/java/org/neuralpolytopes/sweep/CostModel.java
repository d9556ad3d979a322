package org.neuralpolytopes.sweep;

import java.util.HashMap;
import java.util.Map;
import org.neuralpolytopes.geometry.SphereMesh;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * Expected seconds of one configuration, so that the sweep starts the most expensive first and a
 * grid with a few heavy configurations does not end with one busy core (longest-first list
 * scheduling finishes within 4/3 of the best possible order; Graham 1969).
 *
 * <ol>
 *   <li>Work, in multiply-adds: training is epochs x samples x (3 m + a L n), with m = d n +
 *       (L - 1) n^2 + n the multiply-adds of one point's forward pass (the backward pass and the
 *       gradient are about twice that) and a the relative cost of one activation (1 for |t|,
 *       powers and relu, 2 for half-integer p, 12 where the trainer calls Math.pow); the
 *       geometry adds directions x (m + 20 L n) for the log-space evaluation, and for the Morse
 *       counts (d <= 5) morse_points x (m + 20 L n) x 10 (d <= 3) or x 50 (d = 4, 5): the mesh
 *       and the refinement of its critical points.
 *   <li>Seconds = work x c(kind), one constant per kind of run (optimiser, activation kind,
 *       convergence stop on or off), since that is what the work formula cannot see: the real
 *       cost of an activation, and how early a kind of run tends to stop.
 *   <li>{@link #observe} refines c(kind) from finished runs (their train and geometry seconds)
 *       as waves come back: c(kind) = sum of seconds / sum of work over the finished runs of that
 *       kind; a kind not seen yet takes the ratio over all finished runs, and before any run has
 *       finished every kind takes {@link #PRIOR_SECONDS_PER_WORK}, which leaves the order of
 *       step 1.
 * </ol>
 *
 * Driver-side and single-threaded.
 */
final class CostModel {

  /** Prior seconds per multiply-add, about right for the trainer on one core of a laptop. */
  static final double PRIOR_SECONDS_PER_WORK = 1e-9;

  private final Map<String, double[]> observed = new HashMap<>();
  private double allSeconds;
  private double allWork;

  /** Multiply-adds of one job (step 1): training and geometry, or geometry alone. */
  static double work(RunJob j) {
    return j.trains() ? work(j.config()) : geometryWork(j.config());
  }

  /** Multiply-adds of one configuration trained and measured (step 1). */
  static double work(RunConfig c) {
    double n = c.units();
    double perPoint = c.d() * n + (c.layers() - 1) * n * n + n;
    TrainingSettings t = c.training();
    double train = (double) t.epochs() * t.samples() * (3 * perPoint + activationCost(c) * c.layers() * n);
    return train + geometryWork(c);
  }

  /** Multiply-adds of measuring one configuration's body. */
  static double geometryWork(RunConfig c) {
    double n = c.units();
    double perPoint = c.d() * n + (c.layers() - 1) * n * n + n;
    double perDirection = perPoint + 20 * c.layers() * n;
    double geometry = c.geometry().directions() * perDirection;
    if (c.d() <= SphereMesh.MAX_DIMENSION) {
      geometry += (c.d() <= 3 ? 10 : 50) * c.geometry().morsePoints() * perDirection;
    }
    return geometry;
  }

  /** Relative cost of one activation and its derivative in the trainer's batch loops. */
  static double activationCost(RunConfig c) {
    return c.architecture().activation().kernel().relativeCost();
  }

  static String activationKind(RunConfig c) {
    return c.architecture().activation().kernel().label();
  }

  /** What one constant c(kind) covers (step 2). */
  static String kind(RunConfig c) {
    TrainingSettings t = c.training();
    return t.optimizer() + "/" + activationKind(c) + (t.plateauStop() ? "/plateau" : "/full");
  }

  /** The kind of a job: a training kind, or measure/ACTIVATION for re-measuring. */
  static String kind(RunJob j) {
    return j.trains() ? kind(j.config()) : "measure/" + activationKind(j.config());
  }

  /** Expected seconds of a configuration trained and measured, with what has been observed so far. */
  double seconds(RunConfig c) {
    return work(c) * secondsPerWork(kind(c));
  }

  /** Expected seconds of a job, with what has been observed so far. */
  double seconds(RunJob j) {
    return work(j) * secondsPerWork(kind(j));
  }

  double secondsPerWork(String kind) {
    double[] k = observed.get(kind);
    if (k != null && k[1] > 0 && k[0] > 0) {
      return k[0] / k[1];
    }
    if (allWork > 0 && allSeconds > 0) {
      return allSeconds / allWork;
    }
    return PRIOR_SECONDS_PER_WORK;
  }

  /** Learns from a finished job and its seconds (step 3). */
  void observe(RunJob j, double seconds) {
    if (!(seconds > 0)) {
      return;
    }
    double w = work(j);
    double[] k = observed.computeIfAbsent(kind(j), x -> new double[2]);
    k[0] += seconds;
    k[1] += w;
    allSeconds += seconds;
    allWork += w;
  }

  /** The kinds observed so far with their seconds per multiply-add (for the manifest). */
  Map<String, Double> constants() {
    Map<String, Double> m = new java.util.TreeMap<>();
    for (Map.Entry<String, double[]> e : observed.entrySet()) {
      m.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
    }
    return m;
  }
}
