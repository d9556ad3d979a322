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
