package org.neuralpolytopes.net;

import java.util.Arrays;

/**
 * ERA, the learnable rational activation (Trimmel et al., "ERA: Enhanced Rational Activations",
 * ECCV 2022; thesis section 6.2 and paper II): sigma = R = P / Q of {@link RationalFunction}, with
 * P of degree {@code numerator} and Q a product of {@code denominator / 2} pole-free quadratic
 * factors, its coefficients trained with the weights, one set per hidden layer or one shared set.
 *
 * <p>P has no constant term (a_0 = 0): R(0) = 0, so f(0) = 0 and the origin lies inside every
 * body, as for |t|^p. (With a free a_0 a network can fit f = 1 on the whole ball instead of drawing
 * a body: a (3, 1, 4) era_even run did, to a loss of 7e-5 with f(0) = 1.02.)
 *
 * <ul>
 *   <li>{@code era}: trained: a_1 .. a_m, then (c_j, b_j) for each factor.
 *   <li>{@code era_even}: R(-t) = R(t), as |t|^p has, so that the network is invariant under unit
 *       sign flips and its body centrally symmetric. P is a polynomial in t^2 (m even) and each
 *       factor is t^2 + b_j^2 + EPSILON (c_j = 0: the poles of an even rational function lie at
 *       +-c +- i s; on the imaginary axis, where the best rational approximations of |t| put theirs,
 *       Newman 1964, they need one parameter each). Trained: a_2, a_4, ..., a_m, then b_1 .. b_K.
 * </ul>
 *
 * This class is the family: its own evaluation methods throw, since sigma depends on the
 * coefficients; {@link #bind} gives sigma for one set, {@link #coefficientKernel} the trainer's batch form.
 * Not positively homogeneous, smooth, not piecewise linear.
 */
public final class Era implements Activation, LearnableActivation {

  public static final String NAME = "era";
  public static final String EVEN_NAME = "era_even";

  private final String name;
  private final boolean even;
  private final int numerator;
  private final int factors;
  private final boolean shared;
  private final double p;
  /** Where each trained coefficient sits in the stored form a_0 .. a_m, c_1, b_1, ..., c_K, b_K. */
  private final int[] storedIndex;

  /**
   * @param name {@link #NAME} or {@link #EVEN_NAME}
   * @param shared whether every layer uses one set of coefficients
   * @param p the exponent of the abs_power initialisation (1 for the others), reported by {@link #p()}
   */
  public Era(String name, int numerator, int denominator, boolean shared, double p) {
    if (!NAME.equals(name) && !EVEN_NAME.equals(name)) {
      throw new IllegalArgumentException("not an ERA family: " + name);
    }
    this.name = name;
    this.even = EVEN_NAME.equals(name);
    // the settings' range checks, then the variant's degree rule
    String problem = new EraSettings(numerator, denominator, EraSettings.ABS_POWER, EraSettings.LAYER, 0)
        .degreeProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    this.numerator = numerator;
    this.factors = denominator / 2;
    this.shared = shared;
    this.p = p;
    int[] index = new int[numerator + 2 * factors];
    int n = 0;
    for (int i = 1; i <= numerator; i++) {
      if (!even || i % 2 == 0) {
        index[n++] = i;
      }
    }
    for (int j = 0; j < factors; j++) {
      if (!even) {
        index[n++] = numerator + 1 + 2 * j;
      }
      index[n++] = numerator + 2 + 2 * j;
    }
    this.storedIndex = Arrays.copyOf(index, n);
  }

  /** The family of a run's settings. */
  public static Era of(String name, double p, EraSettings settings) {
    return new Era(name, settings.numerator(), settings.denominator(), EraSettings.SHARED.equals(settings.sharing()),
        p);
  }

  /** The family of a stored row: its name, exponent and {@code activation_shape} [sets, numerator, denominator]. */
  public static Era stored(String name, double p, int layers, int[] shape) {
    if (shape == null || shape.length != 3) {
      throw new IllegalArgumentException("activation_shape must be [sets, numerator, denominator], got "
          + Arrays.toString(shape));
    }
    if (shape[0] != 1 && shape[0] != layers) {
      throw new IllegalArgumentException("activation_shape: " + shape[0] + " sets for " + layers + " layers");
    }
    return new Era(name, shape[1], shape[2], shape[0] == 1 && layers > 1, p);
  }

  public int numerator() {
    return numerator;
  }

  public int denominator() {
    return 2 * factors;
  }

  @Override public String name() { return name; }
  @Override public double p() { return p; }
  @Override public double homogeneityDegree() { return Double.NaN; }
  @Override public boolean isEven() { return even; }
  @Override public LinearPieces linearPieces() { return LinearPieces.NONE; }
  @Override public boolean isTwiceDifferentiable() { return true; }
  @Override public LearnableActivation learnable() { return this; }

  @Override
  public double value(double t) {
    throw unbound();
  }

  @Override
  public double derivative(double t) {
    throw unbound();
  }

  @Override
  public void apply(double[] z, double[] h, double[] g, int len) {
    throw unbound();
  }

  @Override
  public double logValue(double logAbsT, boolean negative) {
    throw unbound();
  }

  private UnsupportedOperationException unbound() {
    return new UnsupportedOperationException(name + " has no value without its coefficients: bind a set first");
  }

  // ---- LearnableActivation ----

  @Override
  public int coefficientCount() {
    return storedIndex.length;
  }

  @Override
  public boolean shared() {
    return shared;
  }

  @Override
  public int storedCount() {
    return numerator + 1 + 2 * factors;
  }

  @Override
  public int[] storedShape(int sets) {
    return new int[] {sets, numerator, 2 * factors};
  }

  @Override
  public void store(double[] params, int offset, double[] out, int outOffset) {
    Arrays.fill(out, outOffset, outOffset + storedCount(), 0.0);
    for (int i = 0; i < storedIndex.length; i++) {
      out[outOffset + storedIndex[i]] = params[offset + i];
    }
  }

  @Override
  public void load(double[] stored, int storedOffset, double[] params, int offset) {
    for (int i = 0; i < storedIndex.length; i++) {
      params[offset + i] = stored[storedOffset + storedIndex[i]];
    }
  }

  @Override
  public RationalFunction bind(double[] params, int offset) {
    double[] expanded = new double[storedCount()];
    store(params, offset, expanded, 0);
    return new RationalFunction(name, even, p, numerator, factors, expanded, 0);
  }

  @Override
  public CoefficientKernel coefficientKernel() {
    return new SetKernel();
  }

  /** Horner's scheme, the factors' product and a division per element: a scalar loop. */
  @Override
  public Kernel kernel() {
    return Kernel.RATIONAL;
  }

  @Override
  public String toString() {
    return name + "(" + numerator + "/" + 2 * factors + (shared ? ", shared" : "") + ")";
  }

  /** The batch kernel of one set: the expanded coefficients and the gradient accumulator. */
  private final class SetKernel implements CoefficientKernel {
    private final double[] expanded = new double[storedCount()];
    private final double[] a = new double[numerator + 1];
    private final double[] c = new double[factors];
    private final double[] b = new double[factors];
    private final double[] e = new double[factors];
    private final double[] acc = new double[storedCount()];

    @Override
    public void load(double[] params, int offset) {
      store(params, offset, expanded, 0);
      System.arraycopy(expanded, 0, a, 0, numerator + 1);
      for (int j = 0; j < factors; j++) {
        c[j] = expanded[numerator + 1 + 2 * j];
        b[j] = expanded[numerator + 2 + 2 * j];
        e[j] = b[j] * b[j] + RationalFunction.EPSILON;
      }
    }

    @Override
    public void apply(double[] z, double[] h, double[] g, int len) {
      RationalFunction.apply(a, c, e, z, h, g, len);
    }

    @Override
    public void clearGradient() {
      Arrays.fill(acc, 0.0);
    }

    @Override
    public void accumulate(double[] z, double[] upstream, int len) {
      RationalFunction.accumulate(a, c, b, e, z, upstream, len, acc);
    }

    @Override
    public void gradient(double[] grad, int offset) {
      for (int i = 0; i < storedIndex.length; i++) {
        grad[offset + i] = acc[storedIndex[i]];
      }
    }
  }
}
