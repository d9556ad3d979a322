package org.neuralpolytopes.census;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monomials x^alpha of one degree k in d variables, in a fixed order (descending
 * lexicographic in alpha: x_1^k first), with their index and the product table between two
 * degrees. There are C(k + d - 1, d - 1) of them. Immutable.
 */
final class Monomials {

  private final int d;
  private final int degree;
  private final int[][] exponents;
  private final Map<Long, Integer> index = new HashMap<>();

  private Monomials(int d, int degree) {
    this.d = d;
    this.degree = degree;
    List<int[]> list = new ArrayList<>();
    enumerate(new int[d], 0, degree, list);
    this.exponents = list.toArray(new int[0][]);
    for (int i = 0; i < exponents.length; i++) {
      index.put(key(exponents[i]), i);
    }
  }

  static Monomials of(int d, int degree) {
    if (d < 1 || degree < 0) {
      throw new IllegalArgumentException("monomials need d >= 1 and degree >= 0");
    }
    return new Monomials(d, degree);
  }

  /** How many monomials of degree k in d variables: C(k + d - 1, d - 1), saturating at Long.MAX_VALUE. */
  static long count(int d, int degree) {
    double c = 1;
    for (int i = 1; i < d; i++) {
      c = c * (degree + i) / i;
    }
    return c >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(c);
  }

  private static void enumerate(int[] alpha, int position, int left, List<int[]> out) {
    if (position == alpha.length - 1) {
      alpha[position] = left;
      out.add(alpha.clone());
      return;
    }
    for (int e = left; e >= 0; e--) {
      alpha[position] = e;
      enumerate(alpha, position + 1, left - e, out);
    }
  }

  private static long key(int[] alpha) {
    long k = 0;
    for (int e : alpha) {
      k = k * 1_000_003L + e;
    }
    return k;
  }

  int dimension() {
    return d;
  }

  int degree() {
    return degree;
  }

  int size() {
    return exponents.length;
  }

  /** The exponent vector of monomial i (shared; do not modify). */
  int[] exponent(int i) {
    return exponents[i];
  }

  /** The index of x^alpha, which must have this degree. */
  int indexOf(int[] alpha) {
    Integer i = index.get(key(alpha));
    if (i == null) {
      throw new IllegalArgumentException("not a monomial of degree " + degree);
    }
    return i;
  }

  /**
   * The product table with {@code other}: entry [i][j] is the index in {@code product} (of degree
   * this + other) of x^alpha_i x^beta_j.
   */
  int[][] productTable(Monomials other, Monomials product) {
    int[][] table = new int[size()][other.size()];
    int[] sum = new int[d];
    for (int i = 0; i < size(); i++) {
      for (int j = 0; j < other.size(); j++) {
        for (int k = 0; k < d; k++) {
          sum[k] = exponents[i][k] + other.exponents[j][k];
        }
        table[i][j] = product.indexOf(sum);
      }
    }
    return table;
  }

  /** The multinomial coefficient k! / prod_i alpha_i! of monomial i. */
  double multinomial(int i) {
    double c = 1;
    int n = 0;
    for (int e : exponents[i]) {
      for (int t = 1; t <= e; t++) {
        n++;
        c = c * n / t;
      }
    }
    return c;
  }
}
