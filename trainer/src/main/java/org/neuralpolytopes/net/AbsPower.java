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
 *   <li>p = 1: h = |t|, g = sign(t) computed as clamp(t * 2^600 * 2^600, -1, 1), which is
 *       exactly signum for every double (the smallest subnormal times 2^1200 exceeds 1);
 *   <li>p = 2: h = t^2, g = 2t;
 *   <li>other integer p = k: t^(k-1) by binary powering, one vector pass per bit, then
 *       h = |t| |t|^(k-1) and g = k sign(t) |t|^(k-1);
 *   <li>p = k + 1/2: h = |t|^k sqrt|t| (square root is a vector instruction, pow is not), and the
 *       derivative from h: g = p h / t, with t replaced by 1 where t = 0 so that g(0) = 0 without
 *       a branch;
 *   <li>any other p in [2^-10, 1024]: {@link LogExpPower}, one logarithm per element shared by
 *       h and g; {@link #value} and {@link #derivative} use the same kernel. Its Vector API twin
 *       ({@link VectorLogExpPower}, the same bits) is used only with
 *       {@code -Dpolytopes.vectorPower=true} (see there why it is not the default);
 *   <li>p outside that range: h = pow(|t|, p) and g from h as for k + 1/2, a scalar loop.
 * </ul>
 */
public final class AbsPower implements Activation {

  public static final String NAME = "abs_power";

  /** 2^600: t * BIG * BIG is at least 2^126 in magnitude for every non-zero double t. */
  static final double BIG = 0x1p600;

  private enum Kind { ONE, TWO, INTEGER, HALF, LOG_EXP, POW }

  private final double p;
  private final Kind kind;
  /** p for INTEGER, p - 1/2 for HALF. */
  private final int intP;

  public AbsPower(double p) {
    if (!(p > 0) || Double.isInfinite(p)) {
      throw new IllegalArgumentException("abs_power needs a finite p > 0, got " + p);
    }
    this.p = p;
    if (p == 1) {
      kind = Kind.ONE;
    } else if (p == 2) {
      kind = Kind.TWO;
    } else if (p == Math.rint(p) && p <= 64) {
      kind = Kind.INTEGER;
    } else if (p - 0.5 == Math.rint(p - 0.5) && p <= 64) {
      kind = Kind.HALF;
    } else if (LogExpPower.accepts(p)) {
      kind = Kind.LOG_EXP;
    } else {
      kind = Kind.POW;
    }
    intP = kind == Kind.HALF ? (int) Math.rint(p - 0.5) : (int) Math.rint(p);
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
      case HALF -> Kernel.HALF_INTEGER_POWER;
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
      case INTEGER: return intPow(a, intP);
      case HALF: return intPow(a, intP) * Math.sqrt(a);
      case LOG_EXP: return LogExpPower.value(t, p);
      default: return Math.pow(a, p);
    }
  }

  @Override
  public double derivative(double t) {
    if (kind == Kind.LOG_EXP) {
      return LogExpPower.slope(t, p);
    }
    if (t == 0) {
      return 0;
    }
    double s = Math.signum(t);
    double a = Math.abs(t);
    switch (kind) {
      case ONE: return s;
      case TWO: return 2 * t;
      case INTEGER: return s * intP * intPow(a, intP - 1);
      case HALF: return p * (intPow(a, intP) * Math.sqrt(a)) / t;
      default: return p * Math.pow(a, p) / t;
    }
  }

  @Override
  public void apply(double[] z, double[] h, double[] g, int len) {
    switch (kind) {
      case ONE:
        for (int i = 0; i < len; i++) {
          double t = z[i];
          h[i] = Math.abs(t);
          g[i] = Math.min(Math.max(t * BIG * BIG, -1.0), 1.0);
        }
        break;
      case TWO:
        for (int i = 0; i < len; i++) {
          double t = z[i];
          h[i] = t * t;
          g[i] = 2 * t;
        }
        break;
      case INTEGER:
        integerPower(z, h, g, len);
        break;
      case HALF:
        halfIntegerPower(z, h, g, len);
        break;
      case LOG_EXP:
        if (LinearRows.VECTOR && VectorLogExpPower.ENABLED) {
          VectorLogExpPower.apply(z, h, g, len, p);
        } else {
          LogExpPower.apply(z, h, g, 0, len, p);
        }
        break;
      default:
        for (int i = 0; i < len; i++) {
          h[i] = Math.pow(Math.abs(z[i]), p);
        }
        derivativeFromValue(z, h, g, len);
    }
  }

  /** p = k >= 3 integer: g holds |t|^(k-1) built by binary powering, h the running square. */
  private void integerPower(double[] z, double[] h, double[] g, int len) {
    int e = intP - 1;
    for (int i = 0; i < len; i++) {
      double a = Math.abs(z[i]);
      h[i] = a;
      g[i] = 1;
    }
    while (true) {
      if ((e & 1) != 0) {
        for (int i = 0; i < len; i++) {
          g[i] *= h[i];
        }
      }
      e >>= 1;
      if (e == 0) {
        break;
      }
      for (int i = 0; i < len; i++) {
        h[i] *= h[i];
      }
    }
    double k = intP;
    for (int i = 0; i < len; i++) {
      double t = z[i];
      double below = g[i];
      h[i] = below * Math.abs(t);
      g[i] = k * below * Math.min(Math.max(t * BIG * BIG, -1.0), 1.0);
    }
  }

  /** p = k + 1/2: h = |t|^k sqrt|t|, then g from h. */
  private void halfIntegerPower(double[] z, double[] h, double[] g, int len) {
    int k = intP;
    if (k == 0) {
      for (int i = 0; i < len; i++) {
        h[i] = Math.sqrt(Math.abs(z[i]));
      }
    } else if (k == 1) {
      for (int i = 0; i < len; i++) {
        double a = Math.abs(z[i]);
        h[i] = a * Math.sqrt(a);
      }
    } else {
      for (int i = 0; i < len; i++) {
        h[i] = intPow(Math.abs(z[i]), k) * Math.sqrt(Math.abs(z[i]));
      }
    }
    derivativeFromValue(z, h, g, len);
  }

  /** g = p h / t where t != 0, 0 where t = 0: p |t|^p / t = p sign(t) |t|^(p-1). */
  private void derivativeFromValue(double[] z, double[] h, double[] g, int len) {
    double pp = p;
    for (int i = 0; i < len; i++) {
      double t = z[i];
      // 1 - min(|t| 2^1200, 1) is exactly 0 for t != 0 and 1 for t = 0 (NaN stays NaN).
      double guard = t + (1.0 - Math.min(Math.abs(t) * BIG * BIG, 1.0));
      g[i] = pp * h[i] / guard;
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
