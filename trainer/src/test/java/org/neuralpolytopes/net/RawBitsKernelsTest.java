package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loops on the bits of a row ({@link RawBits}: the cube root's estimate, the log-exp kernel's
 * split and powers of two) after enough calls that C2 compiles and vectorises them (Java cannot
 * assert that it has; if not, the test checks the slower tiers): the batch form must still give
 * the point-wise bits, on rows whose length is not a multiple of the vector width and that
 * mix ordinary values with 0, subnormals, infinities and NaN (or hold ordinary values only, so
 * that the estimate's fallback for small values is not taken).
 */
class RawBitsKernelsTest {

  /** Rows of one call; enough calls that C2 compiles the loops (its threshold is some 10^4 loop trips). */
  private static final int CALLS = 3000;

  @Test
  void theDivisionByThreeInPiecesIsExact() {
    SplittableRandom rng = new SplittableRandom(3);
    long[] edges = {0, 1, 2, 3, 4, 0xffffffffL, 0x100000000L, 0x100000001L, 0x1ffffffffL, 0x200000000L,
        0x7fffffffffffffffL, 0x7ffffffffffffffeL, 0x7ffffffefffffffeL, Double.doubleToRawLongBits(Double.MIN_NORMAL),
        Double.doubleToRawLongBits(Double.MAX_VALUE), Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NaN)};
    for (long b : edges) {
      assertEquals(Math.multiplyHigh(b, 0x5555555555555556L), CubeRoot.third(b), "floor(" + b + " / 3)");
    }
    for (int i = 0; i < 2_000_000; i++) {
      // every magnitude: a random 63-bit pattern shifted right by 0-62
      long b = (rng.nextLong() >>> 1) >>> rng.nextInt(63);
      assertEquals(Math.multiplyHigh(b, 0x5555555555555556L), CubeRoot.third(b), "floor(" + b + " / 3)");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0 / 3, 2.0 / 3, 4.0 / 3, 5.0 / 3, 7.0 / 3, 2.7, 0.7, 1.3333333333333335})
  void compiledBatchFormGivesThePointwiseBits(double p) {
    Activation act = Activations.of("abs_power", p);
    SplittableRandom rng = new SplittableRandom(7);
    double[] mixed = new double[1003];
    double[] ordinary = new double[1003];
    double[] extreme = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-1050, -0x0.8p-1022, Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0x1p-700,
        0x1p700};
    for (int i = 0; i < mixed.length; i++) {
      ordinary[i] = 2 * rng.nextGaussian();
      mixed[i] = i % 37 == 5 ? extreme[rng.nextInt(extreme.length)] : ordinary[i];
    }
    double[] h = new double[mixed.length];
    double[] g = new double[mixed.length];
    for (int call = 0; call < CALLS; call++) {
      act.apply(call % 2 == 0 ? ordinary : mixed, h, g, mixed.length - call % 3);
    }
    for (double[] row : new double[][] {ordinary, mixed}) {
      for (int len : new int[] {row.length, row.length - 1, 15, 8, 1}) {
        java.util.Arrays.fill(h, -1);
        java.util.Arrays.fill(g, -1);
        act.apply(row, h, g, len);
        for (int i = 0; i < row.length; i++) {
          double t = row[i];
          long wantH = i < len ? Double.doubleToLongBits(act.value(t)) : Double.doubleToLongBits(-1);
          long wantG = i < len ? Double.doubleToLongBits(act.derivative(t)) : Double.doubleToLongBits(-1);
          assertEquals(wantH, Double.doubleToLongBits(h[i]), "p " + p + " value at " + t + " (len " + len + ")");
          assertEquals(wantG, Double.doubleToLongBits(g[i]), "p " + p + " slope at " + t + " (len " + len + ")");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {4.0 / 3, 2.7})
  void aLengthBeyondARowIsRefusedNotRead(double p) {
    Activation act = Activations.of("abs_power", p);
    double[] z = new double[10];
    assertThrows(IndexOutOfBoundsException.class, () -> act.apply(z, new double[10], new double[10], 11));
    assertThrows(IndexOutOfBoundsException.class, () -> act.apply(z, new double[9], new double[10], 10));
  }
}
