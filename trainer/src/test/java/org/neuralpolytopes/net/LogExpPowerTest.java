package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The log-exp kernel of |t|^p against {@link Math#pow} over the whole double range, and its batch
 * form against its point-wise functions to the bit.
 */
class LogExpPowerTest {

  /** Exponents of the paper's grid that are not integers or halves, and a spread of others. */
  static double[] exponents() {
    return new double[] {0x1p-10, 0.05, 0.3, 1.0 / 3, 2.0 / 3, 0.75, 0.9, 1.1, 4.0 / 3, 1.25, 5.0 / 3, 2.7, 3.3,
        7.0 / 3, 9.99, 16.5, 63.3, 100.7, 1023.9};
  }

  /**
   * Every binade from the smallest subnormal to the largest double, a few random mantissas each,
   * both signs, and the values next to 0, 1 and the edges of the range.
   */
  static double[] wideRange(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int perBinade = 6;
    double[] t = new double[2 * (2098 * perBinade) + 24];
    int i = 0;
    for (int e = -1074; e <= 1023; e++) {
      for (int j = 0; j < perBinade; j++) {
        double mantissa = 1 + rng.nextDouble();
        double v = e < -1022 ? Math.scalb(1.0, e) * Math.floor(mantissa * 8) : Math.scalb(mantissa, e);
        t[i++] = v;
        t[i++] = -v;
      }
    }
    double[] edges = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1, Math.nextUp(1.0), Math.nextDown(1.0), Math.sqrt(0.5),
        Math.nextDown(Math.sqrt(0.5)), Math.sqrt(2), Math.nextUp(Math.sqrt(2)), 2, 0.5, Math.E, 10, 1e-300, 1e300,
        -1e-310, 3};
    System.arraycopy(edges, 0, t, i, edges.length);
    return t;
  }

  /** Units in the last place between two doubles of the same sign (through infinity). */
  static long ulps(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b) ? 0 : Long.MAX_VALUE;
    }
    if (a == b) {
      return 0;
    }
    if ((a < 0) != (b < 0) && a != 0 && b != 0) {
      return Long.MAX_VALUE;
    }
    return Math.abs(Double.doubleToLongBits(Math.abs(a)) - Double.doubleToLongBits(Math.abs(b)));
  }

  @ParameterizedTest
  @MethodSource("exponents")
  void valueAndSlopeAgreeWithMathPowWithinUlpsFromSubnormalsToTheLargestDouble(double p) {
    long worstValue = 0;
    long worstSlope = 0;
    for (double t : wideRange(Double.doubleToLongBits(p))) {
      double a = Math.abs(t);
      double value = LogExpPower.value(t, p);
      double expected = Math.pow(a, p);
      long u = ulps(value, expected);
      assertTrue(u <= valueTolerance(p), "|" + t + "|^" + p + " = " + value + ", Math.pow gives " + expected);
      worstValue = Math.max(worstValue, u);
      double slope = LogExpPower.slope(t, p);
      double[] reference = referenceSlope(t, p);
      long v = ulps(slope, reference[0]);
      assertTrue(v <= valueTolerance(p) + 2 + reference[1],
          "slope at " + t + " for p " + p + " = " + slope + ", Math.pow gives " + reference[0]);
      worstSlope = Math.max(worstSlope, v);
    }
    System.out.printf("p %.6f: worst value %d ulp, worst slope %d ulp%n", p, worstValue, worstSlope);
  }

  /**
   * Units in the last place allowed against Math.pow for the value: 2 (1 for Math.pow, 1 for the
   * kernel) while p <= 64; beyond, the kernel's logarithm (absolute error near 2^-61) is
   * multiplied by p, one more unit per 256 of p.
   */
  static long valueTolerance(double p) {
    return 2 + (long) (p / 256);
  }

  /**
   * The slope p sign(t) |t|^(p-1) from Math.pow, and how many more units than the value's
   * tolerance that reference itself may be off: p Math.pow(|t|, p) / |t| where that quotient stays
   * normal (2 roundings more than Math.pow), else p Math.pow(|t|, p - 1), off by the rounding of
   * p - 1 (times |ln |t||) and, for a subnormal result, by p half-units of the rounding of Math.pow.
   */
  static double[] referenceSlope(double t, double p) {
    double a = Math.abs(t);
    if (t == 0) {
      return new double[] {0, 0};
    }
    double h = Math.pow(a, p);
    double viaValue = p * h / a;
    if (h >= Double.MIN_NORMAL && h < Double.POSITIVE_INFINITY && Math.abs(viaValue) >= Double.MIN_NORMAL
        && viaValue < Double.POSITIVE_INFINITY && a < Double.POSITIVE_INFINITY) {
      return new double[] {Math.copySign(viaValue, t), 0};
    }
    double pm1 = p - 1;
    double slope = Math.copySign(p * Math.pow(a, pm1), t);
    // p - 1 is off by up to half its ulp, which moves |t|^(p-1) by that times |ln |t||, relatively
    double extra = Math.ceil(Math.ulp(pm1) / 2 * Math.abs(Math.log(a)) / Math.ulp(1.0));
    if (Math.abs(slope) < Double.MIN_NORMAL) {
      extra += Math.ceil(p);
    }
    return new double[] {slope, extra};
  }

  @Test
  void zeroInfinityAndNanFollowTheDefinition() {
    for (double p : new double[] {0.3, 4.0 / 3, 2.7}) {
      assertEquals(0.0, LogExpPower.value(0.0, p), 0.0);
      assertEquals(0.0, LogExpPower.value(-0.0, p), 0.0);
      assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(LogExpPower.slope(-0.0, p)), "+0 slope");
      assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(LogExpPower.slope(0.0, p)), "+0 slope");
      assertEquals(Double.POSITIVE_INFINITY, LogExpPower.value(Double.NEGATIVE_INFINITY, p));
      double slopeAtInfinity = p > 1 ? Double.POSITIVE_INFINITY : 0.0;
      assertEquals(slopeAtInfinity, LogExpPower.slope(Double.POSITIVE_INFINITY, p));
      assertEquals(p > 1 ? Double.NEGATIVE_INFINITY : 0.0, LogExpPower.slope(Double.NEGATIVE_INFINITY, p));
      assertTrue(Double.isNaN(LogExpPower.value(Double.NaN, p)));
      assertTrue(Double.isNaN(LogExpPower.slope(Double.NaN, p)));
    }
  }

  /**
   * The batch form against the point-wise functions, to the bit, over the whole double range with
   * 0, infinities and NaN shuffled among ordinary values (so that rows mix elements of the fast
   * path and of the exact one), and over rows of ordinary values only.
   */
  @ParameterizedTest
  @MethodSource("exponents")
  void theBatchFormIsThePointwiseFunctionsToTheBit(double p) {
    double[] wide = wideRange(5);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};
    double[] z = new double[wide.length + specials.length];
    System.arraycopy(wide, 0, z, 0, wide.length);
    System.arraycopy(specials, 0, z, wide.length, specials.length);
    SplittableRandom rng = new SplittableRandom(6);
    for (int i = z.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      double x = z[i];
      z[i] = z[j];
      z[j] = x;
    }
    double[] gaussian = new double[1000];
    for (int i = 0; i < gaussian.length; i++) {
      gaussian[i] = 3 * rng.nextGaussian();
    }
    LogExpPower.Scratch scratch = new LogExpPower.Scratch();
    int fastRows = 0;
    for (double[] row : new double[][] {z, gaussian}) {
      for (int len : new int[] {1, 7, 8, 9, 17, 1000, row.length}) {
        double[] h = new double[len];
        double[] g = new double[len];
        LogExpPower.apply(row, h, g, len, p, scratch);
        for (int i = 0; i < len; i++) {
          assertEquals(Double.doubleToRawLongBits(LogExpPower.value(row[i], p)), Double.doubleToRawLongBits(h[i]),
              "value at " + row[i] + " p " + p + " len " + len);
          assertEquals(Double.doubleToRawLongBits(LogExpPower.slope(row[i], p)), Double.doubleToRawLongBits(g[i]),
              "slope at " + row[i] + " p " + p + " len " + len);
        }
      }
    }
  }

  /**
   * One activation shared by threads that run its batch form at once (its working rows are per
   * thread): every thread gets the point-wise bits, on rows of different lengths.
   */
  @Test
  void threadsSharingOneActivationEachGetThePointwiseBits() throws InterruptedException {
    Activation act = Activations.of("abs_power", 2.7);
    int threads = 4;
    String[] failure = new String[threads];
    Thread[] running = new Thread[threads];
    for (int k = 0; k < threads; k++) {
      int id = k;
      running[k] = new Thread(() -> {
        SplittableRandom rng = new SplittableRandom(id);
        int len = 500 + 300 * id;
        double[] z = new double[len];
        double[] h = new double[len];
        double[] g = new double[len];
        for (int round = 0; round < 200 && failure[id] == null; round++) {
          for (int i = 0; i < len; i++) {
            z[i] = rng.nextGaussian() * (1 + id);
          }
          act.apply(z, h, g, len);
          for (int i = 0; i < len; i++) {
            if (Double.doubleToRawLongBits(h[i]) != Double.doubleToRawLongBits(act.value(z[i]))
                || Double.doubleToRawLongBits(g[i]) != Double.doubleToRawLongBits(act.derivative(z[i]))) {
              failure[id] = "thread " + id + " round " + round + " differs at " + z[i];
              break;
            }
          }
        }
      });
      running[k].start();
    }
    for (Thread t : running) {
      t.join();
    }
    for (String f : failure) {
      assertEquals(null, f);
    }
  }

  /** Whether {@link LogExpPower#fast} holds at t: the batch form then keeps its own value and slope. */
  /**
   * Where {@link LogExpPower#beyondRange} knows a value or slope from t's exponent (certain
   * underflow to +0 or overflow to infinity, p > 1), it is the bits of the full computation; and it
   * knows the common case of a deep network's rows at large p (|t|^40.7 of a small |t|).
   */
  @Test
  void theShortcutBeyondTheRangeGivesTheComputedBits() {
    int known = 0;
    for (double p : new double[] {1.0001, 1.1, 2.7, 16.5, 40.7, 100.7, 1023.9}) {
      for (double t : wideRange(5)) {
        for (boolean slope : new boolean[] {false, true}) {
          double shortcut = LogExpPower.beyondRange(t, p, slope);
          if (shortcut == shortcut) {
            known++;
            assertEquals(Double.doubleToRawLongBits(LogExpPower.computed(t, p, slope)), Double.doubleToRawLongBits(shortcut),
                (slope ? "slope" : "value") + " at p " + p + ", t " + t);
          }
        }
      }
    }
    assertTrue(known > 1000, "the shortcut applies to " + known + " cases");
    assertEquals(0.0, LogExpPower.beyondRange(0x1p-30, 40.7, false), 0.0, "2^-30 at p = 40.7 underflows");
    assertTrue(Double.isNaN(LogExpPower.beyondRange(0x1p-20, 40.7, false)), "2^-20 at p = 40.7 does not");
    assertTrue(Double.isNaN(LogExpPower.beyondRange(0x1p-1000, 0.7, false)), "no shortcut for p < 1");
  }

  @Test
  void ordinaryValuesTakeTheFastPathAndExtremeOnesTheExactOne() {
    for (double p : new double[] {0.7, 2.7, 16.5}) {
      assertTrue(LogExpPower.fast(p * 3, 3), "2^3 at p " + p);
      assertTrue(LogExpPower.fast(-p * 20, -20), "2^-20 at p " + p);
    }
    assertTrue(!LogExpPower.fast(-1023 * 0.7, -1023), "0 and subnormals have k <= -1023");
    assertTrue(!LogExpPower.fast(1024 * 0.7, 1024), "infinity has k = 1024");
    assertTrue(!LogExpPower.fast(1001, 10), "|n| > FAST_LIMIT");
    assertTrue(!LogExpPower.fast(-1001, -10), "|n| > FAST_LIMIT");
    // large p: 2^-20 at p = 40.7 is 2^-814, a normal double, and so are its slope's terms (the
    // earlier condition, |n| + |n - k| <= 1000, sent it to the point-wise code)
    assertTrue(LogExpPower.fast(Math.rint(-40.7 * 20), -20), "2^-20 at p 40.7");
    assertTrue(LogExpPower.fast(1000, 10) && LogExpPower.fast(-1000, -10), "|n| = FAST_LIMIT");
    assertTrue(!LogExpPower.fast(Double.NaN, 0));
  }
}
