package org.neuralpolytopes.net;

/**
 * a^(1/4) and a^(3/4) for a >= 0, within 5/4 of a unit in the last place, from multiplications
 * and fused multiply-adds: the root part of {@link AbsPower} for p = k + 1/4 and k + 3/4, as
 * {@link CubeRoot} is for thirds (the same method; its comment has the details). Two square roots
 * per element, as these were taken before, are two of the slowest vector instructions (about 0.2
 * ns per element each on a Zen 5, a p = 2.25 step 1.69x a p = 1 step on (3, 2, 8), where issue 16
 * asks 1.5x); this root takes none ({@code bench/RESULTS.md} section 27).
 *
 * <p>Algorithm, for a normal a (the point-wise {@link #power} scales a subnormal a by 2^64 first
 * and the root back by 2^-16 or 2^-48, both exact; 0, infinity and NaN are their own roots), with
 * u = 2^-53:
 * <ol>
 *   <li>r ~ a^(-1/4): the bits of r are {@link #MAGIC} - bits(a) / 4 (a shift), which leaves
 *       |1 - a r^4| <= 0.12351 ({@code bench/fourth_root_fit.py} found the constant).
 *   <li>Once: e = 1 - a r^4 (as (a r r)(r r): every factor a normal double for every normal a),
 *       r = r (1 + e B(e)), B a degree-3 polynomial fitted to ((1 - e)^(-1/4) - 1) / e on
 *       |e| <= 0.12351: relative error of r below 3.2e-7.
 *   <li>The residual v = a r^4 - 1 from rounded products (relative errors alpha, beta, gamma,
 *       each within u): x = a (r r r) for a^(1/4), y = a r, (y r) r for a^(3/4), then
 *       v = fma(x, r, -1) = E + alpha + beta + gamma to first order, E = a r^4 - 1 (|E| < 1.3e-6).
 *   <li>a^(1/4) = a r^3 (1 + E)^(-3/4) = x + x v (-3/4 + 21 v / 32), and a^(3/4) = a r (1 + E)^(-1/4)
 *       = y + (y_lo + y v (-1/4 + 5 v / 32)) with y + y_lo = a r exactly (a fused multiply-add),
 *       each rounded once at the last operation; the next terms are below 2^-58 u. The products'
 *       rounding enters v as well as the root and mostly cancels: x's (alpha + beta + gamma)
 *       against -3/4 of it, and for a^(3/4) -1/4 of it: a relative error within 3u/4 before the
 *       last rounding, 3/4 of an ulp.
 * </ol>
 * Accuracy: within 5/4 units in the last place of the exact root over the whole double range
 * ({@code RootPowerTest} checks it against a 60-digit reference).
 *
 * <p>The batch form ({@link AbsPower}) runs the steps as loops C2 vectorises: the estimate on
 * the bits through {@link RawBits} ({@link #signedEstimates}), the refinement, the root with the
 * products that make |t|^p and its slope; a row with a zero, subnormal, infinite or NaN element
 * (rare: training rows have none) takes {@link #power} for every element, which gives the same
 * bits for the normal ones.
 */
final class FourthRoot {

  /**
   * The bits of r ~ a^(-1/4) are MAGIC - bits(a) / 4: the constant with the least max
   * |1 - a r^4| (0.12351) over a in [1, 16), from a search near 5/4 of the bias.
   */
  static final long MAGIC = 0x4feb031217100000L;
  static final double TWO_64 = 0x1p64;

  // (1 - e)^(-1/4) = 1 + e B(e) for |e| <= 0.12351, B of degree 3 (bench/fourth_root_fit.py):
  // relative error of r (1 + e B(e)) below 3.2e-7
  static final double B0 = 0.24999761720502633;
  static final double B1 = 0.15624791416171976;
  static final double B2 = 0.11843518097623411;
  static final double B3 = 0.09630697406357334;

  // (1 + E)^(-3/4) = 1 - 3E/4 + 21E^2/32 - ..., (1 + E)^(-1/4) = 1 - E/4 + 5E^2/32 - ...
  static final double ROOT_FIRST = -3.0 / 4;
  static final double ROOT_SECOND = 21.0 / 32;
  static final double CUBE_FIRST = -1.0 / 4;
  static final double CUBE_SECOND = 5.0 / 32;

  private FourthRoot() {}

  /** Step 1: r ~ a^(-1/4) within 3.2% for a normal a >= 0. */
  static double estimate(double a) {
    return Double.longBitsToDouble(MAGIC - (Double.doubleToRawLongBits(a) >>> 2));
  }

  /** Step 2: r closer to a^(-1/4), a normal. */
  static double refine(double a, double r) {
    double rr = r * r;
    double e = Math.fma(-a * rr, rr, 1.0);
    return Math.fma(r * e, Math.fma(Math.fma(Math.fma(B3, e, B2), e, B1), e, B0), r);
  }

  /** Steps 3 and 4: a^(1/4) from a normal a and r ~ a^(-1/4) of step 2. */
  static double root(double a, double r) {
    double x = a * (r * r * r);
    double v = Math.fma(x, r, -1.0);
    return Math.fma(x, v * Math.fma(v, ROOT_SECOND, ROOT_FIRST), x);
  }

  /** Steps 3 and 4: a^(3/4) from a normal a and r ~ a^(-1/4) of step 2. */
  static double cube(double a, double r) {
    double y = a * r;
    double yLo = Math.fma(a, r, -y);
    double v = Math.fma(y * r * r, r, -1.0);
    return y + Math.fma(y, v * Math.fma(v, CUBE_SECOND, CUBE_FIRST), yLo);
  }

  /**
   * a^(-1/4) from a normal a and r ~ a^(-1/4) of step 2 (with r's sign): r (1 + v)^(-1/4) with
   * step 3's residual v, whose rounded products leave 1/4 of their error (within 3u/4) before the
   * last rounding, as in {@link #cube}. The slope of |t|^(3/4).
   */
  static double inverse(double a, double r) {
    double v = Math.fma(a * r * r * r, r, -1.0);
    return Math.fma(r, v * Math.fma(v, CUBE_SECOND, CUBE_FIRST), r);
  }

  /**
   * a^(-3/4) from a normal a and r ~ a^(-1/4) of step 2 (with r's sign), the slope of |t|^(1/4)
   * over p: r^3 (1 + v)^(-3/4) with {@link #root}'s residual and correction (in one loop with the
   * root, C2 computes them once). r^3's two roundings enter v too, and 3/4 of them cancel; the
   * rounding of a r^3 does not: a relative error within (2/4 + 3/4) u before the last rounding,
   * 7/4 ulp in all.
   */
  static double inverseCube(double a, double r) {
    double r3 = r * r * r;
    double v = Math.fma(a * r3, r, -1.0);
    return Math.fma(r3, v * Math.fma(v, ROOT_SECOND, ROOT_FIRST), r3);
  }

  /**
   * a^(j/4 - 1) for a > 0 finite or NaN and j = 1 or 3 (the slope of |t|^(j/4) over j/4):
   * {@link #inverseCube} or {@link #inverse} after the steps 1 and 2, a subnormal a scaled by 2^64
   * first (the result by 2^48 or 2^16 after, both exact).
   */
  static double lower(double a, int j) {
    if (!(a >= Double.MIN_NORMAL && a <= Double.MAX_VALUE)) {
      if (a > 0 && a < Double.MIN_NORMAL) {
        return lower(a * TWO_64, j) * (j == 1 ? 0x1p48 : 0x1p16);
      }
      return a; // NaN (0 and infinity are the caller's)
    }
    double r = refine(a, estimate(a));
    return j == 1 ? inverseCube(a, r) : inverse(a, r);
  }

  /** a^(j/4) for a >= 0 or NaN and j = 1 or 3: the batch form's steps in one, for any a. */
  static double power(double a, int j) {
    if (!(a >= Double.MIN_NORMAL && a <= Double.MAX_VALUE)) {
      if (a > 0 && a < Double.MIN_NORMAL) {
        // (a 2^64)^(j/4) = a^(j/4) 2^(16 j), a normal double: both scalings exact
        return power(a * TWO_64, j) * (j == 1 ? 0x1p-16 : 0x1p-48);
      }
      return a; // 0, infinity, NaN
    }
    double r = refine(a, estimate(a));
    return j == 1 ? root(a, r) : cube(a, r);
  }

  /**
   * Step 1 for a row, with the signs of z: h[i] = sign(z[i]) {@link #estimate}(|z[i]|) for i in
   * [0, len). Returns whether every |z[i]| is a normal finite double (if not, h is unspecified:
   * the caller takes {@link #power} for every element). With r signed as t, steps 2 to 4 on a = |t|
   * give the same magnitudes (IEEE arithmetic is symmetric in the sign: r r, a r^4 and the
   * residual are the same, the root is r's sign times the root), so the root comes out with the
   * sign of t: h = root t and g = p root need no pass for the sign. The test is a Vector API loop
   * of its own where the JVM has the module ({@link VectorDots#allNormal}, which says why), an OR
   * in this loop otherwise.
   */
  static boolean signedEstimates(double[] z, double[] h, int len) {
    RawBits.check(z, len);
    RawBits.check(h, len);
    if (LinearRows.VECTOR) {
      for (int i = 0; i < len; i++) {
        long raw = RawBits.get(z, i);
        RawBits.put(h, i, (MAGIC - ((raw & ~RawBits.SIGN_BIT) >>> 2)) | (raw & RawBits.SIGN_BIT));
      }
      return VectorDots.allNormal(z, len);
    }
    long outside = 0;
    for (int i = 0; i < len; i++) {
      long raw = RawBits.get(z, i);
      long bits = raw & ~RawBits.SIGN_BIT;
      RawBits.put(h, i, (MAGIC - (bits >>> 2)) | (raw & RawBits.SIGN_BIT));
      outside |= CubeRoot.outside(bits);
    }
    return outside >= 0;
  }
}
