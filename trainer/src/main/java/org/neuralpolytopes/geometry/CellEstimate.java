package org.neuralpolytopes.geometry;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * An estimate of the number of activation cells of a piecewise-linear network on S^{d-1}, made
 * before the exact walk ({@link LinearCells}) so that a network with far more cells than the walk
 * may visit is recognised in seconds, not after minutes of walking.
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
 *       lower end is at least S_obs. Chao1 is a lower bound in expectation, and a poor one for
 *       these cells, whose solid angles differ by orders of magnitude: on a random (5, 3, 16) |t|
 *       network with 172 790 cells it gives 13 300 from 8 192 directions and 21 000 from
 *       100 000. So it decides only one way: an interval whose lower end exceeds the cap says
 *       clearly that the network has more cells, and when every cell seen was seen twice
 *       (f_1 = 0) the estimate is S_obs and sampling stops.
 *   <li>Otherwise, when the caller's cap is large enough for the walk to be skipped
 *       ({@link PolytopeFaces#MIN_CAP_SKIPPED}), the cells the sample missed are counted by a
 *       Horvitz-Thompson estimate (Horvitz and Thompson 1952, "A generalization of sampling
 *       without replacement from a finite universe", JASA 47, 663-685): over fresh uniform
 *       directions x, the mean of [pattern of x unseen] / omega(cell of x), omega the cell's
 *       fraction of the sphere, is unbiased for the number U of unseen cells whatever their
 *       sizes. An unseen direction's cell is built as in the walk and omega taken from its
 *       triangulation ({@link ConeSolidAngle}); a seen one costs a look-up. The estimate is
 *       S_obs + U with the normal 95% interval of the mean, drawn in batches until the interval
 *       lies wholly above or below the cap, {@link #MAX_MEASURED} cells were built or
 *       {@link #MAX_WEIGHTED} directions drawn. Its error
 *       is that of a heavy-tailed mean: a run that misses the smallest cells underestimates, so
 *       the lower end stays a cautious bound (on random (5, 3, 16) networks with 172 790 and
 *       401 966 cells it gave 149 000 and 386 000).
 * </ol>
 *
 * @param samples directions drawn for the patterns (steps 1-3)
 * @param observed distinct patterns among them, S_obs
 * @param singletons patterns seen once, f_1
 * @param doubletons patterns seen twice, f_2
 * @param estimate the estimate of the number of cells: Chao1's, or S_obs + U when {@code measured} > 0
 * @param lower lower end of its 95% interval
 * @param upper upper end of its 95% interval
 * @param measured cells built and measured for step 4 (0: Chao1 alone)
 */
public record CellEstimate(int samples, int observed, int singletons, int doubletons, double estimate,
    double lower, double upper, int measured) implements java.io.Serializable {

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
   * Estimates the number of cells of {@code net} (a piecewise-linear activation) for the question
   * whether it has clearly more than {@code cap}, sequentially: the sample grows by doubling from
   * {@link #FIRST_SAMPLES} to at most {@code maxSamples} directions, and stops as soon as the
   * question is settled: yes when the interval lies above the cap; no when every cell seen was
   * seen twice (f_1 = 0); when it is still open, step 4 decides it or gives up. A small network
   * thus costs a few thousand directions. {@code deadline} is checked every 4096 directions and
   * while a cell is built, under the stage name {@code stage}.
   */
  public static CellEstimate of(Network net, Tolerances tol, int maxSamples, int cap, Deadline deadline,
      String stage) {
    if (!net.architecture().activation().isPiecewiseLinear()) {
      throw new IllegalArgumentException("cells are counted for piecewise-linear activations, not "
          + net.architecture().activation());
    }
    SplittableRandom random = new SplittableRandom(SEED);
    PatternPass pass = new PatternPass(net, tol);
    double[] x = new double[net.architecture().d()];
    Map<LinearCells.Signs, int[]> counts = new HashMap<>();
    int round = Math.min(FIRST_SAMPLES, maxSamples);
    for (int s = 0; s < maxSamples; s++) {
      if (s == round) {
        CellEstimate estimate = summary(s, counts);
        if (settled(estimate, cap)) {
          return estimate;
        }
        round = (int) Math.min(maxSamples, 2L * round);
      }
      if ((s & 4095) == 0) {
        deadline.check(stage);
      }
      pass.randomDirection(random, x);
      counts.computeIfAbsent(pass.signs(x), p -> new int[1])[0]++;
    }
    CellEstimate sampled = summary(maxSamples, counts);
    return settled(sampled, cap) || cap < PolytopeFaces.MIN_CAP_SKIPPED ? sampled
        : weighted(net, tol, sampled, counts, cap, deadline, stage);
  }

  /** Whether the sample alone answers the caller's question (step 3). */
  private static boolean settled(CellEstimate estimate, int cap) {
    return estimate.singletons() == 0 || estimate.clearlyExceeds(cap);
  }

  /** Seed of the directions of step 4, independent of the sample's. */
  private static final long WEIGHTED_SEED = 0x9a7c_4e5L;
  /** Directions of step 4 before a decision is taken, and between decisions. */
  static final int MIN_WEIGHTED = 4096;
  static final int WEIGHTED_BATCH = 1024;
  /** Cells of step 4 built and measured, at most (about 5 s for a (5, 3, 16) network). */
  static final int MAX_MEASURED = 4096;
  /**
   * Directions of step 4, at most (a look-up each when seen; bounds the stage when every
   * direction lands in a seen cell and the interval stays on the cap).
   */
  static final int MAX_WEIGHTED = 1 << 20;

  /**
   * Step 4, a Horvitz-Thompson estimate of the cells the sample missed: a uniform direction x
   * falls in cell C with probability omega(C), C's fraction of the sphere, so over independent
   * directions the mean of [cell of x unseen in the sample] / omega(cell of x) is an unbiased
   * estimate of the number of unseen cells U, whatever their sizes, and S_obs + U estimates the
   * count. A direction whose pattern the sample saw costs a look-up; an unseen one's cell is built
   * as in the walk ({@link LinearCells#cellFraction}) and its fraction computed from its
   * triangulation ({@link ConeSolidAngle}). Directions are drawn in batches until the normal 95%
   * interval lies wholly above or below the cap, {@link #MAX_MEASURED} cells were measured or
   * {@link #MAX_WEIGHTED} directions drawn.
   */
  private static CellEstimate weighted(Network net, Tolerances tol, CellEstimate sampled,
      Map<LinearCells.Signs, int[]> seen, int cap, Deadline deadline, String stage) {
    Architecture arch = net.architecture();
    int d = arch.d();
    SplittableRandom random = new SplittableRandom(WEIGHTED_SEED);
    ConeSolidAngle angle = new ConeSolidAngle(d);
    PatternPass pass = new PatternPass(net, tol);
    double[] x = new double[d];
    double sum = 0;
    double sumSquares = 0;
    int draws = 0;
    int measured = 0;
    CellEstimate result = sampled;
    while (measured < MAX_MEASURED && draws < MAX_WEIGHTED) {
      if ((draws & 4095) == 0) {
        deadline.check(stage);
      }
      pass.randomDirection(random, x);
      if (seen.containsKey(pass.signs(x))) {
        draws++;
      } else {
        double fraction = LinearCells.cellFraction(net, tol, x, angle, deadline, stage);
        if (Double.isNaN(fraction)) {
          continue; // on a hyperplane: probability zero, drawn again
        }
        if (!(fraction > 0)) {
          return sampled; // a cell that is not pointed: the walk reports the unbounded body
        }
        double inverse = 1 / fraction;
        sum += inverse;
        sumSquares += inverse * inverse;
        draws++;
        measured++;
      }
      if (draws >= MIN_WEIGHTED && draws % WEIGHTED_BATCH == 0 || measured == MAX_MEASURED) {
        double mean = sum / draws;
        double error = Math.sqrt(Math.max(0, (sumSquares - draws * mean * mean) / (draws - 1)) / draws);
        double observed = sampled.observed();
        result = new CellEstimate(sampled.samples(), sampled.observed(), sampled.singletons(), sampled.doubletons(),
            observed + mean, observed + Math.max(0, mean - Z95 * error), observed + mean + Z95 * error, measured);
        if (result.lower() > cap || result.upper() < cap) {
          break;
        }
      }
    }
    return result;
  }

  /** First sample of the sequential estimate. */
  static final int FIRST_SAMPLES = 8192;

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
      return new CellEstimate(samples, observed, f1, f2, observed, observed, observed, 0);
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
    return new CellEstimate(samples, observed, f1, f2, estimate, observed + t / k, observed + t * k, 0);
  }

  /** "95% interval L to U, from N sampled directions[ and M cells measured]", for error messages. */
  public String interval() {
    return String.format(java.util.Locale.ROOT, "95%% interval %.0f to %.0f, from %d sampled directions%s", lower, upper,
        samples, measured > 0 ? " and " + measured + " cells measured" : "");
  }

  /** Whether the network clearly has more cells than {@code cap}: the interval lies above it. */
  public boolean clearlyExceeds(int cap) {
    return lower > cap;
  }

  /** The activation pattern of a direction (step 1): one forward pass recording signs. */
  private static final class PatternPass {
    private final Architecture arch;
    private final Activation act;
    private final double[] w;
    private final double incidence;
    private final double[] in;
    private final double[] out;

    PatternPass(Network net, Tolerances tol) {
      this.arch = net.architecture();
      this.act = arch.activation();
      this.w = net.weights();
      this.incidence = tol.incidence();
      this.in = new double[Math.max(arch.d(), arch.units())];
      this.out = new double[in.length];
    }

    /** A uniform unit direction (a normalised Gaussian) into x. */
    void randomDirection(SplittableRandom random, double[] x) {
      double norm = 0;
      for (int k = 0; k < x.length; k++) {
        x[k] = random.nextGaussian();
        norm += x[k] * x[k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < x.length; k++) {
        x[k] /= norm;
      }
    }

    /**
     * The sign of every unit's pre-activation at x, 0 where it cancels to at most the incidence
     * tolerance times the sum of its terms' magnitudes.
     */
    LinearCells.Signs signs(double[] x) {
      int n = arch.units();
      byte[] signs = new byte[arch.layers() * n];
      System.arraycopy(x, 0, in, 0, x.length);
      double[] a = in;
      double[] b = out;
      for (int l = 0; l < arch.layers(); l++) {
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
      return new LinearCells.Signs(signs);
    }
  }
}
