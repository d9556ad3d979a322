package org.neuralpolytopes.census;

/**
 * Second-order jets in m variables: a value, its gradient and its Hessian, the truncated Taylor
 * polynomial v + g.h + h'Hh/2 of a function of the weights at the current point (forward-mode
 * automatic differentiation of second order; Griewank and Walther, "Evaluating derivatives",
 * 2nd ed., SIAM 2008, chapter 13). Arithmetic on jets is exact differentiation, not finite
 * differences.
 *
 * <p>A jet is {@link #size()} consecutive doubles of a flat array: the value, the m gradient
 * entries, then the Hessian's upper triangle row by row (entries (r, s), r <= s). A polynomial in
 * x whose coefficients are jets is a flat array of jets, one per monomial.
 */
final class Jets {

  private final int m;
  private final int size;

  Jets(int variables) {
    this.m = variables;
    this.size = 1 + variables + variables * (variables + 1) / 2;
  }

  int variables() {
    return m;
  }

  /** Doubles per jet. */
  int size() {
    return size;
  }

  /** Offset within a jet of Hessian entry (r, s), r <= s. */
  int hessian(int r, int s) {
    return 1 + m + r * m - r * (r - 1) / 2 + (s - r);
  }

  /** out[o..] += a[ia..] * b[ib..] (product rule to second order). */
  void multiplyAdd(double[] a, int ia, double[] b, int ib, double[] out, int o) {
    double av = a[ia];
    double bv = b[ib];
    out[o] += av * bv;
    int ga = ia + 1;
    int gb = ib + 1;
    int go = o + 1;
    for (int r = 0; r < m; r++) {
      out[go + r] += av * b[gb + r] + bv * a[ga + r];
    }
    int h = 1 + m;
    for (int r = 0; r < m; r++) {
      double ar = a[ga + r];
      double br = b[gb + r];
      for (int s = r; s < m; s++) {
        out[o + h] += av * b[ib + h] + bv * a[ia + h] + ar * b[gb + s] + br * a[ga + s];
        h++;
      }
    }
  }

  /** out[o..] += c * a[ia..]. */
  void scaleAdd(double c, double[] a, int ia, double[] out, int o) {
    for (int k = 0; k < size; k++) {
      out[o + k] += c * a[ia + k];
    }
  }

  /**
   * The product of two polynomials with jet coefficients, by a product table of their monomials:
   * out (cleared first, {@code outTerms} monomials) = p * q.
   */
  void multiply(double[] p, int pTerms, double[] q, int qTerms, int[][] table, double[] out, int outTerms) {
    java.util.Arrays.fill(out, 0, outTerms * size, 0);
    for (int i = 0; i < pTerms; i++) {
      for (int j = 0; j < qTerms; j++) {
        multiplyAdd(p, i * size, q, j * size, out, table[i][j] * size);
      }
    }
  }

  /** out (cleared first) = p^2, with each cross product formed once. */
  void square(double[] p, int terms, int[][] table, double[] out, int outTerms) {
    java.util.Arrays.fill(out, 0, outTerms * size, 0);
    double[] twice = new double[size];
    for (int i = 0; i < terms; i++) {
      multiplyAdd(p, i * size, p, i * size, out, table[i][i] * size);
      if (i + 1 < terms) {
        java.util.Arrays.fill(twice, 0);
        scaleAdd(2, p, i * size, twice, 0);
        for (int j = i + 1; j < terms; j++) {
          multiplyAdd(twice, 0, p, j * size, out, table[i][j] * size);
        }
      }
    }
  }
}
