package org.neuralpolytopes.geometry;

import java.math.BigInteger;

/**
 * The upper bound on the number of activation patterns of a rectifier network of Serra,
 * Tjandraatmadja and Ramalingam, "Bounding and counting linear regions of deep neural networks"
 * (ICML 2018), Theorem 1; equation (1.7) of Trimmel's thesis:
 *
 * <pre>
 *   sum over j in J of prod_{l=1..L} C(d_l, j_l),
 *   J = { j : 0 <= j_l <= min(d_0, d_1 - j_1, ..., d_{l-1} - j_{l-1}, d_l) for every l }
 * </pre>
 *
 * with d_0 = d and d_l = n. The sum runs over up to (d + 1)^L tuples, so it is evaluated by
 * dynamic programming over the running minimum m_l = min(d_0, d_1 - j_1, ..., d_l - j_l), which
 * takes values 0..d: exactly, in big integers.
 */
public final class RegionBound {

  private RegionBound() {}

  /** The bound, exactly. */
  public static BigInteger exact(int d, int layers, int units) {
    if (d < 1 || layers < 1 || units < 1) {
      throw new IllegalArgumentException("region bound needs d, layers, units >= 1");
    }
    BigInteger[] binomial = new BigInteger[units + 1];
    binomial[0] = BigInteger.ONE;
    for (int j = 1; j <= units; j++) {
      binomial[j] = binomial[j - 1].multiply(BigInteger.valueOf(units - j + 1)).divide(BigInteger.valueOf(j));
    }
    // ways[m]: the sum of products over the layers so far whose running minimum is m.
    BigInteger[] ways = new BigInteger[d + 1];
    java.util.Arrays.fill(ways, BigInteger.ZERO);
    ways[d] = BigInteger.ONE;
    for (int l = 0; l < layers; l++) {
      BigInteger[] next = new BigInteger[d + 1];
      java.util.Arrays.fill(next, BigInteger.ZERO);
      for (int m = 0; m <= d; m++) {
        if (ways[m].signum() == 0) {
          continue;
        }
        for (int j = 0; j <= Math.min(m, units); j++) {
          int after = Math.min(m, units - j);
          next[after] = next[after].add(ways[m].multiply(binomial[j]));
        }
      }
      ways = next;
    }
    BigInteger total = BigInteger.ZERO;
    for (BigInteger w : ways) {
      total = total.add(w);
    }
    return total;
  }

  /** The bound as a double: exact up to 2^53, then rounded; +Infinity beyond 1.8e308. */
  public static double of(int d, int layers, int units) {
    return exact(d, layers, units).doubleValue();
  }
}
