package org.neuralpolytopes.net;

/** sigma(t) = max(t, 0): piecewise linear, positively homogeneous of degree 1, not even. */
public final class Relu implements Activation {

  public static final String NAME = "relu";

  @Override public String name() { return NAME; }
  @Override public double p() { return 1; }
  @Override public double homogeneityDegree() { return 1; }
  @Override public boolean isEven() { return false; }
  @Override public LinearPieces linearPieces() { return LinearPieces.ONE_SIDED; }
  @Override public Kernel kernel() { return Kernel.CLAMP; }

  @Override public double value(double t) { return t > 0 ? t : 0; }

  @Override public double derivative(double t) { return t > 0 ? 1 : 0; }

  @Override
  public void apply(double[] z, double[] h, double[] g, int len) {
    // Branch-free so that C2 vectorises it: the step t > 0 is clamp(t * 2^1200, 0, 1), exact
    // for every double; a NaN stays NaN (and the run is reported DIVERGED).
    for (int i = 0; i < len; i++) {
      double t = z[i];
      h[i] = Math.max(t, 0.0);
      g[i] = Math.min(Math.max(t * AbsPower.BIG * AbsPower.BIG, 0.0), 1.0);
    }
  }

  @Override
  public double logValue(double logAbsT, boolean negative) {
    return negative ? Double.NEGATIVE_INFINITY : logAbsT;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
