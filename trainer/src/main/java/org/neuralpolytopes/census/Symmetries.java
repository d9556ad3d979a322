package org.neuralpolytopes.census;

import java.util.Arrays;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.CanonicalForm;

/**
 * The symmetries of the population loss of a bias-free t^p network (p even), and what the census
 * does with them.
 *
 * <ul>
 *   <li>The network's own ({@link CanonicalForm}): unit permutations, sign flips of a unit's
 *       incoming row, and for L >= 2 the rescaling rho_lambda of a hidden unit (row times c, its
 *       outgoing column times c^-p), except in the last layer, whose output weights are fixed.
 *   <li>The input's: the uniform measure on the sphere is invariant under O(d), so
 *       loss(W_1 R, W_2, ...) = loss(W_1, W_2, ...) for every orthogonal R. Every critical point
 *       lies on such an orbit (of dimension up to d(d-1)/2), and two critical points on one orbit
 *       are the same critical point of the census.
 * </ul>
 *
 * The continuous ones (rescalings, rotations) give null directions of the Hessian at every
 * critical point, which {@link #reducedSpectrum} projects out; what is left says minimum, saddle
 * or degenerate. {@link #equivalent} compares two canonical forms modulo rotations too: O(d)
 * changes only the first layer, and W_1 is determined by its Gram matrix W_1 W_1' up to O(d), so
 * the complete invariant is (W_1 W_1', W_2, ..., W_L) up to permutations and signs.
 */
final class Symmetries {

  /** Singular values of the tangent set below this times the largest are rank-deficient (a precision). */
  static final double TANGENT_RANK = 1e-10;

  private Symmetries() {}

  /**
   * Tangent vectors (each of length weightCount) at w of the rotations of the input,
   * W_1 -> W_1 (I + t E_ab) for the skew E_ab = e_a e_b' - e_b e_a', and of the rescalings of
   * every unit j of a layer l < L: row j of W_l times (1 + t), column j of W_(l+1) times (1 - p t).
   */
  static double[][] tangents(Architecture arch, double[] w) {
    int d = arch.d();
    int n = arch.units();
    int m = arch.weightCount();
    double p = arch.activation().homogeneityDegree();
    int count = d * (d - 1) / 2 + (arch.layers() - 1) * n;
    double[][] t = new double[count][];
    int c = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a + 1; b < d; b++) {
        double[] v = new double[m];
        for (int i = 0; i < n; i++) {
          v[i * d + b] = w[i * d + a];
          v[i * d + a] = -w[i * d + b];
        }
        t[c++] = v;
      }
    }
    for (int l = 0; l + 1 < arch.layers(); l++) {
      int off = arch.layerOffset(l);
      int fanIn = arch.fanIn(l);
      int next = arch.layerOffset(l + 1);
      for (int j = 0; j < n; j++) {
        double[] v = new double[m];
        for (int k = 0; k < fanIn; k++) {
          v[off + j * fanIn + k] = w[off + j * fanIn + k];
        }
        for (int i = 0; i < n; i++) {
          v[next + i * n + j] = -p * w[next + i * n + j];
        }
        t[c++] = v;
      }
    }
    return t;
  }

  /**
   * The eigenvalues, ascending, of the Hessian (m x m, row-major) restricted to the orthogonal
   * complement of the tangents' span: Q'HQ for an orthonormal basis Q of that complement.
   */
  static double[] reducedSpectrum(double[] hessian, int m, double[][] tangents) {
    RealMatrix q = complement(m, tangents);
    if (q == null) {
      return new double[0];
    }
    RealMatrix h = MatrixUtils.createRealMatrix(m, m);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        h.setEntry(i, j, hessian[i * m + j]);
      }
    }
    RealMatrix reduced = q.transpose().multiply(h).multiply(q);
    symmetrise(reduced);
    double[] ev = new EigenDecomposition(reduced).getRealEigenvalues();
    Arrays.sort(ev);
    return ev;
  }

  /**
   * An orthonormal basis (as columns) of the complement of the tangents' span in R^m: the
   * eigenvectors of eigenvalue 1 of the projector I - U U', U an orthonormal basis of the span
   * (left singular vectors above {@link #TANGENT_RANK}); null when the complement is {0}.
   */
  static RealMatrix complement(int m, double[][] tangents) {
    RealMatrix projector = MatrixUtils.createRealIdentityMatrix(m);
    if (tangents.length > 0) {
      RealMatrix t = MatrixUtils.createRealMatrix(m, tangents.length);
      for (int c = 0; c < tangents.length; c++) {
        t.setColumn(c, tangents[c]);
      }
      SingularValueDecomposition svd = new SingularValueDecomposition(t);
      double[] sigma = svd.getSingularValues();
      RealMatrix u = svd.getU();
      for (int c = 0; c < sigma.length; c++) {
        if (sigma[c] > TANGENT_RANK * sigma[0]) {
          RealMatrix col = u.getColumnMatrix(c);
          projector = projector.subtract(col.multiply(col.transpose()));
        }
      }
    }
    symmetrise(projector);
    EigenDecomposition eig = new EigenDecomposition(projector);
    double[] values = eig.getRealEigenvalues();
    int keep = 0;
    for (double v : values) {
      if (v > 0.5) {
        keep++;
      }
    }
    if (keep == 0) {
      return null;
    }
    RealMatrix q = MatrixUtils.createRealMatrix(m, keep);
    int c = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] > 0.5) {
        q.setColumnVector(c++, eig.getEigenvector(i));
      }
    }
    return q;
  }

  private static void symmetrise(RealMatrix a) {
    int n = a.getRowDimension();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double v = 0.5 * (a.getEntry(i, j) + a.getEntry(j, i));
        a.setEntry(i, j, v);
        a.setEntry(j, i, v);
      }
    }
  }

  /** A canonical form's layers as row lists: rows[l][j] = incoming weights of unit j of layer l. */
  static double[][][] layers(CanonicalForm cf, int d) {
    int[] units = cf.effectiveUnits();
    double[][][] rows = new double[units.length][][];
    int offset = 0;
    int fanIn = d;
    for (int l = 0; l < units.length; l++) {
      rows[l] = new double[units[l]][];
      for (int j = 0; j < units[l]; j++) {
        rows[l][j] = Arrays.copyOfRange(cf.weights(), offset, offset + fanIn);
        offset += fanIn;
      }
      fanIn = units[l];
    }
    return rows;
  }

  /**
   * Whether two canonical forms are one critical point modulo every symmetry: the same effective
   * units, first-layer Gram matrices equal up to a permutation and signs of the units, and each
   * deeper layer's rows equal up to sign once its columns follow the layer below's permutation.
   * Entries are compared within {@code tol} times the largest entry of each matrix (at least 1).
   */
  static boolean equivalent(CanonicalForm a, CanonicalForm b, int d, double tol) {
    if (!Arrays.equals(a.effectiveUnits(), b.effectiveUnits())) {
      return false;
    }
    double[][][] la = layers(a, d);
    double[][][] lb = layers(b, d);
    double[][] ga = gram(la[0]);
    double[][] gb = gram(lb[0]);
    double scale = Math.max(1, Math.max(maxAbs(ga), maxAbs(gb)));
    int n = ga.length;
    return assign(ga, gb, new int[n], new int[n], new boolean[n], 0, tol * scale, la, lb, tol);
  }

  /** Depth-first search for a permutation perm (b's unit i is a's unit perm[i]) and signs. */
  private static boolean assign(double[][] ga, double[][] gb, int[] perm, int[] sign, boolean[] used, int i,
      double tol, double[][][] la, double[][][] lb, double relTol) {
    int n = ga.length;
    if (i == n) {
      return deeperLayersMatch(la, lb, perm, relTol);
    }
    for (int j = 0; j < n; j++) {
      if (used[j] || Math.abs(ga[j][j] - gb[i][i]) > tol) {
        continue;
      }
      for (int s = 1; s >= (i == 0 ? 1 : -1); s -= 2) {
        boolean ok = true;
        for (int k = 0; k < i && ok; k++) {
          ok = Math.abs(s * sign[k] * ga[j][perm[k]] - gb[i][k]) <= tol;
        }
        if (ok) {
          used[j] = true;
          perm[i] = j;
          sign[i] = s;
          if (assign(ga, gb, perm, sign, used, i + 1, tol, la, lb, relTol)) {
            return true;
          }
          used[j] = false;
        }
      }
    }
    return false;
  }

  /** Rows of each deeper layer matched up to sign, columns permuted as the layer below. */
  private static boolean deeperLayersMatch(double[][][] la, double[][][] lb, int[] firstPerm, double tol) {
    int[] below = firstPerm;
    for (int l = 1; l < la.length; l++) {
      double[][] ra = la[l];
      double[][] rb = lb[l];
      double scale = Math.max(1, Math.max(maxAbs(ra), maxAbs(rb))) * tol;
      int n = ra.length;
      int[] perm = new int[n];
      boolean[] used = new boolean[n];
      for (int i = 0; i < n; i++) {
        perm[i] = -1;
        for (int j = 0; j < n && perm[i] < 0; j++) {
          if (!used[j] && (rowsMatch(ra[j], rb[i], below, 1, scale) || rowsMatch(ra[j], rb[i], below, -1, scale))) {
            used[j] = true;
            perm[i] = j;
          }
        }
        if (perm[i] < 0) {
          return false;
        }
      }
      below = perm;
    }
    return true;
  }

  private static boolean rowsMatch(double[] rowA, double[] rowB, int[] columns, int sign, double tol) {
    for (int k = 0; k < rowB.length; k++) {
      if (Math.abs(sign * rowA[columns[k]] - rowB[k]) > tol) {
        return false;
      }
    }
    return true;
  }

  static double[][] gram(double[][] rows) {
    int n = rows.length;
    double[][] g = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double s = 0;
        for (int k = 0; k < rows[i].length; k++) {
          s += rows[i][k] * rows[j][k];
        }
        g[i][j] = s;
        g[j][i] = s;
      }
    }
    return g;
  }

  private static double maxAbs(double[][] a) {
    double m = 0;
    for (double[] row : a) {
      for (double x : row) {
        m = Math.max(m, Math.abs(x));
      }
    }
    return m;
  }

  /**
   * The weights turned by the orthogonal map that makes the canonical first layer's rows lower
   * triangular (R_1 Q = L from the QR decomposition R_1' = Q U, with the diagonal of U made
   * non-negative by reflections): a fixed frame for reporting, so that the cube frame reads
   * (a, 0, 0), (0, a, 0), (0, 0, a). Only W_1 changes.
   */
  static double[] oriented(Architecture arch, double[] w, CanonicalForm cf) {
    int d = arch.d();
    double[][] rows = layers(cf, d)[0];
    RealMatrix rt = MatrixUtils.createRealMatrix(d, rows.length);
    for (int j = 0; j < rows.length; j++) {
      for (int k = 0; k < d; k++) {
        rt.setEntry(k, j, rows[j][k]);
      }
    }
    QRDecomposition qr = new QRDecomposition(rt);
    RealMatrix q = qr.getQ();
    RealMatrix r = qr.getR();
    for (int k = 0; k < Math.min(d, rows.length); k++) {
      if (r.getEntry(k, k) < 0) {
        for (int i = 0; i < d; i++) {
          q.setEntry(i, k, -q.getEntry(i, k));
        }
      }
    }
    double[] out = w.clone();
    int n = arch.units();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        double s = 0;
        for (int t = 0; t < d; t++) {
          s += w[i * d + t] * q.getEntry(t, k);
        }
        out[i * d + k] = s;
      }
    }
    return out;
  }
}
