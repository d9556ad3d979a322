package org.neuralpolytopes.net;

/**
 * sigma(t) = |t|^p for p > 0: the paper's activation (equation (3) there); p = 1 is |t|.
 *
 * <p>Even and positively homogeneous of degree p. At t = 0 the derivative is taken as 0 (a
 * subgradient for p = 1, the limit for p > 1, a convention for p < 1).
 *
 * <p>The batch form {@link #apply} has a loop per kind of p, each written so that C2 vectorises
 * it (no calls, no branches, no {@link Math#signum}, which JDK 17 does not vectorise):
 * <ul>
 *   <li>p = 1: h = |t|, g = sign(t), both by integer operations on the bits ({@link RawBits});
 *   <li>p = 2: h = t^2, g = 2t;
 *   <li>other integer p = k: t^(k-1) by binary powering, one vector pass per bit, then
 *       h = |t| |t|^(k-1) and g = k |t|^(k-1), and sign(t) by OR-ing t's sign bit into g's bits
 *       (a pass on the bits: {@code Math.copySign} and the clamp {@link #sign} are slow or scalar);
 *   <li>p = k + 1/2: h = |t|^k sqrt|t| (square root is a vector instruction, pow is not;
 *       sqrt|t| |t|^(k-1) by binary powering, one vector pass per bit, for k >= 2); for
 *       k >= 1 g = p |t|^(k-1) sqrt|t| with the sign of t by the same pass (no division), for
 *       k = 0 the derivative from h: g = p h / t, with t replaced by 1 where t = 0 so that g(0) = 0
 *       without a branch;
 *   <li>p = k + 1/4 or k + 3/4: h = |t|^(1/4) or |t|^(3/4) by {@link FourthRoot} (the method of
 *       {@link CubeRoot}: no square root, no division; within 5/4 ulp of the exact root),
 *       times |t|^k (one product in the root's loop for k = 2, binary powering's vector passes
 *       beyond); g = p |t|^(p-1), for a row of normal numbers with the sign of t carried by the
 *       root's estimate (no sign pass), for k = 0 from that estimate too (|t|^(-3/4) or
 *       |t|^(-1/4): no division); within k + 3 ulps of {@code Math.pow} (2 for k = 0);
 *   <li>p = k + 1/3 or k + 2/3 (p the double nearest to n/3, as "4/3" in a spec gives):
 *       cbrt|t| or cbrt|t|^2 by {@link CubeRoot} (an estimate of |t|^(-1/3) from the bits, one
 *       polynomial refinement, a residual and a second-order correction), times |t|^(k-1)
 *       by binary powering, then h = |t| B and g = p sign(t) B with B = |t|^(k-1) cbrt|t|^j (no
 *       division); for k = 0 g from h. A row whose every t is a normal double (the usual row; a
 *       test on the bits finds the others, {@link VectorDots#allNormal} where the JVM has the
 *       Vector API) takes the root of t with its sign, so that no
 *       loop needs |t|, a clamp or a fix for infinity, and h = t B, g = p B. This is |t|^(n/3) itself, not
 *       |t|^p for the rounded double p: within 7/6 ulp of the exact value for k = 0, 13/6 for
 *       k = 1, k + 7/6 beyond (binary powering's products); 0.35 ns per element for p = 4/3
 *       (0.52 without the Vector API) against the log-exp kernel's 1.6 on a Zen 5
 *       ({@code bench/RESULTS.md} section 26);
 *   <li>any other p in [2^-10, 1024]: {@link LogExpPower}, one logarithm per element shared by
 *       h and g, as a vector pass on the bits, small vector loops (the double-double logarithm,
 *       w = p L, the exponential's reduction and polynomial), a pass on the bits making 2^n, and
 *       g = p h / t where that is exact enough, the rare other elements point-wise; working rows
 *       per thread ({@link LogExpPower.Scratch}); {@link #value} and {@link #derivative} use the
 *       same kernel, the same bits;
 *   <li>p outside that range: h = pow(|t|, p) and g from h as for k + 1/2, a scalar loop.
 * </ul>
 * The closed forms take p <= {@link #MAX_CLOSED_FORM}. At t = +-infinity every form gives
 * h = infinity, as {@code Math.pow}; the slope there is its limit (+-1 for p = 1, +-infinity for
 * p > 1, 0 for p < 1) in the integer forms, the forms k + 1/2 with k >= 1, k + 1/4 and k + 3/4
 * with k = 1, k + 1/3 and k + 2/3 with k >= 1 and the log-exp kernel, and NaN in the forms whose
 * slope is p h / t.
 */
public final class AbsPower implements Activation {

  public static final String NAME = "abs_power";

  /** 2^600: t * BIG * BIG is at least 2^126 in magnitude for every non-zero double t. */
  static final double BIG = 0x1p600;
  /** The bits of 1.0 and of +infinity, for {@link #absAndSign}. */
  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
  private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

  private enum Kind { ONE, TWO, INTEGER, HALF, QUARTER, THIRD, LOG_EXP, POW }

  /** Largest exponent with a closed form (integer, k + 1/2, k + 1/4, k + 3/4, k + 1/3, k + 2/3). */
  static final double MAX_CLOSED_FORM = 64;

  private final double p;
  private final Kind kind;
  /** p for INTEGER, floor(p) for HALF, QUARTER and THIRD. */
  private final int intP;
  /** The numerator of the fractional part: 1 or 3 quarters for QUARTER, 1 or 2 thirds for THIRD. */
  private final int fraction;
  /**
   * The log-exp kernel's working rows, per thread: an activation is immutable to its users and
   * may be shared by passes on several threads. Made on a thread's first batch, then reused.
   */
  private final ThreadLocal<LogExpPower.Scratch> scratch;

  public AbsPower(double p) {
    if (!(p > 0) || Double.isInfinite(p)) {
      throw new IllegalArgumentException("abs_power needs a finite p > 0, got " + p);
    }
    this.p = p;
    if (p == 1) {
      kind = Kind.ONE;
    } else if (p == 2) {
      kind = Kind.TWO;
    } else if (p == Math.rint(p) && p <= MAX_CLOSED_FORM) {
      kind = Kind.INTEGER;
    } else if (p - 0.5 == Math.rint(p - 0.5) && p <= MAX_CLOSED_FORM) {
      kind = Kind.HALF;
    } else if (4 * p == Math.rint(4 * p) && p <= MAX_CLOSED_FORM) {
      kind = Kind.QUARTER;
    } else if (Math.rint(3 * p) / 3 == p && p <= MAX_CLOSED_FORM) {
      kind = Kind.THIRD;
    } else if (LogExpPower.accepts(p)) {
      kind = Kind.LOG_EXP;
    } else {
      kind = Kind.POW;
    }
    intP = switch (kind) {
      case HALF, QUARTER, THIRD -> (int) Math.floor(p);
      default -> (int) Math.rint(p);
    };
    fraction = switch (kind) {
      case QUARTER -> (int) Math.rint(4 * (p - intP));
      case THIRD -> (int) Math.rint(3 * p) - 3 * intP;
      default -> 0;
    };
    scratch = kind == Kind.LOG_EXP ? ThreadLocal.withInitial(LogExpPower.Scratch::new) : null;
  }

  @Override public String name() { return NAME; }
  @Override public double p() { return p; }
  @Override public double homogeneityDegree() { return p; }
  @Override public boolean isEven() { return true; }
  @Override public LinearPieces linearPieces() { return p == 1 ? LinearPieces.TWO_SIDED : LinearPieces.NONE; }

  @Override
  public Kernel kernel() {
    return switch (kind) {
      case ONE, TWO, INTEGER -> Kernel.INTEGER_POWER;
      case HALF, QUARTER, THIRD -> Kernel.HALF_INTEGER_POWER;
      case LOG_EXP, POW -> Kernel.GENERAL_POWER;
    };
  }
  @Override public boolean isTwiceDifferentiable() { return p >= 2; }

  @Override
  public double value(double t) {
    double a = Math.abs(t);
    switch (kind) {
      case ONE: return a;
      case TWO: return t * t;
      // |t|^(k-1) |t|, as the batch form multiplies (intPow(a, k) rounds differently for most k >= 6)
      case INTEGER: return intPow(a, intP - 1) * a;
      case HALF: return intP == 0 ? Math.sqrt(a) : rootBelow(a) * a;
      case QUARTER, THIRD: return rootValue(a);
      case LOG_EXP: return LogExpPower.value(t, p);
      default: return Math.pow(a, p);
    }
  }

  @Override
  public double derivative(double t) {
    if (kind == Kind.LOG_EXP) {
      return LogExpPower.slope(t, p);
    }
    if (kind == Kind.QUARTER || kind == Kind.THIRD) {
      return rootSlope(t);
    }
    if (kind == Kind.INTEGER) {
      // the batch form's bits at every t: k |t|^(k-1) with the sign of t, +-0 and NaN included
      return Math.copySign(intP * intPow(Math.abs(t), intP - 1), t);
    }
    if (kind == Kind.HALF && intP > 0) {
      // the batch form's bits at every t: p |t|^(k-1) sqrt|t| with the sign of t, +-0 and NaN included
      return Math.copySign(p * rootBelow(Math.abs(t)), t);
    }
    if (t == 0) {
      return 0;
    }
    double s = Math.signum(t);
    double a = Math.abs(t);
    switch (kind) {
      case ONE: return s;
      case TWO: return 2 * t;
      case HALF: return p * Math.sqrt(a) / t;
      default: return p * Math.pow(a, p) / t;
    }
  }

  @Override
  public void apply(double[] z, double[] h, double[] g, int len) {
    switch (kind) {
      case ONE:
        absAndSign(z, h, g, len);
        break;
      case TWO:
        square(z, h, g, len);
        break;
      case INTEGER:
        integerPower(z, h, g, len);
        break;
      case HALF:
        halfIntegerPower(z, h, g, len);
        break;
      case QUARTER:
        quarterPower(z, h, g, len);
        break;
      case THIRD:
        thirdPower(z, h, g, len);
        break;
      case LOG_EXP:
        LogExpPower.apply(z, h, g, len, p, scratch.get());
        break;
      default:
        mathPow(z, h, g, len);
    }
  }

  /*
   * Every kind's loop is a method of its own, not a case of apply's switch. A sweep trains many
   * exponents in one JVM, and C2 compiles apply with the profile of the kinds seen so far: a loop
   * written inside the switch for a kind not yet seen kept sign() as an out-of-line call per
   * element ("call site not reached") once that kind came, and the sweep's p = 1 runs trained 2x
   * slower than its p = 2 runs (bench/RESULTS.md, section 12). A method of its own is compiled
   * from its own profile when it gets hot.
   */

  /**
   * p = 1: h = |t|, g = sign(t) ({@link #sign}'s value: +-1, +-0 at +-0, NaN at NaN), both on the
   * bits ({@link RawBits}): |t| clears the sign bit; sign(t) is the bits of 1 where t != 0, with
   * t's sign bit, or t itself where t is NaN. Integer operations only, which C2 packs cheaply;
   * {@link #sign}'s clamp costs two {@code Math.min}/{@code max} sequences per vector (0.40 against
   * 0.26 ns per element, measured in a harness).
   */
  private static void absAndSign(double[] z, double[] h, double[] g, int len) {
    RawBits.check(z, len);
    RawBits.check(h, len);
    RawBits.check(g, len);
    for (int i = 0; i < len; i++) {
      long bits = RawBits.get(z, i);
      long magnitude = bits & ~RawBits.SIGN_BIT;
      long nonZero = -((-magnitude) >>> 63); // all ones where t != +-0
      long nan = (INFINITY_BITS - magnitude) >> 63; // all ones where t is NaN
      long sign = (ONE_BITS & nonZero) | (bits & RawBits.SIGN_BIT);
      RawBits.put(h, i, magnitude);
      RawBits.put(g, i, (nan & bits) | (~nan & sign));
    }
  }

  /** p = 2: h = t^2, g = 2t. */
  private static void square(double[] z, double[] h, double[] g, int len) {
    for (int i = 0; i < len; i++) {
      double t = z[i];
      h[i] = t * t;
      g[i] = 2 * t;
    }
  }

  /** p outside the log-exp kernel's range: Math.pow, then g from h. */
  private void mathPow(double[] z, double[] h, double[] g, int len) {
    for (int i = 0; i < len; i++) {
      h[i] = Math.pow(Math.abs(z[i]), p);
    }
    derivativeFromValue(z, h, g, len);
  }

  /**
   * p = k >= 3 integer: |t|^(k-1) by binary powering (g the product, h the running square), then
   * h = |t|^(k-1) |t| and g = k |t|^(k-1) sign(t). One vector pass per bit of k - 1: the first also
   * takes |t|, each takes its bit's product and the next square together, and the last makes h and
   * g (the same products in the same order as one pass per operation, so the same bits, with 4
   * passes over the rows instead of 9 for k = 16).
   */
  private void integerPower(double[] z, double[] h, double[] g, int len) {
    int e = intP - 1; // >= 2
    // the lowest bit: g = |t| or 1, h = |t|^2
    if ((e & 1) != 0) {
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        g[i] = a;
        h[i] = a * a;
      }
    } else {
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        g[i] = 1;
        h[i] = a * a;
      }
    }
    e >>= 1;
    // the middle bits: g *= h where the bit is set, then h = h^2
    while (e > 1) {
      if ((e & 1) != 0) {
        for (int i = 0; i < len; i++) {
          double x = h[i];
          g[i] *= x;
          h[i] = x * x;
        }
      } else {
        for (int i = 0; i < len; i++) {
          double x = h[i];
          h[i] = x * x;
        }
      }
      e >>= 1;
    }
    // the top bit (e == 1): below = g h, then h and g
    double k = intP;
    for (int i = 0; i < len; i++) {
      double below = g[i] * h[i];
      h[i] = below * Math.abs(z[i]);
      g[i] = k * below;
    }
    withSignOf(z, g, len);
  }

  /**
   * g[i] with the sign of z[i], for g[i] >= +0 or NaN: g sign(t) for every t, 0 and NaN included
   * (a product with +-1 is exact; +0 sign(-0) = -0), by OR-ing z's sign bit into g's bits
   * ({@link RawBits}), a loop of integer operations that C2 packs, where {@link #sign}'s clamp
   * costs two {@code Math.min}/{@code max} sequences per vector and {@code Math.copySign} or the
   * bits in a loop of doubles leave that loop scalar (2.4 against 0.6 ns per element for p = 1.5
   * in a harness).
   */
  private static void withSignOf(double[] z, double[] g, int len) {
    RawBits.check(z, len);
    RawBits.check(g, len);
    for (int i = 0; i < len; i++) {
      RawBits.put(g, i, RawBits.get(g, i) | (RawBits.get(z, i) & RawBits.SIGN_BIT));
    }
  }

  /**
   * p = k + 1/2: h = |t|^k sqrt|t|; for k >= 1 g = p |t|^(k-1) sqrt|t| with the sign of t (no
   * division), for k = 0 g from h.
   */
  private void halfIntegerPower(double[] z, double[] h, double[] g, int len) {
    int k = intP;
    double pp = p;
    if (k == 0) {
      for (int i = 0; i < len; i++) {
        double t = z[i];
        double root = Math.sqrt(Math.abs(t));
        h[i] = root;
        g[i] = pp * root / nonZero(t);
      }
      return;
    }
    if (k == 1) {
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        double root = Math.sqrt(a);
        h[i] = a * root;
        g[i] = pp * root;
      }
      withSignOf(z, g, len);
      return;
    }
    if (k == 2) {
      // below = sqrt|t| |t| (binary powering's one product) in the root's loop
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        double below = Math.sqrt(a) * a;
        h[i] = below * a;
        g[i] = pp * below;
      }
      withSignOf(z, g, len);
      return;
    }
    // below = |t|^(k-1) sqrt|t| by binary powering, one vector pass per bit: |t|^k by intPow
    // inside this loop kept it scalar, 1.9-3.6 ns per element for p = 2.5 to 6.5 against 0.28
    // for 1.5 (bench/RESULTS.md section 26)
    for (int i = 0; i < len; i++) {
      double a = Math.abs(z[i]);
      h[i] = Math.sqrt(a);
      g[i] = a;
    }
    rootTimesPower(z, h, g, len);
  }

  /**
   * p = k + 1/2 or k + j/4, k >= 2, with h holding a root r of |t| (sqrt|t| or |t|^(j/4)) and g
   * holding |t|: below = r |t|^(k-1) by binary powering (one vector pass per bit), then
   * h = below |t| and g = p below with the sign of t (no division); {@link #rootBelow} point-wise.
   */
  private void rootTimesPower(double[] z, double[] h, double[] g, int len) {
    timesPowerOf(h, g, len, intP - 1);
    double pp = p;
    for (int i = 0; i < len; i++) {
      double below = h[i];
      h[i] = below * Math.abs(z[i]);
      g[i] = pp * below;
    }
    withSignOf(z, g, len);
  }

  /**
   * |t|^(k-1) r for p = k + 1/2 (r = sqrt|t|) or k + j/4 (r = |t|^(j/4)), k >= 1, from a = |t|:
   * the batch form's products in its order; |t|^p is this times a, the slope p times it with the
   * sign of t.
   */
  private double rootBelow(double a) {
    return timesPower(kind == Kind.HALF ? Math.sqrt(a) : quarterRoot(a, fraction), a, intP - 1);
  }

  /**
   * p = k + 1/4 or k + 3/4 by {@link FourthRoot}: a row of normal numbers by
   * {@link #quarterPowerOfNormals}; any other row point-wise ({@link #rootValue},
   * {@link #rootSlope}).
   */
  private void quarterPower(double[] z, double[] h, double[] g, int len) {
    if (FourthRoot.signedEstimates(z, h, len)) {
      quarterPowerOfNormals(z, h, g, len);
      return;
    }
    // a row with a zero, subnormal, infinite or NaN element (rare): point-wise, the same bits
    for (int i = 0; i < len; i++) {
      double t = z[i];
      h[i] = rootValue(Math.abs(t));
      g[i] = rootSlope(t);
    }
  }

  /**
   * {@link #quarterPower} for a row of normal numbers, h holding the estimates with the signs of
   * z ({@link FourthRoot#signedEstimates}): the refinement, then the root R with the sign of t,
   * B = R |t|^(k-1) (for k = 1 in the root's loop) and h = B t, g = p B; for k = 0 h = |R| and
   * g = p |t|^(p-1) ({@link FourthRoot#inverse}, {@link FourthRoot#inverseCube}). The same bits
   * as {@link #rootValue} and {@link #rootSlope}.
   */
  private void quarterPowerOfNormals(double[] z, double[] h, double[] g, int len) {
    for (int i = 0; i < len; i++) {
      h[i] = FourthRoot.refine(Math.abs(z[i]), h[i]);
    }
    double pp = p;
    // a loop per j and k, so that both are constants in each; the root and the products in one
    if (intP == 1 && fraction == 1) {
      for (int i = 0; i < len; i++) {
        double t = z[i];
        double root = FourthRoot.root(Math.abs(t), h[i]);
        h[i] = root * t;
        g[i] = pp * root;
      }
    } else if (intP == 1) {
      for (int i = 0; i < len; i++) {
        double t = z[i];
        double root = FourthRoot.cube(Math.abs(t), h[i]);
        h[i] = root * t;
        g[i] = pp * root;
      }
    } else if (intP == 2 && fraction == 1) {
      for (int i = 0; i < len; i++) {
        double t = z[i];
        double a = Math.abs(t);
        double below = FourthRoot.root(a, h[i]) * a;
        h[i] = below * t;
        g[i] = pp * below;
      }
    } else if (intP == 2) {
      for (int i = 0; i < len; i++) {
        double t = z[i];
        double a = Math.abs(t);
        double below = FourthRoot.cube(a, h[i]) * a;
        h[i] = below * t;
        g[i] = pp * below;
      }
    } else if (intP == 0 && fraction == 1) {
      // h = |R|, g = p |t|^(p-1) from r (with t's sign) too: no division
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        double r = h[i];
        h[i] = Math.abs(FourthRoot.root(a, r));
        g[i] = pp * FourthRoot.inverseCube(a, r);
      }
    } else if (intP == 0) {
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        double r = h[i];
        h[i] = Math.abs(FourthRoot.cube(a, r));
        g[i] = pp * FourthRoot.inverse(a, r);
      }
    } else {
      // B = R |t|^(k-1) by binary powering, one vector pass per bit
      if (fraction == 1) {
        for (int i = 0; i < len; i++) {
          double a = Math.abs(z[i]);
          h[i] = FourthRoot.root(a, h[i]);
          g[i] = a;
        }
      } else {
        for (int i = 0; i < len; i++) {
          double a = Math.abs(z[i]);
          h[i] = FourthRoot.cube(a, h[i]);
          g[i] = a;
        }
      }
      timesPowerOf(h, g, len, intP - 1);
      for (int i = 0; i < len; i++) {
        double below = h[i];
        h[i] = below * z[i];
        g[i] = pp * below;
      }
    }
  }


  /** a^(1/4) (j = 1) or a^(3/4) (j = 3) by {@link FourthRoot}. */
  static double quarterRoot(double a, int j) {
    return FourthRoot.power(a, j);
  }

  /**
   * p = k + 1/3 or k + 2/3 by {@link CubeRoot}: a row of normal numbers by
   * {@link #thirdPowerOfNormals}; any other row by the estimate on the
   * bits, the refinement in one loop, the residual and the root in another (see there why not
   * one), then B = |t|^(k-1) cbrt|t|^j and h = |t| B, g = p sign(t) B (no division, and right
   * where h underflows); for k = 0, h = cbrt|t|^j and g from h.
   */
  private void thirdPower(double[] z, double[] h, double[] g, int len) {
    if (CubeRoot.signedEstimates(z, h, len)) {
      thirdPowerOfNormals(z, h, g, len);
      return;
    }
    CubeRoot.estimates(z, h, len);
    for (int i = 0; i < len; i++) {
      double c = CubeRoot.clamp(Math.abs(z[i]));
      h[i] = CubeRoot.refine(c, h[i]);
    }
    double first = CubeRoot.residualFirst(fraction);
    double second = CubeRoot.residualSecond(fraction);
    // a loop per j, so that j is a constant in each
    if (fraction == 1) {
      for (int i = 0; i < len; i++) {
        h[i] = CubeRoot.root(CubeRoot.clamp(Math.abs(z[i])), h[i], first, second);
      }
    } else {
      for (int i = 0; i < len; i++) {
        h[i] = CubeRoot.square(CubeRoot.clamp(Math.abs(z[i])), h[i], first, second);
      }
    }
    if (intP == 0) {
      double pp = p;
      for (int i = 0; i < len; i++) {
        double t = z[i];
        double root = h[i] + CubeRoot.infinite(Math.abs(t));
        h[i] = root;
        g[i] = pp * root / nonZero(t);
      }
      return;
    }
    timesPower(z, h, g, len, intP - 1);
    double pp = p;
    for (int i = 0; i < len; i++) {
      double t = z[i];
      double below = h[i];
      h[i] = Math.abs(t) * below;
      g[i] = pp * below * sign(t) + CubeRoot.infinite(t);
    }
  }

  /**
   * {@link #thirdPower} for a row whose every |t| is a normal finite double, with h holding the
   * signed estimates ({@link CubeRoot#signedEstimates}): the same steps on t and the signed r, so
   * no |t|, no clamp and no fix for infinity; the root comes out with the sign of t, so that
   * h = t B and g = p B (B signed) are the bits of |t| |B| and p sign(t) |B|. For j = 2 the root
   * is taken from |r| (c r is positive), for the sign of t again.
   */
  private void thirdPowerOfNormals(double[] z, double[] h, double[] g, int len) {
    for (int i = 0; i < len; i++) {
      double c = z[i];
      h[i] = CubeRoot.refine(c, h[i]);
    }
    double first = CubeRoot.residualFirst(fraction);
    double second = CubeRoot.residualSecond(fraction);
    double pp = p;
    // k = 1 and 2: the root and the products in one loop (with the refinement too: 6% slower for
    // 4/3), a loop per j and k so that both are constants in each
    if (fraction == 1 && intP == 1) {
      for (int i = 0; i < len; i++) {
        double c = z[i];
        double below = CubeRoot.root(c, h[i], first, second);
        h[i] = c * below;
        g[i] = pp * below;
      }
      return;
    }
    if (intP == 1) {
      for (int i = 0; i < len; i++) {
        double c = z[i];
        double below = CubeRoot.square(c, h[i], first, second);
        h[i] = c * below;
        g[i] = pp * below;
      }
      return;
    }
    if (fraction == 1 && intP == 2) {
      for (int i = 0; i < len; i++) {
        double c = z[i];
        double below = CubeRoot.root(c, h[i], first, second) * Math.abs(c);
        h[i] = c * below;
        g[i] = pp * below;
      }
      return;
    }
    if (intP == 2) {
      for (int i = 0; i < len; i++) {
        double c = z[i];
        double below = CubeRoot.square(c, h[i], first, second) * Math.abs(c);
        h[i] = c * below;
        g[i] = pp * below;
      }
      return;
    }
    if (fraction == 1) {
      for (int i = 0; i < len; i++) {
        h[i] = CubeRoot.root(z[i], h[i], first, second);
      }
    } else {
      for (int i = 0; i < len; i++) {
        h[i] = CubeRoot.square(z[i], h[i], first, second);
      }
    }
    if (intP == 0) {
      for (int i = 0; i < len; i++) {
        double root = Math.abs(h[i]);
        h[i] = root;
        g[i] = pp * root / z[i];
      }
      return;
    }
    timesPower(z, h, g, len, intP - 1);
    for (int i = 0; i < len; i++) {
      double below = h[i];
      h[i] = z[i] * below;
      g[i] = pp * below;
    }
  }

  /**
   * h[i] times |z[i]|^k by binary powering, one vector pass per bit, g the running square; the
   * products of {@link #timesPower(double, double, int)} in the same order.
   */
  private static void timesPower(double[] z, double[] h, double[] g, int len, int k) {
    if (k == 0) {
      return;
    }
    for (int i = 0; i < len; i++) {
      g[i] = Math.abs(z[i]);
    }
    timesPowerOf(h, g, len, k);
  }

  /** {@link #timesPower} with g holding |z| already (g is overwritten). */
  private static void timesPowerOf(double[] h, double[] g, int len, int k) {
    int e = k;
    while (true) {
      if ((e & 1) != 0) {
        for (int i = 0; i < len; i++) {
          h[i] *= g[i];
        }
      }
      e >>= 1;
      if (e == 0) {
        break;
      }
      for (int i = 0; i < len; i++) {
        g[i] *= g[i];
      }
    }
  }

  /** x a^k by binary powering, the products in the order of the batch form's passes. */
  static double timesPower(double x, double a, int k) {
    double result = x;
    double base = a;
    int e = k;
    while (e > 0) {
      if ((e & 1) != 0) {
        result *= base;
      }
      e >>= 1;
      if (e > 0) {
        base *= base;
      }
    }
    return result;
  }

  /** |t|^p for QUARTER and THIRD from a = |t|. */
  private double rootValue(double a) {
    if (kind == Kind.QUARTER) {
      return intP == 0 ? quarterRoot(a, fraction) : rootBelow(a) * a;
    }
    double root = CubeRoot.power(a, fraction);
    return intP == 0 ? root + CubeRoot.infinite(a) : a * timesPower(root, a, intP - 1);
  }

  /** p sign(t) |t|^(p-1) for QUARTER and THIRD, as the batch form computes it. */
  private double rootSlope(double t) {
    double a = Math.abs(t);
    if (kind == Kind.QUARTER && intP >= 1) {
      return Math.copySign(p * rootBelow(a), t);
    }
    if (kind == Kind.QUARTER) {
      // p |t|^(p-1) from the root's estimate, as the batch form: +0 at +-0, +-0 at infinity
      if (a == 0) {
        return 0.0;
      }
      return Math.copySign(a == Double.POSITIVE_INFINITY ? 0.0 : p * FourthRoot.lower(a, fraction), t);
    }
    if (intP == 0) {
      return p * rootValue(a) / nonZero(t);
    }
    return p * timesPower(CubeRoot.power(a, fraction), a, intP - 1) * sign(t) + CubeRoot.infinite(t);
  }

  /** sign(t) as clamp(t 2^1200, -1, 1): exactly signum for every double, 0 at +-0, NaN for NaN. */
  static double sign(double t) {
    return Math.min(Math.max(t * BIG * BIG, -1.0), 1.0);
  }

  /** t, or 1 where t = +-0: 1 - min(|t| 2^1200, 1) is exactly 0 for t != 0 and 1 for t = 0 (NaN stays NaN). */
  static double nonZero(double t) {
    return t + (1.0 - Math.min(Math.abs(t) * BIG * BIG, 1.0));
  }

  /** g = p h / t where t != 0, 0 where t = 0: p |t|^p / t = p sign(t) |t|^(p-1). */
  private void derivativeFromValue(double[] z, double[] h, double[] g, int len) {
    double pp = p;
    for (int i = 0; i < len; i++) {
      g[i] = pp * h[i] / nonZero(z[i]);
    }
  }

  @Override
  public double logValue(double logAbsT, boolean negative) {
    return p * logAbsT;
  }

  /** a^k for a small non-negative integer k by binary powering (exact for k <= 2). */
  static double intPow(double a, int k) {
    double result = 1;
    double base = a;
    int e = k;
    while (e > 0) {
      if ((e & 1) != 0) {
        result *= base;
      }
      base *= base;
      e >>= 1;
    }
    return result;
  }

  @Override
  public String toString() {
    return NAME + "(p=" + p + ")";
  }
}
