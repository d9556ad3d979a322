package org.neuralpolytopes.geometry;

import java.math.BigInteger;

/**
 * Upper bounds on the number of activation cells of a network of L layers of n units on d
 * inputs.
 *
 * <p><b>{@link #exact} / {@link #of}: with biases.</b> The bound on activation patterns of a
 * rectifier network with biases of Serra, Tjandraatmadja and Ramalingam, "Bounding and counting
 * linear regions of deep neural networks" (ICML 2018), Theorem 1; equation (1.7) of Trimmel's
 * thesis:
 *
 * <pre>
 *   sum over j in J of prod_{l=1..L} C(d_l, j_l),
 *   J = { j : 0 <= j_l <= min(d_0, d_1 - j_1, ..., d_{l-1} - j_{l-1}, d_l) for every l }
 * </pre>
 *
 * with d_0 = d and d_l = n. The sum runs over up to (d + 1)^L tuples, so it is evaluated by
 * dynamic programming over the running minimum m_l = min(d_0, d_1 - j_1, ..., d_l - j_l), which
 * takes values 0..d: exactly, in big integers.
 *
 * <p><b>{@link #centralExact} / {@link #central}: without biases.</b> The networks of this
 * project have no biases, so every hyperplane of every layer passes through 0 and the first
 * layer is a central arrangement. With e = min(d, n):
 *
 * <pre>
 *   central(d, L, n) = 2 sum_{i=0}^{e-1} C(n-1, i)  *  ( sum_{i=0}^{e-1} C(n, i) )^(L-1)
 * </pre>
 *
 * (d = 3, L = 1: n^2 - n + 2, i.e. 14, 58, 242 for n = 4, 8, 16). Derivation:
 *
 * <ol>
 *   <li>Everything factors through y = W_1 x in the image of W_1, of dimension r <= e. There the
 *       first layer's walls are the n coordinate hyperplanes, a central arrangement whose common
 *       intersection is {0} (essential), so its regions are pointed cones.
 *   <li>Layer 1: a central arrangement of n hyperplanes in R^r has at most
 *       C(n, r) = 2 sum_{i<r} C(n-1, i) regions, with equality in general position (Cover,
 *       "Geometrical and statistical properties of systems of linear inequalities", IEEE Trans.
 *       Electronic Computers 14, 1965, Theorem 1; Zaslavsky, "Facing up to arrangements", Mem.
 *       AMS 154, 1975); C(n, r) grows with r, so r = e bounds it. This is exact for L = 1:
 *       generic weights reach it.
 *   <li>Layer l >= 2: on a cell of the layers before, every pre-activation of layer l is linear
 *       in x (the activation pattern is fixed; |t| and relu alike), so layer l cuts the cell, a
 *       pointed convex cone, by at most n central hyperplanes. An affine hyperplane slice of a
 *       pointed cone meets every ray of it once, so the pieces of the cell are the regions of at
 *       most n affine hyperplanes in the (r - 1)-dimensional slice: at most
 *       sum_{i=0}^{r-1} C(n, i) (Buck, "Partition of space", Amer. Math. Monthly 50, 1943;
 *       Zaslavsky 1975), not the 2 sum_{i<r} C(n-1, i) of a whole space (a line through 0 cuts a
 *       planar sector at most once). The pieces are convex cones again.
 *   <li>Composing layer by layer as Serra et al. (and Montufar et al., NeurIPS 2014) do: every
 *       cell of L layers is a union of pieces, so their number is at most the product.
 * </ol>
 *
 * It bounds cells (maximal connected regions of one activation pattern, what
 * {@link LinearCells} walks) for |t| and relu networks alike. For L >= 2 it is an upper bound,
 * not a count reached by every architecture.
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

  /** The bias-free bound (see the class comment), exactly. */
  public static BigInteger centralExact(int d, int layers, int units) {
    if (d < 1 || layers < 1 || units < 1) {
      throw new IllegalArgumentException("region bound needs d, layers, units >= 1");
    }
    int e = Math.min(d, units);
    BigInteger first = BigInteger.ZERO;
    BigInteger deeper = BigInteger.ZERO;
    BigInteger below = BigInteger.ONE; // C(n - 1, i)
    BigInteger same = BigInteger.ONE; // C(n, i)
    for (int i = 0; i < e; i++) {
      first = first.add(below);
      deeper = deeper.add(same);
      below = below.multiply(BigInteger.valueOf(units - 1 - i)).divide(BigInteger.valueOf(i + 1));
      same = same.multiply(BigInteger.valueOf(units - i)).divide(BigInteger.valueOf(i + 1));
    }
    return first.shiftLeft(1).multiply(deeper.pow(layers - 1));
  }

  /** The bias-free bound as a double: exact up to 2^53, then rounded; +Infinity beyond 1.8e308. */
  public static double central(int d, int layers, int units) {
    return centralExact(d, layers, units).doubleValue();
  }
}
