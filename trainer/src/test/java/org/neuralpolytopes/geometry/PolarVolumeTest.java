package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuralpolytopes.net.Network;

/**
 * Exact volume products of the analytic polytopes of docs/paper-claims.md ("Volume products"), under a
 * random rotation and common scale of the weights (the product is invariant under both).
 */
class PolarVolumeTest {

  static double product(double[][] w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = w[0].length;
    double[] q = AnalyticFacesTest.rotation(d, r);
    Network net = AnalyticFacesTest.absNetwork(w, q, 0.5 + r.nextDouble());
    PolytopeFaces f = PolytopeFaces.measure(net, GeometrySettings.DEFAULT);
    return f.volume() * PolarVolume.of(f);
  }

  static double[][] axes(int d) {
    double[][] w = new double[d][d];
    for (int i = 0; i < d; i++) {
      w[i][i] = 1;
    }
    return w;
  }

  @ParameterizedTest(name = "regular {0}-gon")
  @ValueSource(ints = {4, 6, 8, 12, 16})
  void regularPolygons(int m) {
    int n = m / 2;
    double[][] w = new double[n][];
    for (int k = 0; k < n; k++) {
      w[k] = new double[] {Math.cos(Math.PI * k / n), Math.sin(Math.PI * k / n)};
    }
    double exact = m * m * Math.pow(Math.sin(Math.PI / m), 2);
    assertEquals(exact, product(w, m), 1e-9 * exact);
  }

  @ParameterizedTest(name = "cross-polytope in d = {0}")
  @ValueSource(ints = {2, 3, 4, 5})
  void crossPolytopesHaveTheCubesProduct(int d) {
    assertEquals(MahlerProduct.cubeProduct(d), product(axes(d), 10 + d), 1e-9 * MahlerProduct.cubeProduct(d));
  }

  @Test
  void cuboctahedronAndIcosidodecahedron() {
    double[][] cubocta = {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}};
    assertEquals(40.0 / 3, product(cubocta, 3), 1e-9);
    double phi = (1 + Math.sqrt(5)) / 2;
    double[][] ico = {{0, 1, phi}, {0, 1, -phi}, {1, phi, 0}, {1, -phi, 0}, {phi, 0, 1}, {-phi, 0, 1}};
    assertEquals(15.4205, product(ico, 4), 5e-5, "docs/paper-claims.md gives 4 decimals");
  }

  @Test
  void genericPolarZonotopesInFourAndFiveDimensionsStayAboveTheCube() {
    SplittableRandom r = new SplittableRandom(3);
    for (int d = 4; d <= 5; d++) {
      double[][] w = new double[d + 1][d];
      for (double[] row : w) {
        for (int k = 0; k < d; k++) {
          row[k] = AnalyticFacesTest.gaussian(r);
        }
      }
      double p = product(w, d);
      // a zonotope polar: between the cube's product and the ball's
      double ball = Math.pow(DirectionSet.ballVolume(d), 2);
      org.junit.jupiter.api.Assertions.assertTrue(p > MahlerProduct.cubeProduct(d) && p < ball, "d=" + d + ": " + p);
    }
  }

  @Test
  void aNonConvexBodyIsRefused() {
    PolytopeFaces f = new PolytopeFaces(3, PolytopeFaces.Outcome.COMPLETE, 1, 1, 1, 1, null, false, null, 1.0,
        java.util.List.of(), java.util.List.of(), java.util.List.of());
    assertThrows(IllegalArgumentException.class, () -> PolarVolume.of(f));
  }
}
