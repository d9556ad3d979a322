package org.neuralpolytopes.geometry;

/**
 * The volume of the polar of a finite point set V in d = 2 or 3: (conv V)° = {y : v . y <= 1 for
 * every v in V}, a convex polytope given by its half-spaces. Each half-space's boundary
 * (the hyperplane v . y = 1) is cut down to the body's facet on it by clipping a large square
 * (d = 3; a segment in d = 2) against every other half-space (Sutherland and Hodgman 1974); the
 * volume is the sum over facets of area x (distance 1/|v| of the hyperplane from the origin) / d,
 * the pyramids from the origin. Exact up to rounding, with no hull computation: a redundant
 * half-space clips its facet away to nothing.
 *
 * <p>The clipping starts from a square (segment) of half-width {@code bound}; a facet that still
 * touches it means the bound was too small, and it is doubled until none does (the polar is
 * unbounded, NaN, when the origin is not inside conv V).
 *
 * <p>Two points give the same hyperplane when they agree to {@link Tolerances#incidence()}
 * relative to their length (the facet is then counted once); a hyperplane is parallel to a
 * direction of another's when its normal's component along it is at most that fraction of its
 * length.
 */
final class HalfspaceVolume {

  private static final int MAX_DOUBLINGS = 40;

  private HalfspaceVolume() {}

  /** As {@link #polarVolume(double[][], double, double)} with the default incidence tolerance. */
  static double polarVolume(double[][] v, double bound) {
    return polarVolume(v, bound, Tolerances.DEFAULT.incidence(), Deadline.NONE, null);
  }

  /**
   * vol((conv V)°) for points V in R^2 or R^3; {@code bound}: a first guess of its circumradius;
   * {@code incidence}: the relative tolerance of "same hyperplane" ({@link Tolerances#incidence()});
   * {@code deadline} is checked (as {@code stage}) before each point's facet.
   */
  static double polarVolume(double[][] v, double bound, double incidence, Deadline deadline, String stage) {
    int d = v[0].length;
    if (d != 2 && d != 3) {
      throw new IllegalArgumentException("the clipping volume is for d = 2, 3, not " + d);
    }
    double b = bound;
    for (int attempt = 0; attempt <= MAX_DOUBLINGS; attempt++, b *= 2) {
      double volume = 0;
      boolean touches = false;
      for (int i = 0; i < v.length && !touches; i++) {
        deadline.check(stage);
        double norm2 = Linear.dot(v[i], v[i]);
        if (!(norm2 > 0)) {
          continue;
        }
        double measure = d == 2 ? segment(v, i, norm2, b, incidence) : polygon(v, i, norm2, b, incidence);
        touches = Double.isNaN(measure);
        volume += measure / Math.sqrt(norm2) / d;
      }
      if (!touches) {
        return volume;
      }
    }
    return Double.NaN;
  }

  /** Length of the facet of (conv V)° on the line v_i . y = 1. */
  private static double segment(double[][] v, int i, double norm2, double bound, double same) {
    double[] c = {v[i][0] / norm2, v[i][1] / norm2};
    double inv = 1 / Math.sqrt(norm2);
    double[] e = {-v[i][1] * inv, v[i][0] * inv};
    double lo = -bound;
    double hi = bound;
    for (int j = 0; j < v.length && lo < hi; j++) {
      if (j == i) {
        continue;
      }
      // v_j . (c + s e) <= 1  <=>  a s <= b
      double a = v[j][0] * e[0] + v[j][1] * e[1];
      double b = 1 - (v[j][0] * c[0] + v[j][1] * c[1]);
      if (Math.abs(a) < same * Math.sqrt(Linear.dot(v[j], v[j]))) {
        if (b < -same || (b <= same && j < i)) {
          return 0; // a parallel line nearer the origin, or the same line counted at j
        }
      } else if (a > 0) {
        hi = Math.min(hi, b / a);
      } else {
        lo = Math.max(lo, b / a);
      }
    }
    if (lo < hi && (hi == bound || lo == -bound)) {
      return Double.NaN; // still on the initial segment: the bound was too small
    }
    return Math.max(0, hi - lo);
  }

  /** Area of the facet of (conv V)° on the plane v_i . y = 1. */
  private static double polygon(double[][] v, int i, double norm2, double bound, double same) {
    double[] c = {v[i][0] / norm2, v[i][1] / norm2, v[i][2] / norm2};
    double[] n = v[i].clone();
    Linear.normalise(n);
    double[][] e = Linear.tangentBasis(n);
    // the polygon in plane coordinates (s, t): y = c + s e0 + t e1
    double[] s = new double[Math.max(8, 2 * v.length + 8)];
    double[] t = new double[s.length];
    double[] s2 = new double[s.length];
    double[] t2 = new double[s.length];
    int m = 4;
    s[0] = -bound;
    t[0] = -bound;
    s[1] = bound;
    t[1] = -bound;
    s[2] = bound;
    t[2] = bound;
    s[3] = -bound;
    t[3] = bound;
    for (int j = 0; j < v.length && m > 0; j++) {
      if (j == i) {
        continue;
      }
      double a = Linear.dot(v[j], e[0]);
      double b = Linear.dot(v[j], e[1]);
      double rhs = 1 - Linear.dot(v[j], c);
      if (Math.abs(a) + Math.abs(b) < same * Math.sqrt(Linear.dot(v[j], v[j])) && Math.abs(rhs) <= same && j < i) {
        return 0; // the same plane: its facet is counted at j
      }
      // keep a s + b t <= rhs
      int k = 0;
      for (int q = 0; q < m; q++) {
        int r = (q + 1) % m;
        double fq = a * s[q] + b * t[q] - rhs;
        double fr = a * s[r] + b * t[r] - rhs;
        if (fq <= 0) {
          s2[k] = s[q];
          t2[k] = t[q];
          k++;
        }
        if ((fq < 0 && fr > 0) || (fq > 0 && fr < 0)) {
          double x = fq / (fq - fr);
          s2[k] = s[q] + x * (s[r] - s[q]);
          t2[k] = t[q] + x * (t[r] - t[q]);
          k++;
        }
      }
      double[] swap = s;
      s = s2;
      s2 = swap;
      swap = t;
      t = t2;
      t2 = swap;
      m = k;
    }
    double area = 0;
    for (int q = 0; q < m; q++) {
      if (Math.abs(s[q]) == bound || Math.abs(t[q]) == bound) {
        return Double.NaN; // still on the initial square: the bound was too small
      }
      int r = (q + 1) % m;
      area += s[q] * t[r] - s[r] * t[q];
    }
    return Math.abs(area) / 2;
  }
}
