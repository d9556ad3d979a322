package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuralpolytopes.net.Network;

/**
 * Morse face counts, symmetry and names of bodies known without training (docs/paper-claims.md,
 * "Analytic weights"), on the default mesh, also rotated away from the mesh's axes.
 */
class MorseCountsTest {

  /** One measured body: counts, vertex symmetry and name. */
  record Measured(MorseCounts morse, VertexSymmetry symmetry, String name) {}

  static Measured measure(double[][] w, double p) {
    Network net = AnalyticBodies.network(w, p);
    RadialFunction r = new RadialFunction(net);
    int d = w[0].length;
    Tolerances tol = Tolerances.DEFAULT;
    ShapeStatistics shape = ShapeStatistics.measure(r, DirectionSet.of(d, 20000), tol);
    MorseCounts m = MorseCounts.measure(r, SphereMesh.of(d, GeometrySettings.DEFAULT_MORSE_POINTS), tol, shape);
    VertexSymmetry s = m.sphere() ? null : VertexSymmetry.measure(m.vertices(), tol);
    return new Measured(m, s, PolytopeCatalogue.name(m, s, false, p));
  }

  static Stream<Arguments> lpBalls() {
    return Stream.of(0.5, 1.0, 1.5, 3.0, 8.0).flatMap(p -> Stream.of(Arguments.of(2, p), Arguments.of(3, p)));
  }

  @ParameterizedTest(name = "l_p ball, d = {0}, p = {1}")
  @MethodSource("lpBalls")
  void lpBallsHaveTheirCountsSymmetryAndName(int d, double p) {
    for (double[][] w : new double[][][] {AnalyticBodies.axes(d), AnalyticBodies.rotated(AnalyticBodies.axes(d), 11)}) {
      Measured b = measure(w, p);
      String suffix = p == 1 ? "" : " (" + (p > 1 ? "rounded" : "spiky") + ", p=" + PolytopeCatalogue.formatExponent(p) + ")";
      if (d == 2) {
        assertArrayEquals(new int[] {4, 4}, b.morse().counts());
        assertEquals(8, b.symmetry().symmetryOrder());
        assertEquals("D_4", b.symmetry().symmetryGroup());
        assertEquals("square" + suffix, b.name());
      } else {
        boolean octahedral = p < 2;
        assertArrayEquals(octahedral ? new int[] {6, 12, 8} : new int[] {8, 12, 6}, b.morse().counts(), "p = " + p);
        assertEquals(48, b.symmetry().symmetryOrder());
        assertEquals(24, b.symmetry().rotationOrder());
        assertEquals("O_h", b.symmetry().symmetryGroup());
        assertEquals(1, b.symmetry().vertexOrbits());
        assertEquals((octahedral ? "octahedron" : "cube") + suffix, b.name());
      }
      assertEquals(Boolean.TRUE, b.morse().morseOk());
      assertTrue(b.symmetry().symmetryDefect() < 1e-4, "defect " + b.symmetry().symmetryDefect());
    }
  }

  static Stream<Arguments> polytopes() {
    return Stream.of(
        Arguments.of("octahedron", AnalyticBodies.axes(3), new int[] {6, 12, 8}, 48, 1),
        Arguments.of("cuboctahedron", AnalyticBodies.cuboctahedron(), new int[] {12, 24, 14}, 48, 1),
        Arguments.of("icosidodecahedron", AnalyticBodies.icosidodecahedron(), new int[] {30, 60, 32}, 120, 1),
        Arguments.of("tetrakis hexahedron", AnalyticBodies.tetrakisHexahedron(), new int[] {14, 36, 24}, 48, 2),
        Arguments.of("square", AnalyticBodies.polygon(2), new int[] {4, 4}, 8, 1),
        Arguments.of("regular hexagon", AnalyticBodies.polygon(3), new int[] {6, 6}, 12, 1),
        Arguments.of("regular octagon", AnalyticBodies.polygon(4), new int[] {8, 8}, 16, 1),
        Arguments.of("regular decagon", AnalyticBodies.polygon(5), new int[] {10, 10}, 20, 1),
        Arguments.of("regular 14-gon", AnalyticBodies.polygon(7), new int[] {14, 14}, 28, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("polytopes")
  void pEqualsOneBodiesHaveTheirFVectorAsMorseCounts(String name, double[][] w, int[] fVector, int order, int orbits) {
    for (long seed : new long[] {0, 1, 2}) {
      Measured b = measure(seed == 0 ? w : AnalyticBodies.rotated(w, seed), 1);
      assertArrayEquals(fVector, b.morse().counts(), name + " rotation " + seed);
      assertEquals(Boolean.TRUE, b.morse().morseOk());
      assertEquals(order, b.symmetry().symmetryOrder(), name);
      assertEquals(orbits, b.symmetry().vertexOrbits(), name);
      assertEquals(name, b.name());
    }
  }

  @Test
  void theIcosidodecahedronIsIcosahedral() {
    Measured b = measure(AnalyticBodies.rotated(AnalyticBodies.icosidodecahedron(), 5), 1);
    assertEquals("I_h", b.symmetry().symmetryGroup());
    assertEquals(60, b.symmetry().rotationOrder());
    // Every vertex at the same radius, every edge of the same length.
    assertTrue(b.symmetry().radiusCv() < 1e-9, "radius cv " + b.symmetry().radiusCv());
    assertTrue(b.symmetry().edgeCv() < 1e-9, "edge cv " + b.symmetry().edgeCv());
  }

  @Test
  void maximaLieOnTheVerticesAndSaddlesOnTheEdgeMidpointsOfTheOctahedron() {
    Measured b = measure(AnalyticBodies.axes(3), 1);
    for (double[] v : b.morse().vertices()) {
      double max = Math.max(Math.abs(v[0]), Math.max(Math.abs(v[1]), Math.abs(v[2])));
      assertEquals(1, max, 1e-9);
      assertEquals(1, Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]), 1e-9);
    }
    for (double[] s : b.morse().edgeMidpoints()) {
      // (1/2, 1/2, 0) and its images: l_1 norm 1, one coordinate 0.
      assertEquals(1, Math.abs(s[0]) + Math.abs(s[1]) + Math.abs(s[2]), 1e-9);
      assertEquals(1.0 / 2, Math.max(Math.abs(s[0]), Math.max(Math.abs(s[1]), Math.abs(s[2]))), 1e-4);
    }
    for (double[] c : b.morse().facetCentres()) {
      for (double x : c) {
        assertEquals(1.0 / 3, Math.abs(x), 1e-7);
      }
    }
  }

  @Test
  void spikyAndRoundedIcosidodecahedraKeepTheirCounts() {
    for (double p : new double[] {0.5, 1.5}) {
      Measured b = measure(AnalyticBodies.icosidodecahedron(), p);
      assertArrayEquals(new int[] {30, 60, 32}, b.morse().counts(), "p = " + p);
      assertEquals(120, b.symmetry().symmetryOrder());
      assertEquals("icosidodecahedron (" + (p < 1 ? "spiky" : "rounded") + ", p=" + p + ")", b.name());
    }
  }

  /**
   * The cuboctahedral frame (cube diagonals) changes its critical structure near p = 3: below,
   * the rounded octahedron has 24 saddles and 20 minima (the 8 facet centres and 12 more on the
   * former cuboctahedron's square faces, checked independently by local minima of r on a 400 000
   * point Fibonacci grid); above, 12 and 8. At p = 3 itself the minima's basins are nearly flat
   * (a degenerate bifurcation), where counts are ill-conditioned; the test pins both sides, under
   * rotations.
   */
  @Test
  void theCuboctahedralFrameChangesItsCriticalStructureNearPThree() {
    for (long seed : new long[] {0, 1, 2}) {
      double[][] w = seed == 0 ? AnalyticBodies.cuboctahedron() : AnalyticBodies.rotated(AnalyticBodies.cuboctahedron(), seed);
      Measured below = measure(w, 2.5);
      assertArrayEquals(new int[] {6, 24, 20}, below.morse().counts(), "p = 2.5, rotation " + seed);
      assertEquals(Boolean.TRUE, below.morse().morseOk());
      assertEquals(48, below.symmetry().symmetryOrder());
      Measured above = measure(w, 4);
      assertArrayEquals(new int[] {6, 12, 8}, above.morse().counts(), "p = 4, rotation " + seed);
      assertEquals("octahedron (rounded, p=4)", above.name());
    }
  }

  @Test
  void aBallIsASphereWithoutCounts() {
    // p = 2 with orthonormal weights: f = |x|^2 exactly.
    Measured b = measure(AnalyticBodies.rotated(AnalyticBodies.axes(3), 4), 2);
    assertTrue(b.morse().sphere());
    assertNull(b.morse().counts());
    assertNull(b.morse().morseOk());
    assertEquals("sphere", b.name());
    // The six icosahedral directions at p = 4: the only quartic invariant of I_h is |x|^4.
    assertEquals("sphere", measure(AnalyticBodies.icosidodecahedron(), 4).name());
  }

  @Test
  void crossPolytopesInFourAndFiveDimensionsHaveTheirVertexAndFacetCounts() {
    Measured four = measure(AnalyticBodies.rotated(AnalyticBodies.axes(4), 3), 1);
    assertArrayEquals(new int[] {8, -1, -1, 16}, four.morse().counts());
    assertNull(four.morse().morseOk());
    assertEquals(384, four.symmetry().symmetryOrder());
    assertNull(four.symmetry().symmetryGroup());
    assertEquals("cross-polytope", four.name());
    Measured cube = measure(AnalyticBodies.axes(4), 3);
    assertArrayEquals(new int[] {16, -1, -1, 8}, cube.morse().counts());
    assertEquals("hypercube (rounded, p=3)", cube.name());
    Measured five = measure(AnalyticBodies.axes(5), 1);
    assertArrayEquals(new int[] {10, -1, -1, -1, 32}, five.morse().counts());
    assertEquals(3840, five.symmetry().symmetryOrder());
    assertEquals("cross-polytope", five.name());
  }

  @Test
  void eulerCharacteristicOfTheSphere() {
    assertEquals(0, MorseCounts.sphereEulerCharacteristic(2));
    assertEquals(2, MorseCounts.sphereEulerCharacteristic(3));
    assertEquals(0, MorseCounts.sphereEulerCharacteristic(4));
  }
}
