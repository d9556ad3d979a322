package org.neuralpolytopes.net;

/**
 * cbrt(a)^q for a >= 0 and q = 1 or 2, within 7/6 of a unit in the last place, with no call, no
 * division and no branch other than selections: the cube-root part of {@link AbsPower} for
 * p = k + q/3.
 *
 * <p>Written as small functions so that the batch form can run them as a few loops:
 * {@link #estimates} works on the bits of a row through {@link RawBits} (vectorised; the one
 * division it needs, by 3, by {@link #third}, one multiplication, since C2 does not vectorise
 * {@link Math#multiplyHigh}); for a row of normal numbers {@link #signedEstimates} also carries the
 * signs through, so that no later loop needs |t| or a clamp (its test of the row for zeros,
 * subnormals, infinities and NaN is a Vector API loop of its own where the JVM has the module,
 * {@link VectorDots#allNormal}, which says why); the refinement runs as one loop, and the root as
 * another. C2 vectorises each of those loops, but not one loop of the whole iteration
 * (measured 5-7 ns per element for the earlier exact root, scalar; this root's shorter correction
 * in one loop with the refinement is vectorised, and about 6% slower than two).
 *
 * <p>Algorithm (the initial estimate from the bits as in fdlibm's {@code s_cbrt.c}, Sun
 * Microsystems 1993, for the reciprocal root as in Moroz et al., "Fast calculation of cube and
 * inverse cube roots using a magic constant and its implementation on microcontrollers",
 * Energies 14, 2021). Let c = min(a, Double.MAX_VALUE) (so infinity is computed as the largest
 * double, and set right by the caller), and u = 2^-53:
 * <ol>
 *   <li>r ~ c^(-1/3): the bits of r are {@link #MAGIC} - bits(c) / 3 (|1 - c r^3| <= 0.10204); a
 *       subnormal c is scaled by 2^54 first and r by 2^18 after. (On the bits of a itself: an
 *       infinite a gets the estimate of 2^1024, a NaN some positive double.)
 *   <li>Once: e = 1 - c r^3 (as (c r)(r r), both normal for every c), then r = r (1 + e A(e)),
 *       A a degree-3 polynomial fitted to ((1 - e)^(-1/3) - 1) / e on |e| <= 0.10205
 *       ({@code bench/cube_root_fit.py}): the relative error of r goes to below 1.9e-7.
 *   <li>The residual v = c r^3 - 1 from rounded products: y = c r, w = y r (each rounded, relative
 *       errors a and b, |a|, |b| <= u), v = fma(w, r, -1) = E + a + b to first order, where
 *       E = c r^3 - 1 (|E| < 5.6e-7). Every term is a normal double for every c in
 *       [2^-1074, Double.MAX_VALUE] (y >= 2^-716, w >= 2^-358), so no range reduction is needed.
 *   <li>cbrt(c) = c r^2 (1 + E)^(-2/3) and cbrt(c)^2 = c r (1 + E)^(-1/3), the powers of 1 + v to
 *       second order (1 - 2v/3 + 5v^2/9 and 1 - v/3 + 2v^2/9; the next term is below 1e-19):
 *       cbrt(c) = w + w v (-2/3 + 5v/9), cbrt(c)^2 = y + (y_lo + y v (-1/3 + 2v/9)) with
 *       y + y_lo = c r exactly (a fused multiply-add), each rounded once at the last operation.
 *       The rounding of the products enters v as well as the root, and mostly cancels:
 *       w (1 + a + b)(1 - 2(a + b)/3) leaves a relative error (a + b) / 3, and the exact y + y_lo
 *       -(a + b) / 3, both within 2u/3, that is 2/3 of an ulp, before the last rounding.
 * </ol>
 * Accuracy: within 7/6 units in the last place of the exact cbrt(a)^q over the whole double
 * range, subnormals included ({@code RootPowerTest} checks this against a 60-digit reference and
 * against {@link Math#cbrt}; measured at most 0.87 ulp over 400 000 random arguments, 89% of them
 * correctly rounded). Until 2026-11 this class took the exact residual by Dekker's products and
 * rounded once from a value good to 2^-75 (within 0.5 ulp): six more multiply-adds per element, and
 * a p = 4/3 step 1.56x and 1.71x a p = 1 step on (3, 1, 4) and (3, 2, 8) instead of 1.25x and 1.46x
 * (1.25x and 1.33x with {@link VectorDots#allNormal} too; a Zen 5; issue 16 asks 1.5x with
 * ulp-level accuracy; {@code bench/RESULTS.md}, section 26).
 * cbrt(0) = 0; cbrt(NaN) = NaN; cbrt(infinity) comes out as cbrt(Double.MAX_VALUE), which the
 * caller turns into infinity with {@link #infinite}.
 */
final class CubeRoot {

  /**
   * The bits of r ~ c^(-1/3) are MAGIC - bits(c) / 3: the constant with the least
   * max |1 - c r^3| (0.10203) over c in [1, 8), found by a numpy search near 4/3 of the bias.
   */
  static final long MAGIC = 0x553ee96251eb851fL;
  static final double TWO_54 = 0x1p54;
  /** (2^32 - 1) / 3. */
  static final long THIRD_OF_2_32 = 0x55555555L;
  /** The bits of Double.MIN_NORMAL: a non-negative double's bits are below it when it is 0 or subnormal. */
  static final long MIN_NORMAL_BITS = Double.doubleToRawLongBits(Double.MIN_NORMAL);
  /** The bits of Double.MAX_VALUE: a non-negative double's bits are above them when it is infinite or NaN. */
  static final long MAX_VALUE_BITS = Double.doubleToRawLongBits(Double.MAX_VALUE);
  /** (2^54)^(1/3): the estimate for a subnormal a is that for a 2^54, times 2^18. */
  static final double TWO_18 = 0x1p18;

  // (1 - e)^(-1/3) = 1 + e A(e) for |e| <= 0.10205, A of degree 3 fitted by mpmath's chebyfit
  // (bench/cube_root_fit.py): relative error of r (1 + e A(e)) below 1.9e-7 over that range
  static final double A0 = 0.33333162675474487;
  static final double A1 = 0.2222207048648423;
  static final double A2 = 0.1741490955243667;
  static final double A3 = 0.1451972691125126;

  // (1 + E)^(-2/3) = 1 - 2E/3 + 5E^2/9 - ..., (1 + E)^(-1/3) = 1 - E/3 + 2E^2/9 - ...
  static final double ROOT_FIRST = -2.0 / 3;
  static final double ROOT_SECOND = 5.0 / 9;
  static final double SQUARE_FIRST = -1.0 / 3;
  static final double SQUARE_SECOND = 2.0 / 9;

  private CubeRoot() {}

  /** The first-order coefficient of step 4's correction for cbrt(a)^q: -2/3 for q = 1, -1/3 for q = 2. */
  static double residualFirst(int q) {
    return q == 1 ? ROOT_FIRST : SQUARE_FIRST;
  }

  /** The second-order coefficient of step 4's correction for cbrt(a)^q: 5/9 for q = 1, 2/9 for q = 2. */
  static double residualSecond(int q) {
    return q == 1 ? ROOT_SECOND : SQUARE_SECOND;
  }

  /**
   * Step 1: r ~ a^(-1/3) within 3.5% for a >= 0 (finite and positive for 0, infinity and NaN too).
   */
  static double estimate(double a) {
    boolean subnormal = a < Double.MIN_NORMAL;
    long bits = Double.doubleToRawLongBits(subnormal ? a * TWO_54 : a);
    double r = Double.longBitsToDouble(MAGIC - third(bits));
    return subnormal ? r * TWO_18 : r;
  }

  /**
   * b / 3 for 0 <= b < 2^63 to within 2^31 (below it: b / 3 - 2^31 < third(b) <= b / 3), from one
   * multiplication C2 vectorises on longs ({@link Math#multiplyHigh} it does not): floor(b / 2^30)
   * times floor(2^32 / 3) (a product below 2^64), divided by 4. The estimate needs b / 3 to about
   * 2^-21 of the 2^52 that one unit of the exponent spans; an error of 2^31 in the bits of r
   * changes r by at most 2^-21 relative.
   */
  static long third(long b) {
    return ((b >>> 30) * THIRD_OF_2_32) >>> 2;
  }

  /**
   * Step 1 for a row: h[i] = {@link #estimate}(|z[i]|) for i in [0, len), the same bits. One
   * vectorised loop on the bits for every element; the rare zero or subnormal |z[i]| (which
   * {@link #estimate} scales) are then recomputed by {@link #estimate}.
   */
  static void estimates(double[] z, double[] h, int len) {
    RawBits.check(z, len);
    RawBits.check(h, len);
    long belowNormal = 0;
    for (int i = 0; i < len; i++) {
      long bits = RawBits.get(z, i) & ~RawBits.SIGN_BIT;
      RawBits.put(h, i, MAGIC - third(bits));
      belowNormal |= bits - MIN_NORMAL_BITS;
    }
    if (belowNormal < 0) {
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        if (a < Double.MIN_NORMAL) {
          h[i] = estimate(a);
        }
      }
    }
  }

  /**
   * Step 1 for a row of normal numbers, with the signs of z: h[i] = sign(z[i]) {@link #estimate}(|z[i]|)
   * for i in [0, len), the same magnitudes. Returns whether every |z[i]| is a normal finite
   * double; if not, h is unspecified (the caller takes {@link #estimates} instead). With c = z[i]
   * and r = h[i] signed alike, steps 2 and 3 compute the same magnitudes as with |z[i]| and |h[i]|
   * (every product c r, r r, y r is taken of operands of equal or known signs, and IEEE arithmetic
   * is symmetric in the sign), and step 4 gives the root with the sign of z[i]: a loop needs
   * neither |z[i]| nor {@link #clamp}, and p sign(t) B is p times the signed root.
   */
  static boolean signedEstimates(double[] z, double[] h, int len) {
    if (!LinearRows.VECTOR) {
      return checkedSignedEstimates(z, h, len);
    }
    RawBits.check(z, len);
    RawBits.check(h, len);
    for (int i = 0; i < len; i++) {
      long raw = RawBits.get(z, i);
      RawBits.put(h, i, (MAGIC - third(raw & ~RawBits.SIGN_BIT)) | (raw & RawBits.SIGN_BIT));
    }
    // the test in a loop of its own, by the Vector API: see there why
    return VectorDots.allNormal(z, len);
  }

  /** {@link #signedEstimates} with the test in the same loop: without the Vector API. */
  static boolean checkedSignedEstimates(double[] z, double[] h, int len) {
    RawBits.check(z, len);
    RawBits.check(h, len);
    long outside = 0;
    for (int i = 0; i < len; i++) {
      long raw = RawBits.get(z, i);
      long bits = raw & ~RawBits.SIGN_BIT;
      RawBits.put(h, i, (MAGIC - third(bits)) | (raw & RawBits.SIGN_BIT));
      outside |= outside(bits);
    }
    return outside >= 0;
  }

  /** Negative exactly when bits (a magnitude's) are below the smallest normal's or above the largest double's. */
  static long outside(long bits) {
    return (bits - MIN_NORMAL_BITS) | (MAX_VALUE_BITS - bits);
  }

  /** c = min(a, Double.MAX_VALUE), the argument of steps 2-4. */
  static double clamp(double a) {
    return Math.min(a, Double.MAX_VALUE);
  }

  /** Step 2: r closer to c^(-1/3), c from {@link #clamp}. */
  static double refine(double c, double r) {
    double e = Math.fma(-c * r, r * r, 1.0);
    return Math.fma(r * e, Math.fma(Math.fma(Math.fma(A3, e, A2), e, A1), e, A0), r);
  }

  /**
   * Steps 3 and 4: cbrt(c) (q = 1) from c and r ~ c^(-1/3) of step 2, c from {@link #clamp}, or
   * both of the same sign (the root then has the sign of c); first and second are
   * {@link #residualFirst} and {@link #residualSecond} of 1.
   */
  static double root(double c, double r, double first, double second) {
    double w = c * r * r;
    double v = Math.fma(w, r, -1.0);
    return Math.fma(w, v * Math.fma(v, second, first), w);
  }

  /**
   * Steps 3 and 4: cbrt(c)^2 (q = 2) from c and r ~ c^(-1/3) of step 2, c from {@link #clamp}, or
   * both of the same sign (the square then has the sign of c); first and second are
   * {@link #residualFirst} and {@link #residualSecond} of 2.
   */
  static double square(double c, double r, double first, double second) {
    double v = Math.fma(c * r * r, r, -1.0);
    double magnitude = Math.abs(r);
    double y = c * magnitude;
    double yLo = Math.fma(c, magnitude, -y);
    return y + Math.fma(y, v * Math.fma(v, second, first), yLo);
  }

  /** 0 with the sign of t for finite t, t for infinite t, NaN for NaN: added to fix up infinity. */
  static double infinite(double t) {
    return t * Double.MIN_VALUE * Double.MIN_VALUE;
  }

  /** cbrt(a)^q for a >= 0 (a = +infinity: the value for Double.MAX_VALUE), the batch form's steps in one. */
  static double power(double a, int q) {
    double c = clamp(a);
    double r = refine(c, estimate(a));
    return q == 1 ? root(c, r, ROOT_FIRST, ROOT_SECOND) : square(c, r, SQUARE_FIRST, SQUARE_SECOND);
  }
}
