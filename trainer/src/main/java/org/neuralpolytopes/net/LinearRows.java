package org.neuralpolytopes.net;

/**
 * The batch kernels of {@link BatchPass}: linear combinations of rows and dot products of rows,
 * where a row is one unit's values over a batch, one {@code double[]} per row.
 *
 * <p>Why one array per row and not one flat array: HotSpot's C2 (JDK 17) auto-vectorises a loop
 * like {@code z[i] = a * x[i] + b * y[i]} only when x and y are different arrays; reading one
 * flat array at two offsets leaves the loop scalar (measured here: 1.0 us against 0.21 us for a
 * 3-term combination of 1000 points). Every loop below is element-wise over the batch with
 * each array read at one offset, so that C2 turns it into AVX vectors.
 *
 * <p>A combination of many rows is done four rows per pass: the output row is loaded and stored
 * once per four multiply-adds instead of once per multiply-add.
 */
final class LinearRows {

  private LinearRows() {}

  /**
   * out[i] = sum_{t < count} w[wOff + t * wStride] * rows[t][i] for i < len, or += that sum when
   * {@code accumulate}. {@code count} >= 1.
   */
  static void combine(double[] out, double[] w, int wOff, int wStride, double[][] rows, int count, int len,
      boolean accumulate) {
    int t = 0;
    boolean add = accumulate;
    while (t < count) {
      int left = count - t;
      int o = wOff + t * wStride;
      if (left >= 4) {
        double a = w[o];
        double b = w[o + wStride];
        double c = w[o + 2 * wStride];
        double d = w[o + 3 * wStride];
        if (add) {
          add4(out, a, rows[t], b, rows[t + 1], c, rows[t + 2], d, rows[t + 3], len);
        } else {
          set4(out, a, rows[t], b, rows[t + 1], c, rows[t + 2], d, rows[t + 3], len);
        }
        t += 4;
      } else if (left == 3) {
        double a = w[o];
        double b = w[o + wStride];
        double c = w[o + 2 * wStride];
        if (add) {
          add3(out, a, rows[t], b, rows[t + 1], c, rows[t + 2], len);
        } else {
          set3(out, a, rows[t], b, rows[t + 1], c, rows[t + 2], len);
        }
        t += 3;
      } else if (left == 2) {
        double a = w[o];
        double b = w[o + wStride];
        if (add) {
          add2(out, a, rows[t], b, rows[t + 1], len);
        } else {
          set2(out, a, rows[t], b, rows[t + 1], len);
        }
        t += 2;
      } else {
        double a = w[o];
        if (add) {
          add1(out, a, rows[t], len);
        } else {
          set1(out, a, rows[t], len);
        }
        t += 1;
      }
      add = true;
    }
  }

  static void set1(double[] out, double a, double[] x, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = a * x[i];
    }
  }

  static void set2(double[] out, double a, double[] x, double b, double[] y, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = a * x[i] + b * y[i];
    }
  }

  static void set3(double[] out, double a, double[] x, double b, double[] y, double c, double[] z, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = a * x[i] + b * y[i] + c * z[i];
    }
  }

  static void set4(double[] out, double a, double[] x, double b, double[] y, double c, double[] z, double d,
      double[] u, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = (a * x[i] + b * y[i]) + (c * z[i] + d * u[i]);
    }
  }

  static void add1(double[] out, double a, double[] x, int len) {
    for (int i = 0; i < len; i++) {
      out[i] += a * x[i];
    }
  }

  static void add2(double[] out, double a, double[] x, double b, double[] y, int len) {
    for (int i = 0; i < len; i++) {
      out[i] += a * x[i] + b * y[i];
    }
  }

  static void add3(double[] out, double a, double[] x, double b, double[] y, double c, double[] z, int len) {
    for (int i = 0; i < len; i++) {
      out[i] += a * x[i] + b * y[i] + c * z[i];
    }
  }

  static void add4(double[] out, double a, double[] x, double b, double[] y, double c, double[] z, double d,
      double[] u, int len) {
    for (int i = 0; i < len; i++) {
      out[i] += (a * x[i] + b * y[i]) + (c * z[i] + d * u[i]);
    }
  }

  /** out[i] *= g[i]. */
  static void multiply(double[] out, double[] g, int len) {
    for (int i = 0; i < len; i++) {
      out[i] *= g[i];
    }
  }

  /** out[i] = x[i] * g[i]. */
  static void scaledProduct(double[] out, double[] x, double[] g, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = x[i] * g[i];
    }
  }

  /** out[i] += x[i]. */
  static void addTo(double[] out, double[] x, int len) {
    for (int i = 0; i < len; i++) {
      out[i] += x[i];
    }
  }

  /**
   * sum_i u[i] v[i] with eight independent partial sums, combined pairwise: C2 does not
   * vectorise a floating-point reduction (it must keep the order of the adds), so the best a
   * plain loop does is keep both multiply-add pipes busy with independent chains.
   */
  static double dot(double[] u, double[] v, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      s0 += u[i] * v[i];
      s1 += u[i + 1] * v[i + 1];
      s2 += u[i + 2] * v[i + 2];
      s3 += u[i + 3] * v[i + 3];
    }
    for (; i < len; i++) {
      s0 += u[i] * v[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
