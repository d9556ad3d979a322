package org.neuralpolytopes.geometry;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * An estimate of the number of activation cells of a piecewise-linear network on S^{d-1}, from
 * a sample of random directions, made before the exact walk ({@link LinearCells}) so that a
 * network with far more cells than the walk may visit is recognised in a fraction of a second.
 *
 * <ol>
 *   <li>Draw {@code samples} independent uniform directions (normalised Gaussians, fixed seed) and
 *       record each one's activation pattern: the sign of every unit's pre-activation, 0 where it
 *       cancels to at most {@link Tolerances#incidence()} times the sum of its terms' magnitudes
 *       (the walk's "identically zero" state). Each pattern is one cell, drawn with probability
 *       its solid angle.
 *   <li>Count the distinct patterns S_obs, those seen once (f_1) and twice (f_2).
 *   <li>Estimate the number of cells by Chao1, the bias-corrected form S_obs + f_1 (f_1 - 1) /
 *       (2 (f_2 + 1)) (Chao 1984, "Nonparametric estimation of the number of classes in a
 *       population", Scandinavian Journal of Statistics 11, 265-270; bias correction: Chao 2005,
 *       "Species estimation and applications", Encyclopedia of Statistical Sciences), with the
 *       variance of Chao 1987 ("Estimating the population size for capture-recapture data with
 *       unequal catchability", Biometrics 43, 783-791) and its log-normal 95% interval, whose
 *       lower end is at least S_obs.
 * </ol>
 *
 * Chao1 is a lower bound in expectation: cells of very unequal solid angle (as these are) make
 * it underestimate, never overestimate (on the networks of the tests it lay up to 50% below the
 * walk's count; from a sample of 100 000 directions a (5, 3, 16) network's estimate is 60 000
 * while two million directions already show 115 000 distinct cells), so an interval whose lower
 * end exceeds a cap says clearly that the network has more cells than the cap, and nothing
 * smaller is decided from it. When every cell seen was seen twice (f_1 = 0) the estimate is S_obs,
 * which still misses cells too small to be hit.
 *
 * @param samples directions drawn
 * @param observed distinct patterns among them, S_obs
 * @param singletons patterns seen once, f_1
 * @param doubletons patterns seen twice, f_2
 * @param estimate the Chao1 estimate of the number of cells
 * @param lower lower end of its 95% interval
 * @param upper upper end of its 95% interval
 */
public record CellEstimate(int samples, int observed, int singletons, int doubletons, double estimate,
    double lower, double upper) implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** The seed of the sample's directions: the estimate of a network is reproducible. */
  private static final long SEED = 0x5eed_ce11L;
  /** The normal quantile of the two-sided 95% interval. */
  private static final double Z95 = 1.959964;

  /**
   * The sample size for a cell cap: half the cap, between 20 000 and 500 000 directions (a
   * second at most for a (5, 3, 16) network), enough that a network with several times the cap
   * is recognised (most of its patterns are then seen once).
   */
  public static int samplesFor(int maxCells) {
    return (int) Math.max(20_000, Math.min(500_000, maxCells / 2L));
  }

  /**
   * Estimates the number of cells of {@code net} (a piecewise-linear activation) from
   * {@code samples} random directions; {@code deadline} is checked every 4096 directions under
   * the stage name {@code stage}.
   */
  public static CellEstimate of(Network net, Tolerances tol, int samples, Deadline deadline, String stage) {
    return of(net, tol, samples, Integer.MAX_VALUE, deadline, stage);
  }

  /**
   * As {@link #of(Network, Tolerances, int, Deadline, String)}, sequentially: the sample grows by
   * doubling from {@link #FIRST_SAMPLES} to at most {@code maxSamples}, and stops as soon as the
   * question the caller asks, whether the network has clearly more cells than {@code cap}, is
   * settled: yes when the interval lies above the cap; no when every cell seen was seen twice
   * (f_1 = 0) or even {@link #UNDERESTIMATE} times the interval's upper end stays below the cap.
   * A small network thus costs a few thousand directions.
   */
  public static CellEstimate of(Network net, Tolerances tol, int maxSamples, int cap, Deadline deadline,
      String stage) {
    Architecture arch = net.architecture();
    Activation act = arch.activation();
    if (!act.isPiecewiseLinear()) {
      throw new IllegalArgumentException("cells are counted for piecewise-linear activations, not " + act);
    }
    int d = arch.d();
    int layers = arch.layers();
    int n = arch.units();
    double[] w = net.weights();
    double incidence = tol.incidence();
    SplittableRandom random = new SplittableRandom(SEED);
    Map<LinearCells.Signs, int[]> counts = new HashMap<>();
    double[] x = new double[d];
    double[] in = new double[Math.max(d, n)];
    double[] out = new double[Math.max(d, n)];
    int round = Math.min(FIRST_SAMPLES, maxSamples);
    for (int s = 0; s < maxSamples; s++) {
      if (s == round) {
        CellEstimate estimate = summary(s, counts);
        if (estimate.singletons() == 0 || estimate.clearlyExceeds(cap)
            || UNDERESTIMATE * estimate.upper() < cap) {
          return estimate;
        }
        round = (int) Math.min(maxSamples, 2L * round);
      }
      if ((s & 4095) == 0) {
        deadline.check(stage);
      }
      double norm = 0;
      for (int k = 0; k < d; k++) {
        x[k] = random.nextGaussian();
        norm += x[k] * x[k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < d; k++) {
        in[k] = x[k] / norm;
      }
      byte[] signs = new byte[layers * n];
      double[] a = in;
      double[] b = out;
      for (int l = 0; l < layers; l++) {
        int fanIn = arch.fanIn(l);
        int off = arch.layerOffset(l);
        for (int j = 0; j < n; j++) {
          double z = 0;
          double scale = 0;
          int row = off + j * fanIn;
          for (int k = 0; k < fanIn; k++) {
            double term = w[row + k] * a[k];
            z += term;
            scale += Math.abs(term);
          }
          signs[l * n + j] = Math.abs(z) <= incidence * scale ? 0 : (byte) (z > 0 ? 1 : -1);
          b[j] = act.value(z);
        }
        double[] t = a;
        a = b;
        b = t;
      }
      counts.computeIfAbsent(new LinearCells.Signs(signs), p -> new int[1])[0]++;
    }
    return summary(maxSamples, counts);
  }

  /** First sample of the sequential estimate. */
  static final int FIRST_SAMPLES = 8192;

  /**
   * How far below the true count Chao1 from a few thousand directions can lie for these networks:
   * their cells differ in solid angle by orders of magnitude, and on a random (5, 3, 16) |t|
   * network Chao1 grows from 11 000 at 2048 directions to 60 000 at 100 000 and 153 000 at two
   * million. Sampling stops once even this multiple of the upper end is below the cap.
   */
  static final double UNDERESTIMATE = 10;

  private static CellEstimate summary(int samples, Map<LinearCells.Signs, int[]> counts) {
    int f1 = 0;
    int f2 = 0;
    for (int[] c : counts.values()) {
      f1 += c[0] == 1 ? 1 : 0;
      f2 += c[0] == 2 ? 1 : 0;
    }
    return chao1(samples, counts.size(), f1, f2);
  }

  /** Chao1 and its interval from the sample's counts (step 3). */
  static CellEstimate chao1(int samples, int observed, int f1, int f2) {
    double t = f1 * (f1 - 1.0) / (2.0 * (f2 + 1));
    double estimate = observed + t;
    if (t <= 0) {
      return new CellEstimate(samples, observed, f1, f2, observed, observed, observed);
    }
    double variance;
    if (f2 > 0) {
      double r = (double) f1 / f2;
      variance = f2 * (r * r * r * r / 4 + r * r * r + r * r / 2);
    } else {
      // Chao's variance for f_2 = 0 (the bias-corrected form)
      variance = f1 * (f1 - 1) / 2.0 + f1 * Math.pow(2 * f1 - 1, 2) / 4.0 - Math.pow(f1, 4) / (4.0 * estimate);
    }
    double k = Math.exp(Z95 * Math.sqrt(Math.log(1 + Math.max(variance, 0) / (t * t))));
    return new CellEstimate(samples, observed, f1, f2, estimate, observed + t / k, observed + t * k);
  }

  /** Whether the network clearly has more cells than {@code cap}: the interval lies above it. */
  public boolean clearlyExceeds(int cap) {
    return lower > cap;
  }
}
