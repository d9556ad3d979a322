package org.neuralpolytopes.net;

/**
 * A scalar activation sigma applied unit by unit (docs/metrics.md, "The network and its body").
 *
 * <p>Implementations are immutable. The batch method {@link #apply} is what the trainer's hot
 * loop calls: one virtual call per layer and batch, with the loop over the batch inside the
 * implementation so that the JIT sees a monomorphic, branch-free inner loop.
 */
public interface Activation {

  /** The family name used in specs and tables: {@code abs_power}, {@code relu}. */
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

  /** True when sigma is piecewise linear, so the network's level set is a true polytope. */
  boolean isPiecewiseLinear();

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
}
