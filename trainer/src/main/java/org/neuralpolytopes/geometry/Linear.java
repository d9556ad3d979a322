package org.neuralpolytopes.geometry;

/**
 * The small dense linear algebra of the exact geometry, on flat row-major arrays with explicit
 * sizes (d is at most a few dozen here). Tolerances are passed in by the caller.
 */
final class Linear {

  private Linear() {}

  static double dot(double[] a, int aOff, double[] b, int bOff, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += a[aOff + k] * b[bOff + k];
    }
    return s;
  }

  static double dot(double[] a, int aOff, double[] b, int d) {
    return dot(a, aOff, b, 0, d);
  }

  /** a . b over the full length of a. */
  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  /** Euclidean distance |a - b|. */
  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      double t = a[k] - b[k];
      s += t * t;
    }
    return Math.sqrt(s);
  }

  static double norm(double[] a, int off, int d) {
    return Math.sqrt(dot(a, off, a, off, d));
  }

  /** Scales v to unit length (v must not be zero). */
  static void normalise(double[] v) {
    double n = norm(v, 0, v.length);
    for (int k = 0; k < v.length; k++) {
      v[k] /= n;
    }
  }

  /** The inverse of the d x d matrix m by Gauss-Jordan elimination with partial pivoting. */
  static double[] inverse(double[] m, int d) {
    double[] a = m.clone();
    double[] inv = new double[d * d];
    for (int i = 0; i < d; i++) {
      inv[i * d + i] = 1;
    }
    for (int col = 0; col < d; col++) {
      int pivot = col;
      for (int r = col + 1; r < d; r++) {
        if (Math.abs(a[r * d + col]) > Math.abs(a[pivot * d + col])) {
          pivot = r;
        }
      }
      if (a[pivot * d + col] == 0) {
        throw new ArithmeticException("singular matrix");
      }
      swapRows(a, col, pivot, d);
      swapRows(inv, col, pivot, d);
      double p = a[col * d + col];
      for (int k = 0; k < d; k++) {
        a[col * d + k] /= p;
        inv[col * d + k] /= p;
      }
      for (int r = 0; r < d; r++) {
        if (r == col) {
          continue;
        }
        double f = a[r * d + col];
        if (f != 0) {
          for (int k = 0; k < d; k++) {
            a[r * d + k] -= f * a[col * d + k];
            inv[r * d + k] -= f * inv[col * d + k];
          }
        }
      }
    }
    return inv;
  }

  private static void swapRows(double[] a, int i, int j, int d) {
    if (i == j) {
      return;
    }
    for (int k = 0; k < d; k++) {
      double t = a[i * d + k];
      a[i * d + k] = a[j * d + k];
      a[j * d + k] = t;
    }
  }

  /** The determinant of the d x d matrix m (LU with partial pivoting). */
  static double determinant(double[] m, int d) {
    double[] a = m.clone();
    double det = 1;
    for (int col = 0; col < d; col++) {
      int pivot = col;
      for (int r = col + 1; r < d; r++) {
        if (Math.abs(a[r * d + col]) > Math.abs(a[pivot * d + col])) {
          pivot = r;
        }
      }
      if (a[pivot * d + col] == 0) {
        return 0;
      }
      if (pivot != col) {
        swapRows(a, col, pivot, d);
        det = -det;
      }
      double p = a[col * d + col];
      det *= p;
      for (int r = col + 1; r < d; r++) {
        double f = a[r * d + col] / p;
        if (f != 0) {
          for (int k = col; k < d; k++) {
            a[r * d + k] -= f * a[col * d + k];
          }
        }
      }
    }
    return det;
  }

  /**
   * Solves mat x = rhs for a symmetric positive definite m x m matrix (flat, row-major; symmetrised
   * to the bit first, as the decomposition checks) by commons-math's Cholesky decomposition, into
   * {@code x} (which may be {@code rhs}); false, x untouched, when mat is not positive definite.
   */
  static boolean solvePositiveDefinite(double[] mat, double[] rhs, double[] x, int m) {
    double[][] a = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        a[i][j] = 0.5 * (mat[i * m + j] + mat[j * m + i]);
      }
    }
    try {
      double[] solution = new org.apache.commons.math3.linear.CholeskyDecomposition(
          new org.apache.commons.math3.linear.Array2DRowRealMatrix(a, false)).getSolver()
          .solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs)).toArray();
      System.arraycopy(solution, 0, x, 0, m);
      return true;
    } catch (org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException
        | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
      return false;
    }
  }

  /**
   * An orthonormal frame of R^d (d rows) whose first vectors span {@code leading}, in order:
   * Gram-Schmidt on the leading vectors, then on the standard axes e_0, e_1, ... in index order,
   * each taken when its component out of the span so far is at least 1/sqrt(d) of its length.
   * That threshold always completes the frame in one pass: while j < d vectors are taken, the
   * squared components of the d axes out of their span sum to d - j >= 1, so some axis not yet
   * passed has one of at least 1/d (an axis passed over only loses component as the span grows).
   *
   * @param orientation +1 or -1: the last vector is negated when needed so that the frame's
   *     determinant has this sign; 0: left as it comes
   * @param leading linearly independent vectors (at most d; need not be unit vectors)
   * @throws IllegalArgumentException when a leading vector lies in the span of the previous ones
   */
  static double[][] orthonormalFrame(int d, int orientation, double[]... leading) {
    if (leading.length > d) {
      throw new IllegalArgumentException(leading.length + " leading vectors in R^" + d);
    }
    double[][] frame = new double[d][];
    int made = 0;
    for (double[] v : leading) {
      double[] r = residual(v, frame, made, d);
      double n = norm(r, 0, d);
      if (!(n > FRAME_INDEPENDENCE * norm(v, 0, d))) {
        throw new IllegalArgumentException("the leading vectors of a frame must be linearly independent");
      }
      scale(r, 1 / n);
      frame[made++] = r;
    }
    double threshold = 1 / Math.sqrt(d);
    for (int axis = 0; axis < d && made < d; axis++) {
      double[] e = new double[d];
      e[axis] = 1;
      double[] r = residual(e, frame, made, d);
      double n = norm(r, 0, d);
      if (n >= threshold) {
        scale(r, 1 / n);
        frame[made++] = r;
      }
    }
    // Rounding can leave an axis whose component is exactly 1/sqrt(d) just below it (leading
    // vectors such as (1, 1, 1, 1) / 2 in R^4): the frame is then completed by the axis of largest
    // component, which is at least 1/sqrt(d) up to rounding (the argument above)
    while (made < d) {
      double[] best = null;
      double bestNorm = 0;
      for (int axis = 0; axis < d; axis++) {
        double[] e = new double[d];
        e[axis] = 1;
        double[] r = residual(e, frame, made, d);
        double n = norm(r, 0, d);
        if (n > bestNorm) {
          best = r;
          bestNorm = n;
        }
      }
      scale(best, 1 / bestNorm);
      frame[made++] = best;
    }
    if (orientation != 0 && d > 0) {
      double[] flat = new double[d * d];
      for (int i = 0; i < d; i++) {
        System.arraycopy(frame[i], 0, flat, i * d, d);
      }
      if (Math.signum(determinant(flat, d)) != Math.signum(orientation)) {
        scale(frame[d - 1], -1);
      }
    }
    return frame;
  }

  /**
   * The d - 1 unit tangent vectors at the unit vector c: the frame of {@link #orthonormalFrame}
   * led by c, without c.
   */
  static double[][] tangentBasis(double[] c) {
    double[][] frame = orthonormalFrame(c.length, 0, c);
    return java.util.Arrays.copyOfRange(frame, 1, frame.length);
  }

  /**
   * Relative size under which a leading vector of a frame counts as dependent on the previous
   * ones (a numerical guard of {@link #orthonormalFrame}, far below any well-posed input).
   */
  private static final double FRAME_INDEPENDENCE = 1e-12;

  /** v minus its projection on the first {@code count} rows of the orthonormal {@code basis}, twice (stable Gram-Schmidt). */
  private static double[] residual(double[] v, double[][] basis, int count, int d) {
    double[] r = java.util.Arrays.copyOf(v, d);
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < count; j++) {
        double s = dot(r, 0, basis[j], 0, d);
        for (int k = 0; k < d; k++) {
          r[k] -= s * basis[j][k];
        }
      }
    }
    return r;
  }

  private static void scale(double[] v, double f) {
    for (int k = 0; k < v.length; k++) {
      v[k] *= f;
    }
  }

  /**
   * The rank of the rows {@code idx} of the flat row-major {@code points} (d columns), by
   * Gram-Schmidt with largest-residual pivoting: a row counts as independent when its component
   * orthogonal to those already taken exceeds {@code tol} times its own norm.
   */
  static int rank(double[] points, int[] idx, int d, double tol) {
    int n = idx.length;
    double[] work = new double[n * d];
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(points, idx[i] * d, work, i * d, d);
      norms[i] = norm(work, i * d, d);
    }
    boolean[] taken = new boolean[n];
    int rank = 0;
    while (rank < d) {
      int best = -1;
      double bestRatio = tol;
      for (int i = 0; i < n; i++) {
        if (!taken[i] && norms[i] > 0) {
          double ratio = norm(work, i * d, d) / norms[i];
          if (ratio > bestRatio) {
            bestRatio = ratio;
            best = i;
          }
        }
      }
      if (best < 0) {
        break;
      }
      taken[best] = true;
      rank++;
      double bn = norm(work, best * d, d);
      for (int i = 0; i < n; i++) {
        if (!taken[i]) {
          double s = dot(work, i * d, work, best * d, d) / (bn * bn);
          for (int k = 0; k < d; k++) {
            work[i * d + k] -= s * work[best * d + k];
          }
        }
      }
    }
    return rank;
  }
}
