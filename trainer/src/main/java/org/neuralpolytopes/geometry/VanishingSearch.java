package org.neuralpolytopes.geometry;

import java.util.Locale;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Whether f vanishes in some direction of a smooth homogeneous network of two or more layers
 * (docs/geometry.md, "Where f vanishes"): the radius is then infinite there and the body unbounded,
 * though the sampled directions see only a moderate radius near that direction, r growing like
 * delta^(-1/p^(L-1)) with the angle delta from it (a (2, 2, 2) net at p = 4 whose f vanishes on
 * x_1 = +-x_2 reads radius_max 1092 even at the zero itself, where f is 1e-49 from rounding).
 *
 * <p>For sigma(t) = c |t|^k every unit is >= 0 and vanishes only where its pre-activation does, so
 * f(u) = 0 exactly when some layer l has all its pre-activations z^(l)(u) = W_l h^(l-1)(u) zero
 * (the first such layer: the later ones then see h = 0). Each layer's <b>cancellation</b> is
 *
 * <pre>  c_l(u) = |z^(l)(u)|_2 / sum_j sum_k |W_l,jk h_k^(l-1)(u)|,</pre>
 *
 * 0 where layer l cancels exactly, of the order of the unit roundoff where it does to rounding, and
 * invariant under any rescaling of h^(l-1) (each layer's output is rescaled to max 1 before the
 * next, so that neither p up to 64 nor depth under- or overflows). The search minimises
 * min_l c_l(u) over the sphere: from the directions of the direction set with the largest radius
 * and from those of a coarse direction set with the smallest cancellation, a Levenberg-Marquardt
 * iteration on the residual z^(l)(u), restricted to the tangent space of the sphere, with its
 * Jacobian in forward mode (quadratic convergence to a simple zero). f vanishes, to rounding, where
 * the minimum is at most {@link #THRESHOLD}.
 *
 * <p>Not for piecewise-linear activations (the exact cell walk decides those), rational ones (not
 * homogeneous: f(u) = 0 does not make r infinite) or one layer (z^(1) = W_1 u vanishes only on
 * the kernel of W_1).
 */
public final class VanishingSearch {

  /**
   * Cancellation at or below which a layer counts as vanishing: rounding leaves about 1e-16 to
   * 1e-15 at an exact zero (n eps at most for n terms), a bounded net is above it by orders of
   * magnitude unless its weights are within about 1e-12 (relative) of a vanishing net's.
   */
  public static final double THRESHOLD = 1e-12;
  /** Directions of the coarse cancellation scan. */
  public static final int COARSE_DIRECTIONS = 512;
  /** Starts taken from each source (largest radius, smallest coarse cancellation). */
  public static final int STARTS_PER_SOURCE = 4;
  /** How many of the largest radii the shape statistics keep for the starts. */
  public static final int FARTHEST = 64;
  /** Two starts closer than this angle (radians, up to sign: f is even) are one. */
  static final double SEPARATION = 0.1;
  static final int MAX_ITERATIONS = 60;
  /**
   * Multiply-adds of one evaluation with its Jacobian (layers * units^2 * d) above which the search
   * is not run: some hundred evaluations of it would take seconds (the sweeps' nets, d <= 5 and 32
   * units, need about 2e4).
   */
  public static final long MAX_WORK = 1L << 24;

  /**
   * The smallest cancellation found.
   *
   * @param cancellation min over the layers of c_l at {@code direction} (NaN when not searched)
   * @param direction where, sign chosen so that its first non-zero coordinate is positive
   * @param layer the layer (1-based) whose pre-activations cancel there
   * @param starts local searches run
   * @param evaluations network evaluations (each with or without the Jacobian)
   */
  public record Result(double cancellation, double[] direction, int layer, int layers, int starts, int evaluations) {

    /** Whether f vanishes (to rounding) at {@link #direction}. */
    public boolean vanishes() {
      return cancellation <= THRESHOLD;
    }

    /** One line: where f vanishes and which layer cancels. */
    public String message() {
      StringBuilder u = new StringBuilder("(");
      int shown = Math.min(direction.length, 8);
      for (int i = 0; i < shown; i++) {
        u.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", direction[i]));
      }
      u.append(direction.length > shown ? ", ...)" : ")");
      String which = layer == layers ? "the last layer's pre-activations cancel"
          : "the pre-activations of hidden layer " + layer + " of " + layers + " cancel";
      return String.format(Locale.ROOT, "f vanishes to rounding at u = %s: %s (|z| / sum |W h| = %.1e, at most %.0e"
          + " counts as zero)", u, which, cancellation, THRESHOLD);
    }
  }

  private VanishingSearch() {}

  /** Whether the search applies: sigma = c |t|^k (even, homogeneous, not piecewise linear), L >= 2. */
  public static boolean applies(Architecture arch) {
    Activation a = arch.activation();
    return arch.layers() >= 2 && a.learnable() == null && a.homogeneityDegree() > 0 && a.isEven()
        && !a.isPiecewiseLinear() && a.value(1) > 0;
  }

  /** Whether the search is cheap enough to run on this architecture ({@link #MAX_WORK}). */
  public static boolean affordable(Architecture arch) {
    return (long) arch.layers() * arch.units() * arch.units() * arch.d() <= MAX_WORK;
  }

  /**
   * Searches for a direction where f vanishes.
   *
   * @param farthest indices into {@code directions} of the largest radii, largest first (-1 for
   *     none), as {@link ShapeStatistics#measure(RadialFunction, DirectionSet, Tolerances, int[])}
   *     gives them; may be empty
   * @param stage the stage name a deadline exception carries
   */
  public static Result search(Network net, DirectionSet directions, int[] farthest, Deadline deadline, String stage) {
    Architecture arch = net.architecture();
    if (!applies(arch)) {
      throw new IllegalArgumentException("the vanishing search needs |t|^p with p != 1 and two or more layers, got "
          + arch);
    }
    Search s = new Search(net);
    int d = arch.d();
    double[][] starts = new double[2 * STARTS_PER_SOURCE][];
    int count = 0;
    // the farthest directions of the direction set
    double[] u = new double[d];
    int taken = 0;
    for (int i = 0; i < farthest.length && taken < STARTS_PER_SOURCE; i++) {
      if (farthest[i] < 0) {
        break;
      }
      directions.direction(farthest[i], u);
      if (distinct(u, starts, count)) {
        starts[count++] = u.clone();
        taken++;
      }
    }
    // the smallest cancellations of a coarse set
    DirectionSet coarse = DirectionSet.of(d, COARSE_DIRECTIONS);
    int m = coarse.size();
    double[] c = new double[m];
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      coarse.direction(i, u);
      c[i] = s.cancellation(u);
      order[i] = i;
    }
    deadline.check(stage);
    java.util.Arrays.sort(order, (a, b) -> Double.compare(c[a], c[b]));
    taken = 0;
    for (int i = 0; i < m && taken < STARTS_PER_SOURCE; i++) {
      coarse.direction(order[i], u);
      if (distinct(u, starts, count)) {
        starts[count++] = u.clone();
        taken++;
      }
    }
    double best = Double.POSITIVE_INFINITY;
    double[] bestU = null;
    int bestLayer = 0;
    int run = 0;
    for (int i = 0; i < count; i++) {
      double[] x = starts[i].clone();
      run++;
      double ci = s.minimise(x, deadline, stage);
      if (ci < best || bestU == null) {
        best = ci;
        bestU = x;
        bestLayer = s.argmin + 1;
      }
      if (best <= THRESHOLD) {
        break;
      }
    }
    if (bestU == null) {
      return new Result(Double.NaN, new double[d], 0, arch.layers(), 0, s.evaluations);
    }
    canonicalSign(bestU);
    return new Result(best, bestU, bestLayer, arch.layers(), run, s.evaluations);
  }

  private static boolean distinct(double[] u, double[][] starts, int count) {
    double cos = Math.cos(SEPARATION);
    for (int i = 0; i < count; i++) {
      if (Math.abs(Linear.dot(u, starts[i])) > cos) {
        return false;
      }
    }
    return true;
  }

  private static void canonicalSign(double[] u) {
    for (double x : u) {
      if (x != 0) {
        if (x < 0) {
          for (int k = 0; k < u.length; k++) {
            u[k] = -u[k];
          }
        }
        return;
      }
    }
  }

  /** The evaluations and their scratch space; one search, one thread. */
  static final class Search {
    private final Architecture arch;
    private final double[] w;
    private final Activation act;
    private final int d;
    private final int n;
    private final int layers;
    private final double[] in;
    private final double[] out;
    private final double[] z;
    private final double[] cl;
    private final double[] jin;
    private final double[] jout;
    private final double[] jz;
    private final double[] basis;
    int evaluations;
    /** The layer (0-based) of the smallest cancellation of the last {@link #cancellation} call. */
    int argmin;

    Search(Network net) {
      this.arch = net.architecture();
      this.w = net.weights();
      this.act = arch.activation();
      this.d = arch.d();
      this.n = arch.units();
      this.layers = arch.layers();
      int width = Math.max(d, n);
      this.in = new double[width];
      this.out = new double[width];
      this.z = new double[n];
      this.cl = new double[layers];
      this.jin = new double[width * d];
      this.jout = new double[width * d];
      this.jz = new double[n * d];
      this.basis = new double[d * d];
    }

    /** min_l c_l(u), the layer in {@link #argmin}. */
    double cancellation(double[] u) {
      forward(u, -1);
      double best = Double.POSITIVE_INFINITY;
      argmin = 0;
      for (int l = 0; l < layers; l++) {
        if (cl[l] < best) {
          best = cl[l];
          argmin = l;
        }
      }
      return best;
    }

    /**
     * The forward pass: c_l for every layer into {@link #cl} (NaN after a layer that vanishes
     * exactly), and with {@code jacobianLayer} >= 0 that layer's pre-activations into {@link #z}
     * and their Jacobian (n x d, row-major) into {@link #jz}, up to the rescaling of each layer's
     * output (whose derivative is left out: it multiplies z, which is zero at a zero).
     */
    private void forward(double[] u, int jacobianLayer) {
      evaluations++;
      boolean jac = jacobianLayer >= 0;
      System.arraycopy(u, 0, in, 0, d);
      if (jac) {
        java.util.Arrays.fill(jin, 0, d * d, 0);
        for (int k = 0; k < d; k++) {
          jin[k * d + k] = 1;
        }
      }
      int stop = jac ? jacobianLayer + 1 : layers;
      java.util.Arrays.fill(cl, Double.NaN);
      for (int l = 0; l < stop; l++) {
        int fanIn = arch.fanIn(l);
        int off = arch.layerOffset(l);
        double norm2 = 0;
        double terms = 0;
        double max = 0;
        for (int j = 0; j < n; j++) {
          int row = off + j * fanIn;
          double zj = 0;
          for (int k = 0; k < fanIn; k++) {
            double t = w[row + k] * in[k];
            zj += t;
            terms += Math.abs(t);
          }
          z[j] = zj;
          norm2 += zj * zj;
          max = Math.max(max, Math.abs(zj));
          if (jac) {
            for (int e = 0; e < d; e++) {
              double g = 0;
              for (int k = 0; k < fanIn; k++) {
                g += w[row + k] * jin[k * d + e];
              }
              jz[j * d + e] = g;
            }
          }
        }
        // terms = 0 only when z = 0 as well (no input or no weights): f vanishes then too
        cl[l] = terms > 0 ? Math.sqrt(norm2) / terms : 0;
        if (jac && l == jacobianLayer) {
          return;
        }
        if (max == 0) {
          return; // every later layer sees h = 0
        }
        // h = sigma(z / max), proportional to sigma(z) (sigma is homogeneous), largest sigma(1)
        double inv = 1 / max;
        for (int j = 0; j < n; j++) {
          double zs = z[j] * inv;
          out[j] = act.value(zs);
          if (jac) {
            double g = act.derivative(zs) * inv;
            for (int e = 0; e < d; e++) {
              jout[j * d + e] = g * jz[j * d + e];
            }
          }
        }
        System.arraycopy(out, 0, in, 0, n);
        if (jac) {
          System.arraycopy(jout, 0, jin, 0, n * d);
        }
      }
    }

    /**
     * Levenberg-Marquardt on the pre-activations of the layer with the smallest cancellation at the
     * start, over the sphere; {@code u} ends at the best point found. Returns its cancellation
     * (min over the layers), the layer in {@link #argmin}.
     */
    double minimise(double[] u, Deadline deadline, String stage) {
      double c = cancellation(u);
      int layer = argmin;
      double lambda = 1e-3;
      int m = d - 1;
      double[] a = new double[n * m];
      double[] h = new double[m * m];
      double[] g = new double[m];
      double[] y = new double[m];
      double[] trial = new double[d];
      double[] step = new double[d];
      double[] mat = new double[m * m];
      for (int it = 0; it < MAX_ITERATIONS && c > 0; it++) {
        deadline.check(stage);
        forward(u, layer);
        tangentBasis(u);
        // A = Jz B: the Jacobian along the sphere's tangent directions b_1..b_m
        for (int j = 0; j < n; j++) {
          for (int q = 0; q < m; q++) {
            double s = 0;
            for (int e = 0; e < d; e++) {
              s += jz[j * d + e] * basis[q * d + e];
            }
            a[j * m + q] = s;
          }
        }
        for (int q = 0; q < m; q++) {
          double s = 0;
          for (int j = 0; j < n; j++) {
            s += a[j * m + q] * z[j];
          }
          g[q] = s;
          for (int r = 0; r <= q; r++) {
            double t = 0;
            for (int j = 0; j < n; j++) {
              t += a[j * m + q] * a[j * m + r];
            }
            h[q * m + r] = t;
            h[r * m + q] = t;
          }
        }
        double trace = 0;
        for (int q = 0; q < m; q++) {
          trace += h[q * m + q];
        }
        if (!(trace > 0)) {
          break; // the residual does not move along the sphere
        }
        boolean accepted = false;
        while (lambda < 1e10) {
          for (int q = 0; q < m * m; q++) {
            mat[q] = h[q];
          }
          for (int q = 0; q < m; q++) {
            mat[q * m + q] += lambda * h[q * m + q] + 1e-14 * trace;
            y[q] = -g[q];
          }
          if (!Linear.solvePositiveDefinite(mat, y, y, m)) {
            lambda *= 10;
            continue;
          }
          java.util.Arrays.fill(step, 0);
          for (int q = 0; q < m; q++) {
            for (int e = 0; e < d; e++) {
              step[e] += y[q] * basis[q * d + e];
            }
          }
          double len = Math.sqrt(Linear.dot(step, step));
          double scale = len > 0.5 ? 0.5 / len : 1;
          for (int e = 0; e < d; e++) {
            trial[e] = u[e] + scale * step[e];
          }
          double norm = Math.sqrt(Linear.dot(trial, trial));
          for (int e = 0; e < d; e++) {
            trial[e] /= norm;
          }
          double ct = cancellation(trial);
          if (ct < c) {
            double gain = (c - ct) / c;
            c = ct;
            System.arraycopy(trial, 0, u, 0, d);
            layer = argmin;
            lambda = Math.max(lambda / 10, 1e-12);
            accepted = true;
            if (gain < 1e-6 || len * scale < 1e-15) {
              accepted = false; // converged: no further progress worth a step
            }
            break;
          }
          lambda *= 10;
        }
        if (!accepted) {
          break;
        }
      }
      double best = cancellation(u);
      return best;
    }

    /** An orthonormal basis of the tangent space at u, rows of {@link #basis}: Householder. */
    private void tangentBasis(double[] u) {
      int i = 0;
      for (int k = 1; k < d; k++) {
        if (Math.abs(u[k]) > Math.abs(u[i])) {
          i = k;
        }
      }
      // v = u + sign(u_i) e_i; H = I - 2 v v^T / v^T v maps e_i to -sign(u_i) u, so the other
      // columns of H are orthonormal and orthogonal to u
      double[] v = trialVector(u, i);
      double vv = Linear.dot(v, v);
      int row = 0;
      for (int k = 0; k < d; k++) {
        if (k == i) {
          continue;
        }
        for (int e = 0; e < d; e++) {
          basis[row * d + e] = (e == k ? 1 : 0) - 2 * v[e] * v[k] / vv;
        }
        row++;
      }
    }

    private double[] trialVector(double[] u, int i) {
      double[] v = u.clone();
      v[i] += u[i] >= 0 ? 1 : -1;
      return v;
    }
  }
}
