package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vertex sets that span a hyperplane of R^d but not R^d: every orthogonal map fixing V fixes its
 * span W and so its normal line, and the group is the group G_W of V within W, each map extended
 * by +1 or -1 on the normal (order 2 |G_W|). Only a set spanning a subspace of dimension d - 2 or
 * less has an infinite group (rotations about it) and no order. Analytic sets whose groups are
 * known exactly, in general position (a random rotation) and with noise.
 */
class FlatVertexSetSymmetryTest {

  static final double TOL = Tolerances.DEFAULT.symmetry();

  /** The regular m-gon of radius r in the first two coordinates of R^d, turned by phase. */
  static double[][] polygon(int d, int m, double r, double phase) {
    double[][] v = new double[m][d];
    for (int k = 0; k < m; k++) {
      double t = phase + 2 * Math.PI * k / m;
      v[k][0] = r * Math.cos(t);
      v[k][1] = r * Math.sin(t);
    }
    return v;
  }

  /**
   * The orbits under D_m (in the first two coordinates of R^3) of the points at (radius, angle)
   * pairs, an angle strictly between 0 and pi / m: 2m points each.
   */
  static double[][] dihedralOrbits(int m, double... radiusAngle) {
    double[][] v = new double[radiusAngle.length / 2 * 2 * m][3];
    int i = 0;
    for (int s = 0; s < radiusAngle.length; s += 2) {
      for (int k = 0; k < m; k++) {
        for (int sign : new int[] {1, -1}) {
          double t = sign * radiusAngle[s + 1] + 2 * Math.PI * k / m;
          v[i][0] = radiusAngle[s] * Math.cos(t);
          v[i][1] = radiusAngle[s] * Math.sin(t);
          i++;
        }
      }
    }
    return v;
  }

  static double[][] concat(double[][] a, double[][] b) {
    double[][] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** The cross-polytope of R^k (its 2k vertices +-e_i) in the first k coordinates of R^d. */
  static double[][] crossPolytope(int k, int d) {
    double[][] v = new double[2 * k][d];
    for (int i = 0; i < k; i++) {
      v[2 * i][i] = 1;
      v[2 * i + 1][i] = -1;
    }
    return v;
  }

  /**
   * name, points, symmetry_order, rotation_order, symmetry_group (null for d >= 4), orbit sizes
   * (ascending).
   */
  static Stream<Arguments> flatSets() {
    return Stream.of(
        // d = 2: the line through v and -v; identity, -I, the reflections in the line and in its
        // normal: D_2 as a rectangle's (a regular m-gon is D_m of order 2m)
        Arguments.of("antipodal pair in the plane", new double[][] {{1, 0}, {-1, 0}}, 4, 2, "D_2", new int[] {2}),
        // one point of the plane: the identity and the reflection in its line
        Arguments.of("one point in the plane", new double[][] {{0.6, 0.8}}, 2, 1, "D_1", new int[] {1}),
        // d = 3: a square in a plane, its D_4 times {1, reflection in the plane}: the square
        // bipyramid's D_4h
        Arguments.of("square in a plane", polygon(3, 4, 1, 0), 16, 8, "D_4h", new int[] {4}),
        Arguments.of("regular hexagon in a plane", polygon(3, 6, 1, 0.3), 24, 12, "D_6h", new int[] {6}),
        Arguments.of("equilateral triangle in a plane", polygon(3, 3, 1, 0), 12, 6, "D_3h", new int[] {3}),
        // a parallelogram that is no rhombus nor rectangle: C_2 in its plane (identity, -I), so
        // {identity, C_2 about the normal, the mirror in the plane, the inversion}
        Arguments.of("parallelogram in a plane",
            new double[][] {{2, 0, 0}, {-2, 0, 0}, {1, 1.5, 0}, {-1, -1.5, 0}}, 4, 2, "C_2h", new int[] {2, 2}),
        // chiral planar sets (C_m in the plane, no mirror line): C_mh
        Arguments.of("chiral triangles in a plane",
            concat(polygon(3, 3, 1, 0), polygon(3, 3, 0.5, Math.PI / 6 / 2)), 6, 3, "C_3h", new int[] {3, 3}),
        Arguments.of("chiral squares in a plane",
            concat(polygon(3, 4, 1, 0), polygon(3, 4, 0.5, Math.PI / 8)), 8, 4, "C_4h", new int[] {4, 4}),
        // two squares 45 degrees apart: D_4 in the plane, two orbits
        Arguments.of("square and turned square in a plane",
            concat(polygon(3, 4, 1, 0), polygon(3, 4, 0.5, Math.PI / 4)), 16, 8, "D_4h", new int[] {4, 4}),
        // three generic orbits of D_6 (12 points each) in a plane: D_6h, three orbits
        Arguments.of("three orbits of D_6 in a plane", dihedralOrbits(6, 1, 0.2, 0.7, 0.5, 1.3, 0.35), 24, 12,
            "D_6h", new int[] {12, 12, 12}),
        // d = 4: the octahedron's 6 vertices in the hyperplane x4 = 0: O_h (48) times 2
        Arguments.of("octahedron in a hyperplane of R^4", crossPolytope(3, 4), 96, 48, null, new int[] {6}),
        Arguments.of("square bipyramid in a hyperplane of R^4",
            concat(polygon(4, 4, 1, 0), new double[][] {{0, 0, 1.5, 0}, {0, 0, -1.5, 0}}), 32, 16, null,
            new int[] {2, 4}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flatSets")
  void aSetSpanningAHyperplaneHasTheGroupOfItsHyperplaneTimesTwo(String name, double[][] points, int order,
      int rotations, String group, int[] orbitSizes) {
    for (long seed = 1; seed <= 3; seed++) {
      for (double noise : new double[] {0, 1e-3}) {
        String what = name + ", rotation " + seed + ", noise " + noise;
        double[][] pts = PointGroupTest.rotate(PointGroupTest.relativeNoise(points, noise, seed), seed);
        PointGroup g = PointGroup.of(pts, TOL);
        assertNotNull(g, what);
        assertEquals(points[0].length, g.dimension(), what);
        assertEquals(order, g.order(), what);
        assertEquals(rotations, g.rotationOrder(), what);
        assertEquals(group, g.name(), what);
        assertEquals(orbitSizes.length, g.orbitCount(), what);
        assertEquals(points.length, g.orbits().length, what);
        if (noise == 0) {
          assertTrue(g.defect() < 1e-9, what + ": defect " + g.defect());
        } else {
          assertTrue(g.defect() > 0 && g.defect() < TOL, what + ": defect " + g.defect());
        }
        // every map is orthogonal and sends each point to its match
        for (PointGroup.Element e : g.elements()) {
          assertTrue(Math.abs(Math.abs(e.determinant()) - 1) < 1e-9, what);
          for (int i = 0; i < pts.length; i++) {
            double[] image = times(e.matrix(), pts[i]);
            double r = Math.sqrt(Linear.dot(pts[i], pts[i]));
            assertTrue(Linear.distance(image, pts[e.permutation()[i]]) <= TOL * r * 1.01, what);
          }
        }

        VertexSymmetry s = VertexSymmetry.measure(pts, Tolerances.DEFAULT);
        assertEquals(order, s.symmetryOrder(), what);
        assertEquals(rotations, s.rotationOrder(), what);
        assertEquals(group, s.symmetryGroup(), what);
        assertEquals(orbitSizes.length, s.vertexOrbits(), what);
        assertArrayEquals(orbitSizes, s.orbitSizes(), what);
        assertEquals(points.length, s.orbit().length, what);
        assertEquals(g.defect(), s.symmetryDefect(), 1e-12, what);
        assertNotNull(s.outerOrbitSize(), what);
      }
    }
  }

  @Test
  void theOrbitsOfAFlatSetAreThoseOfItsPlanarGroup() {
    // the outer square (radius 1) and the inner turned one: the outer orbit is the first four
    double[][] pts = concat(polygon(3, 4, 1, 0), polygon(3, 4, 0.5, Math.PI / 4));
    VertexSymmetry s = VertexSymmetry.measure(PointGroupTest.rotate(pts, 4), Tolerances.DEFAULT);
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, s.orbit());
    assertEquals(4, s.outerOrbitSize());
  }

  @Test
  void aSquareTwistedOutOfItsPlaneHasNoMirrorInIt() {
    // a square with its vertices alternately h above and below the plane (as the square
    // antiprism's): the mirror in the plane moves them by 2 h > tol, so it is no symmetry, and the
    // group is D_2d of order 8, whether the set counts as spanning R^3 (h = 0.2) or as flat within
    // the tolerance (h = 0.04 is within 2 tol of the plane of any three vertices)
    for (double h : new double[] {0.04, 0.2}) {
      double[][] pts = polygon(3, 4, 1, 0);
      for (int k = 0; k < 4; k++) {
        pts[k][2] = k % 2 == 0 ? h : -h;
      }
      PointGroup g = PointGroup.of(PointGroupTest.rotate(pts, 2), TOL);
      assertNotNull(g, "h = " + h);
      assertEquals("D_2d", g.name(), "h = " + h);
      assertEquals(8, g.order(), "h = " + h);
      assertEquals(1, g.orbitCount(), "h = " + h);
    }
  }

  @Test
  void aSetSpanningLessThanAHyperplaneHasNoFiniteGroup() {
    // a line in R^3: every rotation about it fixes the set
    assertNull(PointGroup.of(new double[][] {{1, 0, 0}, {-1, 0, 0}}, TOL));
    assertNull(PointGroup.of(PointGroupTest.rotate(new double[][] {{1, 0, 0}, {-1, 0, 0}, {2, 0, 0}}, 3), TOL));
    // a square in a 2-plane of R^4
    assertNull(PointGroup.of(PointGroupTest.rotate(polygon(4, 4, 1, 0), 5), TOL));
    // one point in R^3
    assertNull(PointGroup.of(new double[][] {{0, 0, 1}}, TOL));
    VertexSymmetry s = VertexSymmetry.measure(new double[][] {{0, 1, 0}, {0, -1, 0}}, Tolerances.DEFAULT);
    assertNull(s.symmetryOrder());
    assertNull(s.rotationOrder());
    assertNull(s.symmetryGroup());
    assertNull(s.vertexOrbits());
    assertNull(s.symmetryDefect());
    assertNull(s.orbit());
  }

  static double[] times(double[] m, double[] x) {
    int d = x.length;
    double[] out = new double[d];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        out[a] += m[a * d + b] * x[b];
      }
    }
    return out;
  }
}
