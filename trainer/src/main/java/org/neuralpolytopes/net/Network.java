package org.neuralpolytopes.net;

/**
 * A network with fixed weights, evaluated one point at a time (the geometry's view of it).
 *
 * <p>Holds scratch buffers, so an instance is not thread-safe; every evaluation is
 * allocation-free. {@link #logValue} evaluates log f in log space (log-sum-exp through every
 * layer), so that |t|^p with p up to 64 and several layers neither overflows nor underflows.
 */
public final class Network {

  private final Architecture arch;
  private final double[] weights;
  private final double[] a;
  private final double[] b;

  public Network(Architecture arch, double[] weights) {
    if (weights.length != arch.weightCount()) {
      throw new IllegalArgumentException(
          "expected " + arch.weightCount() + " weights, got " + weights.length);
    }
    this.arch = arch;
    this.weights = weights.clone();
    int width = Math.max(arch.d(), arch.units());
    this.a = new double[width];
    this.b = new double[width];
  }

  public Architecture architecture() {
    return arch;
  }

  /** A copy of the flat weights. */
  public double[] weights() {
    return weights.clone();
  }

  /** Read-only access to one weight. */
  public double weight(int index) {
    return weights[index];
  }

  /** f(x), evaluated directly. */
  public double value(double[] x) {
    return forward(x, null);
  }

  /**
   * Every unit's pre-activation z at x, layer by layer (out[l * n + j] = z of unit j of layer l,
   * out of length layers * units), evaluated directly like {@link #value}. The activation has its
   * kink where a z changes sign, so these locate the edges of the body exactly.
   */
  public void preActivations(double[] x, double[] out) {
    forward(x, out);
  }

  /** The direct forward pass: returns f(x), and the pre-activations into {@code pre} if not null. */
  private double forward(double[] x, double[] pre) {
    Activation act = arch.activation();
    int n = arch.units();
    double[] in = a;
    double[] out = b;
    System.arraycopy(x, 0, in, 0, arch.d());
    for (int l = 0; l < arch.layers(); l++) {
      int fanIn = arch.fanIn(l);
      int off = arch.layerOffset(l);
      for (int j = 0; j < n; j++) {
        double z = 0;
        int row = off + j * fanIn;
        for (int k = 0; k < fanIn; k++) {
          z += weights[row + k] * in[k];
        }
        if (pre != null) {
          pre[l * n + j] = z;
        }
        out[j] = act.value(z);
      }
      double[] t = in;
      in = out;
      out = t;
    }
    double f = 0;
    for (int j = 0; j < n; j++) {
      f += in[j];
    }
    return f;
  }

  /**
   * log f(x), evaluated in log space: each unit's log sigma(z) is kept instead of sigma(z), and
   * the next layer's pre-activation z_j = sum_k W_jk exp(lh_k) is formed as
   * exp(m) * sum_k W_jk exp(lh_k - m) with m = max_k lh_k. Negative infinity where f(x) = 0.
   */
  public double logValue(double[] x) {
    Activation act = arch.activation();
    int n = arch.units();
    double[] lh = a;
    double[] next = b;
    int d = arch.d();
    // First layer: z = W x is of the size of x, no overflow possible.
    for (int j = 0; j < n; j++) {
      double z = 0;
      int row = j * d;
      for (int k = 0; k < d; k++) {
        z += weights[row + k] * x[k];
      }
      lh[j] = act.logValue(Math.log(Math.abs(z)), z < 0);
    }
    for (int l = 1; l < arch.layers(); l++) {
      int off = arch.layerOffset(l);
      double m = max(lh, n);
      for (int j = 0; j < n; j++) {
        if (m == Double.NEGATIVE_INFINITY) {
          next[j] = act.logValue(Double.NEGATIVE_INFINITY, false);
          continue;
        }
        double s = 0;
        int row = off + j * n;
        for (int k = 0; k < n; k++) {
          s += weights[row + k] * Math.exp(lh[k] - m);
        }
        next[j] = act.logValue(m + Math.log(Math.abs(s)), s < 0);
      }
      double[] t = lh;
      lh = next;
      next = t;
    }
    double m = max(lh, n);
    if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY || Double.isNaN(m)) {
      return m;
    }
    double s = 0;
    for (int j = 0; j < n; j++) {
      s += Math.exp(lh[j] - m);
    }
    return m + Math.log(s);
  }

  private static double max(double[] v, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (v[i] > m || Double.isNaN(v[i])) {
        m = v[i];
      }
    }
    return m;
  }
}
