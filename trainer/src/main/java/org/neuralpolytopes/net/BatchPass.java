package org.neuralpolytopes.net;

/**
 * Forward and backward pass of the mean squared error to target 1 over a batch of points.
 *
 * <p>Layout: every quantity is kept as rows, one {@code double[]} per unit holding that unit's
 * value for each point of the batch: the input rows x_k (one per coordinate), each layer's
 * activations h_j and activation derivatives g_j, the back-propagated deltas. Every inner loop
 * therefore runs over the batch on contiguous memory, element-wise, with each array read at
 * one offset, which is the form HotSpot's C2 compiles into AVX vectors ({@link LinearRows}). All
 * rows are made once, for the largest batch, in the constructor; the passes allocate nothing.
 *
 * <p>Backward pass (chain rule, no biases): with residual e_b = f(x_b) - 1 and loss
 * (1/B) sum_b e_b^2, the last layer's delta is (2/B) e_b sigma'(z_jb); each layer's weight
 * gradient is delta times its input transposed (a dot product of two rows per weight); the
 * input's delta is W^T delta, times sigma' of the layer below.
 *
 * <p>A learnable activation ({@link Era}) keeps every layer's pre-activations, evaluates each
 * layer with its set of coefficients (read from the parameter vector after the weights), and adds
 * the gradient with respect to the coefficients: for unit j of layer l with upstream derivative
 * u = dL/dh (the delta before its multiplication by sigma'), sum over the batch of
 * u dsigma(z)/dtheta, in plain scalar loops over the batch rows ({@link LearnableActivation.CoefficientKernel}).
 *
 * <p>An output scale T ({@link #setOutputScale}, 1 unless Cooling keeps its temperature as a final
 * scale) makes the network's output T times the sum of the last layer; at T = 1 the arithmetic is
 * that of the plain pass, to the bit.
 *
 * <p>Deterministic: the same weights and batch give the same bits on every run and machine
 * (no threads, a fixed order of every sum).
 */
public final class BatchPass {

  private final Architecture arch;
  private final Activation act;
  private final int capacity;
  private final int d;
  private final int n;
  private final int layers;
  private final double[][] x;
  private final double[][][] h;
  private final double[][][] g;
  private final double[][] z;
  private final double[] out;
  private double[][] delta;
  private double[][] below;
  /** One kernel per set of activation coefficients; null for a fixed activation. */
  private final LearnableActivation.CoefficientKernel[] kernels;
  /**
   * Whether the trainer's kernels use the Java Vector API: the JVM has {@code jdk.incubator.vector}
   * and {@code -Dpolytopes.vector=false} is not set. Results are the same to the bit either way.
   */
  public static boolean vectorApi() {
    return LinearRows.VECTOR;
  }

  /** Every layer's pre-activations, kept for the coefficient gradient (learnable activations only). */
  private final double[][][] pre;
  private double outputScale = 1;

  public BatchPass(Architecture arch, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("batch capacity must be >= 1, got " + maxBatch);
    }
    this.arch = arch;
    this.act = arch.activation();
    this.capacity = maxBatch;
    this.d = arch.d();
    this.n = arch.units();
    this.layers = arch.layers();
    x = new double[d][maxBatch];
    h = new double[layers][n][maxBatch];
    g = new double[layers][n][maxBatch];
    z = new double[4][maxBatch];
    out = new double[maxBatch];
    delta = new double[n][maxBatch];
    below = new double[n][maxBatch];
    LearnableActivation learnable = act.learnable();
    if (learnable == null) {
      kernels = null;
      pre = null;
    } else {
      kernels = new LearnableActivation.CoefficientKernel[arch.coefficientSets()];
      for (int s = 0; s < kernels.length; s++) {
        kernels[s] = learnable.coefficientKernel();
      }
      pre = new double[layers][n][maxBatch];
    }
  }

  /** Sets the output scale T: f = T * (sum of the last layer). */
  public void setOutputScale(double scale) {
    this.outputScale = scale;
  }

  public double outputScale() {
    return outputScale;
  }

  /**
   * Adds sum_b f(x_b) and sum_b f(x_b)^2 of the batch in the input rows to {@code sums[0]} and
   * {@code sums[1]}.
   */
  public void addOutputMoments(double[] w, int batch, double[] sums) {
    forward(w, batch);
    double s1 = 0;
    double s2 = 0;
    for (int b = 0; b < batch; b++) {
      s1 += out[b];
      s2 += out[b] * out[b];
    }
    sums[0] += s1;
    sums[1] += s2;
  }

  public Architecture architecture() {
    return arch;
  }

  /** The largest batch this pass takes. */
  public int capacity() {
    return capacity;
  }

  /**
   * The input rows, one per coordinate: a caller writes coordinate k of point b to
   * {@code inputRows()[k][b]} for b below the batch size, then calls {@link #loss(double[], int)}
   * or {@link #lossAndGradient(double[], int, double[])}.
   */
  public double[][] inputRows() {
    return x;
  }

  /** The loss (1/B) sum_b (f(x_b) - 1)^2 of the batch in the input rows, without gradient. */
  public double loss(double[] w, int batch) {
    forward(w, batch);
    return residualSquares(batch, 1) / batch;
  }

  /**
   * The loss of the batch in the input rows and, into {@code grad} (length = parameter count,
   * overwritten), its gradient with respect to the flat parameters (weights, then activation
   * coefficients).
   */
  public double lossAndGradient(double[] w, int batch, double[] grad) {
    forward(w, batch);
    double scale = 2.0 / batch;
    if (outputScale != 1) {
      scale *= outputScale;
    }
    double loss = residualSquares(batch, scale) / batch;
    int last = layers - 1;
    if (kernels != null) {
      for (LearnableActivation.CoefficientKernel k : kernels) {
        k.clearGradient();
      }
      LearnableActivation.CoefficientKernel top = kernels[arch.coefficientSet(last)];
      for (int j = 0; j < n; j++) {
        top.accumulate(pre[last][j], out, batch);
      }
    }
    // a single layer's deltas (the scaled residual times each slope) feed only its weight gradient:
    // with the Vector API they are formed inside the dot products instead of written out
    boolean fusedTop = last == 0 && LinearRows.VECTOR;
    for (int j = fusedTop ? n & ~1 : 0; j < n; j++) {
      LinearRows.scaledProduct(delta[j], out, g[last][j], batch);
    }
    for (int l = last; l >= 0; l--) {
      double[][] in = l == 0 ? x : h[l - 1];
      int fanIn = arch.fanIn(l);
      int off = arch.layerOffset(l);
      int j = 0;
      for (; j + 1 < n; j += 2) {
        if (fusedTop) {
          LinearRows.dots2OfProducts(out, g[0][j], g[0][j + 1], in, fanIn, batch, grad, off + j * fanIn,
              off + (j + 1) * fanIn);
        } else {
          LinearRows.dots2(delta[j], delta[j + 1], in, fanIn, batch, grad, off + j * fanIn, off + (j + 1) * fanIn);
        }
      }
      if (j < n) {
        LinearRows.dots(delta[j], in, fanIn, batch, grad, off + j * fanIn);
      }
      if (l > 0) {
        double[][] gBelow = g[l - 1];
        int k = 0;
        if (kernels == null) {
          // the deltas below: the propagated sums times the slopes, the product in the sums' last pass
          for (; k + 4 <= n; k += 4) {
            LinearRows.combine4Times(below[k], below[k + 1], below[k + 2], below[k + 3], gBelow[k], gBelow[k + 1],
                gBelow[k + 2], gBelow[k + 3], w, off + k, 1, n, delta, n, batch);
          }
          for (; k < n; k++) {
            LinearRows.combine(below[k], w, off + k, n, delta, n, batch, false);
            LinearRows.multiply(below[k], gBelow[k], batch);
          }
        } else {
          // the coefficients' gradient needs the sums before the product
          for (; k + 4 <= n; k += 4) {
            LinearRows.combine4(below[k], below[k + 1], below[k + 2], below[k + 3], w, off + k, 1, n, delta, n, batch,
                false);
          }
          for (; k < n; k++) {
            LinearRows.combine(below[k], w, off + k, n, delta, n, batch, false);
          }
          LearnableActivation.CoefficientKernel kernel = kernels[arch.coefficientSet(l - 1)];
          for (k = 0; k < n; k++) {
            kernel.accumulate(pre[l - 1][k], below[k], batch);
          }
          for (k = 0; k < n; k++) {
            LinearRows.multiply(below[k], gBelow[k], batch);
          }
        }
        double[][] t = delta;
        delta = below;
        below = t;
      }
    }
    if (kernels != null) {
      for (int set = 0; set < kernels.length; set++) {
        kernels[set].gradient(grad, arch.setOffset(set));
      }
    }
    return loss;
  }

  /** {@link #loss(double[], int)} of a feature-major batch, x[k * batch + b]. */
  public double loss(double[] w, double[] xFeatureMajor, int batch) {
    load(xFeatureMajor, batch);
    return loss(w, batch);
  }

  /** {@link #lossAndGradient(double[], int, double[])} of a feature-major batch, x[k * batch + b]. */
  public double lossAndGradient(double[] w, double[] xFeatureMajor, int batch, double[] grad) {
    load(xFeatureMajor, batch);
    return lossAndGradient(w, batch, grad);
  }

  private void load(double[] xFeatureMajor, int batch) {
    check(batch);
    for (int k = 0; k < d; k++) {
      System.arraycopy(xFeatureMajor, k * batch, x[k], 0, batch);
    }
  }

  private void check(int batch) {
    if (batch > capacity || batch < 1) {
      throw new IllegalArgumentException("batch " + batch + " outside 1.." + capacity);
    }
  }

  private void forward(double[] w, int batch) {
    check(batch);
    if (kernels != null) {
      for (int set = 0; set < kernels.length; set++) {
        kernels[set].load(w, arch.setOffset(set));
      }
    }
    for (int l = 0; l < layers; l++) {
      double[][] in = l == 0 ? x : h[l - 1];
      int fanIn = arch.fanIn(l);
      int off = arch.layerOffset(l);
      double[][] hl = h[l];
      double[][] gl = g[l];
      if (kernels != null) {
        learnableLayer(w, l, in, fanIn, off, hl, gl, batch);
        continue;
      }
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        LinearRows.combine4(z[0], z[1], z[2], z[3], w, off + j * fanIn, fanIn, 1, in, fanIn, batch, false);
        for (int q = 0; q < 4; q++) {
          act.apply(z[q], hl[j + q], gl[j + q], batch);
        }
      }
      for (; j < n; j++) {
        LinearRows.combine(z[0], w, off + j * fanIn, 1, in, fanIn, batch, false);
        act.apply(z[0], hl[j], gl[j], batch);
      }
    }
    double[][] top = h[layers - 1];
    LinearRows.sum(out, top, n, batch);
    if (outputScale != 1) {
      for (int b = 0; b < batch; b++) {
        out[b] *= outputScale;
      }
    }
  }

  /** Layer l with its set of activation coefficients, its pre-activations kept. */
  private void learnableLayer(double[] w, int l, double[][] in, int fanIn, int off, double[][] hl, double[][] gl,
      int batch) {
    double[][] zl = pre[l];
    LearnableActivation.CoefficientKernel kernel = kernels[arch.coefficientSet(l)];
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      LinearRows.combine4(zl[j], zl[j + 1], zl[j + 2], zl[j + 3], w, off + j * fanIn, fanIn, 1, in, fanIn, batch,
          false);
    }
    for (; j < n; j++) {
      LinearRows.combine(zl[j], w, off + j * fanIn, 1, in, fanIn, batch, false);
    }
    for (j = 0; j < n; j++) {
      kernel.apply(zl[j], hl[j], gl[j], batch);
    }
  }

  /**
   * sum_b (out[b] - 1)^2 (two partial sums, even and odd b), leaving out[b] = scale (out[b] - 1):
   * the sum is a chain of dependent additions, and the scaling's arithmetic and stores run in its
   * shadow instead of in a pass of their own.
   */
  private double residualSquares(int batch, double scale) {
    double s0 = 0;
    double s1 = 0;
    int b = 0;
    for (; b + 1 < batch; b += 2) {
      double e0 = out[b] - 1;
      double e1 = out[b + 1] - 1;
      s0 += e0 * e0;
      s1 += e1 * e1;
      out[b] = scale * e0;
      out[b + 1] = scale * e1;
    }
    if (b < batch) {
      double e = out[b] - 1;
      s0 += e * e;
      out[b] = scale * e;
    }
    return s0 + s1;
  }
}
