package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/** The volume product by quadrature: its shared point cloud, nested coarse sets, refinement precision and error. */
class MahlerProductTest {

  private static RadialFunction randomBody(int d, int units, String activation, double p, long seed) {
    Architecture a = new Architecture(d, 1, units, Activations.of(activation, p));
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[a.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    return new RadialFunction(new Network(a, w));
  }

  /**
   * The product computed set by set, each with its own support function, every h at
   * SIMPLEX_PRECISION, summed in index order: the definition the quadrature path implements.
   */
  private static double[] reference(RadialFunction r, int d, int n) {
    double[] product = new double[2];
    int[] sizes = {n, Math.max(16, n / 4)};
    for (int s = 0; s < 2; s++) {
      DirectionSet set = DirectionSet.of(d, sizes[s]);
      SupportFunction h = new SupportFunction(r, d, SupportFunction.SIMPLEX_PRECISION, Deadline.NONE, "test");
      double[] u = new double[d];
      double sumK = 0;
      double sumPolar = 0;
      for (int i = 0; i < set.size(); i++) {
        set.direction(i, u);
        sumK += Math.pow(r.radius(u), d);
        sumPolar += Math.pow(h.support(u), -d);
      }
      double factor = DirectionSet.sphereArea(d) / d / set.size();
      product[s] = (factor * sumK) * (factor * sumPolar);
    }
    return new double[] {product[0], Math.abs(product[0] - product[1])};
  }

  /**
   * Bodies refined to SIMPLEX_PRECISION (p <= 1, relu) get exactly the reference product and
   * error: sharing one point cloud between the sets and reusing the fine set's values for a nested
   * coarse set (d = 2, 4) change nothing.
   */
  @ParameterizedTest(name = "d={0} units={1} {2} p={3}")
  @CsvSource({"2,3,abs_power,0.7,1200", "2,4,relu,1,1200", "3,4,abs_power,0.5,800", "3,5,abs_power,1,800",
      "4,5,abs_power,0.8,160"})
  void bodiesAtFullPrecisionGetTheReferenceProductToTheBit(int d, int units, String activation, double p, int n) {
    RadialFunction r = randomBody(d, units, activation, p, 31 + d);
    assertEquals(SupportFunction.SIMPLEX_PRECISION, MahlerProduct.refinementPrecision(r));
    MahlerProduct m = MahlerProduct.byQuadrature(r, d, n);
    double[] expected = reference(r, d, n);
    assertEquals(expected[0], m.product(), 0);
    assertEquals(expected[1], m.error(), 0);
  }

  /**
   * One-layer spiky bodies take the hull of their tips: the l_p ball with p < 1 (d orthonormal
   * units, rotated) has the cross-polytope as its hull, whose polar is the cube of volume 2^d, and
   * its own volume (2 Gamma(1 + 1/p))^d / Gamma(1 + d/p). The quadrature's local search for h missed
   * the tips in d = 4, 5: polar volume 36.75 and 701 for 16 and 32 (found by a probe), and
   * mahler_error said 6.6e-5 where the product was off by 0.128.
   */
  @ParameterizedTest(name = "d={0} p={1}")
  @CsvSource({"3,0.5", "4,0.5", "5,0.5", "4,0.3"})
  void spikyLpBallsHaveTheCubeAsTheirHullsPolar(int d, double p) {
    Network net = AnalyticBodies.network(AnalyticBodies.rotated(AnalyticBodies.axes(d), 5), p);
    double[][] tips = MahlerProduct.tips(net);
    assertEquals(2 * d, tips.length, "every pair of (d - 1)-fold intersections");
    for (double[] x : tips) {
      assertEquals(1, Math.sqrt(Linear.dot(x, x)), 1e-12, "the tips are the rotated +-e_i");
    }
    int n = 20000;
    MahlerProduct m = MahlerProduct.tipHull(new RadialFunction(net), tips, d, n, Tolerances.DEFAULT, Deadline.NONE);
    double cube = Math.pow(2, d);
    double ball = Math.pow(2 * gamma(1 + 1 / p), d) / gamma(1 + d / p);
    assertEquals(cube, m.polarVolume(), (d <= 3 ? 1e-9 : 5e-3) * cube);
    assertEquals(ball, m.volume(), 0.02 * ball);
    assertTrue(Math.abs(m.product() - ball * cube) <= 3 * m.error() + 1e-9 * ball * cube,
        "error " + m.error() + " against " + Math.abs(m.product() - ball * cube));
    assertEquals("tip_hull", m.method());
    // the measurement takes this path
    org.neuralpolytopes.measure.Measurement full = org.neuralpolytopes.measure.BodyMeasurement.of(net,
        GeometrySettings.DEFAULT, Deadline.NONE);
    assertEquals("tip_hull", full.mahler().method());
    assertEquals(cube, full.mahler().polarVolume(), (d <= 3 ? 1e-9 : 0.02) * cube, "at the default directions");
    assertTrue(Math.abs(full.mahler().product() - ball * cube) <= 3 * full.mahler().error(),
        "error " + full.mahler().error() + " against " + Math.abs(full.mahler().product() - ball * cube));
  }

  /** Gamma of a positive argument by Lanczos (g = 7, 9 terms; about 15 digits). */
  static double gamma(double x) {
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
    }
    x -= 1;
    double a = c[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += c[i] / (x + i);
    }
    return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
  }

  @Test
  void coarseSetsAreNestedInTheFineSetInTwoAndFourOrMoreDimensions() {
    int[] d2 = DirectionSet.of(2, 8000).indicesOf(DirectionSet.of(2, 2000));
    assertEquals(2000, d2.length);
    assertEquals(4 * 1999, d2[1999]);
    int[] d5 = DirectionSet.of(5, 8000).indicesOf(DirectionSet.of(5, 2000));
    assertEquals(1999, d5[1999]);
    assertNull(DirectionSet.of(3, 8000).indicesOf(DirectionSet.of(3, 2000)), "Fibonacci lattices are not nested");
    assertNull(DirectionSet.of(2, 1000).indicesOf(DirectionSet.of(2, 300)), "300 does not divide 1000");
    double[] a = new double[2];
    double[] b = new double[2];
    DirectionSet.of(2, 8000).direction(d2[777], a);
    DirectionSet.of(2, 2000).direction(777, b);
    assertArrayEquals(a, b, 0);
  }

  @Test
  void onlyContinuouslyDifferentiableBodiesGetTheCoarserPrecision() {
    assertEquals(MahlerProduct.SMOOTH_PRECISION,
        MahlerProduct.refinementPrecision(randomBody(3, 4, "abs_power", 1.5, 1)));
    assertEquals(MahlerProduct.SMOOTH_PRECISION,
        MahlerProduct.refinementPrecision(randomBody(3, 4, "abs_power", 4, 1)));
    assertEquals(MahlerProduct.SMOOTH_PRECISION_PLANE,
        MahlerProduct.refinementPrecision(randomBody(2, 3, "abs_power", 4, 1)));
    for (RadialFunction r : new RadialFunction[] {randomBody(3, 4, "abs_power", 1, 1),
        randomBody(3, 4, "abs_power", 0.5, 1), randomBody(3, 4, "relu", 1, 1)}) {
      assertEquals(SupportFunction.SIMPLEX_PRECISION, MahlerProduct.refinementPrecision(r));
    }
  }

  /**
   * At SMOOTH_PRECISION the product moves from the full-precision one by about NEGLIGIBLE_BIAS of
   * the error estimate or less, and so does the estimate; where that would not hold (the ball:
   * quadrature error at rounding level) it is measured again at full precision, and equals the
   * full-precision product to the bit. These bodies are norm balls, whose support function has an
   * exact form ({@link NormBallSupport}); the schedule is tested on the search, and the exact
   * form's product (the default path) lies within the search's error estimate of it.
   */
  @ParameterizedTest(name = "d={0} p={1} units={2}")
  @CsvSource({"3,2,3", "3,2,4", "2,2,2", "2,3,3", "3,3,3", "3,3,4", "3,1.5,4", "3,16,4", "2,1.5,2",
      "3,1.3333333333333333,4"})
  void theCoarserPrecisionMovesTheProductByFarLessThanItsErrorEstimate(int d, double p, int units) {
    double[][] w = units == d ? AnalyticBodies.axes(d)
        : d == 2 ? new double[][] {{1, 0.3}, {-0.2, 1}, {0.7, 0.6}}
        : new double[][] {{1, 0.3, -0.2}, {0.1, 1, 0.4}, {-0.3, 0.2, 1}, {0.5, -0.5, 0.5}};
    RadialFunction r = new RadialFunction(AnalyticBodies.network(AnalyticBodies.rotated(w, 23), p));
    int n = d == 2 ? 2000 : 4000;
    MahlerProduct coarser = MahlerProduct.byQuadrature(r, d, n, MahlerProduct.refinementPrecision(r), Deadline.NONE, true);
    MahlerProduct full = MahlerProduct.byQuadrature(r, d, n, SupportFunction.SIMPLEX_PRECISION, Deadline.NONE, true);
    MahlerProduct exact = MahlerProduct.byQuadrature(r, d, n);
    assertTrue(Math.abs(exact.product() - full.product()) <= MahlerProduct.NEGLIGIBLE_BIAS * full.error(),
        "the exact support function's product " + exact.product() + " against the search's " + full.product());
    assertEquals(full.error(), exact.error(), 0.01 * full.error(), "the exact form's error estimate");
    double moved = Math.abs(coarser.product() - full.product());
    if (p == 2 && units == d) {
      assertEquals(full, coarser, "the ball is measured again at full precision");
    }
    if (d == 3 && units == 4 && p != 2) {
      assertTrue(coarser.product() != full.product(), "a body with a quadrature error keeps the coarser precision");
    }
    assertTrue(moved <= 3 * MahlerProduct.NEGLIGIBLE_BIAS * coarser.error(),
        "moved " + moved + ", error estimate " + coarser.error());
    assertEquals(full.error(), coarser.error(), 0.05 * full.error(), "the error estimate itself");
  }
}
