package org.neuralpolytopes.net;

/**
 * A scalar activation sigma applied unit by unit (docs/metrics.md, "The network and its body").
 *
 * <p>Implementations are immutable. The batch method {@link #apply} is what the trainer's hot
 * loop calls: one virtual call per layer and batch, with the loop over the batch inside the
 * implementation so that the JIT sees a monomorphic, branch-free inner loop.
 */
public interface Activation {

  /** The family name used in specs and tables: {@code abs_power}, {@code relu}, {@code era}, {@code era_even}. */
  String name();

  /** The exponent p of the family ({@code abs_power}); 1 for families without one. */
  double p();

  /**
   * Degree k of positive homogeneity, sigma(c t) = c^k sigma(t) for every c > 0, or NaN when
   * sigma is not positively homogeneous. A network of L layers is then homogeneous of degree
   * k^L and its radial function is exact: r(u) = f(u)^(-1/k^L).
   */
  double homogeneityDegree();

  /** True when sigma(-t) = sigma(t); the network is then invariant under unit sign flips. */
  boolean isEven();

  /**
   * How sigma is piecewise linear, if it is: the exact cell walk asks this instead of testing
   * families and exponents. Each kind has one kink, at 0, and {@link LinearPieces#slope} gives
   * sigma's slope on either side of it.
   */
  enum LinearPieces {
    /** relu-like, sigma(t) = max(t, 0): a unit is on (slope 1) or off (slope 0). */
    ONE_SIDED,
    /** abs-like, sigma(t) = |t|: a unit's slope is the sign of its pre-activation. */
    TWO_SIDED,
    /** sigma is not piecewise linear. */
    NONE;

    /**
     * sigma's slope where the pre-activation has sign {@code sign} (+1 or -1); 0 for sign 0, a
     * unit whose pre-activation vanishes identically.
     *
     * @throws UnsupportedOperationException for {@link #NONE}
     */
    public double slope(int sign) {
      return switch (this) {
        case ONE_SIDED -> sign > 0 ? 1 : 0;
        case TWO_SIDED -> Integer.signum(sign);
        case NONE -> throw new UnsupportedOperationException("sigma is not piecewise linear");
      };
    }
  }

  /** How sigma is piecewise linear ({@link LinearPieces#NONE} when it is not). */
  LinearPieces linearPieces();

  /** True when sigma is piecewise linear, so the network's level set is a true polytope. */
  default boolean isPiecewiseLinear() {
    return linearPieces() != LinearPieces.NONE;
  }

  /**
   * The arithmetic sigma's batch form {@link #apply} does, for cost models: its label (stable:
   * it names cost constants in sweep manifests) and its cost relative to one multiply-add per
   * element, as measured in the trainer's batch loops.
   */
  enum Kernel {
    /** max(t, 0) and a clamp: one vector pass (relu). */
    CLAMP("relu", 1),
    /** |t|^k for an integer k (|t|, t^2, binary powering): vector passes. */
    INTEGER_POWER("integer", 1),
    /**
     * |t|^k times a square, fourth or cube root of |t|: vector passes with square roots, or the
     * cube-root iteration of {@code CubeRoot} (a scalar pass of bit operations, then vector passes).
     */
    HALF_INTEGER_POWER("half", 2),
    /** {@link Math#pow} per element: a scalar loop. */
    GENERAL_POWER("pow", 12),
    /**
     * A rational function (era, era_even): Horner's scheme for P and P', the product of Q's factors
     * and one division per element, a scalar loop; costed like {@link #GENERAL_POWER} (an estimate
     * from the operation count of the default degrees 6 over 4, not a measurement).
     */
    RATIONAL("rational", 12);

    private final String label;
    private final double relativeCost;

    Kernel(String label, double relativeCost) {
      this.label = label;
      this.relativeCost = relativeCost;
    }

    public String label() {
      return label;
    }

    public double relativeCost() {
      return relativeCost;
    }
  }

  /** The kind of arithmetic of {@link #apply}. */
  Kernel kernel();

  /**
   * True when sigma is twice continuously differentiable, so that the radial function of a
   * network of it has a Hessian everywhere and its critical points can be found by Newton's
   * method (|t|^p for p >= 2).
   */
  default boolean isTwiceDifferentiable() {
    return false;
  }

  /** sigma(t). */
  double value(double t);

  /** sigma'(t); at a kink the one-sided value with sigma'(0) = 0. */
  double derivative(double t);

  /**
   * The batch form: for i in [0, len), h[i] = sigma(z[i]) and g[i] = sigma'(z[i]).
   * Must not allocate.
   */
  void apply(double[] z, double[] h, double[] g, int len);

  /**
   * log sigma(t) given log|t| and the sign of t, for evaluating deep or high-p networks in log
   * space without overflow; negative infinity where sigma(t) = 0.
   */
  double logValue(double logAbsT, boolean negative);

  /**
   * The trained coefficients of a learnable activation ({@link Era}), or null for a fixed one. A
   * learnable family's own {@link #value}, {@link #apply} and the like throw: its sigma depends on
   * coefficients, which {@link Network} and {@link BatchPass} bind per layer.
   */
  default LearnableActivation learnable() {
    return null;
  }
}
