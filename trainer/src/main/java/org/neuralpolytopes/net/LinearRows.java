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
    boolean add = accumulate;
    for (int t = 0; t < count; add = true) {
      t += chunk(out, w, wOff + t * wStride, wStride, rows, t, count - t, len, add);
    }
  }

  /**
   * {@link #combine} for four output rows at once, output q with weights from
   * {@code wOff + q * wOut}. With the Vector API each group of four input rows is loaded once
   * for the four outputs (register blocking: 1.15-1.4x on the 8- and 16-unit layers); C2 does
   * not vectorise that loop by itself (four stores per iteration; measured slower than four
   * separate combinations), so without the module this is four {@link #combine} calls. Each
   * output gets the same sums in the same order as {@link #combine}, so the same bits.
   */
  static void combine4(double[] o0, double[] o1, double[] o2, double[] o3, double[] w, int wOff, int wOut,
      int wStride, double[][] rows, int count, int len, boolean accumulate) {
    if (!VECTOR) {
      combine(o0, w, wOff, wStride, rows, count, len, accumulate);
      combine(o1, w, wOff + wOut, wStride, rows, count, len, accumulate);
      combine(o2, w, wOff + 2 * wOut, wStride, rows, count, len, accumulate);
      combine(o3, w, wOff + 3 * wOut, wStride, rows, count, len, accumulate);
      return;
    }
    boolean add = accumulate;
    int t = 0;
    for (; t + 4 <= count; t += 4, add = true) {
      int o = wOff + t * wStride;
      VectorDots.mix4x4(add, o0, o1, o2, o3, w, o, wOut, wStride, rows[t], rows[t + 1], rows[t + 2], rows[t + 3], len);
    }
    if (t < count) {
      int o = wOff + t * wStride;
      chunk(o0, w, o, wStride, rows, t, count - t, len, add);
      chunk(o1, w, o + wOut, wStride, rows, t, count - t, len, add);
      chunk(o2, w, o + 2 * wOut, wStride, rows, t, count - t, len, add);
      chunk(o3, w, o + 3 * wOut, wStride, rows, t, count - t, len, add);
    }
  }

  /**
   * {@link #combine4} (setting the outputs), then o_q[i] *= g_q[i] for each output ({@link #multiply}),
   * to the same bits. With the Vector API and a count that is a multiple of four from eight up,
   * the multiplication is done in the last block's pass ({@link VectorDots#mix4x4AddTimes}), so
   * the four output rows are not read and written again.
   */
  static void combine4Times(double[] o0, double[] o1, double[] o2, double[] o3, double[] g0, double[] g1,
      double[] g2, double[] g3, double[] w, int wOff, int wOut, int wStride, double[][] rows, int count, int len) {
    if (!VECTOR || count < 8 || count % 4 != 0) {
      combine4(o0, o1, o2, o3, w, wOff, wOut, wStride, rows, count, len, false);
      multiply(o0, g0, len);
      multiply(o1, g1, len);
      multiply(o2, g2, len);
      multiply(o3, g3, len);
      return;
    }
    int last = count - 4;
    for (int t = 0; t < last; t += 4) {
      VectorDots.mix4x4(t > 0, o0, o1, o2, o3, w, wOff + t * wStride, wOut, wStride, rows[t], rows[t + 1],
          rows[t + 2], rows[t + 3], len);
    }
    VectorDots.mix4x4AddTimes(o0, o1, o2, o3, g0, g1, g2, g3, w, wOff + last * wStride, wOut, wStride, rows[last],
        rows[last + 1], rows[last + 2], rows[last + 3], len);
  }

  /**
   * One step of {@link #combine}: rows t .. t + min(left, 4) - 1 with weights from w[o] at stride
   * wStride into out (set or add); returns how many rows it took.
   */
  private static int chunk(double[] out, double[] w, int o, int wStride, double[][] rows, int t, int left, int len,
      boolean add) {
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
      return 4;
    } else if (left == 3) {
      double a = w[o];
      double b = w[o + wStride];
      double c = w[o + 2 * wStride];
      if (add) {
        add3(out, a, rows[t], b, rows[t + 1], c, rows[t + 2], len);
      } else {
        set3(out, a, rows[t], b, rows[t + 1], c, rows[t + 2], len);
      }
      return 3;
    } else if (left == 2) {
      double a = w[o];
      double b = w[o + wStride];
      if (add) {
        add2(out, a, rows[t], b, rows[t + 1], len);
      } else {
        set2(out, a, rows[t], b, rows[t + 1], len);
      }
      return 2;
    }
    double a = w[o];
    if (add) {
      add1(out, a, rows[t], len);
    } else {
      set1(out, a, rows[t], len);
    }
    return 1;
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
   * out[i] = rows[0][i] + rows[1][i] + ... + rows[count - 1][i], added left to right (as a copy of
   * the first row and {@link #addTo} of each next one), with up to four rows per pass: the first
   * pass sets out from the first four rows, each next one adds four more ({@link #addTo4}).
   */
  static void sum(double[] out, double[][] rows, int count, int len) {
    switch (Math.min(count, 4)) {
      case 1 -> System.arraycopy(rows[0], 0, out, 0, len);
      case 2 -> sum2(out, rows[0], rows[1], len);
      case 3 -> sum3(out, rows[0], rows[1], rows[2], len);
      default -> sum4(out, rows[0], rows[1], rows[2], rows[3], len);
    }
    int t = 4;
    for (; t + 4 <= count; t += 4) {
      addTo4(out, rows[t], rows[t + 1], rows[t + 2], rows[t + 3], len);
    }
    for (; t < count; t++) {
      addTo(out, rows[t], len);
    }
  }

  private static void sum2(double[] out, double[] a, double[] b, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = a[i] + b[i];
    }
  }

  private static void sum3(double[] out, double[] a, double[] b, double[] c, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = (a[i] + b[i]) + c[i];
    }
  }

  private static void sum4(double[] out, double[] a, double[] b, double[] c, double[] d, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = ((a[i] + b[i]) + c[i]) + d[i];
    }
  }

  /**
   * out[i] = (((out[i] + a[i]) + b[i]) + c[i]) + d[i]: four {@link #addTo} in one pass, the same
   * additions in the same order, so the same bits.
   */
  static void addTo4(double[] out, double[] a, double[] b, double[] c, double[] d, int len) {
    for (int i = 0; i < len; i++) {
      out[i] = (((out[i] + a[i]) + b[i]) + c[i]) + d[i];
    }
  }

  /**
   * Whether the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}), which
   * {@link #dots} then uses; {@code -Dpolytopes.vector=false} turns it off. Either way the
   * results are the same to the bit.
   */
  static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("polytopes.vector"));

  /**
   * out[outOff + t] = sum_i u[i] rows[t][i] for t < count: the dot products of one delta row with
   * several input rows, the weight gradient of one unit.
   *
   * <p>The order of the sums is fixed (eight partial sums, element i to partial i mod 8, fused
   * multiply-adds, a fixed tree, then the tail of len mod 8 elements) so that the Vector API
   * path ({@link VectorDots}) and this plain one give the same bits. C2 does not vectorise a
   * floating-point sum, so without the module this is scalar code, about half of a step's time
   * on the larger networks.
   */
  static void dots(double[] u, double[][] rows, int count, int len, double[] out, int outOff) {
    if (VECTOR) {
      VectorDots.dots(u, rows, count, len, out, outOff);
    } else {
      dotsScalar(u, rows, count, len, out, outOff);
    }
  }

  /**
   * {@link #dots} for two delta rows: out[off0 + t] = u0 . rows[t] and out[off1 + t] = u1 . rows[t],
   * to the same bits. With the Vector API each input row is loaded once for both units and more
   * sums are in flight at once ({@link VectorDots#dots2}).
   */
  static void dots2(double[] u0, double[] u1, double[][] rows, int count, int len, double[] out, int off0,
      int off1) {
    if (VECTOR) {
      VectorDots.dots2(u0, u1, rows, count, len, out, off0, off1);
    } else {
      dotsScalar(u0, rows, count, len, out, off0);
      dotsScalar(u1, rows, count, len, out, off1);
    }
  }

  /**
   * {@link #dots2} of u0 = scale g0 and u1 = scale g1 ({@link #scaledProduct}'s rows) without
   * writing them, to the same bits. Vector API only ({@link #VECTOR}): the plain path computes the
   * products into rows and calls {@link #dots2}.
   */
  static void dots2OfProducts(double[] scale, double[] g0, double[] g1, double[][] rows, int count, int len,
      double[] out, int off0, int off1) {
    VectorDots.dots2OfProducts(scale, g0, g1, rows, count, len, out, off0, off1);
  }

  /** {@link #dots} without the Vector API, to the same bits. */
  static void dotsScalar(double[] u, double[][] rows, int count, int len, double[] out, int outOff) {
    int blocks = len & ~7;
    for (int t = 0; t < count; t++) {
      double[] v = rows[t];
      double p0 = 0;
      double p1 = 0;
      double p2 = 0;
      double p3 = 0;
      double p4 = 0;
      double p5 = 0;
      double p6 = 0;
      double p7 = 0;
      for (int i = 0; i < blocks; i += 8) {
        p0 = Math.fma(u[i], v[i], p0);
        p1 = Math.fma(u[i + 1], v[i + 1], p1);
        p2 = Math.fma(u[i + 2], v[i + 2], p2);
        p3 = Math.fma(u[i + 3], v[i + 3], p3);
        p4 = Math.fma(u[i + 4], v[i + 4], p4);
        p5 = Math.fma(u[i + 5], v[i + 5], p5);
        p6 = Math.fma(u[i + 6], v[i + 6], p6);
        p7 = Math.fma(u[i + 7], v[i + 7], p7);
      }
      double tail = 0;
      for (int i = blocks; i < len; i++) {
        tail = Math.fma(u[i], v[i], tail);
      }
      out[outOff + t] = tree(p0, p1, p2, p3, p4, p5, p6, p7) + tail;
    }
  }

  /** The fixed summation tree of eight partial sums. */
  static double tree(double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7) {
    return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7));
  }
}
