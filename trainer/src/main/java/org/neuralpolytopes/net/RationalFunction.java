package org.neuralpolytopes.net;

import java.util.Arrays;

/**
 * A rational function with a factorised, pole-free denominator (Trimmel, Zanfir, Hartley and
 * Sminchisescu, "ERA: Enhanced Rational Activations", ECCV 2022; thesis section 6.2):
 *
 * <pre>
 *   R(t) = P(t) / Q(t),   P(t) = a_0 + a_1 t + ... + a_m t^m,
 *   Q(t) = prod_{j=1..K} ((t - c_j)^2 + b_j^2 + EPSILON)
 * </pre>
 *
 * Each factor is positive on the real line: its roots c_j +- i sqrt(b_j^2 + EPSILON) lie at least
 * sqrt({@link #EPSILON}) = 0.1 from it, so R has no real pole whatever the coefficients, and
 * partial fractions over the factors exist (the factorised denominator of ERA). K = 0 is a
 * polynomial.
 *
 * <p>The coefficients are held in this expanded form: a_0 .. a_m, then c_1, b_1, ..., c_K, b_K
 * (the stored form of the {@code activation_coefficients} column). An even R has zero odd a_i and
 * zero c_j; R(-t) = R(t) then holds to the bit (Horner's scheme and the factors only multiply
 * t by itself or by zero).
 *
 * <p>Arithmetic (plain scalar loops over the batch, one division per element for value and slope):
 * <ol>
 *   <li>P and P' by Horner's scheme.
 *   <li>Q and Q' by the product rule, factor by factor: Q' <- Q' f_j + Q 2 (t - c_j), Q <- Q f_j.
 *   <li>R = P / Q, R' = (P' - R Q') / Q.
 *   <li>Coefficient gradient: dR/da_i = t^i / Q, dR/dc_j = 2 R (t - c_j) / f_j,
 *       dR/db_j = -2 R b_j / f_j.
 * </ol>
 */
public final class RationalFunction implements Activation {

  /** The smallest b_j^2 of a factor: the poles stay at least sqrt(EPSILON) = 0.1 off the real line. */
  public static final double EPSILON = 0.01;

  private final String name;
  private final boolean even;
  private final double p;
  /** a_0 .. a_m. */
  private final double[] a;
  /** c_j, b_j and b_j^2 + EPSILON. */
  private final double[] c;
  private final double[] b;
  private final double[] e;

  /**
   * @param name the family name ({@code era}, {@code era_even})
   * @param p the family's exponent (that of its abs_power initialisation), for {@link #p()}
   * @param coefficients the expanded form (m + 1 + 2K numbers) from {@code offset}
   */
  RationalFunction(String name, boolean even, double p, int numerator, int factors, double[] coefficients,
      int offset) {
    this.name = name;
    this.even = even;
    this.p = p;
    this.a = Arrays.copyOfRange(coefficients, offset, offset + numerator + 1);
    this.c = new double[factors];
    this.b = new double[factors];
    this.e = new double[factors];
    for (int j = 0; j < factors; j++) {
      c[j] = coefficients[offset + numerator + 1 + 2 * j];
      b[j] = coefficients[offset + numerator + 2 + 2 * j];
      e[j] = b[j] * b[j] + EPSILON;
    }
  }

  @Override public String name() { return name; }
  @Override public double p() { return p; }
  /** Not positively homogeneous. */
  @Override public double homogeneityDegree() { return Double.NaN; }
  @Override public boolean isEven() { return even; }
  @Override public LinearPieces linearPieces() { return LinearPieces.NONE; }
  @Override public Kernel kernel() { return Kernel.RATIONAL; }
  @Override public boolean isTwiceDifferentiable() { return true; }

  @Override
  public double value(double t) {
    return value(a, c, e, t);
  }

  @Override
  public double derivative(double t) {
    int m = a.length - 1;
    double pv = a[m];
    double dp = 0;
    for (int i = m - 1; i >= 0; i--) {
      dp = dp * t + pv;
      pv = pv * t + a[i];
    }
    double q = 1;
    double dq = 0;
    for (int j = 0; j < c.length; j++) {
      double s = t - c[j];
      double f = s * s + e[j];
      dq = dq * f + q * (2 * s);
      q = q * f;
    }
    double inv = 1 / q;
    double r = pv * inv;
    return (dp - r * dq) * inv;
  }

  @Override
  public void apply(double[] z, double[] h, double[] g, int len) {
    apply(a, c, e, z, h, g, len);
  }

  /**
   * log R(t), from R evaluated directly (R need not be positive: NaN where it is negative). A
   * rational network has no log-space evaluation; its radial function finds the level set by a
   * root search instead.
   */
  @Override
  public double logValue(double logAbsT, boolean negative) {
    double t = Math.exp(logAbsT);
    return Math.log(value(negative ? -t : t));
  }

  /** The expanded form: a_0 .. a_m, c_1, b_1, ..., c_K, b_K. */
  public double[] coefficients() {
    int m = a.length - 1;
    double[] out = new double[m + 1 + 2 * c.length];
    System.arraycopy(a, 0, out, 0, m + 1);
    for (int j = 0; j < c.length; j++) {
      out[m + 1 + 2 * j] = c[j];
      out[m + 2 + 2 * j] = b[j];
    }
    return out;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(coefficients());
  }

  // ---- the kernels, on the expanded arrays ----

  /** R(t). */
  static double value(double[] a, double[] c, double[] e, double t) {
    int m = a.length - 1;
    double pv = a[m];
    for (int i = m - 1; i >= 0; i--) {
      pv = pv * t + a[i];
    }
    double q = 1;
    for (int j = 0; j < c.length; j++) {
      double s = t - c[j];
      q *= s * s + e[j];
    }
    return pv / q;
  }

  /** h[i] = R(z[i]), g[i] = R'(z[i]) for i < len (steps 1-3). */
  static void apply(double[] a, double[] c, double[] e, double[] z, double[] h, double[] g, int len) {
    int m = a.length - 1;
    int k = c.length;
    for (int i = 0; i < len; i++) {
      double t = z[i];
      double pv = a[m];
      double dp = 0;
      for (int n = m - 1; n >= 0; n--) {
        dp = dp * t + pv;
        pv = pv * t + a[n];
      }
      double q = 1;
      double dq = 0;
      for (int j = 0; j < k; j++) {
        double s = t - c[j];
        double f = s * s + e[j];
        dq = dq * f + q * (2 * s);
        q = q * f;
      }
      double inv = 1 / q;
      double r = pv * inv;
      h[i] = r;
      g[i] = (dp - r * dq) * inv;
    }
  }

  /**
   * acc += sum_i u[i] dR(z[i])/d(a_0 .. a_m, c_1, b_1, ..., c_K, b_K) (step 4), in that layout;
   * {@code b} holds the b_j themselves.
   */
  static void accumulate(double[] a, double[] c, double[] b, double[] e, double[] z, double[] u, int len,
      double[] acc) {
    int m = a.length - 1;
    int k = c.length;
    for (int i = 0; i < len; i++) {
      double t = z[i];
      double pv = a[m];
      for (int n = m - 1; n >= 0; n--) {
        pv = pv * t + a[n];
      }
      double q = 1;
      for (int j = 0; j < k; j++) {
        double s = t - c[j];
        q *= s * s + e[j];
      }
      double inv = 1 / q;
      double ui = u[i];
      double power = ui * inv;
      for (int n = 0; n <= m; n++) {
        acc[n] += power;
        power *= t;
      }
      double ur2 = 2 * ui * (pv * inv);
      for (int j = 0; j < k; j++) {
        double s = t - c[j];
        double w = ur2 / (s * s + e[j]);
        acc[m + 1 + 2 * j] += w * s;
        acc[m + 2 + 2 * j] -= w * b[j];
      }
    }
  }
}
