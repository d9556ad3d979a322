package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/** Volume products and polar distances on bodies whose answers are known in closed form. */
class DualityTest {

  /** One layer, |t|^p, the given unit weight vectors (rows). */
  static RadialFunction body(double p, double[][] w) {
    int d = w[0].length;
    Architecture a = new Architecture(d, 1, w.length, Activations.of("abs_power", p));
    double[] flat = new double[w.length * d];
    for (int i = 0; i < w.length; i++) {
      System.arraycopy(w[i], 0, flat, i * d, d);
    }
    return new RadialFunction(new Network(a, flat));
  }

  static double[][] axes(int d) {
    double[][] w = new double[d][d];
    for (int i = 0; i < d; i++) {
      w[i][i] = 1;
    }
    return w;
  }

  static double lpVolume(int d, double p) {
    return Math.pow(2 * Gamma.gamma(1 + 1 / p), d) / Gamma.gamma(1 + d / p);
  }

  static double[][] rotate(double[][] w, double[][] q) {
    double[][] out = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      out[i] = new double[w[i].length];
      for (int r = 0; r < q.length; r++) {
        double s = 0;
        for (int c = 0; c < q.length; c++) {
          s += q[r][c] * w[i][c];
        }
        out[i][r] = s;
      }
    }
    return out;
  }

  static double[][] randomRotation(int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] params = new double[d * (d - 1) / 2];
    for (int i = 0; i < params.length; i++) {
      params[i] = rng.nextGaussian();
    }
    return PolarDistance.cayley(params, d);
  }

  @ParameterizedTest(name = "d={0} p={1}")
  @CsvSource({"2,1", "2,1.5", "2,3", "2,0.7", "3,1", "3,1.5", "3,3", "3,2"})
  void lpBallProductsMatchTheClosedFormWithinTheReportedError(int d, double p) {
    MahlerProduct m = MahlerProduct.byQuadrature(body(p, axes(d)), d, d == 2 ? 4000 : 8000);
    // The polar of the l_p ball is the l_q ball of the convex hull: for p < 1 the hull is the
    // cross-polytope (the l_1 ball).
    double q = p > 1 ? p / (p - 1) : Double.POSITIVE_INFINITY;
    double polar = p > 1 ? lpVolume(d, q) : Math.pow(2, d);
    double exact = lpVolume(d, p) * polar;
    assertEquals(exact, m.product(), Math.max(m.error(), 1e-9), "product vs closed form");
    assertTrue(m.error() < 2e-3 * exact, "error estimate " + m.error() + " is small");
    assertEquals(lpVolume(d, p), m.volume(), 3e-3 * lpVolume(d, p));
    assertEquals(exact / Math.pow(DirectionSet.ballVolume(d), 2), m.ratio(), 1e-12 + m.error());
  }

  @Test
  void theBallHasRatioOne() {
    MahlerProduct m = MahlerProduct.byQuadrature(body(2, axes(3)), 3, 4000);
    assertEquals(1, m.ratio(), 1e-9);
  }

  @Test
  void randomOneLayerBodiesStayWithinTheBounds() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 12; trial++) {
      int d = 2 + trial % 2;
      int n = d + rng.nextInt(4);
      double p = 1 + 3 * rng.nextDouble();
      double[][] w = new double[n][d];
      for (double[] row : w) {
        for (int k = 0; k < d; k++) {
          row[k] = rng.nextGaussian();
        }
      }
      MahlerProduct m = MahlerProduct.byQuadrature(body(p, w), d, 3000);
      double ball = Math.pow(DirectionSet.ballVolume(d), 2);
      assertTrue(m.product() >= MahlerProduct.cubeProduct(d) - m.error(),
          "d=" + d + " n=" + n + " p=" + p + ": " + m.product() + " below 4^d/d!");
      assertTrue(m.product() <= ball + m.error(), "d=" + d + " n=" + n + " p=" + p + ": " + m.product() + " above omega^2");
    }
  }

  @ParameterizedTest(name = "d={0} p={1}")
  @CsvSource({"2,1.5", "2,4", "3,1.5", "3,4"})
  void theLpBallIsPolarToTheLqBallUnderAnyRotation(int d, double p) {
    double q = p / (p - 1);
    RadialFunction kp = body(p, rotate(axes(d), randomRotation(d, 5)));
    RadialFunction kq = body(q, rotate(axes(d), randomRotation(d, 9)));
    PolarDistance pd = PolarDistance.between(kp, kq, d, d == 2 ? 2000 : 4000);
    assertTrue(pd.distance() < 1e-3, "distance " + pd.distance());
    assertTrue(pd.residual() <= pd.distance());
  }

  @Test
  void theCuboctahedronIsClearlyNotPolarToTheOctahedron() {
    double[][] cubocta = {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}};
    PolarDistance pd = PolarDistance.between(body(1, cubocta), body(1, axes(3)), 3, 4000);
    assertTrue(pd.distance() > 0.05, "distance " + pd.distance());
    // while the octahedron (p = 1) and the cube (|t|^p for large p) are nearly polar
    PolarDistance dual = PolarDistance.between(body(1, axes(3)), body(64, axes(3)), 3, 4000);
    assertTrue(dual.distance() < 0.05 && dual.distance() < pd.distance() / 3, "octahedron vs cube " + dual.distance());
  }

  /**
   * The alignment minimises over rotations, so rotating K_q should not change the distance of a
   * pair that is not dual (where the minimum is a genuine one, not 0). The search is a local one
   * from a survey of distinct starts (PolarDistance's STARTS_SURVEYED). Since the distance is the
   * maximum over the sphere (the peaks climbed and aligned again, 2026-11-28), not over the set
   * (0.3267 for this pair, about 8% under), over the unturned pair and 20 orientations it finds
   * 0.3522 to 0.3606: every orientation within 2.4% of the least and 18 of the 21 within 1.5%.
   * Asserted: within 2.5%, and at least 15 within 1.5%.
   */
  @Test
  void theDistanceOfANonDualPairBarelyDependsOnHowTheSecondBodyIsTurned() {
    double[][] cubocta = {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}};
    double[] distance = new double[21];
    distance[0] = PolarDistance.between(body(1, axes(3)), body(1, cubocta), 3, 2000).distance();
    for (int seed = 11; seed <= 30; seed++) {
      PolarDistance turned = PolarDistance.between(body(1, axes(3)), body(1, rotate(cubocta, randomRotation(3, seed))), 3, 2000);
      assertTrue(turned.residual() <= turned.distance());
      distance[seed - 10] = turned.distance();
    }
    double least = java.util.Arrays.stream(distance).min().getAsDouble();
    int atLeast = 0;
    for (int i = 0; i < distance.length; i++) {
      assertTrue(distance[i] <= least * 1.025, "orientation " + i + ": " + distance[i] + " against " + least);
      atLeast += distance[i] <= least * 1.015 ? 1 : 0;
    }
    assertTrue(atLeast >= 15, "orientations within 1.5% of the least distance: " + atLeast);
  }

  /**
   * The distance is the maximum over the sphere, not over the direction set: the exact l_1 and
   * l_q balls of one frame differ most at the cube's corners (0.0885 at q = 16, 0.0238 at q = 64,
   * about 1.5 / q, after scaling both to mean radius 1), which a set of directions misses: the set's
   * maximum read 0.061 to 0.087 for sets of 500 to 64 000 directions. Now the same to 0.5% for every
   * set size.
   */
  @Test
  void theDistanceIsTheMaximumOverTheSphereWhateverTheSetSize() {
    for (int n : new int[] {500, 1000, 2000, 4000}) {
      double at16 = PolarDistance.between(body(1, axes(3)), body(16, axes(3)), 3, n).distance();
      assertEquals(0.0885, at16, 0.0885 * 0.005, n + " directions, q = 16");
      double at64 = PolarDistance.between(body(1, axes(3)), body(64, axes(3)), 3, n).distance();
      assertEquals(0.02376, at64, 0.02376 * 0.005, n + " directions, q = 64");
    }
  }
}
