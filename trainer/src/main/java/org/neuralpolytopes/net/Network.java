package org.neuralpolytopes.net;

/**
 * A network with fixed weights, evaluated one point at a time (the geometry's view of it).
 *
 * <p>Holds scratch buffers, so an instance is not thread-safe; every evaluation is
 * allocation-free. {@link #logValue} evaluates log f in log space (log-sum-exp through every
 * layer), so that |t|^p with p up to 64 and several layers neither overflows nor underflows.
 *
 * <p>With a learnable activation ({@link Era}) the network is given its whole parameter vector,
 * weights then activation coefficients ({@link Architecture#parameterCount}), and each layer
 * evaluates its own sigma ({@link #activation(int)}).
 */
public final class Network {

  private final Architecture arch;
  private final double[] weights;
  private final double[] coefficients;
  private final Activation[] layerActivation;
  private final double[] a;
  private final double[] b;

  /**
   * @param parameters the weights, then (for a learnable activation) the activation coefficients:
   *     {@link Architecture#parameterCount} numbers
   */
  public Network(Architecture arch, double[] parameters) {
    if (parameters.length != arch.parameterCount()) {
      throw new IllegalArgumentException(arch.coefficientCount() == 0
          ? "expected " + arch.weightCount() + " weights, got " + parameters.length
          : "expected " + arch.parameterCount() + " parameters (" + arch.weightCount() + " weights and "
              + arch.coefficientCount() + " activation coefficients), got " + parameters.length);
    }
    this.arch = arch;
    this.weights = java.util.Arrays.copyOf(parameters, arch.weightCount());
    this.coefficients = java.util.Arrays.copyOfRange(parameters, arch.weightCount(), parameters.length);
    this.layerActivation = new Activation[arch.layers()];
    LearnableActivation learnable = arch.activation().learnable();
    for (int l = 0; l < arch.layers(); l++) {
      layerActivation[l] = learnable == null ? arch.activation()
          : learnable.bind(parameters, arch.setOffset(arch.coefficientSet(l)));
    }
    int width = Math.max(arch.d(), arch.units());
    this.a = new double[width];
    this.b = new double[width];
  }

  /**
   * The network of a stored {@code runs/} row: its {@code weights} and, for a learnable activation,
   * its {@code activation_coefficients} (the stored form, set after set; null for a fixed one).
   */
  public static Network stored(Architecture arch, double[] weights, double[] activationCoefficients) {
    LearnableActivation learnable = arch.activation().learnable();
    if (learnable == null) {
      return new Network(arch, weights);
    }
    int sets = arch.coefficientSets();
    int per = learnable.storedCount();
    if (weights.length != arch.weightCount() || activationCoefficients == null
        || activationCoefficients.length != sets * per) {
      throw new IllegalArgumentException("expected " + arch.weightCount() + " weights and " + sets * per
          + " activation coefficients, got " + weights.length + " and "
          + (activationCoefficients == null ? "none" : String.valueOf(activationCoefficients.length)));
    }
    double[] params = java.util.Arrays.copyOf(weights, arch.parameterCount());
    for (int s = 0; s < sets; s++) {
      learnable.load(activationCoefficients, s * per, params, arch.setOffset(s));
    }
    return new Network(arch, params);
  }

  /**
   * The stored form of a parameter vector's activation coefficients (the {@code
   * activation_coefficients} column), set after set; null for a fixed activation.
   */
  public static double[] storedCoefficients(Architecture arch, double[] parameters) {
    LearnableActivation learnable = arch.activation().learnable();
    if (learnable == null || parameters == null) {
      return null;
    }
    int per = learnable.storedCount();
    double[] out = new double[arch.coefficientSets() * per];
    for (int s = 0; s < arch.coefficientSets(); s++) {
      learnable.store(parameters, arch.setOffset(s), out, s * per);
    }
    return out;
  }

  public Architecture architecture() {
    return arch;
  }

  /** A copy of the flat weights (without activation coefficients). */
  public double[] weights() {
    return weights.clone();
  }

  /** A copy of the activation coefficients (empty for a fixed activation). */
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** A copy of the parameter vector: the weights, then the activation coefficients. */
  public double[] parameters() {
    double[] out = java.util.Arrays.copyOf(weights, weights.length + coefficients.length);
    System.arraycopy(coefficients, 0, out, weights.length, coefficients.length);
    return out;
  }

  /** The activation of layer l (the architecture's, or that layer's rational function). */
  public Activation activation(int layer) {
    return layerActivation[layer];
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
    int n = arch.units();
    double[] in = a;
    double[] out = b;
    System.arraycopy(x, 0, in, 0, arch.d());
    for (int l = 0; l < arch.layers(); l++) {
      int fanIn = arch.fanIn(l);
      int off = arch.layerOffset(l);
      Activation act = layerActivation[l];
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
   * A learnable activation may be negative, so its network has no log-space form: log f(x) is then
   * taken of the direct value (NaN where f(x) < 0).
   */
  public double logValue(double[] x) {
    if (arch.coefficientCount() > 0) {
      return Math.log(value(x));
    }
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
