package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.List;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The minima of r for one-layer bodies of |t|^p with 0 < p < 1 in d >= 4: one in every region of
 * the arrangement of the units' hyperplanes w_j . x = 0, found region by region.
 *
 * <p>On a region every w_j . x has one sign, so f = sum_j (+-w_j . x)^p is a sum of concave
 * functions (t^p is concave for p < 1), strictly concave on the sphere there (the Riemannian
 * Hessian P H P - (u . grad f) P, with H negative semi-definite and u . grad f = p f > 0), and it
 * rises with infinite slope towards every wall: exactly one maximum of f, a minimum of r, in each
 * region (as {@link KinkArrangement} argues on S^2). The mesh search of d = 4, 5 missed a quarter
 * to a half of them (a probe: trained (4, 1, 8, 0.5) bodies 112 of 128, (5, 1, 6, 0.5) 50 of 62;
 * six random units in R^5 32 of 62): the regions are the activation cells of the same weights at
 * p = 1, walked exactly ({@link LinearCells}); each region's maximum of f is found by Newton's
 * method on the sphere from the sum of its extreme rays, each step halved until f rises and the
 * signs stay.
 */
final class ConeMinima {

  /** Regions at most: beyond, the mesh search's minima are kept. */
  static final int MAX_REGIONS = 20000;
  private static final int NEWTON_ITERATIONS = 100;
  private static final int BACKTRACKS = 60;
  private static final double ANGLE_PRECISION = 1e-13;
  private static final double MAX_STEP = 0.5;

  /** Every unit's row (f sums them all). */
  private final double[][] w;
  /** The rows whose hyperplanes bound the regions ({@link KinkArrangement#kinkRows}). */
  private final double[][] walls;
  private final double p;
  private final int d;
  private long evaluations;

  private ConeMinima(double[][] w, double[][] walls, double p) {
    this.w = w;
    this.walls = walls;
    this.p = p;
    this.d = w[0].length;
  }

  /** Whether the body of r is one for this class: one layer of an even |t|^p, 0 < p < 1, homogeneous. */
  static boolean applies(RadialFunction r) {
    Architecture arch = r.network().architecture();
    double degree = arch.activation().homogeneityDegree();
    return r.homogeneous() && arch.layers() == 1 && arch.activation().learnable() == null
        && arch.activation().isEven() && degree > 0 && degree < 1;
  }

  /**
   * The minima's directions, one per region, or null when the walk of the regions is not complete
   * (more than {@link #MAX_REGIONS}, or a region that is not pointed).
   */
  static List<double[]> directions(RadialFunction r, Tolerances tol, Deadline deadline, long[] evaluations) {
    Network net = r.network();
    Architecture arch = net.architecture();
    int d = arch.d();
    double[][] w = MahlerProduct.firstLayerRows(net);
    // the regions of the rows that draw a kink of their own (a dead row's, or a second coincident
    // one's, does not bound a region, as in d = 3), f of every row
    double[][] walls = KinkArrangement.kinkRows(w, tol);
    if (walls == null || walls.length < d) {
      return null;
    }
    double[] flat = new double[walls.length * d];
    for (int j = 0; j < walls.length; j++) {
      System.arraycopy(walls[j], 0, flat, j * d, d);
    }
    Network linear = new Network(new Architecture(d, 1, walls.length, Activations.of("abs_power", 1)), flat);
    LinearCells cells = LinearCells.walk(linear, tol, MAX_REGIONS, deadline);
    if (cells.outcome() != LinearCells.Outcome.COMPLETE) {
      return null;
    }
    ConeMinima search = new ConeMinima(w, walls, arch.activation().homogeneityDegree());
    List<double[]> out = new ArrayList<>();
    for (LinearCells.Cell cell : cells.cells()) {
      deadline.check(MorseCounts.STAGE);
      double[] start = new double[d];
      for (int ray : cell.rays()) {
        for (int k = 0; k < d; k++) {
          start[k] += cells.rayCoordinate(ray, k);
        }
      }
      Linear.normalise(start);
      out.add(search.maximum(start));
    }
    evaluations[0] += search.evaluations;
    return out;
  }

  /** The maximum of f on the sphere within the region of start (its sign vector). */
  private double[] maximum(double[] start) {
    double[] u = start.clone();
    boolean[] key = signs(u);
    double[] g = new double[d];
    double[][] h = new double[d][d];
    double[] next = new double[d];
    int m = d - 1;
    double[] grad = new double[m];
    double[] step = new double[m];
    double[] mat = new double[m * m];
    for (int it = 0; it < NEWTON_ITERATIONS; it++) {
      double value = derivatives(u, g, h);
      double[][] e = Linear.tangentBasis(u);
      double radial = Linear.dot(u, g);
      for (int a = 0; a < m; a++) {
        grad[a] = Linear.dot(e[a], g);
        for (int b = 0; b < m; b++) {
          // minus the Riemannian Hessian: positive definite in a region's interior
          mat[a * m + b] = -(quadratic(h, e[a], e[b]) - (a == b ? radial : 0));
        }
      }
      if (!Linear.solvePositiveDefinite(mat, grad, step, m)) {
        // not positive definite (rounding): a gradient step on the curvature's scale p f
        for (int a = 0; a < m; a++) {
          step[a] = grad[a] / Math.abs(radial);
        }
      }
      double length = 0;
      for (double s : step) {
        length += s * s;
      }
      length = Math.sqrt(length);
      if (!(length >= ANGLE_PRECISION)) {
        break;
      }
      double cap = length > MAX_STEP ? MAX_STEP / length : 1;
      boolean moved = false;
      double t = cap;
      for (int back = 0; back < BACKTRACKS && t * length >= ANGLE_PRECISION; back++, t /= 2) {
        for (int i = 0; i < d; i++) {
          double s = u[i];
          for (int a = 0; a < m; a++) {
            s += t * step[a] * e[a][i];
          }
          next[i] = s;
        }
        Linear.normalise(next);
        if (java.util.Arrays.equals(key, signs(next)) && value(next) > value) {
          moved = true;
          break;
        }
      }
      if (!moved) {
        break;
      }
      System.arraycopy(next, 0, u, 0, d);
      if (t * length < ANGLE_PRECISION) {
        break;
      }
    }
    return u;
  }

  /** The region of u: its side of every wall. */
  private boolean[] signs(double[] u) {
    boolean[] s = new boolean[walls.length];
    for (int j = 0; j < walls.length; j++) {
      s[j] = Linear.dot(walls[j], u) > 0;
    }
    return s;
  }

  private double value(double[] u) {
    evaluations++;
    return sumOfPowers(w, p, u);
  }

  /**
   * sum_j |w_j . u|^p, each term as |z|^(p-1) |z| (as the derivatives take it, so that values from
   * the two compare); {@link KinkArrangement} uses it too.
   */
  static double sumOfPowers(double[][] w, double p, double[] u) {
    double f = 0;
    for (double[] row : w) {
      double az = Math.abs(Linear.dot(row, u));
      if (az > 0) {
        f += Math.pow(az, p - 1) * az;
      }
    }
    return f;
  }

  /** f at u, its Euclidean gradient into g and Hessian into h. */
  private double derivatives(double[] u, double[] g, double[][] h) {
    evaluations++;
    java.util.Arrays.fill(g, 0);
    for (double[] row : h) {
      java.util.Arrays.fill(row, 0);
    }
    double f = 0;
    for (double[] row : w) {
      double z = Linear.dot(row, u);
      double az = Math.abs(z);
      if (az == 0) {
        continue;
      }
      double pm1 = Math.pow(az, p - 1);
      f += pm1 * az;
      double first = p * pm1 * Math.signum(z);
      double second = p * (p - 1) * pm1 / az;
      for (int i = 0; i < d; i++) {
        g[i] += first * row[i];
        for (int k = 0; k < d; k++) {
          h[i][k] += second * row[i] * row[k];
        }
      }
    }
    return f;
  }

  private static double quadratic(double[][] h, double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double row = 0;
      for (int k = 0; k < b.length; k++) {
        row += h[i][k] * b[k];
      }
      s += a[i] * row;
    }
    return s;
  }
}
