package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The closed forms of |t|^p for p = k + j/3 (cube root, {@link CubeRoot}) and p = k + j/4
 * ({@link FourthRoot}) against a 60-digit reference and {@link Math#pow} / {@link Math#cbrt}, over every binade
 * of the double range ({@link LogExpPowerTest#wideRange}), and the batch form against the scalar
 * forms to the bit.
 */
class RootPowerTest {

  private static final MathContext MC = new MathContext(60);

  /** Numerators n of p = n/3 tested: k = 0, 1, 2, 3, 10 and 63 with one and two thirds. */
  static final int[] THIRDS = {1, 2, 4, 5, 7, 8, 10, 31, 32, 190, 191};

  /** p = k + 1/4 and k + 3/4 tested. */
  static final double[] QUARTERS = {0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 5.75, 63.25, 63.75};

  /** cbrt(x) to 60 digits: Newton's method from Math.cbrt (two steps from 52 correct bits). */
  static BigDecimal cbrt(BigDecimal x) {
    if (x.signum() == 0) {
      return x;
    }
    BigDecimal y = new BigDecimal(Math.cbrt(x.doubleValue()));
    BigDecimal three = BigDecimal.valueOf(3);
    for (int i = 0; i < 3; i++) {
      BigDecimal y2 = y.multiply(y, MC);
      y = y.subtract(y2.multiply(y, MC).subtract(x, MC).divide(three.multiply(y2, MC), MC), MC);
    }
    return y;
  }

  /** |x - exact| in units in the last place of the smaller of x and exact rounded (subnormal ulp at 0). */
  static double ulpError(double x, BigDecimal exact) {
    double rounded = exact.doubleValue();
    if (Double.isInfinite(rounded) || Double.isInfinite(x)) {
      return rounded == x ? 0 : Double.POSITIVE_INFINITY;
    }
    double ulp = Math.ulp(Math.min(Math.abs(x), Math.abs(rounded)));
    return new BigDecimal(x).subtract(exact).abs().divide(new BigDecimal(ulp), MC).doubleValue();
  }

  /** Finite positive arguments of {@link LogExpPowerTest#wideRange} (every binade, subnormals included). */
  static double[] positiveFinite() {
    return java.util.Arrays.stream(LogExpPowerTest.wideRange(7)).filter(t -> t > 0 && t < Double.POSITIVE_INFINITY)
        .toArray();
  }

  /** {@link CubeRoot}'s bound: the last rounding and 2/3 of an ulp from the rounded products in its residual. */
  static final double ROOT_BOUND = 7.0 / 6 + 1e-6;

  @Test
  void cubeRootIsWithinSevenSixthsOfAnUlpOfTheExactValueAndOneUlpOfMathCbrt() {
    double worst = 0;
    long worstCbrt = 0;
    for (double a : positiveFinite()) {
      double c = CubeRoot.power(a, 1);
      worst = Math.max(worst, ulpError(c, cbrt(new BigDecimal(a))));
      worstCbrt = Math.max(worstCbrt, LogExpPowerTest.ulps(c, Math.cbrt(a)));
      double c2 = CubeRoot.power(a, 2);
      worst = Math.max(worst, ulpError(c2, cbrt(new BigDecimal(a)).pow(2, MC)));
    }
    assertTrue(worst <= ROOT_BOUND, "largest error of cbrt(a) and cbrt(a)^2 in ulps: " + worst);
    // Math.cbrt is within 0.667 ulp of the exact root: two doubles less than 1.84 ulp apart
    assertTrue(worstCbrt <= 1, "largest distance to Math.cbrt in ulps: " + worstCbrt);
    // exact cubes
    for (double x : new double[] {1, 2, 3, 0.5, 0x1p-300, 0x1p300, 12345}) {
      assertEquals(x, CubeRoot.power(x * x * x, 1), 0.0, "cbrt of " + x + "^3");
    }
  }

  @Test
  void zeroInfinityAndNanGoAsMathPow() {
    for (int q = 1; q <= 2; q++) {
      assertEquals(0.0, CubeRoot.power(0.0, q), 0.0);
      assertTrue(Double.isNaN(CubeRoot.power(Double.NaN, q)));
      assertEquals(Math.cbrt(Double.MIN_VALUE), CubeRoot.power(Double.MIN_VALUE, 1), 0.0);
      assertEquals(Math.cbrt(Double.MAX_VALUE), CubeRoot.power(Double.MAX_VALUE, 1), 0.0);
    }
    for (double p : new double[] {1.0 / 3, 2.0 / 3, 4.0 / 3, 5.0 / 3, 7.0 / 3, 0.25, 0.75, 1.25}) {
      AbsPower act = new AbsPower(p);
      for (double t : new double[] {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
        assertEquals(Math.pow(Math.abs(t), p), act.value(t), 0.0, "p = " + p + " at " + t);
      }
      assertEquals(0.0, act.derivative(0.0), 0.0);
      if (p > 1 && p != 1.25) {
        assertEquals(Double.POSITIVE_INFINITY, act.derivative(Double.POSITIVE_INFINITY), "p = " + p);
        assertEquals(Double.NEGATIVE_INFINITY, act.derivative(Double.NEGATIVE_INFINITY), "p = " + p);
      }
    }
  }

  /**
   * Ulps of the exact value allowed for |t|^(n/3) = |t|^k cbrt|t|^j: {@link #ROOT_BOUND} for k = 0;
   * 13/6 for k = 1 (the root's relative error, below (2/3 + 1) 2^-53, is up to 5/3 ulps of the
   * product, and the product's rounding); for larger k the error of |t|^(k-1) by binary powering on
   * top: each squaring doubles the relative error already there, so about one rounding per power,
   * k - 1 half-ulps of relative error at most, up to k - 1 ulps (measured: 34 ulps for k = 63).
   */
  static double thirdBound(int n) {
    int k = n / 3;
    return k == 0 ? ROOT_BOUND : k == 1 ? 13.0 / 6 : k + 7.0 / 6;
  }

  @Test
  void thirdsAreWithinTheStatedUlpsOfTheExactPowerAndItsSlope() {
    double[] args = positiveFinite();
    for (int n : THIRDS) {
      AbsPower act = new AbsPower(n / 3.0);
      assertEquals(Activation.Kernel.HALF_INTEGER_POWER, act.kernel(), "closed form for p = " + n + "/3");
      int k = n / 3;
      int q = n % 3;
      double worstValue = 0;
      double worstSlope = 0;
      for (double a : args) {
        BigDecimal exactA = new BigDecimal(a);
        BigDecimal root = cbrt(exactA).pow(q, MC);
        BigDecimal value = exactA.pow(k, MC).multiply(root, MC);
        worstValue = Math.max(worstValue, ulpError(act.value(a), value));
        worstValue = Math.max(worstValue, ulpError(act.value(-a), value));
        if (k >= 1) {
          BigDecimal slope = new BigDecimal(n / 3.0).multiply(exactA.pow(k - 1, MC), MC).multiply(root, MC);
          worstSlope = Math.max(worstSlope, ulpError(act.derivative(a), slope));
          worstSlope = Math.max(worstSlope, ulpError(-act.derivative(-a), slope));
        }
      }
      double bound = thirdBound(n);
      assertTrue(worstValue <= bound, "p = " + n + "/3: value error " + worstValue + " ulps > " + bound);
      // the slope has one rounding more (the factor p, itself rounded)
      assertTrue(worstSlope <= bound + 1.5, "p = " + n + "/3: slope error " + worstSlope + " ulps");
    }
  }

  @Test
  void thirdsAgreeWithMathPowToTwoUlpsBesideTheRoundingOfP() {
    double[] args = positiveFinite();
    for (int n : new int[] {1, 2, 4, 5}) {
      double p = n / 3.0;
      AbsPower act = new AbsPower(p);
      // Math.pow takes the double p, not n/3: the two differ by the factor a^(p - n/3)
      double pError = new BigDecimal(p).subtract(BigDecimal.valueOf(n).divide(BigDecimal.valueOf(3), MC)).abs()
          .doubleValue();
      for (double a : args) {
        double pow = Math.pow(a, p);
        double shift = Math.abs(Math.log(a)) * pError * 0x1p53;
        if (pow < Double.MIN_NORMAL || Double.isInfinite(pow)) {
          assertEquals(pow, act.value(a), 2 * Double.MIN_VALUE + pow * Math.abs(Math.log(a)) * pError * 1.01,
              "subnormal or overflowing pow at " + a);
          continue;
        }
        double allowed = 2 + Math.ceil(shift);
        assertTrue(LogExpPowerTest.ulps(act.value(a), pow) <= allowed,
            "p = " + n + "/3 at " + a + ": " + act.value(a) + " against Math.pow " + pow + ", allowed " + allowed);
      }
    }
  }

  /** {@link FourthRoot}'s bound: the last rounding and 3/4 of an ulp from the rounded products in its residual. */
  static final double FOURTH_BOUND = 5.0 / 4 + 1e-6;

  @Test
  void fourthRootsAndTheirSlopesAreWithinTheStatedUlpsOfTheExactValues() {
    double worst = 0;
    double worstInverseCube = 0;
    for (double a : positiveFinite()) {
      BigDecimal exactA = new BigDecimal(a);
      BigDecimal quarter = exactA.sqrt(MC).sqrt(MC);
      BigDecimal threeQuarters = quarter.multiply(exactA.sqrt(MC), MC);
      worst = Math.max(worst, ulpError(FourthRoot.power(a, 1), quarter));
      worst = Math.max(worst, ulpError(FourthRoot.power(a, 3), threeQuarters));
      worst = Math.max(worst, ulpError(FourthRoot.lower(a, 3), BigDecimal.ONE.divide(quarter, MC)));
      worstInverseCube = Math.max(worstInverseCube,
          ulpError(FourthRoot.lower(a, 1), BigDecimal.ONE.divide(threeQuarters, MC)));
    }
    assertTrue(worst <= FOURTH_BOUND, "largest error of a^(1/4), a^(3/4) and a^(-1/4) in ulps: " + worst);
    // a^(-3/4): 1/2 ulp more (the rounding of a r^3, see FourthRoot.inverseCube)
    assertTrue(worstInverseCube <= FOURTH_BOUND + 0.5, "largest error of a^(-3/4) in ulps: " + worstInverseCube);
    // exact fourth powers
    for (double x : new double[] {1, 2, 3, 0.5, 0x1p-200, 0x1p200, 1234}) {
      double fourth = x * x * x * x;
      assertEquals(x, FourthRoot.power(fourth, 1), 0.0, "fourth root of " + x + "^4");
      assertEquals(x * x * x, FourthRoot.power(fourth, 3), 0.0, "(" + x + "^4)^(3/4)");
      if (x == Math.scalb(1.0, Math.getExponent(x))) { // 1/x exact
        assertEquals(1 / x, FourthRoot.lower(fourth, 3), 0.0, "(" + x + "^4)^(-1/4)");
        assertEquals(1 / (x * x * x), FourthRoot.lower(fourth, 1), 0.0, "(" + x + "^4)^(-3/4)");
      }
    }
  }

  /**
   * Ulps of the exact value allowed for |t|^p = |t|^k |t|^(j/4): {@link #FOURTH_BOUND} for k = 0;
   * 9/4 for k = 1 (the root's relative error, below (3/4 + 1) 2^-53, up to 7/4 ulps of the product,
   * and the product's rounding); k + 5/4 beyond (binary powering, as {@link #thirdBound}).
   */
  static double quarterBound(int k) {
    return k == 0 ? FOURTH_BOUND : k == 1 ? 9.0 / 4 : k + 5.0 / 4;
  }

  @Test
  void quartersAreWithinTheStatedUlpsOfTheExactPowerAndItsSlope() {
    double[] args = positiveFinite();
    for (double p : QUARTERS) {
      AbsPower act = new AbsPower(p);
      int k = (int) p;
      BigDecimal exactP = new BigDecimal(p);
      double worstValue = 0;
      double worstSlope = 0;
      for (double a : args) {
        BigDecimal exactA = new BigDecimal(a);
        BigDecimal quarter = exactA.sqrt(MC).sqrt(MC);
        BigDecimal root = p - k == 0.25 ? quarter : quarter.multiply(exactA.sqrt(MC), MC);
        BigDecimal value = exactA.pow(k, MC).multiply(root, MC);
        worstValue = Math.max(worstValue, ulpError(act.value(a), value));
        worstValue = Math.max(worstValue, ulpError(act.value(-a), value));
        BigDecimal slope = exactP.multiply(value, MC).divide(exactA, MC);
        worstSlope = Math.max(worstSlope, ulpError(act.derivative(a), slope));
        worstSlope = Math.max(worstSlope, ulpError(-act.derivative(-a), slope));
      }
      double bound = quarterBound(k);
      assertTrue(worstValue <= bound, "p = " + p + ": value error " + worstValue + " ulps > " + bound);
      // the slope has one rounding more (the factor p; for k = 0 from the root's own estimate)
      assertTrue(worstSlope <= bound + 1.5, "p = " + p + ": slope error " + worstSlope + " ulps");
    }
  }

  @Test
  void quartersAreWithinTheStatedUlpsOfMathPow() {
    double[] args = positiveFinite();
    for (double p : QUARTERS) {
      AbsPower act = new AbsPower(p);
      assertEquals(Activation.Kernel.HALF_INTEGER_POWER, act.kernel(), "closed form for p = " + p);
      int k = (int) p;
      // FourthRoot: 5/4 ulp; Math.pow's own error (below 1 ulp);
      // for k >= 1 binary powering of a^k (up to k ulps, as for thirds) and the product on top
      double bound = k == 0 ? 2 : k + 3;
      long worst = 0;
      for (double a : args) {
        double pow = Math.pow(a, p);
        if (pow < Double.MIN_NORMAL) {
          assertEquals(pow, act.value(a), 4 * Double.MIN_VALUE, "subnormal result at " + a);
          continue;
        }
        worst = Math.max(worst, LogExpPowerTest.ulps(act.value(a), pow));
      }
      assertTrue(worst <= bound, "p = " + p + ": " + worst + " ulps from Math.pow > " + bound);
    }
  }

  @Test
  void halvesAreWithinTheStatedUlpsOfMathPow() {
    double[] args = positiveFinite();
    for (double p : new double[] {0.5, 1.5, 2.5, 3.5, 5.5, 6.5, 63.5}) {
      AbsPower act = new AbsPower(p);
      int k = (int) p;
      // sqrt(a): correctly rounded; a^(k-1) by binary powering (up to k - 1 ulps, as for thirds), the
      // two products on top, and Math.pow's own error (below 1 ulp)
      double bound = k == 0 ? 1 : k + 2;
      long worst = 0;
      for (double a : args) {
        double pow = Math.pow(a, p);
        if (pow < Double.MIN_NORMAL || Double.isInfinite(pow)) {
          assertEquals(pow, act.value(a), 4 * Double.MIN_VALUE + pow * 1e-15, "subnormal or overflowing result at " + a);
          continue;
        }
        worst = Math.max(worst, LogExpPowerTest.ulps(act.value(a), pow));
        if (k >= 1) {
          double slope = p * Math.pow(a, p - 1);
          if (slope >= Double.MIN_NORMAL && slope < Double.POSITIVE_INFINITY) {
            worst = Math.max(worst, LogExpPowerTest.ulps(act.derivative(a), slope) - 1);
          }
        }
      }
      assertTrue(worst <= bound, "p = " + p + ": " + worst + " ulps from Math.pow > " + bound);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0 / 3, 2.0 / 3, 4.0 / 3, 5.0 / 3, 7.0 / 3, 8.0 / 3, 0.25, 0.75, 1.25, 1.75, 2.25, 63.75,
      190.0 / 3})
  void batchFormGivesTheBitsOfValueAndDerivative(double p) {
    AbsPower act = new AbsPower(p);
    double[] z = LogExpPowerTest.wideRange(11);
    double[] extra = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    double[] all = java.util.Arrays.copyOf(z, z.length + extra.length);
    System.arraycopy(extra, 0, all, z.length, extra.length);
    double[] h = new double[all.length];
    double[] g = new double[all.length];
    act.apply(all, h, g, all.length);
    for (int i = 0; i < all.length; i++) {
      double t = all[i];
      assertEquals(Double.doubleToLongBits(act.value(t)), Double.doubleToLongBits(h[i]), "value at " + t);
      assertEquals(Double.doubleToLongBits(act.derivative(t)), Double.doubleToLongBits(g[i]), "derivative at " + t);
    }
    // 0 -> 0 with slope 0, infinity -> infinity, NaN -> NaN, as Math.pow
    assertEquals(0.0, act.value(0.0), 0.0);
    assertEquals(0.0, act.derivative(0.0), 0.0);
    assertEquals(0.0, act.derivative(-0.0), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, act.value(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(act.value(Double.NaN)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0 / 3, 2.0 / 3, 4.0 / 3, 5.0 / 3, 7.0 / 3, 0.25, 0.75, 1.25, 2.75})
  void derivativeMatchesAFiniteDifference(double p) {
    AbsPower act = new AbsPower(p);
    for (double t : new double[] {0.3, 1.7, -2.5, 10, -0.01}) {
      double step = 1e-6 * Math.abs(t);
      double difference = (act.value(t + step) - act.value(t - step)) / (2 * step);
      assertEquals(difference, act.derivative(t), 1e-7 * Math.abs(difference), "p = " + p + " at " + t);
    }
  }

  /** Near 0, where the results become subnormal and then 0: in units of the smallest subnormal there. */
  @Test
  void valuesNearZeroUnderflowAsTheExactPowerDoes() {
    double[] near = {0x1p-500, 0x1.8p-780, 0x1p-790, 0x1.3p-800, 0x1p-805, 0x1p-820, Double.MIN_VALUE, 0x1p-1000,
        0x1.7p-1050};
    for (double p : new double[] {1.25, 2.75}) {
      AbsPower act = new AbsPower(p);
      for (double t : near) {
        double pow = Math.pow(t, p);
        assertEquals(pow, act.value(t), pow < Double.MIN_NORMAL ? Double.MIN_VALUE : 2 * Math.ulp(pow),
            "p = " + p + " at " + t);
      }
    }
    for (int n : new int[] {4, 5, 7}) {
      AbsPower act = new AbsPower(n / 3.0);
      for (double t : near) {
        BigDecimal a = new BigDecimal(t);
        BigDecimal exact = a.pow(n / 3, MC).multiply(cbrt(a).pow(n % 3, MC), MC);
        assertTrue(ulpError(act.value(t), exact) <= thirdBound(n), "p = " + n + "/3 at " + t);
      }
    }
  }
}
