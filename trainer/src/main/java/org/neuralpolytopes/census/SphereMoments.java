package org.neuralpolytopes.census;

/**
 * Moments of the uniform distribution on S^{d-1}: for a multi-index gamma of total degree 2k,
 *
 * <pre>
 *   E[x^gamma] = prod_i (gamma_i - 1)!!  /  (d (d + 2) ... (d + 2k - 2))
 * </pre>
 *
 * when every gamma_i is even, and 0 otherwise (Folland, "How to integrate a polynomial over a
 * sphere", Amer. Math. Monthly 108, 2001, Theorem; equivalently the Gaussian moment
 * prod_i (gamma_i - 1)!! divided by E|g|^{2k} = d (d + 2) ... (d + 2k - 2), since x = g/|g| is
 * independent of |g|). Every factor is formed as a ratio of small integers, so a moment of degree
 * 64 is exact to a few units in the last place.
 */
final class SphereMoments {

  private SphereMoments() {}

  /** E[x^gamma] over the uniform sphere in R^d. */
  static double moment(int d, int[] gamma) {
    int half = 0;
    for (int g : gamma) {
      if ((g & 1) != 0) {
        return 0;
      }
      half += g / 2;
    }
    // prod_i (gamma_i - 1)!! over prod_{j<half} (d + 2j), interleaved to stay near 1.
    double m = 1;
    int j = 0;
    for (int g : gamma) {
      for (int odd = 1; odd < g; odd += 2) {
        m = m * odd / (d + 2.0 * j);
        j++;
      }
    }
    return m;
  }

  /** The moments of every monomial of {@code monomials}. */
  static double[] moments(Monomials monomials) {
    double[] m = new double[monomials.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = moment(monomials.dimension(), monomials.exponent(i));
    }
    return m;
  }

  /**
   * The Gram matrix of the monomials of {@code monomials} in L^2 of the sphere, row-major:
   * G[a][b] = E[x^alpha_a x^alpha_b].
   */
  static double[] gram(Monomials monomials) {
    int n = monomials.size();
    int d = monomials.dimension();
    double[] g = new double[n * n];
    int[] sum = new int[d];
    for (int a = 0; a < n; a++) {
      for (int b = a; b < n; b++) {
        for (int k = 0; k < d; k++) {
          sum[k] = monomials.exponent(a)[k] + monomials.exponent(b)[k];
        }
        double v = moment(d, sum);
        g[a * n + b] = v;
        g[b * n + a] = v;
      }
    }
    return g;
  }
}
