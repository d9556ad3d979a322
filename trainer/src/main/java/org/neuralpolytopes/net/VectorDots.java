package org.neuralpolytopes.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gradient's dot products with the Java Vector API (incubator module
 * {@code jdk.incubator.vector}), loaded only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} ({@link LinearRows#VECTOR}).
 *
 * <p>Why: C2 does not vectorise a floating-point sum, and the weight gradient is one dot product
 * over the batch per weight, half of a step's time in scalar code. Here each dot product keeps
 * eight partial sums, element i of the batch going to partial sum i mod 8: one 8-lane accumulator
 * where the machine's vectors are 512 bits ({@link #WIDE}), two 4-lane ones otherwise; the dot
 * products of a block share each load of its rows.
 *
 * <p>Bit-identical to {@link LinearRows#dotsScalar}: the same eight partial sums built with
 * fused multiply-adds in the same order, summed in the same fixed tree, the same tail. A run
 * gives the same weights with the module or without it, on any machine: eight partial sums
 * whatever the vector width, so the association of the sums never changes.
 */
final class VectorDots {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
  /** The element-wise kernels' species (mix4x4): the widest this machine's vectors run at. */
  private static final VectorSpecies<Double> E = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> W = DoubleVector.SPECIES_512;
  /**
   * Whether the dot products run at 512 bits (one 8-lane accumulator per dot product, the wide
   * kernels) rather than at 256 (two 4-lane ones): where the preferred vectors are 512 bits, so
   * that one species of DoubleVector runs in the JVM (see the note on the blocks below).
   */
  static final boolean WIDE = E.length() == W.length();

  static {
    // every operator the trainer's Vector API code uses, before any kernel is hot (see there why)
    VectorCaches.fill(WIDE ? W : S, E);
  }

  private VectorDots() {}

  /*
   * The dot products run in blocks: a dispatcher (dots, dots2, dots2OfProducts) walks the input
   * rows and calls one method per block size. Each block method has every Vector API call written
   * out (no helper takes or returns a vector) and is too large for C2 to inline into its callers,
   * so it compiles as its own root with its own profile: a helper with vector arguments, or this
   * code inlined deep into a caller, can miss C2's inlining limits (node budget,
   * MaxInlineLevel), and its vectors then become objects, allocated on every call. One method per
   * block size also keeps a block that one network never takes from deoptimising the compiled code
   * of the blocks it does take when another network takes it (a sweep trains many shapes in one JVM).
   *
   * Blocks keep several dot products in flight: each partial sum is a chain of dependent fused
   * multiply-adds (about 4 cycles each), so a dot product alone runs at the FMA's latency.
   *
   * Each block size has two forms, 256-bit (dotsOf4, ...) and 512-bit (wideDotsOf4, ...), and a
   * JVM runs one of them (WIDE), at the width of the element-wise kernels: one class of DoubleVector
   * in the JVM. With the 256-bit blocks beside 512-bit element-wise kernels, DoubleVector's methods
   * (mul(v) calls lanewise from one bytecode shared by every caller, with one type profile) had
   * seen both classes, and C2 now and then compiled a kernel of one width guessing the other class:
   * its vectors became objects, allocated on every step, 95 MB to 2.3 GB per 2000 steps
   * (AllocationTest failed in about one JVM in 30, bench/RESULTS.md sections 21 and 22). The
   * other way into the same failure, a late fill of the API's operator caches, is closed by
   * VectorCaches (filled in this class's initialiser, below).
   */

  /**
   * out[outOff + t] = u . rows[t] for t < count: the dot products of one delta row with several
   * input rows, the weight gradient of one unit. Blocks of four rows, then one of three or two, so
   * that at most one row is ever alone (5 = 3 + 2, not 4 + 1).
   */
  static void dots(double[] u, double[][] rows, int count, int len, double[] out, int outOff) {
    int blocks = len & ~7;
    int t = 0;
    while (t < count) {
      int left = count - t;
      if (left >= 4 && left != 5) {
        if (WIDE) {
          wideDotsOf4(u, rows[t], rows[t + 1], rows[t + 2], rows[t + 3], blocks, len, out, outOff + t);
        } else {
          dotsOf4(u, rows[t], rows[t + 1], rows[t + 2], rows[t + 3], blocks, len, out, outOff + t);
        }
        t += 4;
      } else if (left >= 3) {
        if (WIDE) {
          wideDotsOf3(u, rows[t], rows[t + 1], rows[t + 2], blocks, len, out, outOff + t);
        } else {
          dotsOf3(u, rows[t], rows[t + 1], rows[t + 2], blocks, len, out, outOff + t);
        }
        t += 3;
      } else if (left == 2) {
        if (WIDE) {
          wideDotsOf2(u, rows[t], rows[t + 1], blocks, len, out, outOff + t);
        } else {
          dotsOf2(u, rows[t], rows[t + 1], blocks, len, out, outOff + t);
        }
        t += 2;
      } else {
        if (WIDE) {
          wideDotsOf1(u, rows[t], blocks, len, out, outOff + t);
        } else {
          dotsOf1(u, rows[t], blocks, len, out, outOff + t);
        }
        t += 1;
      }
    }
  }

  /**
   * {@link #dots} for two delta rows at once: out[off0 + t] = u0 . rows[t] and out[off1 + t] =
   * u1 . rows[t] for t < count, in blocks of four input rows, with blocks of three where a four
   * would leave a row alone or a block of two behind (5 = 3 + 2, 6 = 3 + 3, 7 = 4 + 3): each load
   * of an input row serves both units, and a block of four keeps sixteen chains in flight with
   * twelve loads per sixteen fused multiply-adds (ten per twelve in a block of three; a 16 x 16
   * gradient 14.6-14.8 against 16.4-19.2 us, bench/RESULTS.md section 19). Every dot product has the same
   * partial sums in the same order as {@link #dots}, so the same bits.
   */
  static void dots2(double[] u0, double[] u1, double[][] rows, int count, int len, double[] out, int off0,
      int off1) {
    int blocks = len & ~7;
    int t = 0;
    while (t < count) {
      int left = count - t;
      if (left >= 4 && left != 5 && left != 6) {
        if (WIDE) {
          widePairDotsOf4(u0, u1, rows[t], rows[t + 1], rows[t + 2], rows[t + 3], blocks, len, out, off0 + t, off1 + t);
        } else {
          pairDotsOf4(u0, u1, rows[t], rows[t + 1], rows[t + 2], rows[t + 3], blocks, len, out, off0 + t, off1 + t);
        }
        t += 4;
      } else if (left >= 3 && left != 4) {
        if (WIDE) {
          widePairDotsOf3(u0, u1, rows[t], rows[t + 1], rows[t + 2], blocks, len, out, off0 + t, off1 + t);
        } else {
          pairDotsOf3(u0, u1, rows[t], rows[t + 1], rows[t + 2], blocks, len, out, off0 + t, off1 + t);
        }
        t += 3;
      } else if (left >= 2) {
        if (WIDE) {
          widePairDotsOf2(u0, u1, rows[t], rows[t + 1], blocks, len, out, off0 + t, off1 + t);
        } else {
          pairDotsOf2(u0, u1, rows[t], rows[t + 1], blocks, len, out, off0 + t, off1 + t);
        }
        t += 2;
      } else {
        if (WIDE) {
          widePairDotsOf1(u0, u1, rows[t], blocks, len, out, off0 + t, off1 + t);
        } else {
          pairDotsOf1(u0, u1, rows[t], blocks, len, out, off0 + t, off1 + t);
        }
        t += 1;
      }
    }
  }

  /**
   * {@link #dots2} of the rows u0 = scale g0 and u1 = scale g1 (element-wise products, as
   * {@code LinearRows.scaledProduct} rounds them), without writing them out: the weight gradient of
   * a network's only layer, whose deltas are the scaled residual times each unit's slope and are
   * needed nowhere else. The same bits as those products followed by {@link #dots2}.
   */
  static void dots2OfProducts(double[] scale, double[] g0, double[] g1, double[][] rows, int count, int len,
      double[] out, int off0, int off1) {
    int blocks = len & ~7;
    int t = 0;
    while (t < count) {
      int left = count - t;
      if (left >= 3 && left != 4) {
        if (WIDE) {
          wideProductDotsOf3(scale, g0, g1, rows[t], rows[t + 1], rows[t + 2], blocks, len, out, off0 + t, off1 + t);
        } else {
          productDotsOf3(scale, g0, g1, rows[t], rows[t + 1], rows[t + 2], blocks, len, out, off0 + t, off1 + t);
        }
        t += 3;
      } else if (left >= 2) {
        if (WIDE) {
          wideProductDotsOf2(scale, g0, g1, rows[t], rows[t + 1], blocks, len, out, off0 + t, off1 + t);
        } else {
          productDotsOf2(scale, g0, g1, rows[t], rows[t + 1], blocks, len, out, off0 + t, off1 + t);
        }
        t += 2;
      } else {
        if (WIDE) {
          wideProductDotsOf1(scale, g0, g1, rows[t], blocks, len, out, off0 + t, off1 + t);
        } else {
          productDotsOf1(scale, g0, g1, rows[t], blocks, len, out, off0 + t, off1 + t);
        }
        t += 1;
      }
    }
  }

  /** The dot products of one delta row with 4 input rows, into out[o + r]. */
  private static void dotsOf4(double[] u, double[] v0, double[] v1, double[] v2, double[] v3,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector b00 = DoubleVector.zero(S);
    DoubleVector b01 = DoubleVector.zero(S);
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = DoubleVector.zero(S);
    DoubleVector d00 = DoubleVector.zero(S);
    DoubleVector d01 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
      DoubleVector p2 = DoubleVector.fromArray(S, v2, i);
      DoubleVector q2 = DoubleVector.fromArray(S, v2, i + 4);
      c00 = x0.fma(p2, c00);
      c01 = y0.fma(q2, c01);
      DoubleVector p3 = DoubleVector.fromArray(S, v3, i);
      DoubleVector q3 = DoubleVector.fromArray(S, v3, i + 4);
      d00 = x0.fma(p3, d00);
      d01 = y0.fma(q3, d01);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(u, v0, blocks, len);
    out[o + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3)) + tail(u, v1, blocks, len);
    out[o + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c01.lane(0), c01.lane(1), c01.lane(2), c01.lane(3)) + tail(u, v2, blocks, len);
    out[o + 3] = LinearRows.tree(d00.lane(0), d00.lane(1), d00.lane(2), d00.lane(3),
        d01.lane(0), d01.lane(1), d01.lane(2), d01.lane(3)) + tail(u, v3, blocks, len);
  }

  /** The dot products of one delta row with 3 input rows, into out[o + r]. */
  private static void dotsOf3(double[] u, double[] v0, double[] v1, double[] v2,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector b00 = DoubleVector.zero(S);
    DoubleVector b01 = DoubleVector.zero(S);
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
      DoubleVector p2 = DoubleVector.fromArray(S, v2, i);
      DoubleVector q2 = DoubleVector.fromArray(S, v2, i + 4);
      c00 = x0.fma(p2, c00);
      c01 = y0.fma(q2, c01);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(u, v0, blocks, len);
    out[o + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3)) + tail(u, v1, blocks, len);
    out[o + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c01.lane(0), c01.lane(1), c01.lane(2), c01.lane(3)) + tail(u, v2, blocks, len);
  }

  /** The dot products of one delta row with 2 input rows, into out[o + r]. */
  private static void dotsOf2(double[] u, double[] v0, double[] v1,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector b00 = DoubleVector.zero(S);
    DoubleVector b01 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(u, v0, blocks, len);
    out[o + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3)) + tail(u, v1, blocks, len);
  }

  /** The dot products of one delta row with 1 input row, into out[o + r]. */
  private static void dotsOf1(double[] u, double[] v0,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(u, v0, blocks, len);
  }

  /** The dot products of two delta rows with 4 input rows, into out[o0 + r] and out[o1 + r]. */
  private static void pairDotsOf4(double[] u0, double[] u1, double[] v0, double[] v1, double[] v2, double[] v3,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector zero = DoubleVector.zero(S);
    DoubleVector a00 = zero;
    DoubleVector a01 = zero;
    DoubleVector a10 = zero;
    DoubleVector a11 = zero;
    DoubleVector b00 = zero;
    DoubleVector b01 = zero;
    DoubleVector b10 = zero;
    DoubleVector b11 = zero;
    DoubleVector c00 = zero;
    DoubleVector c01 = zero;
    DoubleVector c10 = zero;
    DoubleVector c11 = zero;
    DoubleVector d00 = zero;
    DoubleVector d01 = zero;
    DoubleVector d10 = zero;
    DoubleVector d11 = zero;
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u0, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u0, i + 4);
      DoubleVector x1 = DoubleVector.fromArray(S, u1, i);
      DoubleVector y1 = DoubleVector.fromArray(S, u1, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      a10 = x1.fma(p0, a10);
      a11 = y1.fma(q0, a11);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
      b10 = x1.fma(p1, b10);
      b11 = y1.fma(q1, b11);
      DoubleVector p2 = DoubleVector.fromArray(S, v2, i);
      DoubleVector q2 = DoubleVector.fromArray(S, v2, i + 4);
      c00 = x0.fma(p2, c00);
      c01 = y0.fma(q2, c01);
      c10 = x1.fma(p2, c10);
      c11 = y1.fma(q2, c11);
      DoubleVector p3 = DoubleVector.fromArray(S, v3, i);
      DoubleVector q3 = DoubleVector.fromArray(S, v3, i + 4);
      d00 = x0.fma(p3, d00);
      d01 = y0.fma(q3, d01);
      d10 = x1.fma(p3, d10);
      d11 = y1.fma(q3, d11);
    }
    // every lane first, then the tails: past C2's node budget for inlining, a tail left as a call
    // costs a call, but a lane left as a call makes its vector an object (allocated every call)
    double a0 = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3));
    double b0 = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3));
    double c0 = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c01.lane(0), c01.lane(1), c01.lane(2), c01.lane(3));
    double d0 = LinearRows.tree(d00.lane(0), d00.lane(1), d00.lane(2), d00.lane(3),
        d01.lane(0), d01.lane(1), d01.lane(2), d01.lane(3));
    double a1 = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a11.lane(0), a11.lane(1), a11.lane(2), a11.lane(3));
    double b1 = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b11.lane(0), b11.lane(1), b11.lane(2), b11.lane(3));
    double c1 = LinearRows.tree(c10.lane(0), c10.lane(1), c10.lane(2), c10.lane(3),
        c11.lane(0), c11.lane(1), c11.lane(2), c11.lane(3));
    double d1 = LinearRows.tree(d10.lane(0), d10.lane(1), d10.lane(2), d10.lane(3),
        d11.lane(0), d11.lane(1), d11.lane(2), d11.lane(3));
    out[o0] = a0 + tail(u0, v0, blocks, len);
    out[o0 + 1] = b0 + tail(u0, v1, blocks, len);
    out[o0 + 2] = c0 + tail(u0, v2, blocks, len);
    out[o0 + 3] = d0 + tail(u0, v3, blocks, len);
    out[o1] = a1 + tail(u1, v0, blocks, len);
    out[o1 + 1] = b1 + tail(u1, v1, blocks, len);
    out[o1 + 2] = c1 + tail(u1, v2, blocks, len);
    out[o1 + 3] = d1 + tail(u1, v3, blocks, len);
  }

  /** The dot products of two delta rows with 3 input rows, into out[oq + r]. */
  private static void pairDotsOf3(double[] u0, double[] u1, double[] v0, double[] v1, double[] v2,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector b00 = DoubleVector.zero(S);
    DoubleVector b01 = DoubleVector.zero(S);
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = DoubleVector.zero(S);
    DoubleVector a10 = DoubleVector.zero(S);
    DoubleVector a11 = DoubleVector.zero(S);
    DoubleVector b10 = DoubleVector.zero(S);
    DoubleVector b11 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S);
    DoubleVector c11 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u0, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u0, i + 4);
      DoubleVector x1 = DoubleVector.fromArray(S, u1, i);
      DoubleVector y1 = DoubleVector.fromArray(S, u1, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      a10 = x1.fma(p0, a10);
      a11 = y1.fma(q0, a11);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
      b10 = x1.fma(p1, b10);
      b11 = y1.fma(q1, b11);
      DoubleVector p2 = DoubleVector.fromArray(S, v2, i);
      DoubleVector q2 = DoubleVector.fromArray(S, v2, i + 4);
      c00 = x0.fma(p2, c00);
      c01 = y0.fma(q2, c01);
      c10 = x1.fma(p2, c10);
      c11 = y1.fma(q2, c11);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(u0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3)) + tail(u0, v1, blocks, len);
    out[o0 + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c01.lane(0), c01.lane(1), c01.lane(2), c01.lane(3)) + tail(u0, v2, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a11.lane(0), a11.lane(1), a11.lane(2), a11.lane(3)) + tail(u1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b11.lane(0), b11.lane(1), b11.lane(2), b11.lane(3)) + tail(u1, v1, blocks, len);
    out[o1 + 2] = LinearRows.tree(c10.lane(0), c10.lane(1), c10.lane(2), c10.lane(3),
        c11.lane(0), c11.lane(1), c11.lane(2), c11.lane(3)) + tail(u1, v2, blocks, len);
  }

  /** The dot products of two delta rows with 2 input rows, into out[oq + r]. */
  private static void pairDotsOf2(double[] u0, double[] u1, double[] v0, double[] v1,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector b00 = DoubleVector.zero(S);
    DoubleVector b01 = DoubleVector.zero(S);
    DoubleVector a10 = DoubleVector.zero(S);
    DoubleVector a11 = DoubleVector.zero(S);
    DoubleVector b10 = DoubleVector.zero(S);
    DoubleVector b11 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u0, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u0, i + 4);
      DoubleVector x1 = DoubleVector.fromArray(S, u1, i);
      DoubleVector y1 = DoubleVector.fromArray(S, u1, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      a10 = x1.fma(p0, a10);
      a11 = y1.fma(q0, a11);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
      b10 = x1.fma(p1, b10);
      b11 = y1.fma(q1, b11);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(u0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3)) + tail(u0, v1, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a11.lane(0), a11.lane(1), a11.lane(2), a11.lane(3)) + tail(u1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b11.lane(0), b11.lane(1), b11.lane(2), b11.lane(3)) + tail(u1, v1, blocks, len);
  }

  /** The dot products of two delta rows with 1 input row, into out[oq + r]. */
  private static void pairDotsOf1(double[] u0, double[] u1, double[] v0,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector a10 = DoubleVector.zero(S);
    DoubleVector a11 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(S, u0, i);
      DoubleVector y0 = DoubleVector.fromArray(S, u0, i + 4);
      DoubleVector x1 = DoubleVector.fromArray(S, u1, i);
      DoubleVector y1 = DoubleVector.fromArray(S, u1, i + 4);
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      a10 = x1.fma(p0, a10);
      a11 = y1.fma(q0, a11);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(u0, v0, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a11.lane(0), a11.lane(1), a11.lane(2), a11.lane(3)) + tail(u1, v0, blocks, len);
  }

  /** The dot products of two delta rows scale g0, scale g1 (not written out) with 3 input rows, into out[oq + r]. */
  private static void productDotsOf3(double[] scale, double[] g0, double[] g1, double[] v0, double[] v1, double[] v2,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector b00 = DoubleVector.zero(S);
    DoubleVector b01 = DoubleVector.zero(S);
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = DoubleVector.zero(S);
    DoubleVector a10 = DoubleVector.zero(S);
    DoubleVector a11 = DoubleVector.zero(S);
    DoubleVector b10 = DoubleVector.zero(S);
    DoubleVector b11 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S);
    DoubleVector c11 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector s0 = DoubleVector.fromArray(S, scale, i);
      DoubleVector s1 = DoubleVector.fromArray(S, scale, i + 4);
      DoubleVector x0 = s0.mul(DoubleVector.fromArray(S, g0, i));
      DoubleVector y0 = s1.mul(DoubleVector.fromArray(S, g0, i + 4));
      DoubleVector x1 = s0.mul(DoubleVector.fromArray(S, g1, i));
      DoubleVector y1 = s1.mul(DoubleVector.fromArray(S, g1, i + 4));
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      a10 = x1.fma(p0, a10);
      a11 = y1.fma(q0, a11);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
      b10 = x1.fma(p1, b10);
      b11 = y1.fma(q1, b11);
      DoubleVector p2 = DoubleVector.fromArray(S, v2, i);
      DoubleVector q2 = DoubleVector.fromArray(S, v2, i + 4);
      c00 = x0.fma(p2, c00);
      c01 = y0.fma(q2, c01);
      c10 = x1.fma(p2, c10);
      c11 = y1.fma(q2, c11);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(scale, g0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3)) + tail(scale, g0, v1, blocks, len);
    out[o0 + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c01.lane(0), c01.lane(1), c01.lane(2), c01.lane(3)) + tail(scale, g0, v2, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a11.lane(0), a11.lane(1), a11.lane(2), a11.lane(3)) + tail(scale, g1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b11.lane(0), b11.lane(1), b11.lane(2), b11.lane(3)) + tail(scale, g1, v1, blocks, len);
    out[o1 + 2] = LinearRows.tree(c10.lane(0), c10.lane(1), c10.lane(2), c10.lane(3),
        c11.lane(0), c11.lane(1), c11.lane(2), c11.lane(3)) + tail(scale, g1, v2, blocks, len);
  }

  /** The dot products of two delta rows scale g0, scale g1 (not written out) with 2 input rows, into out[oq + r]. */
  private static void productDotsOf2(double[] scale, double[] g0, double[] g1, double[] v0, double[] v1,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector b00 = DoubleVector.zero(S);
    DoubleVector b01 = DoubleVector.zero(S);
    DoubleVector a10 = DoubleVector.zero(S);
    DoubleVector a11 = DoubleVector.zero(S);
    DoubleVector b10 = DoubleVector.zero(S);
    DoubleVector b11 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector s0 = DoubleVector.fromArray(S, scale, i);
      DoubleVector s1 = DoubleVector.fromArray(S, scale, i + 4);
      DoubleVector x0 = s0.mul(DoubleVector.fromArray(S, g0, i));
      DoubleVector y0 = s1.mul(DoubleVector.fromArray(S, g0, i + 4));
      DoubleVector x1 = s0.mul(DoubleVector.fromArray(S, g1, i));
      DoubleVector y1 = s1.mul(DoubleVector.fromArray(S, g1, i + 4));
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      a10 = x1.fma(p0, a10);
      a11 = y1.fma(q0, a11);
      DoubleVector p1 = DoubleVector.fromArray(S, v1, i);
      DoubleVector q1 = DoubleVector.fromArray(S, v1, i + 4);
      b00 = x0.fma(p1, b00);
      b01 = y0.fma(q1, b01);
      b10 = x1.fma(p1, b10);
      b11 = y1.fma(q1, b11);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(scale, g0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b01.lane(0), b01.lane(1), b01.lane(2), b01.lane(3)) + tail(scale, g0, v1, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a11.lane(0), a11.lane(1), a11.lane(2), a11.lane(3)) + tail(scale, g1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b11.lane(0), b11.lane(1), b11.lane(2), b11.lane(3)) + tail(scale, g1, v1, blocks, len);
  }

  /** The dot products of two delta rows scale g0, scale g1 (not written out) with 1 input row, into out[oq + r]. */
  private static void productDotsOf1(double[] scale, double[] g0, double[] g1, double[] v0,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(S);
    DoubleVector a01 = DoubleVector.zero(S);
    DoubleVector a10 = DoubleVector.zero(S);
    DoubleVector a11 = DoubleVector.zero(S);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector s0 = DoubleVector.fromArray(S, scale, i);
      DoubleVector s1 = DoubleVector.fromArray(S, scale, i + 4);
      DoubleVector x0 = s0.mul(DoubleVector.fromArray(S, g0, i));
      DoubleVector y0 = s1.mul(DoubleVector.fromArray(S, g0, i + 4));
      DoubleVector x1 = s0.mul(DoubleVector.fromArray(S, g1, i));
      DoubleVector y1 = s1.mul(DoubleVector.fromArray(S, g1, i + 4));
      DoubleVector p0 = DoubleVector.fromArray(S, v0, i);
      DoubleVector q0 = DoubleVector.fromArray(S, v0, i + 4);
      a00 = x0.fma(p0, a00);
      a01 = y0.fma(q0, a01);
      a10 = x1.fma(p0, a10);
      a11 = y1.fma(q0, a11);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a01.lane(0), a01.lane(1), a01.lane(2), a01.lane(3)) + tail(scale, g0, v0, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a11.lane(0), a11.lane(1), a11.lane(2), a11.lane(3)) + tail(scale, g1, v0, blocks, len);
  }

  /** The dot products of one delta row with 4 input rows (8 lanes), into out[o + r]. */
  private static void wideDotsOf4(double[] u, double[] v0, double[] v1, double[] v2, double[] v3,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector b00 = DoubleVector.zero(W);
    DoubleVector c00 = DoubleVector.zero(W);
    DoubleVector d00 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
      DoubleVector p2 = DoubleVector.fromArray(W, v2, i);
      c00 = x0.fma(p2, c00);
      DoubleVector p3 = DoubleVector.fromArray(W, v3, i);
      d00 = x0.fma(p3, d00);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(u, v0, blocks, len);
    out[o + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7)) + tail(u, v1, blocks, len);
    out[o + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c00.lane(4), c00.lane(5), c00.lane(6), c00.lane(7)) + tail(u, v2, blocks, len);
    out[o + 3] = LinearRows.tree(d00.lane(0), d00.lane(1), d00.lane(2), d00.lane(3),
        d00.lane(4), d00.lane(5), d00.lane(6), d00.lane(7)) + tail(u, v3, blocks, len);
  }

  /** The dot products of one delta row with 3 input rows (8 lanes), into out[o + r]. */
  private static void wideDotsOf3(double[] u, double[] v0, double[] v1, double[] v2,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector b00 = DoubleVector.zero(W);
    DoubleVector c00 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
      DoubleVector p2 = DoubleVector.fromArray(W, v2, i);
      c00 = x0.fma(p2, c00);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(u, v0, blocks, len);
    out[o + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7)) + tail(u, v1, blocks, len);
    out[o + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c00.lane(4), c00.lane(5), c00.lane(6), c00.lane(7)) + tail(u, v2, blocks, len);
  }

  /** The dot products of one delta row with 2 input rows (8 lanes), into out[o + r]. */
  private static void wideDotsOf2(double[] u, double[] v0, double[] v1,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector b00 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(u, v0, blocks, len);
    out[o + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7)) + tail(u, v1, blocks, len);
  }

  /** The dot products of one delta row with 1 input row, into out[o + r]. */
  private static void wideDotsOf1(double[] u, double[] v0,
      int blocks, int len, double[] out, int o) {
    DoubleVector a00 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
    }
    out[o] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(u, v0, blocks, len);
  }

  /** The dot products of two delta rows with 4 input rows (8 lanes), into out[o0 + r] and out[o1 + r]. */
  private static void widePairDotsOf4(double[] u0, double[] u1, double[] v0, double[] v1, double[] v2, double[] v3,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector zero = DoubleVector.zero(W);
    DoubleVector a00 = zero;
    DoubleVector a10 = zero;
    DoubleVector b00 = zero;
    DoubleVector b10 = zero;
    DoubleVector c00 = zero;
    DoubleVector c10 = zero;
    DoubleVector d00 = zero;
    DoubleVector d10 = zero;
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u0, i);
      DoubleVector x1 = DoubleVector.fromArray(W, u1, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      a10 = x1.fma(p0, a10);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
      b10 = x1.fma(p1, b10);
      DoubleVector p2 = DoubleVector.fromArray(W, v2, i);
      c00 = x0.fma(p2, c00);
      c10 = x1.fma(p2, c10);
      DoubleVector p3 = DoubleVector.fromArray(W, v3, i);
      d00 = x0.fma(p3, d00);
      d10 = x1.fma(p3, d10);
    }
    // every lane first, then the tails: past C2's node budget for inlining, a tail left as a call
    // costs a call, but a lane left as a call makes its vector an object (allocated every call)
    double a0 = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7));
    double b0 = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7));
    double c0 = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c00.lane(4), c00.lane(5), c00.lane(6), c00.lane(7));
    double d0 = LinearRows.tree(d00.lane(0), d00.lane(1), d00.lane(2), d00.lane(3),
        d00.lane(4), d00.lane(5), d00.lane(6), d00.lane(7));
    double a1 = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a10.lane(4), a10.lane(5), a10.lane(6), a10.lane(7));
    double b1 = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b10.lane(4), b10.lane(5), b10.lane(6), b10.lane(7));
    double c1 = LinearRows.tree(c10.lane(0), c10.lane(1), c10.lane(2), c10.lane(3),
        c10.lane(4), c10.lane(5), c10.lane(6), c10.lane(7));
    double d1 = LinearRows.tree(d10.lane(0), d10.lane(1), d10.lane(2), d10.lane(3),
        d10.lane(4), d10.lane(5), d10.lane(6), d10.lane(7));
    out[o0] = a0 + tail(u0, v0, blocks, len);
    out[o0 + 1] = b0 + tail(u0, v1, blocks, len);
    out[o0 + 2] = c0 + tail(u0, v2, blocks, len);
    out[o0 + 3] = d0 + tail(u0, v3, blocks, len);
    out[o1] = a1 + tail(u1, v0, blocks, len);
    out[o1 + 1] = b1 + tail(u1, v1, blocks, len);
    out[o1 + 2] = c1 + tail(u1, v2, blocks, len);
    out[o1 + 3] = d1 + tail(u1, v3, blocks, len);
  }

  /** The dot products of two delta rows with 3 input rows (8 lanes), into out[oq + r]. */
  private static void widePairDotsOf3(double[] u0, double[] u1, double[] v0, double[] v1, double[] v2,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector b00 = DoubleVector.zero(W);
    DoubleVector c00 = DoubleVector.zero(W);
    DoubleVector a10 = DoubleVector.zero(W);
    DoubleVector b10 = DoubleVector.zero(W);
    DoubleVector c10 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u0, i);
      DoubleVector x1 = DoubleVector.fromArray(W, u1, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      a10 = x1.fma(p0, a10);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
      b10 = x1.fma(p1, b10);
      DoubleVector p2 = DoubleVector.fromArray(W, v2, i);
      c00 = x0.fma(p2, c00);
      c10 = x1.fma(p2, c10);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(u0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7)) + tail(u0, v1, blocks, len);
    out[o0 + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c00.lane(4), c00.lane(5), c00.lane(6), c00.lane(7)) + tail(u0, v2, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a10.lane(4), a10.lane(5), a10.lane(6), a10.lane(7)) + tail(u1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b10.lane(4), b10.lane(5), b10.lane(6), b10.lane(7)) + tail(u1, v1, blocks, len);
    out[o1 + 2] = LinearRows.tree(c10.lane(0), c10.lane(1), c10.lane(2), c10.lane(3),
        c10.lane(4), c10.lane(5), c10.lane(6), c10.lane(7)) + tail(u1, v2, blocks, len);
  }

  /** The dot products of two delta rows with 2 input rows (8 lanes), into out[oq + r]. */
  private static void widePairDotsOf2(double[] u0, double[] u1, double[] v0, double[] v1,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector b00 = DoubleVector.zero(W);
    DoubleVector a10 = DoubleVector.zero(W);
    DoubleVector b10 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u0, i);
      DoubleVector x1 = DoubleVector.fromArray(W, u1, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      a10 = x1.fma(p0, a10);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
      b10 = x1.fma(p1, b10);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(u0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7)) + tail(u0, v1, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a10.lane(4), a10.lane(5), a10.lane(6), a10.lane(7)) + tail(u1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b10.lane(4), b10.lane(5), b10.lane(6), b10.lane(7)) + tail(u1, v1, blocks, len);
  }

  /** The dot products of two delta rows with 1 input row, into out[oq + r]. */
  private static void widePairDotsOf1(double[] u0, double[] u1, double[] v0,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector a10 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector x0 = DoubleVector.fromArray(W, u0, i);
      DoubleVector x1 = DoubleVector.fromArray(W, u1, i);
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      a10 = x1.fma(p0, a10);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(u0, v0, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a10.lane(4), a10.lane(5), a10.lane(6), a10.lane(7)) + tail(u1, v0, blocks, len);
  }

  /** The dot products of two delta rows scale g0, scale g1 (not written out) with 3 input rows (8 lanes), into out[oq + r]. */
  private static void wideProductDotsOf3(double[] scale, double[] g0, double[] g1, double[] v0, double[] v1, double[] v2,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector b00 = DoubleVector.zero(W);
    DoubleVector c00 = DoubleVector.zero(W);
    DoubleVector a10 = DoubleVector.zero(W);
    DoubleVector b10 = DoubleVector.zero(W);
    DoubleVector c10 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector s0 = DoubleVector.fromArray(W, scale, i);
      DoubleVector x0 = s0.mul(DoubleVector.fromArray(W, g0, i));
      DoubleVector x1 = s0.mul(DoubleVector.fromArray(W, g1, i));
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      a10 = x1.fma(p0, a10);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
      b10 = x1.fma(p1, b10);
      DoubleVector p2 = DoubleVector.fromArray(W, v2, i);
      c00 = x0.fma(p2, c00);
      c10 = x1.fma(p2, c10);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(scale, g0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7)) + tail(scale, g0, v1, blocks, len);
    out[o0 + 2] = LinearRows.tree(c00.lane(0), c00.lane(1), c00.lane(2), c00.lane(3),
        c00.lane(4), c00.lane(5), c00.lane(6), c00.lane(7)) + tail(scale, g0, v2, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a10.lane(4), a10.lane(5), a10.lane(6), a10.lane(7)) + tail(scale, g1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b10.lane(4), b10.lane(5), b10.lane(6), b10.lane(7)) + tail(scale, g1, v1, blocks, len);
    out[o1 + 2] = LinearRows.tree(c10.lane(0), c10.lane(1), c10.lane(2), c10.lane(3),
        c10.lane(4), c10.lane(5), c10.lane(6), c10.lane(7)) + tail(scale, g1, v2, blocks, len);
  }

  /** The dot products of two delta rows scale g0, scale g1 (not written out) with 2 input rows (8 lanes), into out[oq + r]. */
  private static void wideProductDotsOf2(double[] scale, double[] g0, double[] g1, double[] v0, double[] v1,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector b00 = DoubleVector.zero(W);
    DoubleVector a10 = DoubleVector.zero(W);
    DoubleVector b10 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector s0 = DoubleVector.fromArray(W, scale, i);
      DoubleVector x0 = s0.mul(DoubleVector.fromArray(W, g0, i));
      DoubleVector x1 = s0.mul(DoubleVector.fromArray(W, g1, i));
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      a10 = x1.fma(p0, a10);
      DoubleVector p1 = DoubleVector.fromArray(W, v1, i);
      b00 = x0.fma(p1, b00);
      b10 = x1.fma(p1, b10);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(scale, g0, v0, blocks, len);
    out[o0 + 1] = LinearRows.tree(b00.lane(0), b00.lane(1), b00.lane(2), b00.lane(3),
        b00.lane(4), b00.lane(5), b00.lane(6), b00.lane(7)) + tail(scale, g0, v1, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a10.lane(4), a10.lane(5), a10.lane(6), a10.lane(7)) + tail(scale, g1, v0, blocks, len);
    out[o1 + 1] = LinearRows.tree(b10.lane(0), b10.lane(1), b10.lane(2), b10.lane(3),
        b10.lane(4), b10.lane(5), b10.lane(6), b10.lane(7)) + tail(scale, g1, v1, blocks, len);
  }

  /** The dot products of two delta rows scale g0, scale g1 (not written out) with 1 input row, into out[oq + r]. */
  private static void wideProductDotsOf1(double[] scale, double[] g0, double[] g1, double[] v0,
      int blocks, int len, double[] out, int o0, int o1) {
    DoubleVector a00 = DoubleVector.zero(W);
    DoubleVector a10 = DoubleVector.zero(W);
    for (int i = 0; i < blocks; i += 8) {
      DoubleVector s0 = DoubleVector.fromArray(W, scale, i);
      DoubleVector x0 = s0.mul(DoubleVector.fromArray(W, g0, i));
      DoubleVector x1 = s0.mul(DoubleVector.fromArray(W, g1, i));
      DoubleVector p0 = DoubleVector.fromArray(W, v0, i);
      a00 = x0.fma(p0, a00);
      a10 = x1.fma(p0, a10);
    }
    out[o0] = LinearRows.tree(a00.lane(0), a00.lane(1), a00.lane(2), a00.lane(3),
        a00.lane(4), a00.lane(5), a00.lane(6), a00.lane(7)) + tail(scale, g0, v0, blocks, len);
    out[o1] = LinearRows.tree(a10.lane(0), a10.lane(1), a10.lane(2), a10.lane(3),
        a10.lane(4), a10.lane(5), a10.lane(6), a10.lane(7)) + tail(scale, g1, v0, blocks, len);
  }

  /** The fused multiply-add sum of (s[i] g[i]) v[i] for i in [from, len), in order (a tail of dots2OfProducts). */
  private static double tail(double[] s, double[] g, double[] v, int from, int len) {
    double sum = 0;
    for (int i = from; i < len; i++) {
      sum = Math.fma(s[i] * g[i], v[i], sum);
    }
    return sum;
  }

  /** The fused multiply-add sum of u[i] v[i] for i in [from, len), in order (the tail of a dot product). */
  private static double tail(double[] u, double[] v, int from, int len) {
    double sum = 0;
    for (int i = from; i < len; i++) {
      sum = Math.fma(u[i], v[i], sum);
    }
    return sum;
  }


  /**
   * Four outputs from four input rows, element-wise (LinearRows.set4 / add4 for each output,
   * same operations in the same order, so the same bits at any vector width).
   */
  static void mix4x4(boolean add, double[] o0, double[] o1, double[] o2, double[] o3, double[] w, int o, int wOut,
      int ws, double[] x, double[] y, double[] z, double[] u, int len) {
    // One method per case, not an if in the loop: a loop with both cases has twice the nodes, and
    // C2 then ran out of its inlining budget before the stores (measured: none of the four
    // intoArray calls intrinsified, every vector allocated).
    if (add) {
      mix4x4Add(o0, o1, o2, o3, w, o, wOut, ws, x, y, z, u, len);
    } else {
      mix4x4Set(o0, o1, o2, o3, w, o, wOut, ws, x, y, z, u, len);
    }
  }

  /** {@link #mix4x4} setting the outputs. */
  private static void mix4x4Set(double[] o0, double[] o1, double[] o2, double[] o3, double[] w, int o, int wOut,
      int ws, double[] x, double[] y, double[] z, double[] u, int len) {
    double a0 = w[o];
    double b0 = w[o + ws];
    double c0 = w[o + 2 * ws];
    double d0 = w[o + 3 * ws];
    int p = o + wOut;
    double a1 = w[p];
    double b1 = w[p + ws];
    double c1 = w[p + 2 * ws];
    double d1 = w[p + 3 * ws];
    p += wOut;
    double a2 = w[p];
    double b2 = w[p + ws];
    double c2 = w[p + 2 * ws];
    double d2 = w[p + 3 * ws];
    p += wOut;
    double a3 = w[p];
    double b3 = w[p + ws];
    double c3 = w[p + 2 * ws];
    double d3 = w[p + 3 * ws];
    int lanes = E.length();
    int end = len - len % lanes;
    int i = 0;
    for (; i < end; i += lanes) {
      DoubleVector xv = DoubleVector.fromArray(E, x, i);
      DoubleVector yv = DoubleVector.fromArray(E, y, i);
      DoubleVector zv = DoubleVector.fromArray(E, z, i);
      DoubleVector uv = DoubleVector.fromArray(E, u, i);
      DoubleVector r0 = xv.mul(a0).add(yv.mul(b0)).add(zv.mul(c0).add(uv.mul(d0)));
      DoubleVector r1 = xv.mul(a1).add(yv.mul(b1)).add(zv.mul(c1).add(uv.mul(d1)));
      DoubleVector r2 = xv.mul(a2).add(yv.mul(b2)).add(zv.mul(c2).add(uv.mul(d2)));
      DoubleVector r3 = xv.mul(a3).add(yv.mul(b3)).add(zv.mul(c3).add(uv.mul(d3)));
      r0.intoArray(o0, i);
      r1.intoArray(o1, i);
      r2.intoArray(o2, i);
      r3.intoArray(o3, i);
    }
    for (; i < len; i++) {
      double r0 = (a0 * x[i] + b0 * y[i]) + (c0 * z[i] + d0 * u[i]);
      double r1 = (a1 * x[i] + b1 * y[i]) + (c1 * z[i] + d1 * u[i]);
      double r2 = (a2 * x[i] + b2 * y[i]) + (c2 * z[i] + d2 * u[i]);
      double r3 = (a3 * x[i] + b3 * y[i]) + (c3 * z[i] + d3 * u[i]);
      o0[i] = r0;
      o1[i] = r1;
      o2[i] = r2;
      o3[i] = r3;
    }
  }

  /** {@link #mix4x4} adding to the outputs. */
  private static void mix4x4Add(double[] o0, double[] o1, double[] o2, double[] o3, double[] w, int o, int wOut,
      int ws, double[] x, double[] y, double[] z, double[] u, int len) {
    double a0 = w[o];
    double b0 = w[o + ws];
    double c0 = w[o + 2 * ws];
    double d0 = w[o + 3 * ws];
    int p = o + wOut;
    double a1 = w[p];
    double b1 = w[p + ws];
    double c1 = w[p + 2 * ws];
    double d1 = w[p + 3 * ws];
    p += wOut;
    double a2 = w[p];
    double b2 = w[p + ws];
    double c2 = w[p + 2 * ws];
    double d2 = w[p + 3 * ws];
    p += wOut;
    double a3 = w[p];
    double b3 = w[p + ws];
    double c3 = w[p + 2 * ws];
    double d3 = w[p + 3 * ws];
    int lanes = E.length();
    int end = len - len % lanes;
    int i = 0;
    for (; i < end; i += lanes) {
      DoubleVector xv = DoubleVector.fromArray(E, x, i);
      DoubleVector yv = DoubleVector.fromArray(E, y, i);
      DoubleVector zv = DoubleVector.fromArray(E, z, i);
      DoubleVector uv = DoubleVector.fromArray(E, u, i);
      DoubleVector r0 = xv.mul(a0).add(yv.mul(b0)).add(zv.mul(c0).add(uv.mul(d0)));
      DoubleVector r1 = xv.mul(a1).add(yv.mul(b1)).add(zv.mul(c1).add(uv.mul(d1)));
      DoubleVector r2 = xv.mul(a2).add(yv.mul(b2)).add(zv.mul(c2).add(uv.mul(d2)));
      DoubleVector r3 = xv.mul(a3).add(yv.mul(b3)).add(zv.mul(c3).add(uv.mul(d3)));
      r0 = DoubleVector.fromArray(E, o0, i).add(r0);
      r1 = DoubleVector.fromArray(E, o1, i).add(r1);
      r2 = DoubleVector.fromArray(E, o2, i).add(r2);
      r3 = DoubleVector.fromArray(E, o3, i).add(r3);
      r0.intoArray(o0, i);
      r1.intoArray(o1, i);
      r2.intoArray(o2, i);
      r3.intoArray(o3, i);
    }
    for (; i < len; i++) {
      double r0 = (a0 * x[i] + b0 * y[i]) + (c0 * z[i] + d0 * u[i]);
      double r1 = (a1 * x[i] + b1 * y[i]) + (c1 * z[i] + d1 * u[i]);
      double r2 = (a2 * x[i] + b2 * y[i]) + (c2 * z[i] + d2 * u[i]);
      double r3 = (a3 * x[i] + b3 * y[i]) + (c3 * z[i] + d3 * u[i]);
      o0[i] += r0;
      o1[i] += r1;
      o2[i] += r2;
      o3[i] += r3;
    }
  }

  /**
   * {@link #mix4x4} adding to the outputs, then each output times its row of g: o_q = (o_q + sum) g_q,
   * the same two roundings as the addition followed by {@link LinearRows#multiply}, without a
   * pass of its own over the rows (the backward pass's last block: the deltas of a hidden layer
   * are the propagated sums times the slopes).
   */
  static void mix4x4AddTimes(double[] o0, double[] o1, double[] o2, double[] o3, double[] g0, double[] g1,
      double[] g2, double[] g3, double[] w, int o, int wOut, int ws, double[] x, double[] y, double[] z, double[] u,
      int len) {
    double a0 = w[o];
    double b0 = w[o + ws];
    double c0 = w[o + 2 * ws];
    double d0 = w[o + 3 * ws];
    int p = o + wOut;
    double a1 = w[p];
    double b1 = w[p + ws];
    double c1 = w[p + 2 * ws];
    double d1 = w[p + 3 * ws];
    p += wOut;
    double a2 = w[p];
    double b2 = w[p + ws];
    double c2 = w[p + 2 * ws];
    double d2 = w[p + 3 * ws];
    p += wOut;
    double a3 = w[p];
    double b3 = w[p + ws];
    double c3 = w[p + 2 * ws];
    double d3 = w[p + 3 * ws];
    int lanes = E.length();
    int end = len - len % lanes;
    int i = 0;
    for (; i < end; i += lanes) {
      DoubleVector xv = DoubleVector.fromArray(E, x, i);
      DoubleVector yv = DoubleVector.fromArray(E, y, i);
      DoubleVector zv = DoubleVector.fromArray(E, z, i);
      DoubleVector uv = DoubleVector.fromArray(E, u, i);
      DoubleVector r0 = xv.mul(a0).add(yv.mul(b0)).add(zv.mul(c0).add(uv.mul(d0)));
      DoubleVector r1 = xv.mul(a1).add(yv.mul(b1)).add(zv.mul(c1).add(uv.mul(d1)));
      DoubleVector r2 = xv.mul(a2).add(yv.mul(b2)).add(zv.mul(c2).add(uv.mul(d2)));
      DoubleVector r3 = xv.mul(a3).add(yv.mul(b3)).add(zv.mul(c3).add(uv.mul(d3)));
      r0 = DoubleVector.fromArray(E, o0, i).add(r0).mul(DoubleVector.fromArray(E, g0, i));
      r1 = DoubleVector.fromArray(E, o1, i).add(r1).mul(DoubleVector.fromArray(E, g1, i));
      r2 = DoubleVector.fromArray(E, o2, i).add(r2).mul(DoubleVector.fromArray(E, g2, i));
      r3 = DoubleVector.fromArray(E, o3, i).add(r3).mul(DoubleVector.fromArray(E, g3, i));
      r0.intoArray(o0, i);
      r1.intoArray(o1, i);
      r2.intoArray(o2, i);
      r3.intoArray(o3, i);
    }
    for (; i < len; i++) {
      double r0 = (a0 * x[i] + b0 * y[i]) + (c0 * z[i] + d0 * u[i]);
      double r1 = (a1 * x[i] + b1 * y[i]) + (c1 * z[i] + d1 * u[i]);
      double r2 = (a2 * x[i] + b2 * y[i]) + (c2 * z[i] + d2 * u[i]);
      double r3 = (a3 * x[i] + b3 * y[i]) + (c3 * z[i] + d3 * u[i]);
      o0[i] = (o0[i] + r0) * g0[i];
      o1[i] = (o1[i] + r1) * g1[i];
      o2[i] = (o2[i] + r2) * g2[i];
      o3[i] = (o3[i] + r3) * g3[i];
    }
  }

  /**
   * Whether every |z[i]|, i < len, is a normal finite double: {@link CubeRoot#signedEstimates}'
   * test, the same answer as its plain loop ({@link CubeRoot#checkedSignedEstimates}). That loop
   * ORs a test per element into one long, and JDK 17's C2 reduces such an OR across the vector's
   * lanes on every iteration: 0.2 ns per element, as much as the rest of the cube root's estimate
   * (bench/RESULTS.md section 26). Here the least and greatest magnitude of four vectors (32
   * elements at 512 bits) come from lane-wise minima and maxima, and one reduction per four
   * vectors takes the OR of their tests against the normal range: the p = 4/3 kernel 0.35-0.41 ns
   * per element against 0.54-0.60. Loads only (a second method storing 512-bit vectors can make C2 stop
   * intrinsifying the stores of the kernels above: sections 17 and 21), and no vector lives across
   * iterations.
   */
  static boolean allNormal(double[] z, int len) {
    int lanes = E.length();
    int step = 4 * lanes;
    long outside = 0;
    int i = 0;
    for (; i + step <= len; i += step) {
      LongVector a = DoubleVector.fromArray(E, z, i).reinterpretAsLongs().and(~RawBits.SIGN_BIT);
      LongVector b = DoubleVector.fromArray(E, z, i + lanes).reinterpretAsLongs().and(~RawBits.SIGN_BIT);
      LongVector c = DoubleVector.fromArray(E, z, i + 2 * lanes).reinterpretAsLongs().and(~RawBits.SIGN_BIT);
      LongVector d = DoubleVector.fromArray(E, z, i + 3 * lanes).reinterpretAsLongs().and(~RawBits.SIGN_BIT);
      // magnitudes are below 2^63, so signed minima and maxima order them
      LongVector least = a.min(b).min(c.min(d));
      LongVector greatest = a.max(b).max(c.max(d));
      // negative exactly when some magnitude is below the smallest normal's bits or above the largest double's
      outside |= least.sub(CubeRoot.MIN_NORMAL_BITS).or(greatest.neg().add(CubeRoot.MAX_VALUE_BITS))
          .reduceLanes(VectorOperators.OR);
    }
    for (; i < len; i++) {
      outside |= CubeRoot.outside(Double.doubleToRawLongBits(z[i]) & ~RawBits.SIGN_BIT);
    }
    return outside >= 0;
  }

  /**
   * The OR of the bits of row[0, len): {@link LogExpPower}'s test of its 2^n pass, for the reason
   * {@link #allNormal} gives (an OR in the pass's own loop is reduced across the lanes on every
   * iteration): four vectors OR-ed lane-wise, one reduction per four vectors, loads only.
   */
  static long orOfBits(double[] row, int len) {
    int lanes = E.length();
    int step = 4 * lanes;
    long any = 0;
    int i = 0;
    for (; i + step <= len; i += step) {
      LongVector a = DoubleVector.fromArray(E, row, i).reinterpretAsLongs();
      LongVector b = DoubleVector.fromArray(E, row, i + lanes).reinterpretAsLongs();
      LongVector c = DoubleVector.fromArray(E, row, i + 2 * lanes).reinterpretAsLongs();
      LongVector d = DoubleVector.fromArray(E, row, i + 3 * lanes).reinterpretAsLongs();
      any |= a.or(b).or(c.or(d)).reduceLanes(VectorOperators.OR);
    }
    for (; i < len; i++) {
      any |= Double.doubleToRawLongBits(row[i]);
    }
    return any;
  }

  /**
   * The OR of the bits of row[from, to): {@link LogExpPower}'s search for its rare point-wise
   * elements, block by block. A method of its own, not {@link #orOfBits(double[], int)} with an
   * offset: with one shared method the 2^n pass's test measured 11-27% slower for p = 2.7.
   */
  static long orOfBlock(double[] row, int from, int to) {
    int lanes = E.length();
    int step = 4 * lanes;
    long any = 0;
    int i = from;
    for (; i + step <= to; i += step) {
      LongVector a = DoubleVector.fromArray(E, row, i).reinterpretAsLongs();
      LongVector b = DoubleVector.fromArray(E, row, i + lanes).reinterpretAsLongs();
      LongVector c = DoubleVector.fromArray(E, row, i + 2 * lanes).reinterpretAsLongs();
      LongVector d = DoubleVector.fromArray(E, row, i + 3 * lanes).reinterpretAsLongs();
      any |= a.or(b).or(c.or(d)).reduceLanes(VectorOperators.OR);
    }
    for (; i < to; i++) {
      any |= Double.doubleToRawLongBits(row[i]);
    }
    return any;
  }
}
