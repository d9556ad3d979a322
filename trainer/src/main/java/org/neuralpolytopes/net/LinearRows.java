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
   * out[outOff + t] = sum_i u[i] rows[t][i] for t < count: the dot products of one row with
   * several, four at a time so that each load of u serves four of them.
   *
   * <p>C2 does not vectorise a floating-point sum (it must keep the order of the adds), so these
   * are scalar loops; what they can do is keep the add pipes busy with independent chains (two
   * per product) and share the loads.
   */
  static void dots(double[] u, double[][] rows, int count, int len, double[] out, int outOff) {
    int t = 0;
    for (; t + 3 < count; t += 4) {
      dot4(u, rows[t], rows[t + 1], rows[t + 2], rows[t + 3], len, out, outOff + t);
    }
    if (t + 1 < count) {
      dot2(u, rows[t], rows[t + 1], len, out, outOff + t);
      t += 2;
    }
    if (t < count) {
      out[outOff + t] = dot(u, rows[t], len);
    }
  }

  private static void dot4(double[] u, double[] v0, double[] v1, double[] v2, double[] v3, int len, double[] out,
      int o) {
    double a0 = 0;
    double a1 = 0;
    double b0 = 0;
    double b1 = 0;
    double c0 = 0;
    double c1 = 0;
    double d0 = 0;
    double d1 = 0;
    int i = 0;
    for (; i + 1 < len; i += 2) {
      double x = u[i];
      double y = u[i + 1];
      a0 += x * v0[i];
      a1 += y * v0[i + 1];
      b0 += x * v1[i];
      b1 += y * v1[i + 1];
      c0 += x * v2[i];
      c1 += y * v2[i + 1];
      d0 += x * v3[i];
      d1 += y * v3[i + 1];
    }
    if (i < len) {
      double x = u[i];
      a0 += x * v0[i];
      b0 += x * v1[i];
      c0 += x * v2[i];
      d0 += x * v3[i];
    }
    out[o] = a0 + a1;
    out[o + 1] = b0 + b1;
    out[o + 2] = c0 + c1;
    out[o + 3] = d0 + d1;
  }

  private static void dot2(double[] u, double[] v0, double[] v1, int len, double[] out, int o) {
    double a0 = 0;
    double a1 = 0;
    double a2 = 0;
    double a3 = 0;
    double b0 = 0;
    double b1 = 0;
    double b2 = 0;
    double b3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      double x0 = u[i];
      double x1 = u[i + 1];
      double x2 = u[i + 2];
      double x3 = u[i + 3];
      a0 += x0 * v0[i];
      a1 += x1 * v0[i + 1];
      a2 += x2 * v0[i + 2];
      a3 += x3 * v0[i + 3];
      b0 += x0 * v1[i];
      b1 += x1 * v1[i + 1];
      b2 += x2 * v1[i + 2];
      b3 += x3 * v1[i + 3];
    }
    for (; i < len; i++) {
      a0 += u[i] * v0[i];
      b0 += u[i] * v1[i];
    }
    out[o] = (a0 + a1) + (a2 + a3);
    out[o + 1] = (b0 + b1) + (b2 + b3);
  }

  /**
   * sum_i u[i] v[i] with four independent partial sums, combined pairwise.
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
