package org.neuralpolytopes.net;

/**
 * Forward and backward pass of the mean squared error to target 1 over a batch of points.
 *
 * <p>Layout (EJML style, flat row-major arrays with explicit sizes): a batch of B points is
 * stored feature-major, x[k * B + b] for coordinate k of point b, and every layer's
 * pre-activations, activations and activation derivatives likewise unit-major, so that every
 * inner loop runs over the batch on contiguous memory. All work buffers are made once, for the
 * largest batch, in the constructor; {@link #lossAndGradient} allocates nothing.
 *
 * <p>Backward pass (chain rule, no biases): with residual e_b = f(x_b) - 1 and loss
 * (1/B) sum_b e_b^2, the last layer's delta is (2/B) e_b sigma'(z_jb); each layer's weight
 * gradient is delta times its input transposed; the input's delta is W^T delta, times sigma' of
 * the layer below.
 */
public final class BatchPass {

  private final Architecture arch;
  private final Activation act;
  private final int capacity;
  private final double[][] z;
  private final double[][] h;
  private final double[][] g;
  private final double[] out;
  private final double[] delta;
  private final double[] deltaBelow;

  public BatchPass(Architecture arch, int maxBatch) {
    this.arch = arch;
    this.act = arch.activation();
    this.capacity = maxBatch;
    int size = arch.units() * maxBatch;
    int layers = arch.layers();
    z = new double[layers][size];
    h = new double[layers][size];
    g = new double[layers][size];
    out = new double[maxBatch];
    delta = new double[size];
    deltaBelow = new double[size];
  }

  public Architecture architecture() {
    return arch;
  }

  /** The loss (1/B) sum_b (f(x_b) - 1)^2 of a feature-major batch, without gradient. */
  public double loss(double[] w, double[] x, int batch) {
    forward(w, x, batch);
    return residualSquares(batch) / batch;
  }

  /**
   * The loss of a feature-major batch and, into {@code grad} (length = weight count,
   * overwritten), its gradient with respect to the flat weights.
   */
  public double lossAndGradient(double[] w, double[] x, int batch, double[] grad) {
    forward(w, x, batch);
    double loss = residualSquares(batch) / batch;
    int n = arch.units();
    int last = arch.layers() - 1;
    double scale = 2.0 / batch;
    double[] gl = g[last];
    for (int j = 0; j < n; j++) {
      int row = j * batch;
      for (int b = 0; b < batch; b++) {
        delta[row + b] = scale * (out[b] - 1) * gl[row + b];
      }
    }
    double[] dCur = delta;
    double[] dBelow = deltaBelow;
    for (int l = last; l >= 0; l--) {
      double[] in = l == 0 ? x : h[l - 1];
      int fanIn = arch.fanIn(l);
      int off = arch.layerOffset(l);
      for (int j = 0; j < n; j++) {
        int dRow = j * batch;
        for (int k = 0; k < fanIn; k++) {
          grad[off + j * fanIn + k] = dot(dCur, dRow, in, k * batch, batch);
        }
      }
      if (l > 0) {
        double[] gBelow = g[l - 1];
        for (int k = 0; k < n; k++) {
          int kRow = k * batch;
          for (int b = 0; b < batch; b++) {
            dBelow[kRow + b] = 0;
          }
          for (int j = 0; j < n; j++) {
            double wjk = w[off + j * fanIn + k];
            int dRow = j * batch;
            for (int b = 0; b < batch; b++) {
              dBelow[kRow + b] += wjk * dCur[dRow + b];
            }
          }
          for (int b = 0; b < batch; b++) {
            dBelow[kRow + b] *= gBelow[kRow + b];
          }
        }
        double[] t = dCur;
        dCur = dBelow;
        dBelow = t;
      }
    }
    return loss;
  }

  private void forward(double[] w, double[] x, int batch) {
    if (batch > capacity || batch < 1) {
      throw new IllegalArgumentException("batch " + batch + " outside 1.." + capacity);
    }
    int n = arch.units();
    for (int l = 0; l < arch.layers(); l++) {
      double[] in = l == 0 ? x : h[l - 1];
      double[] zl = z[l];
      int fanIn = arch.fanIn(l);
      int off = arch.layerOffset(l);
      for (int j = 0; j < n; j++) {
        int row = j * batch;
        double w0 = w[off + j * fanIn];
        for (int b = 0; b < batch; b++) {
          zl[row + b] = w0 * in[b];
        }
        for (int k = 1; k < fanIn; k++) {
          double wjk = w[off + j * fanIn + k];
          int inRow = k * batch;
          for (int b = 0; b < batch; b++) {
            zl[row + b] += wjk * in[inRow + b];
          }
        }
      }
      act.apply(zl, h[l], g[l], n * batch);
    }
    double[] hl = h[arch.layers() - 1];
    for (int b = 0; b < batch; b++) {
      out[b] = hl[b];
    }
    for (int j = 1; j < n; j++) {
      int row = j * batch;
      for (int b = 0; b < batch; b++) {
        out[b] += hl[row + b];
      }
    }
  }

  private double residualSquares(int batch) {
    double s = 0;
    for (int b = 0; b < batch; b++) {
      double e = out[b] - 1;
      s += e * e;
    }
    return s;
  }

  /** sum_b u[uOff + b] * v[vOff + b], four accumulators so the JIT can pipeline the adds. */
  private static double dot(double[] u, int uOff, double[] v, int vOff, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int b = 0;
    for (; b + 3 < len; b += 4) {
      s0 += u[uOff + b] * v[vOff + b];
      s1 += u[uOff + b + 1] * v[vOff + b + 1];
      s2 += u[uOff + b + 2] * v[vOff + b + 2];
      s3 += u[uOff + b + 3] * v[vOff + b + 3];
    }
    for (; b < len; b++) {
      s0 += u[uOff + b] * v[vOff + b];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
