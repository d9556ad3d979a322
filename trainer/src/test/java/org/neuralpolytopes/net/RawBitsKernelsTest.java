package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loops on the bits of a row ({@link RawBits}: the cube root's estimate, the log-exp kernel's
 * split and powers of two) after enough calls that C2 compiles and vectorises them (Java cannot
 * assert that it has; if not, the test checks the slower tiers): the batch form must still give
 * the point-wise bits, on rows whose length is not a multiple of the vector width and that
 * mix ordinary values with 0, subnormals, infinities and NaN, or hold normal finite values only
 * (ordinary ones, or of every magnitude from the smallest normal to the largest double), so that
 * the kernels' paths for rows without special values are taken.
 */
class RawBitsKernelsTest {

  /** Rows of one call; enough calls that C2 compiles the loops (its threshold is some 10^4 loop trips). */
  private static final int CALLS = 3000;

  @Test
  void theDivisionByThreeIsWithinTwoToThe31() {
    SplittableRandom rng = new SplittableRandom(3);
    long[] edges = {0, 1, 2, 3, 4, 0xffffffffL, 0x100000000L, 0x100000001L, 0x1ffffffffL, 0x200000000L,
        0x7fffffffffffffffL, 0x7ffffffffffffffeL, 0x7ffffffefffffffeL, Double.doubleToRawLongBits(Double.MIN_NORMAL),
        Double.doubleToRawLongBits(Double.MAX_VALUE), Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NaN)};
    for (long b : edges) {
      assertThirdWithinBound(b);
    }
    for (int i = 0; i < 2_000_000; i++) {
      // every magnitude: a random 63-bit pattern shifted right by 0-62
      assertThirdWithinBound((rng.nextLong() >>> 1) >>> rng.nextInt(63));
    }
  }

  private static void assertThirdWithinBound(long b) {
    long exact = Math.multiplyHigh(b, 0x5555555555555556L); // floor(b / 3)
    long third = CubeRoot.third(b);
    assertTrue(third <= exact && exact - third < (1L << 31), "third(" + b + ") = " + third + ", floor(b / 3) = " + exact);
  }

  @Test
  void theEstimateIsWithinItsBoundOverTheWholeRange() {
    // |1 - c r^3| <= 0.10205 for r = estimate(c), the range CubeRoot's refinement polynomial is
    // fitted on (bench/cube_root_fit.py): MAGIC's 0.10203 over [1, 8), and the division's 2^-21
    // on top; checked at every exponent (subnormals too) on a fine grid of mantissas
    double worst = 0;
    for (int e = -1074; e <= 1023; e++) {
      for (int m = 0; m < 2048; m++) {
        double c = Math.scalb(1 + m / 2048.0, e); // rounded to a subnormal below 2^-1022
        if (c == 0) {
          continue;
        }
        double r = CubeRoot.estimate(c);
        // c r^3 in two roundings (c r is normal for every c): an error near 2^-52, far below
        // the bound's margin
        double y = c * r;
        double err = Math.abs(Math.fma(-y * r, r, 1.0));
        worst = Math.max(worst, err);
      }
    }
    assertTrue(worst > 0.1 && worst <= 0.10205, "largest |1 - c r^3| of the estimate: " + worst);
  }

  @Test
  void theFourthRootsEstimateIsWithinItsBoundOverTheNormalRange() {
    // |1 - a r^4| <= 0.12351 for r = FourthRoot.estimate(a), the range of its refinement
    // polynomial (bench/fourth_root_fit.py), at every normal exponent on a fine grid of mantissas
    double worst = 0;
    for (int e = -1022; e <= 1023; e++) {
      for (int m = 0; m < 2048; m++) {
        double a = Math.scalb(1 + m / 2048.0, e);
        double r = FourthRoot.estimate(a);
        double rr = r * r;
        worst = Math.max(worst, Math.abs(Math.fma(-a * rr, rr, 1.0)));
      }
    }
    assertTrue(worst > 0.12 && worst <= 0.12351, "largest |1 - a r^4| of the estimate: " + worst);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0 / 3, 2.0 / 3, 4.0 / 3, 5.0 / 3, 7.0 / 3, 8.0 / 3, 10.0 / 3, 2.7, 0.7, 40.7, 100,
      1.3333333333333335, 0.5, 1.5, 2.5, 3.5, 6.5, 63.5, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.25, 5.75, 63.25, 3, 6, 7,
      16, 64})
  void compiledBatchFormGivesThePointwiseBits(double p) {
    Activation act = Activations.of("abs_power", p);
    SplittableRandom rng = new SplittableRandom(7);
    double[] mixed = new double[1003];
    double[] ordinary = new double[1003];
    double[] wide = new double[1003];
    double[] extreme = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-1050, -0x0.8p-1022, Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0x1p-700,
        0x1p700};
    for (int i = 0; i < mixed.length; i++) {
      ordinary[i] = 2 * rng.nextGaussian();
      mixed[i] = i % 37 == 5 ? extreme[rng.nextInt(extreme.length)] : ordinary[i];
      // a normal double of any exponent and either sign, the ends of the normal range among them
      double magnitude = i % 101 == 7 ? Double.MIN_NORMAL : i % 101 == 8 ? Double.MAX_VALUE
          : Math.scalb(1 + rng.nextDouble(), rng.nextInt(-1022, 1024));
      wide[i] = rng.nextBoolean() ? magnitude : -magnitude;
    }
    double[] h = new double[mixed.length];
    double[] g = new double[mixed.length];
    for (int call = 0; call < CALLS; call++) {
      act.apply(call % 3 == 0 ? ordinary : call % 3 == 1 ? mixed : wide, h, g, mixed.length - call % 4);
    }
    for (double[] row : new double[][] {ordinary, mixed, wide}) {
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

  /**
   * Integer p >= 3, whose batch form fuses its binary powering into one pass per bit: after C2 has
   * compiled it, the bits of one pass per operation (g = |t|^(k-1) by binary powering from the
   * lowest bit, then h = g |t| and g = k g sign(t)), on rows of odd length with ordinary, special
   * and extreme values.
   */
  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 7, 8, 16, 33, 64})
  void integerPowersGiveTheBitsOfBinaryPowering(int k) {
    double[] row = row(11, 29, -40, 40, 0.0, -0.0, Double.MIN_VALUE, -0x0.8p-1022, Double.MAX_VALUE,
        Double.NEGATIVE_INFINITY, Double.NaN, 0x1p-300, -0x1p200);
    double[] h = new double[row.length];
    double[] g = new double[row.length];
    applyCompiled(Activations.of("abs_power", k), row, h, g);
    for (int i = 0; i < row.length; i++) {
      double t = row[i];
      double product = 1;
      double square = Math.abs(t);
      for (int e = k - 1; ; ) {
        if ((e & 1) != 0) {
          product *= square;
        }
        e >>= 1;
        if (e == 0) {
          break;
        }
        square *= square;
      }
      assertEquals(Double.doubleToLongBits(product * Math.abs(t)), Double.doubleToLongBits(h[i]), "value at " + t);
      assertEquals(Double.doubleToLongBits(k * product * AbsPower.sign(t)), Double.doubleToLongBits(g[i]),
          "slope at " + t);
    }
  }

  /** p = 1, whose batch form works on the bits: |t| and {@link AbsPower#sign} (+-1, +-0, NaN) after C2 has compiled it. */
  @Test
  void theSlopeOfTheAbsoluteValueIsTheClampedSign() {
    double[] row = row(13, 7, -1074, 1024, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, -0x0.8p-1022,
        Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, Double.longBitsToDouble(0xfff0000000000001L));
    double[] h = new double[row.length];
    double[] g = new double[row.length];
    applyCompiled(Activations.of("abs_power", 1), row, h, g);
    for (int i = 0; i < row.length; i++) {
      double t = row[i];
      assertEquals(Double.doubleToRawLongBits(Math.abs(t)), Double.doubleToRawLongBits(h[i]), "|t| at " + t);
      assertEquals(Double.doubleToLongBits(AbsPower.sign(t)), Double.doubleToLongBits(g[i]), "sign at " + t);
    }
  }

  /**
   * The test for rows of normal numbers of the signed estimates, after C2 has compiled it, in both
   * forms (the Vector API's separate test, which these tests' JVM takes, and the plain loop's): one
   * special value at any position of a row of any length, the ends of the vector blocks and the
   * tail among them, turns it false; the ends of the normal range do not; both forms write the same
   * estimates.
   */
  @Test
  void aRowIsNormalExactlyWhenEveryElementIs() {
    assertTrue(LinearRows.VECTOR, "tests run with the Vector API module (pom.xml argLine)");
    double[] specials = {0.0, -0.0, Double.MIN_VALUE, -0x0.fffffffffffffp-1022, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0xfff8000000000001L)};
    double[] row = row(17, 1 << 30, -1022, 1024, Double.MIN_NORMAL);
    row[5] = Double.MIN_NORMAL;
    row[6] = -Double.MAX_VALUE;
    double[] h = new double[row.length];
    double[] plain = new double[row.length];
    for (int call = 0; call < CALLS; call++) {
      assertTrue(CubeRoot.signedEstimates(row, h, row.length - call % 9));
      assertTrue(CubeRoot.checkedSignedEstimates(row, plain, row.length - call % 9));
    }
    assertArrayEquals(plain, h);
    SplittableRandom rng = new SplittableRandom(19);
    for (int len : new int[] {1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1003}) {
      for (int at = 0; at < len; at++) {
        double saved = row[at];
        row[at] = specials[rng.nextInt(specials.length)];
        String where = row[at] + " at " + at + " of " + len;
        assertTrue(!CubeRoot.signedEstimates(row, h, len), where);
        assertTrue(!CubeRoot.checkedSignedEstimates(row, plain, len), where);
        row[at] = saved;
        assertTrue(CubeRoot.signedEstimates(row, h, len), "normal row of " + len);
        assertTrue(CubeRoot.checkedSignedEstimates(row, plain, len), "normal row of " + len);
      }
    }
  }

  /**
   * The log-exp kernel's test of its 2^n pass by the Vector API ({@link VectorDots#orOfBits}): the
   * OR of a row's bits, for rows of every length across the blocks of four vectors and their tail,
   * with one bit set at each position in turn.
   */
  @Test
  void theOrOfARowsBitsIsTheScalarOr() {
    SplittableRandom rng = new SplittableRandom(23);
    for (int len = 0; len <= 100; len++) {
      double[] row = new double[len + 3];
      for (int i = 0; i < row.length; i++) {
        // small patterns, as the kernel's exponents are: most high bits clear
        row[i] = Double.longBitsToDouble(rng.nextLong(1L << 20));
      }
      long plain = 0;
      for (int i = 0; i < len; i++) {
        plain |= Double.doubleToRawLongBits(row[i]);
      }
      assertEquals(plain, VectorDots.orOfBits(row, len), "row of " + len);
      for (int at = 0; at < len; at++) {
        double saved = row[at];
        row[at] = Double.longBitsToDouble(Double.doubleToRawLongBits(saved) | (1L << 40));
        assertEquals(plain | (1L << 40), VectorDots.orOfBits(row, len), "bit 40 at " + at + " of " + len);
        row[at] = saved;
      }
    }
  }

  /**
   * A row of 1003 values: one in {@code every} (from the third) one of {@code extreme}, the others
   * of either sign and of exponents in [minExponent, maxExponent).
   */
  private static double[] row(long seed, int every, int minExponent, int maxExponent, double... extreme) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] row = new double[1003];
    for (int i = 0; i < row.length; i++) {
      row[i] = i % every == 3 ? extreme[rng.nextInt(extreme.length)] : (rng.nextBoolean() ? 1 : -1)
          * Math.scalb(1 + rng.nextDouble(), rng.nextInt(minExponent, maxExponent));
    }
    return row;
  }

  /** act.apply on the whole row after {@link #CALLS} calls on it (C2 has compiled the loops by then). */
  private static void applyCompiled(Activation act, double[] row, double[] h, double[] g) {
    for (int call = 0; call < CALLS; call++) {
      act.apply(row, h, g, row.length - call % 3);
    }
    act.apply(row, h, g, row.length);
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
