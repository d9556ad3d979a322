package org.neuralpolytopes.net;

/**
 * cbrt(a)^q for a >= 0 and q = 1 or 2, rounded once from a double-double, with no call, no
 * division and no branch: the cube-root part of {@link AbsPower} for exponents p = k + q/3.
 *
 * <p>Two stages, so that the batch form can run them as two loops: {@link #mantissa} and
 * {@link #scale} split a by bit operations (which C2 does not vectorise), {@link #power} does the
 * arithmetic on the reduced argument with additions, multiplications and fused multiply-adds
 * only (which it does).
 *
 * <p>Algorithm (the range reduction as in fdlibm's {@code s_cbrt.c}, Sun Microsystems 1993; the
 * reciprocal cube root by Newton's method with the binomial series as a higher-order step, as in
 * Householder, "The Numerical Treatment of a Single Nonlinear Equation", 1970, section 4.4; exact
 * products by fused multiply-add after Dekker, "A floating-point technique for extending the
 * available precision", Numer. Math. 18, 1971):
 * <ol>
 *   <li>a = 2^(3j) m with m in [1, 8) and j an integer, by integer arithmetic on the bits (a
 *       subnormal a is scaled by 2^54 first); T = 2^j, so cbrt(a) = cbrt(m) T exactly, and
 *       cbrt(m) T is a normal double for every a > 0 (|j| <= 358). For a = 0, infinite or NaN:
 *       m = 1 and T = a.
 *   <li>r ~ m^(-1/3) by a cubic fit on [1, 8] (relative error below 0.04).
 *   <li>Twice: e = 1 - m r^3, r = r (1 + e/3 + 2e^2/9 + 14e^3/81), the binomial series of
 *       (1 - e)^(-1/3) to e^3; the relative error goes from 0.04 to 3e-5 to below 2^-52.
 *   <li>c = m r r, within a few units in the last place of cbrt(m).
 *   <li>One Newton step on c^3 = m, residual exact: c^3 = u + u_lo by two fused multiply-adds,
 *       d = (u - m) + u_lo (u - m is exact, u being within a factor 2 of m), and the correction
 *       delta = -d r^2 / 3 (r^2 standing for 1/c^2). c + delta is cbrt(m) to about 2^-100.
 *   <li>q = 1: hi = c, lo = delta; q = 2: hi = c^2, lo = (c^2 - hi) + 2 c delta.
 *   <li>Result fma(hi, T^q, lo min(T^q, 2^700)): (hi + lo) T^q rounded once, so the result is
 *       within 0.5 units in the last place and a hair of the true value; the min keeps lo's term
 *       finite for a = infinity, where the result is infinity (0 for 0, NaN for NaN).
 * </ol>
 * Accuracy: within 1 unit in the last place of the exact cbrt(a)^q over the whole double range,
 * subnormals included ({@code CubeRootTest} checks this against a 60-digit reference and against
 * {@link Math#cbrt}).
 */
final class CubeRoot {

  static final long EXPONENT_BIAS = 1023;
  static final long MANTISSA_MASK = 0x000fffffffffffffL;
  static final double TWO_54 = 0x1p54;
  /** A multiple of 3 added to the exponent so that integer division floors it (exponents >= -1077). */
  static final int EXPONENT_OFFSET = 3 * 367;

  // m^(-1/3) on [1, 8], relative error below 0.0397 (least squares in the relative error, numpy).
  static final double R0 = 0x1.2d8cd2b5c01c2p+0;
  static final double R1 = -0x1.01b2a60458055p-2;
  static final double R2 = 0x1.27359cfc8665dp-5;
  static final double R3 = -0x1.f54073e9f1b4ep-10;

  // (1 - e)^(-1/3) = 1 + e/3 + 2e^2/9 + 14e^3/81 + ...
  static final double B1 = 1.0 / 3;
  static final double B2 = 2.0 / 9;
  static final double B3 = 14.0 / 81;
  static final double MINUS_THIRD = -1.0 / 3;
  /** Above every finite T^q (2^682), below infinity: keeps lo's term finite for a = infinity. */
  static final double LOW_SCALE_LIMIT = 0x1p700;

  private CubeRoot() {}

  /** Step 1: m in [1, 8) with a = 2^(3j) m; 1 for a = 0, infinite or NaN. */
  static double mantissa(double a) {
    boolean subnormal = a < Double.MIN_NORMAL;
    long bits = Double.doubleToRawLongBits(subnormal ? a * TWO_54 : a);
    int e = (int) (bits >>> 52) - (int) EXPONENT_BIAS - (subnormal ? 54 : 0);
    int j = (e + EXPONENT_OFFSET) / 3 - EXPONENT_OFFSET / 3;
    double m = Double.longBitsToDouble((bits & MANTISSA_MASK) | ((e - 3L * j + EXPONENT_BIAS) << 52));
    return special(a) ? 1.0 : m;
  }

  /** Step 1: T = 2^j with a = 2^(3j) m; a itself for a = 0, infinite or NaN. */
  static double scale(double a) {
    boolean subnormal = a < Double.MIN_NORMAL;
    long bits = Double.doubleToRawLongBits(subnormal ? a * TWO_54 : a);
    int e = (int) (bits >>> 52) - (int) EXPONENT_BIAS - (subnormal ? 54 : 0);
    long j = (e + EXPONENT_OFFSET) / 3 - EXPONENT_OFFSET / 3;
    double t = Double.longBitsToDouble((j + EXPONENT_BIAS) << 52);
    return special(a) ? a : t;
  }

  /** Whether a is 0, infinite or NaN. */
  private static boolean special(double a) {
    return !(a < Double.POSITIVE_INFINITY) || a == 0;
  }

  /** Steps 2-7: cbrt(m T^3)^q for q = 1 or 2, from {@link #mantissa} m and {@link #scale} T. */
  static double power(double m, double t, int q) {
    double r = Math.fma(Math.fma(Math.fma(R3, m, R2), m, R1), m, R0);
    double e = Math.fma(-m * r, r * r, 1.0);
    r = Math.fma(r * e, Math.fma(Math.fma(B3, e, B2), e, B1), r);
    e = Math.fma(-m * r, r * r, 1.0);
    r = Math.fma(r * e, Math.fma(Math.fma(B3, e, B2), e, B1), r);
    double c = m * r * r;
    double cc = c * c;
    double ccLo = Math.fma(c, c, -cc);
    double u = cc * c;
    double uLo = Math.fma(ccLo, c, Math.fma(cc, c, -u));
    double d = (u - m) + uLo;
    double delta = d * (r * r * MINUS_THIRD);
    double hi = q == 1 ? c : cc;
    double lo = q == 1 ? delta : Math.fma(2 * c, delta, ccLo);
    double tq = q == 1 ? t : t * t;
    return Math.fma(hi, tq, lo * Math.min(tq, LOW_SCALE_LIMIT));
  }

  /** cbrt(a)^q for a >= 0 (NaN for NaN). */
  static double power(double a, int q) {
    return power(mantissa(a), scale(a), q);
  }
}
