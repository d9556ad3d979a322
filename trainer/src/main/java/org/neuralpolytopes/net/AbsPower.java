package org.neuralpolytopes.net;

/**
 * sigma(t) = |t|^p for p > 0: the paper's activation (equation (3) there); p = 1 is |t|.
 *
 * <p>Even and positively homogeneous of degree p. The batch loop takes a fast path for p = 1,
 * p = 2 and small integer p; {@link Math#pow} is used only for other p. At t = 0 the derivative
 * is taken as 0 (a subgradient for p = 1, the limit for p > 1, a convention for p < 1).
 */
public final class AbsPower implements Activation {

  public static final String NAME = "abs_power";

  private enum Kind { ONE, TWO, INTEGER, GENERAL }

  private final double p;
  private final Kind kind;
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
    } else {
      kind = Kind.GENERAL;
    }
    intP = (int) Math.rint(p);
  }

  @Override public String name() { return NAME; }
  @Override public double p() { return p; }
  @Override public double homogeneityDegree() { return p; }
  @Override public boolean isEven() { return true; }
  @Override public boolean isPiecewiseLinear() { return p == 1; }

  @Override
  public double value(double t) {
    double a = Math.abs(t);
    switch (kind) {
      case ONE: return a;
      case TWO: return t * t;
      case INTEGER: return intPow(a, intP);
      default: return Math.pow(a, p);
    }
  }

  @Override
  public double derivative(double t) {
    if (t == 0) {
      return 0;
    }
    double s = Math.signum(t);
    double a = Math.abs(t);
    switch (kind) {
      case ONE: return s;
      case TWO: return 2 * t;
      case INTEGER: return s * intP * intPow(a, intP - 1);
      default: return s * p * Math.pow(a, p - 1);
    }
  }

  @Override
  public void apply(double[] z, double[] h, double[] g, int len) {
    switch (kind) {
      case ONE:
        for (int i = 0; i < len; i++) {
          double t = z[i];
          h[i] = Math.abs(t);
          g[i] = Math.signum(t);
        }
        break;
      case TWO:
        for (int i = 0; i < len; i++) {
          double t = z[i];
          h[i] = t * t;
          g[i] = 2 * t;
        }
        break;
      case INTEGER: {
        int k = intP;
        for (int i = 0; i < len; i++) {
          double t = z[i];
          double a = Math.abs(t);
          double below = intPow(a, k - 1);
          h[i] = below * a;
          g[i] = Math.signum(t) * k * below;
        }
        break;
      }
      default:
        for (int i = 0; i < len; i++) {
          double t = z[i];
          double a = Math.abs(t);
          if (a == 0) {
            h[i] = 0;
            g[i] = 0;
          } else {
            double v = Math.pow(a, p);
            h[i] = v;
            g[i] = Math.signum(t) * p * v / a;
          }
        }
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
