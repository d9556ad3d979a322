package org.neuralpolytopes.net;

/**
 * |t|^p and its slope p sign(t) |t|^(p-1) for a real exponent p, from one logarithm per element
 * shared by the value and the slope, with nothing but additions, multiplications, fused
 * multiply-adds, one division each for the logarithm and the slope, and bit operations: no table,
 * no call, no branch that depends on t except selections.
 *
 * <p>Why not {@link Math#pow}: it is a call per element that C2 does not vectorise (the p = 4/3
 * grid trained 4-5x slower than p = 1.5). Why not the Vector API's {@code VectorOperators.POW}:
 * HotSpot backs it with Intel's SVML, whose results differ in the last bit from any scalar Java
 * function, so a run would give other weights with the module than without it.
 *
 * <p>Two forms give the same bits: the point-wise {@link #value} and {@link #slope}, and the
 * batch form {@link #apply}, plain Java that C2 vectorises stage by stage (each step below is a
 * loop of its own over the row, small enough for C2's SuperWord to unroll and pack; the two steps
 * on the bits read and write the rows' words through {@link RawBits}, which C2 packs too); the
 * loops were as fast as the Vector API made the kernel even while those two steps ran scalar,
 * so it does not use the Vector API. Both do the same IEEE operations
 * in the same order for each element.
 *
 * <p>Algorithm (after fdlibm's {@code e_log.c} and {@code e_exp.c}, Sun Microsystems 1993, and
 * the double-double technique of Dekker, "A floating-point technique for extending the available
 * precision", Numer. Math. 18, 1971):
 * <ol>
 *   <li>a = |t|; in the point-wise form a subnormal a is scaled by 2^54 first (exponent corrected
 *       by -54); the batch form does not scale (step 8 sends such elements to the point-wise form).
 *   <li>Split a = 2^k m with m in [sqrt(1/2), sqrt(2)) by integer arithmetic on the bits
 *       (in the batch form through {@link RawBits}: C2 does not vectorise bit moves); k is made a double by the
 *       1.5 * 2^52 trick (exact, no conversion instruction).
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
 *   <li>Value: h = exp(r) 2^n, the scaling in two exact halves (2^floor(n/2) 2^ceil(n/2), n
 *       clamped to +-2000) so that a subnormal or infinite result is rounded once. In the batch
 *       form one word per element, n + 1.5 2^52 + 1023 + 4096 (D + 1047) with D = max(|n|, |k|),
 *       holds the bits of 2^n and D's test below ({@link #exponents}); one pass on the bits makes 2^n
 *       from it and ORs the words together, and h = exp(r) 2^n is one product.
 *   <li>Slope where D <= {@link #FAST_LIMIT} (so t is normal, and h, p h and the
 *       slope are normal doubles: {@link #fast}): g = p h / t, two roundings more than h. Else
 *       g = p (exp(r) / m) 2^(n - k) with the sign of t, scaled in two halves as h, so that it
 *       neither over- nor underflows before the true result does. The batch form checks D for
 *       the whole row (the OR of the words) and recomputes the rare elements with D > 1000 (0,
 *       subnormals, infinities, NaN, |t|^p near the ends of the double range) point-wise.
 *   <li>t = 0, +-infinity or NaN are selected at the end: h = |t|; g = +0 at +-0, g = NaN for NaN,
 *       and at infinity g = +-infinity for p > 1, +-0 for p < 1.
 * </ol>
 * Accuracy: within 2 units in the last place of {@code Math.pow} for the value and 3 for the
 * slope over the whole double range ({@code LogExpPowerTest} checks this, and that the batch
 * form gives the point-wise bits); the same kernel serves
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

  static final long MANTISSA_BITS = 0x000fffffffffffffL;
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
  /**
   * The slope is p h / t where D = max(|n|, |k|) is at most this (then |n - k| <= D too: n and k
   * never have opposite signs, see {@link #fast}): then t is normal (|k| <= D), and
   * h, p h and p h / t are normal for every p in [{@link #MIN_P}, {@link #MAX_P}]
   * (p 1.5 2^1000 < 2^1012, 0.7 2^-1000 p > 2^-1011, p (exp(r) / m) 2^(n-k) within 2^+-1012).
   */
  static final double FAST_LIMIT = 1000;
  /** 2048 - (FAST_LIMIT + 1): D + this is below 2^11 exactly when D <= FAST_LIMIT. */
  static final double FAST_OFFSET = 1047;
  /** 1.5 * 2^52 + 1023 + 4096 FAST_OFFSET: {@link #exponents}' word is n + this + 4096 D. */
  static final double FAST_SHIFT = SHIFT + 1023 + 4096 * FAST_OFFSET;
  /**
   * Bits 23 to 50 of the word: clear when D <= FAST_LIMIT (the word is then 1.5 2^52 plus less
   * than 4096 * 2048), some set when D > FAST_LIMIT (n >= -D makes it at least 1.5 2^52 +
   * 4095 * 1001 + 1023 + 4096 FAST_OFFSET >= 1.5 2^52 + 2^23), bit 51 and up those of 1.5 2^52.
   */
  static final long SLOW_BITS = (1L << 51) - (1L << 23);
  /** Elements per block of {@link #pointwiseWhereSlow}'s search. */
  static final int SLOW_BLOCK = 64;

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

  /** The batch form's working rows, as long as the longest row yet; one per thread and network ({@link AbsPower}). */
  static final class Scratch {
    double[] a = new double[0];
    double[] b = new double[0];
    double[] c = new double[0];
    double[] d = new double[0];

    /** Makes the rows at least {@code len} long (new rows only for a longer row than any before). */
    void reserve(int len) {
      if (a.length < len) {
        a = new double[len];
        b = new double[len];
        c = new double[len];
        d = new double[len];
      }
    }
  }

  /**
   * h[i] = |z[i]|^p and g[i] = p sign(z[i]) |z[i]|^(p-1) for i in [0, len), the same bits as
   * {@link #value(double, double)} and {@link #slope(double, double)}. Each stage is a loop of its
   * own over the row: two loops for the bit operations (through {@link RawBits}), the
   * others small enough (at most about twenty operations, every array read at the same index) for
   * C2 to unroll and vectorise; one loop of the whole kernel, and some pairs of steps written as one
   * loop, run scalar (bench/RESULTS.md section 15). Elements outside
   * {@link #fast}'s range (rare: zero, subnormal, infinite, NaN, or a result near the ends of the
   * double range) are recomputed by the point-wise functions.
   */
  static void apply(double[] z, double[] h, double[] g, int len, double p, Scratch scratch) {
    scratch.reserve(len);
    double[] a = scratch.a;
    double[] b = scratch.b;
    double[] c = scratch.c;
    double[] d = scratch.d;
    split(z, len, a, b);
    ratios(len, a, c);
    logSums(len, a, b, c);
    logs(len, a, c);
    reduce(len, p, a, c, d);
    exponents(len, b, d);
    boolean fast = powersOfTwo(len, d, b);
    expSeries(len, a, h);
    valuesAndSlopes(z, h, g, len, p, a, b, c);
    if (!fast) {
      pointwiseWhereSlow(z, h, g, len, p, d);
    }
  }

  /**
   * Step 8 for the rare elements outside {@link #fast}: h and g point-wise where d's word has one of
   * {@link #SLOW_BITS}. With the Vector API blocks of {@link #SLOW_BLOCK} whose OR of words has none
   * are skipped ({@link VectorDots#orOfBlock}): a scalar test of every word cost
   * a p = 100 row, whose |t| below 2^-10 underflow, 0.45 ns per element.
   */
  private static void pointwiseWhereSlow(double[] z, double[] h, double[] g, int len, double p, double[] d) {
    int block = LinearRows.VECTOR ? SLOW_BLOCK : Math.max(len, 1);
    for (int start = 0; start < len; start += block) {
      int end = Math.min(start + block, len);
      if (LinearRows.VECTOR && (VectorDots.orOfBlock(d, start, end) & SLOW_BITS) == 0) {
        continue;
      }
      for (int i = start; i < end; i++) {
        if ((Double.doubleToRawLongBits(d[i]) & SLOW_BITS) != 0) {
          pointwiseInto(z[i], p, h, g, i);
        }
      }
    }
  }

  /**
   * Step 2, on the bits ({@link RawBits}): a = m, b = k + 1.5 * 2^52 for a normal |t|. For any other t, m is still
   * finite and k is -1023 or -1022 (0, subnormal), 1024 (infinite) or 1025 (NaN), so the element
   * fails {@link #fast} (|k| > 1000).
   */
  private static void split(double[] z, int len, double[] a, double[] b) {
    RawBits.check(z, len);
    RawBits.check(a, len);
    RawBits.check(b, len);
    for (int i = 0; i < len; i++) {
      long x = (RawBits.get(z, i) & ~RawBits.SIGN_BIT) - SQRT_HALF_BITS;
      RawBits.put(a, i, (x & MANTISSA_BITS) + SQRT_HALF_BITS);
      RawBits.put(b, i, (x >> 52) + SHIFT_BITS);
    }
  }

  /** Step 3: a = s, c = s_lo from a = m. */
  private static void ratios(int len, double[] a, double[] c) {
    for (int i = 0; i < len; i++) {
      double m = a[i];
      double s = ratio(m);
      a[i] = s;
      c[i] = ratioLow(m, s);
    }
  }

  /** Steps 3-4: a = sum, c = rest, from log m - 2s (one loop: C2 packs the two steps together). */
  private static void logSums(int len, double[] a, double[] b, double[] c) {
    for (int i = 0; i < len; i++) {
      double k = b[i] - SHIFT;
      double s = a[i];
      double logLo = logLow(s, logSeries(s), c[i]);
      double sum = logSum(k, s);
      a[i] = sum;
      c[i] = logRest(k, s, logLo, sum);
    }
  }

  /** Step 4: a = L_hi, c = L_lo. */
  private static void logs(int len, double[] a, double[] c) {
    for (int i = 0; i < len; i++) {
      double sum = a[i];
      double rest = c[i];
      a[i] = sum + rest;
      c[i] = lowPart(sum, rest);
    }
  }

  /** Steps 5-6: a = r_hi, c = r_lo, d = n. */
  private static void reduce(int len, double p, double[] a, double[] c, double[] d) {
    for (int i = 0; i < len; i++) {
      double lHi = a[i];
      double lLo = c[i];
      double n = expExponent(lHi, p);
      a[i] = reducedHigh(lHi, lLo, n, p);
      c[i] = reducedLow(lHi, lLo, n, p);
      d[i] = n;
    }
  }

  /**
   * Step 7: d = n + 1.5 * 2^52 + 1023 + 4096 (D + {@link #FAST_OFFSET}), D = max(|n|, |k|) =
   * (|n| + |k| + |n - k|) / 2 (n and k never have opposite signs: {@link #fast}; the sum is even)
   * ({@link #fast}'s measure; D < 2^23, |n| < 2^21: exact). Its bits hold the biased exponent of
   * 2^n in the low 12 when D <= {@link #FAST_LIMIT}, and one of {@link #SLOW_BITS} is set exactly
   * when D > FAST_LIMIT.
   */
  private static void exponents(int len, double[] b, double[] d) {
    for (int i = 0; i < len; i++) {
      double n = d[i];
      double k = b[i] - SHIFT;
      double twice = Math.abs(n) + Math.abs(k) + Math.abs(n - k);
      d[i] = Math.fma(twice, 2048, n + FAST_SHIFT);
    }
  }

  /**
   * Step 7, on the bits ({@link RawBits}): b = 2^n from d; whether every element is {@link #fast}.
   * With the Vector API the OR of d's bits is a loop of its own ({@link VectorDots#orOfBits}, which
   * says why): 1.32-1.38 ns per element for p = 2.7 against 1.54-1.59 with the OR in this loop
   * ({@code bench/RESULTS.md} section 26).
   */
  private static boolean powersOfTwo(int len, double[] d, double[] b) {
    RawBits.check(d, len);
    RawBits.check(b, len);
    if (LinearRows.VECTOR) {
      for (int i = 0; i < len; i++) {
        RawBits.put(b, i, RawBits.get(d, i) << 52);
      }
      return (VectorDots.orOfBits(d, len) & SLOW_BITS) == 0;
    }
    long any = 0;
    for (int i = 0; i < len; i++) {
      long bits = RawBits.get(d, i);
      RawBits.put(b, i, bits << 52);
      any |= bits;
    }
    return (any & SLOW_BITS) == 0;
  }

  /** Step 6: h = Q(r_hi). */
  private static void expSeries(int len, double[] a, double[] h) {
    for (int i = 0; i < len; i++) {
      h[i] = expSeries(a[i]);
    }
  }

  /** Steps 6-8: h = exp(r) 2^n, g = p h / t from h = Q(r_hi), b = 2^n. */
  private static void valuesAndSlopes(double[] z, double[] h, double[] g, int len, double p, double[] a, double[] b,
      double[] c) {
    for (int i = 0; i < len; i++) {
      double value = expOfReduced(a[i], c[i], h[i]) * b[i];
      h[i] = value;
      g[i] = p * value / z[i];
    }
  }

  /**
   * Step 8's condition: max(|n|, |k|) <= {@link #FAST_LIMIT}. Then t is normal (|k| <= 1000),
   * exp(r) 2^n is one exact product, normal, and so is p exp(r) 2^n; |n - k| <= 1000 as well, since
   * n and k never have opposite signs (|log m| < ln2 / 2, so L = k ln2 + log m has k's sign when
   * k != 0, and n = round(p L / ln2) with p > 0 has L's or is 0), so |p h / t| = p (exp(r) / m)
   * 2^(n-k) is normal; so p h / t carries two roundings more than h. (Until 2026-11-27 the
   * condition was |n| + |n - k| <= 1000, about twice as strict for large p: a p = 100 row sent
   * every |t| below 2^-5 to the point-wise code.)
   */
  static boolean fast(double n, double k) {
    return Math.max(Math.abs(n), Math.abs(k)) <= FAST_LIMIT;
  }

  /** |t|^p. */
  static double value(double t, double p) {
    return computed(t, p, false);
  }

  /** p sign(t) |t|^(p-1), +0 at t = +-0: p |t|^p / t where {@link #fast}, else p (exp(r) / m) 2^(n - k). */
  static double slope(double t, double p) {
    return computed(t, p, true);
  }

  /**
   * For p > 1, the value or slope where it certainly underflows to +0 or overflows to infinity,
   * from t's exponent alone; NaN otherwise. {@link #computed} gives the same bits there (its
   * result, within a few ulps, is below 2^-1075 or above the largest double before its one
   * rounding), after a logarithm and an exponential. Most elements of a deep network's rows at a
   * large p are such (|t|^p of the first layer's outputs underflows the next layer's), and the
   * batch form sends them to the point-wise code: (3, 2, 8) at p = 40.7 trained 17x slower than at
   * p = 1. Only {@link #pointwiseInto} asks it: in {@link #value} and {@link #slope}, which geometry
   * calls for every point, the test doubled the time of a value and slope (14 -> 29 ns at p = 2.7).
   * With 2^k <= |t| < 2^(k+1): |t|^p < 2^(p (k+1)) and p |t|^(p-1) < 2^(10 + (p-1)(k+1)) for
   * k + 1 <= 0 (log2 p <= 10); |t|^p >= 2^(p k) and p |t|^(p-1) >= 2^((p-1) k) for k >= 1.
   */
  static double beyondRange(double t, double p, boolean slope) {
    double a = Math.abs(t);
    if (!(p > 1) || !(a > 0) || a == Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    int k = Math.getExponent(a); // -1023 for a subnormal a, which is below 2^-1022 all the same
    double e = slope ? p - 1 : p;
    if (k < 0 && e * (k + 1) + (slope ? 10 : 0) <= -1076) {
      return 0.0;
    }
    if (k > 0 && e * k >= 1025) {
      return slope ? Math.copySign(Double.POSITIVE_INFINITY, t) : Double.POSITIVE_INFINITY;
    }
    return Double.NaN;
  }

  /** The point-wise value or slope: the batch form's stages on one element, in its order. */
  static double computed(double t, double p, boolean slope) {
    double m = mantissa(t);
    double k = exponent(t);
    double s = ratio(m);
    double logLo = logLow(s, logSeries(s), ratioLow(m, s));
    double sum = logSum(k, s);
    double rest = logRest(k, s, logLo, sum);
    double lHi = sum + rest;
    double n = expExponent(lHi, p);
    double e = expOf(lHi, lowPart(sum, rest), n, p);
    return slope ? slopeOf(t, p, m, k, n, e) : valueOf(t, n, e);
  }

  /**
   * {@link #value} and {@link #slope} of t into h[i] and g[i], each from {@link #beyondRange}
   * where that knows it (the batch form's rare elements: {@link #pointwiseWhereSlow}).
   */
  static void pointwiseInto(double t, double p, double[] h, double[] g, int i) {
    double value = beyondRange(t, p, false);
    double slope = beyondRange(t, p, true);
    h[i] = value == value ? value : computed(t, p, false);
    g[i] = slope == slope ? slope : computed(t, p, true);
  }

  /** Steps 5-6: exp(r), r = p L - n ln2. */
  private static double expOf(double lHi, double lLo, double n, double p) {
    double rHi = reducedHigh(lHi, lLo, n, p);
    return expOfReduced(rHi, reducedLow(lHi, lLo, n, p), expSeries(rHi));
  }

  /** Step 7: the value |t|^p = exp(r) 2^n (t itself where |t| is 0, infinite or NaN). */
  private static double valueOf(double t, double n, double e) {
    double a = Math.abs(t);
    return special(a) ? a : scale(e, n);
  }

  /** Step 8: the slope p sign(t) |t|^(p-1) from exp(r), n, k and m. */
  private static double slopeOf(double t, double p, double m, double k, double n, double e) {
    double a = Math.abs(t);
    if (fast(n, k)) {
      return p * scale(e, n) / t;
    }
    double g = scale(p * (e / m), n - k);
    double magnitude = special(a) ? Math.min(a, p > 1 ? Double.POSITIVE_INFINITY : 0.0) : g;
    // + 0.0 turns the -0 of t = -0 into +0
    return Double.longBitsToDouble(Double.doubleToRawLongBits(magnitude) | (Double.doubleToRawLongBits(t) & RawBits.SIGN_BIT))
        + 0.0;
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

  /** Step 3: s = f / (2 + f), f = m - 1. */
  static double ratio(double m) {
    double f = m - 1;
    return f / (2 + f);
  }

  /** Step 3: s_lo, the remainder of s divided by (2 + f) to a few bits. */
  static double ratioLow(double m, double s) {
    double f = m - 1;
    double den = 2 + f;
    double denLo = f - (den - 2);
    double remainder = Math.fma(-s, denLo, Math.fma(-s, den, f));
    return remainder * Math.fma(-0.25, f, 0.5);
  }

  /** Step 3: R(s^2), times s^2. */
  static double logSeries(double s) {
    double zz = s * s;
    return zz * Math.fma(zz, Math.fma(zz, Math.fma(zz, Math.fma(zz, Math.fma(zz, Math.fma(zz, LG7, LG6), LG5), LG4),
        LG3), LG2), LG1);
  }

  /** Step 3: log m - 2 s. */
  static double logLow(double s, double r, double sLo) {
    return Math.fma(s, r, sLo * Math.fma(3, r, 2)); // d(2s + s R)/ds = 2 + 3R nearly
  }

  /** Step 4: the head k ln2_hi + 2s of L = k ln2 + log m (exact product, one rounding). */
  static double logSum(double k, double s) {
    return Math.fma(k, LN2_HI, 2 * s);
  }

  /** Step 4: the rest of L beyond {@link #logSum}: its rounding error, k ln2_lo and log m - 2s. */
  static double logRest(double k, double s, double logLo, double sum) {
    return (2 * s - (sum - k * LN2_HI)) + Math.fma(k, LN2_LO, logLo);
  }

  /** Steps 4-5: the low part of the normalised sum + rest (fast two-sum, |sum| >= |rest|). */
  static double lowPart(double sum, double rest) {
    return rest - ((sum + rest) - sum);
  }

  /** Step 6: n = round(w_hi / ln2), w_hi = p L_hi. */
  static double expExponent(double lHi, double p) {
    return Math.fma(p * lHi, INV_LN2, SHIFT) - SHIFT;
  }

  /** Steps 5-6: r_hi of r = w - n ln2, w = p L. */
  static double reducedHigh(double lHi, double lLo, double n, double p) {
    double wHi = p * lHi;
    double wLo = Math.fma(p, lLo, Math.fma(p, lHi, -wHi));
    double r0 = Math.fma(-n, LN2_HI, wHi);
    double r1 = Math.fma(-n, LN2_LO, wLo);
    return r0 + r1;
  }

  /** Steps 5-6: r_lo of r = w - n ln2, the same operations as {@link #reducedHigh}. */
  static double reducedLow(double lHi, double lLo, double n, double p) {
    double wHi = p * lHi;
    double wLo = Math.fma(p, lLo, Math.fma(p, lHi, -wHi));
    double r0 = Math.fma(-n, LN2_HI, wHi);
    double r1 = Math.fma(-n, LN2_LO, wLo);
    double rHi = r0 + r1;
    return (r0 - rHi) + r1;
  }

  /** Step 6: Q(r_hi). */
  static double expSeries(double rHi) {
    return Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi, Math.fma(rHi,
        Math.fma(rHi, Math.fma(rHi, Q9, Q8), Q7), Q6), Q5), Q4), Q3), Q2), Q1), Q0);
  }

  /** Step 6: exp(r) = 1 + (r_hi + (r_hi^2 Q + r_lo (1 + r_hi))). */
  static double expOfReduced(double rHi, double rLo, double q) {
    double tail = Math.fma(rHi * rHi, q, Math.fma(rLo, rHi, rLo));
    return 1 + (rHi + tail);
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
