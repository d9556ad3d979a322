package org.neuralpolytopes.net;

/**
 * |t|^p and its slope p sign(t) |t|^(p-1) for a real exponent p, from one logarithm per element
 * shared by the value and the slope, with nothing but additions, multiplications, fused
 * multiply-adds, one division each for the value and the slope, and bit operations: no table, no
 * call, no branch that depends on t except selections.
 *
 * <p>Why not {@link Math#pow}: it is a call per element that C2 does not vectorise (the p = 4/3
 * grid trained 4-5x slower than p = 1.5). Why not the Vector API's {@code VectorOperators.POW}:
 * HotSpot backs it with Intel's SVML, whose results differ in the last bit from any scalar Java
 * function, so a run would give other weights with the module than without it. This kernel is
 * written twice, here for one element and in {@link VectorLogExpPower} for a vector of them, with
 * the same IEEE operations in the same order in each lane: the two give the same bits on every
 * machine, whatever the vector width.
 *
 * <p>Algorithm (after fdlibm's {@code e_log.c} and {@code e_exp.c}, Sun Microsystems 1993, and
 * the double-double technique of Dekker, "A floating-point technique for extending the available
 * precision", Numer. Math. 18, 1971):
 * <ol>
 *   <li>a = |t|; a subnormal a is scaled by 2^54 first (exponent corrected by -54).
 *   <li>Split a = 2^k m with m in [sqrt(1/2), sqrt(2)) by integer arithmetic on the bits;
 *       k is made a double by the 1.5 * 2^52 trick (exact, no conversion instruction).
 *   <li>log m = log(1 + f) = 2s + s R(s^2), s = f / (2 + f), |s| <= 0.1716, with fdlibm's
 *       degree-7 polynomial R (error below 2^-58.45). s is kept as s_hi + s_lo: the remainder
 *       f - s_hi (2 + f) is exact by a fused multiply-add, and s_lo = remainder / (2 + f) needs
 *       only a few correct bits, so 1 / (2 + f) is taken as 1/2 - f/4; s_lo enters log m through
 *       the derivative of 2s + s R, 2 + 3R to first order.
 *   <li>L = log a = k ln2 + log m as a normalised double-double (ln2 split into a 32-bit head,
 *       so k ln2_hi is exact; two fast two-sums).
 *   <li>w = p L as a double-double (exact product by fused multiply-add).
 *   <li>exp(w) = 2^n exp(r), n = round(w / ln2), r = w - n ln2 (|r| <= 0.347) as a normalised
 *       double-double r_hi + r_lo (n ln2_lo is not small when n is large: a fast two-sum);
 *       exp(r) = 1 + (r_hi + (r_hi^2 Q(r_hi) + r_lo (1 + r_hi))) with Q a degree-9 Chebyshev fit
 *       of (e^r - 1 - r) / r^2 on [-0.3467, 0.3467] (absolute error below 2^-56).
 *   <li>Value: h = exp(r) 2^n; slope: g = p (exp(r) / m) 2^(n - k) with the sign of t, so that
 *       neither over- nor underflows before the true result does. Both scalings by 2^e are done
 *       in two exact halves (2^floor(e/2) 2^ceil(e/2), e clamped to +-2000), so that a subnormal
 *       or infinite result is rounded once.
 *   <li>t = 0, +-infinity or NaN are selected at the end: h = |t|; g = +0 at +-0, g = NaN for NaN,
 *       and at infinity g = +-infinity for p > 1, +-0 for p < 1.
 * </ol>
 * Accuracy: within 2 units in the last place of {@code Math.pow} for the value and 3 for the
 * slope over the whole double range ({@code LogExpPowerTest} checks this); the same kernel serves
 * {@link AbsPower#value} and {@link AbsPower#derivative}, so the point-wise network and the batch
 * pass agree to the bit.
 *
 * <p>Valid for {@link #MIN_P} <= p <= {@link #MAX_P} (the scalings above stay exact there);
 * {@link AbsPower} uses {@code Math.pow} outside.
 */
final class LogExpPower {

  /** Smallest exponent this kernel takes (p (e^r / m) 2^1000 must stay a normal double). */
  static final double MIN_P = 0x1p-10;
  /** Largest exponent this kernel takes (p ln(Double.MAX_VALUE) / ln2 must stay far below 2^21). */
  static final double MAX_P = 1024;

  static final long SIGN_BIT = 0x8000000000000000L;
  static final double TWO_54 = 0x1p54;
  /** The bits of sqrt(1/2): subtracting them puts the mantissa in [sqrt(1/2), sqrt(2)). */
  static final long SQRT_HALF_BITS = 0x3fe6a09e667f3bcdL;
  /** 1.5 * 2^52: x + SHIFT - SHIFT rounds x to an integer, whose bits sit in the low mantissa. */
  static final double SHIFT = 0x1.8p52;
  static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
  /** ln2 = LN2_HI + LN2_LO, LN2_HI with 32 significant bits (fdlibm). */
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  static final double INV_LN2 = 1.44269504088896338700e+00;
  /** The exponent of a final scaling by 2^e is clamped to +-this (beyond it the result is 0 or infinite). */
  static final long SCALE_LIMIT = 2000;

  // fdlibm e_log.c: log(1+f) = 2s + s R(s^2), |R - (log(1+f) - 2s)/s| <= 2^-58.45.
  static final double LG1 = 6.666666666666735130e-01;
  static final double LG2 = 3.999999999940941908e-01;
  static final double LG3 = 2.857142874366239149e-01;
  static final double LG4 = 2.222219843214978396e-01;
  static final double LG5 = 1.818357216161805012e-01;
  static final double LG6 = 1.531383769920937332e-01;
  static final double LG7 = 1.479819860511658591e-01;

  // (e^r - 1 - r) / r^2 on [-0.3467, 0.3467], Chebyshev fit of degree 9 (mpmath chebyfit).
  static final double Q0 = 0.5000000000000001;
  static final double Q1 = 0.16666666666666669;
  static final double Q2 = 0.04166666666662404;
  static final double Q3 = 0.008333333333330055;
  static final double Q4 = 0.0013888888917258759;
  static final double Q5 = 0.00019841269863088255;
  static final double Q6 = 2.4801521225986432e-05;
  static final double Q7 = 2.7557268406190795e-06;
  static final double Q8 = 2.7620121717381933e-07;
  static final double Q9 = 2.51004110820149e-08;

  private LogExpPower() {}

  /** Whether this kernel takes the exponent p. */
  static boolean accepts(double p) {
    return p >= MIN_P && p <= MAX_P;
  }

  /** h[i] = |z[i]|^p and g[i] = p sign(z[i]) |z[i]|^(p-1) for i in [from, to). */
  static void apply(double[] z, double[] h, double[] g, int from, int to, double p) {
    // Three passes, as in VectorLogExpPower; each stage's calls inline into its loop and C2 merges
    // their common part, so each stage is computed once per element.
    for (int i = from; i < to; i++) {
      double t = z[i];
      h[i] = log(t, false);
      g[i] = log(t, true);
    }
    for (int i = from; i < to; i++) {
      double lHi = h[i];
      double lLo = g[i];
      h[i] = expMantissa(lHi, lLo, p);
      g[i] = expExponent(lHi, p);
    }
    for (int i = from; i < to; i++) {
      double t = z[i];
      double e = h[i];
      double n = g[i];
      h[i] = value(t, e, n);
      g[i] = slope(t, e, n, p);
    }
  }

  /** |t|^p. */
  static double value(double t, double p) {
    double lHi = log(t, false);
    return value(t, expMantissa(lHi, log(t, true), p), expExponent(lHi, p));
  }

  /** p sign(t) |t|^(p-1), +0 at t = +-0. */
  static double slope(double t, double p) {
    double lHi = log(t, false);
    return slope(t, expMantissa(lHi, log(t, true), p), expExponent(lHi, p), p);
  }

  /** Steps 1-2: |t| scaled to a normal double when subnormal (the scaling undone in {@link #exponent}). */
  static double normal(double a) {
    return a < Double.MIN_NORMAL ? a * TWO_54 : a;
  }

  /** Step 2: the k of |t| = 2^k m, as a double. */
  static double exponent(double t) {
    double a = Math.abs(t);
    long kBits = (Double.doubleToRawLongBits(normal(a)) - SQRT_HALF_BITS) >> 52;
    return (Double.longBitsToDouble(kBits + SHIFT_BITS) - SHIFT) + (a < Double.MIN_NORMAL ? -54.0 : 0.0);
  }

  /** Step 2: the m of |t| = 2^k m, in [sqrt(1/2), sqrt(2)). */
  static double mantissa(double t) {
    long bits = Double.doubleToRawLongBits(normal(Math.abs(t)));
    long kBits = (bits - SQRT_HALF_BITS) >> 52;
    return Double.longBitsToDouble(bits - (kBits << 52));
  }

  /** Steps 3-4: log |t| = L_hi + L_lo; the low part when {@code low}. */
  static double log(double t, boolean low) {
    double m = mantissa(t);
    double k = exponent(t);
    double f = m - 1;
    double den = 2 + f;
    double denLo = f - (den - 2);
    double s = f / den;
    double remainder = Math.fma(-s, denLo, Math.fma(-s, den, f));
    double sLo = remainder * Math.fma(-0.25, f, 0.5);
    double zz = s * s;
    double r = zz * Math.fma(zz, Math.fma(zz, Math.fma(zz, Math.fma(zz, Math.fma(zz, Math.fma(zz, LG7, LG6), LG5),
        LG4), LG3), LG2), LG1);
    double logHi = 2 * s;
    double logLo = Math.fma(s, r, sLo * Math.fma(3, r, 2)); // d(2s + s R)/ds = 2 + 3R nearly
    // L = k ln2 + log m, two fast two-sums: k ln2_hi + 2s, then the rest folded in
    double kHi = k * LN2_HI;
    double sum = kHi + logHi;
    double rest = (logHi - (sum - kHi)) + Math.fma(k, LN2_LO, logLo);
    double lHi = sum + rest;
    return low ? rest - (lHi - sum) : lHi;
  }

  /** Step 6: n = round(w_hi / ln2), w_hi = p L_hi. */
  static double expExponent(double lHi, double p) {
    return Math.fma(p * lHi, INV_LN2, SHIFT) - SHIFT;
  }

  /** Steps 5-6: exp(r) for w = p L, r = w - n ln2. */
  static double expMantissa(double lHi, double lLo, double p) {
    double wHi = p * lHi;
    double wLo = Math.fma(p, lLo, Math.fma(p, lHi, -wHi));
    double n = expExponent(lHi, p);
    double r0 = Math.fma(-n, LN2_HI, wHi);
    double r1 = Math.fma(-n, LN2_LO, wLo);
    double rHi = r0 + r1;
    double rLo = (r0 - rHi) + r1;
    double q = Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi,
        Math.fma(rHi, Math.fma(rHi, Q9, Q8), Q7), Q6), Q5), Q4), Q3), Q2), Q1), Q0);
    double tail = Math.fma(rHi * rHi, q, Math.fma(rLo, rHi, rLo));
    return 1 + (rHi + tail);
  }

  /** Steps 7-8, value: exp(r) 2^n, or |t| itself for t = 0, infinite or NaN. */
  static double value(double t, double e, double n) {
    double a = Math.abs(t);
    double h = scale(e, n);
    return special(a) ? a : h;
  }

  /** Steps 7-8, slope: p (exp(r) / m) 2^(n - k) with the sign of t. */
  static double slope(double t, double e, double n, double p) {
    double a = Math.abs(t);
    double g = scale(p * (e / mantissa(t)), n - exponent(t));
    double magnitude = special(a) ? Math.min(a, p > 1 ? Double.POSITIVE_INFINITY : 0.0) : g;
    // + 0.0 turns the -0 of t = -0 into +0
    return Double.longBitsToDouble(Double.doubleToRawLongBits(magnitude) | (Double.doubleToRawLongBits(t) & SIGN_BIT))
        + 0.0;
  }

  /** Whether |t| = a is 0, infinite or NaN. */
  private static boolean special(double a) {
    return !(a < Double.POSITIVE_INFINITY) || a == 0;
  }

  /**
   * x 2^e for an integer-valued e, |e| < 2^51, in two exact halves and one rounding; e is clamped
   * to +-{@link #SCALE_LIMIT} first (as a long: one instruction per lane, where a double min/max
   * with Java's NaN rules is several).
   */
  private static double scale(double x, double e) {
    long n = Math.min(Math.max(Double.doubleToRawLongBits(e + SHIFT) - SHIFT_BITS, -SCALE_LIMIT), SCALE_LIMIT);
    long n1 = n >> 1;
    long n2 = n - n1;
    return x * Double.longBitsToDouble((n1 + 1023) << 52) * Double.longBitsToDouble((n2 + 1023) << 52);
  }
}
