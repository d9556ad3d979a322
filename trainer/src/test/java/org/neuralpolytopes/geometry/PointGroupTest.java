package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Point groups of point sets with known symmetry: orbits of generic points under every kind of
 * finite group of O(3) (built from generators), regular polygons, the vertex sets of the analytic
 * bodies and of the 4-D and 5-D cross-polytopes, under random rotations and with noise.
 */
class PointGroupTest {

  static final double TOL = Tolerances.DEFAULT.symmetry();

  // ---- 3x3 matrices ----

  static double[][] rotation(double[] axis, double angle) {
    double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
    double x = axis[0] / n;
    double y = axis[1] / n;
    double z = axis[2] / n;
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double t = 1 - c;
    return new double[][] {
        {t * x * x + c, t * x * y - s * z, t * x * z + s * y},
        {t * x * y + s * z, t * y * y + c, t * y * z - s * x},
        {t * x * z - s * y, t * y * z + s * x, t * z * z + c}};
  }

  /** The reflection in the plane with normal n. */
  static double[][] mirror(double[] normal) {
    double n2 = normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2];
    double[][] m = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i][j] = (i == j ? 1 : 0) - 2 * normal[i] * normal[j] / n2;
      }
    }
    return m;
  }

  static final double[][] INVERSION = {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}};
  static final double[] Z = {0, 0, 1};
  static final double[] X = {1, 0, 0};

  static double[][] times(double[][] a, double[][] b) {
    int d = a.length;
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  static double[] apply(double[][] m, double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += m[i][j] * v[j];
      }
    }
    return out;
  }

  /** Every product of the generators (numerical closure). */
  static List<double[][]> group(double[][]... generators) {
    int d = generators[0].length;
    double[][] id = new double[d][d];
    for (int i = 0; i < d; i++) {
      id[i][i] = 1;
    }
    List<double[][]> g = new ArrayList<>();
    g.add(id);
    for (int i = 0; i < g.size(); i++) {
      for (double[][] s : generators) {
        double[][] h = times(s, g.get(i));
        boolean known = false;
        for (double[][] k : g) {
          known |= maxDiff(h, k) < 1e-9;
        }
        if (!known) {
          g.add(h);
        }
      }
    }
    return g;
  }

  static double maxDiff(double[][] a, double[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return m;
  }

  /** The orbits of generic points: a set whose symmetry group is exactly G. */
  static double[][] orbits(List<double[][]> g, double[]... seeds) {
    List<double[]> pts = new ArrayList<>();
    for (double[] p : seeds) {
      for (double[][] m : g) {
        pts.add(apply(m, p));
      }
    }
    return pts.toArray(new double[0][]);
  }

  static final double[] P = {0.31, 0.52, 0.79};
  static final double[] Q = {-0.62, 0.17, 0.41};
  static final double[] R = {0.11, -0.73, 0.35};

  static Stream<Arguments> groups() {
    double phi = AnalyticBodies.PHI;
    double[][] c3 = rotation(new double[] {1, 1, 1}, 2 * Math.PI / 3);
    double[][] c2z = rotation(Z, Math.PI);
    double[][] c4z = rotation(Z, Math.PI / 2);
    double[][] c5 = rotation(new double[] {0, 1, phi}, 2 * Math.PI / 5);
    double[][] sigmaH = mirror(Z);
    double[][] sigmaV = mirror(new double[] {0, 1, 0});
    double[][] c2x = rotation(X, Math.PI);
    List<Arguments> a = new ArrayList<>();
    a.add(Arguments.of("C_1", 1, group(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})));
    a.add(Arguments.of("C_i", 2, group(INVERSION)));
    a.add(Arguments.of("C_s", 2, group(sigmaH)));
    for (int n = 2; n <= 6; n++) {
      double[][] cn = rotation(Z, 2 * Math.PI / n);
      double[][] s2n = times(rotation(Z, Math.PI / n), sigmaH);
      a.add(Arguments.of("C_" + n, n, group(cn)));
      a.add(Arguments.of("C_" + n + "v", 2 * n, group(cn, sigmaV)));
      a.add(Arguments.of("C_" + n + "h", 2 * n, group(cn, sigmaH)));
      a.add(Arguments.of("S_" + 2 * n, 2 * n, group(s2n)));
      a.add(Arguments.of("D_" + n, 2 * n, group(cn, c2x)));
      a.add(Arguments.of("D_" + n + "h", 4 * n, group(cn, c2x, sigmaH)));
      a.add(Arguments.of("D_" + n + "d", 4 * n, group(s2n, c2x)));
    }
    a.add(Arguments.of("T", 12, group(c3, c2z)));
    a.add(Arguments.of("T_d", 24, group(c3, c2z, mirror(new double[] {1, -1, 0}))));
    a.add(Arguments.of("T_h", 24, group(c3, c2z, INVERSION)));
    a.add(Arguments.of("O", 24, group(c3, c4z)));
    a.add(Arguments.of("O_h", 48, group(c3, c4z, INVERSION)));
    a.add(Arguments.of("I", 60, group(c3, c5)));
    a.add(Arguments.of("I_h", 120, group(c3, c5, INVERSION)));
    return a.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void everyKindOfPointGroupIsNamed(String name, int order, List<double[][]> g) {
    assertEquals(order, g.size(), "generators of " + name);
    double[][] rot = AnalyticBodies.randomOrthogonal(3, new Random(name.hashCode()));
    double[][] pts = orbits(g, P, Q, R);
    for (int i = 0; i < pts.length; i++) {
      pts[i] = apply(rot, pts[i]);
    }
    PointGroup pg = PointGroup.of(pts, TOL);
    assertEquals(order, pg.order(), name);
    assertEquals(name, pg.name());
    assertEquals(3, pg.orbitCount(), name);
    assertTrue(pg.defect() < 1e-9, name + " defect " + pg.defect());
  }

  @Test
  void chiralAndAchiralPolygons() {
    for (int m = 3; m <= 12; m++) {
      double[][] pts = new double[2 * m][];
      for (int k = 0; k < m; k++) {
        double t = 2 * Math.PI * k / m;
        pts[k] = new double[] {Math.cos(t), Math.sin(t)};
        // A quarter step off: far from every mirror line of the outer polygon.
        double t2 = t + Math.PI / (2 * m);
        pts[m + k] = new double[] {0.5 * Math.cos(t2), 0.5 * Math.sin(t2)};
      }
      PointGroup chiral = PointGroup.of(pts, TOL);
      assertEquals("C_" + m, chiral.name());
      assertEquals(m, chiral.order());
      PointGroup regular = PointGroup.of(java.util.Arrays.copyOf(pts, m), TOL);
      assertEquals("D_" + m, regular.name());
      assertEquals(2 * m, regular.order());
      assertEquals(m, regular.rotationOrder());
      assertEquals(1, regular.orbitCount());
    }
  }

  static double[][] crossPolytope(int d) {
    double[][] v = new double[2 * d][d];
    for (int i = 0; i < d; i++) {
      v[2 * i][i] = 1;
      v[2 * i + 1][i] = -1;
    }
    return v;
  }

  static double[][] rotate(double[][] pts, long seed) {
    int d = pts[0].length;
    double[][] q = AnalyticBodies.randomOrthogonal(d, new Random(seed));
    double[][] out = new double[pts.length][];
    for (int i = 0; i < pts.length; i++) {
      out[i] = apply(q, pts[i]);
    }
    return out;
  }

  /** Every coordinate times (1 + 1e-3 g), g standard normal. */
  static double[][] jitter(double[][] pts, long seed) {
    Random rng = new Random(seed);
    double[][] out = new double[pts.length][];
    for (int i = 0; i < pts.length; i++) {
      out[i] = pts[i].clone();
      double r = Math.sqrt(java.util.Arrays.stream(pts[i]).map(x -> x * x).sum());
      for (int k = 0; k < out[i].length; k++) {
        out[i][k] += 1e-3 * r * rng.nextGaussian();
      }
    }
    return out;
  }

  static Stream<Arguments> analyticVertexSets() {
    return Stream.of(
        Arguments.of("octagon", MorseCountsTest.measure(AnalyticBodies.polygon(4), 1).morse().vertices(), 16, 1),
        Arguments.of("dodecagon", MorseCountsTest.measure(AnalyticBodies.polygon(6), 1).morse().vertices(), 24, 1),
        Arguments.of("octahedron", MorseCountsTest.measure(AnalyticBodies.axes(3), 1).morse().vertices(), 48, 1),
        Arguments.of("cuboctahedron", MorseCountsTest.measure(AnalyticBodies.cuboctahedron(), 1).morse().vertices(), 48, 1),
        Arguments.of("tetrakis hexahedron", MorseCountsTest.measure(AnalyticBodies.tetrakisHexahedron(), 1).morse().vertices(), 48, 2),
        Arguments.of("icosidodecahedron", MorseCountsTest.measure(AnalyticBodies.icosidodecahedron(), 1).morse().vertices(), 120, 1),
        Arguments.of("4-D cross-polytope", crossPolytope(4), 384, 1),
        Arguments.of("5-D cross-polytope", crossPolytope(5), 3840, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("analyticVertexSets")
  void analyticBodiesHaveTheirSymmetryOrderRotatedAndNoisy(String name, double[][] vertices, int order, int orbits) {
    for (long seed = 1; seed <= 3; seed++) {
      double[][] rotated = rotate(vertices, seed);
      PointGroup exact = PointGroup.of(rotated, TOL);
      assertEquals(order, exact.order(), name);
      assertEquals(order / 2, exact.rotationOrder(), name);
      assertEquals(orbits, exact.orbitCount(), name);
      assertTrue(exact.defect() < 1e-6, name + " defect " + exact.defect());
      PointGroup noisy = PointGroup.of(jitter(rotated, seed), TOL);
      assertEquals(order, noisy.order(), name + " with noise");
      assertEquals(exact.name(), noisy.name());
      assertTrue(noisy.defect() > 0 && noisy.defect() < TOL, name + " noisy defect " + noisy.defect());
    }
  }

  @Test
  void aNoisyIcosidodecahedronKeepsItsGroupUpToThePercentLevel() {
    // Trained icosidodecahedra have edges varying by a few percent.
    double[][] v = MorseCountsTest.measure(AnalyticBodies.icosidodecahedron(), 1).morse().vertices();
    Random rng = new Random(5);
    for (double[] p : v) {
      for (int k = 0; k < 3; k++) {
        p[k] *= 1 + 0.008 * rng.nextGaussian();
      }
    }
    PointGroup g = PointGroup.of(v, TOL);
    assertEquals("I_h", g.name());
    assertTrue(g.defect() > 0.005 && g.defect() < TOL, "defect " + g.defect());
  }

  @Test
  void aGenericSetIsOnlyItself() {
    Random rng = new Random(3);
    double[][] pts = new double[40][3];
    for (double[] p : pts) {
      for (int k = 0; k < 3; k++) {
        p[k] = rng.nextGaussian();
      }
    }
    PointGroup g = PointGroup.of(pts, TOL);
    assertEquals("C_1", g.name());
    assertEquals(40, g.orbitCount());
  }

  @Test
  void aPlanarSetInSpaceHasItsPlanarGroupTimesTheMirrorInItsPlane() {
    // (FlatVertexSetSymmetryTest has more): a square in a plane of R^3 is the square bipyramid's
    // D_4h; a set spanning only a line has an infinite group
    PointGroup square = PointGroup.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {-1, 0, 0}, {0, -1, 0}}, TOL);
    assertEquals("D_4h", square.name());
    assertEquals(16, square.order());
    assertNull(PointGroup.of(new double[][] {{1, 0, 0}, {-1, 0, 0}}, TOL));
  }

  @Test
  void aFewHundredVerticesTakeLittleTime() {
    // 360 points with icosahedral symmetry (three generic orbits of I_h) and 300 generic ones.
    List<double[][]> ih = group(rotation(new double[] {1, 1, 1}, 2 * Math.PI / 3),
        rotation(new double[] {0, 1, AnalyticBodies.PHI}, 2 * Math.PI / 5), INVERSION);
    double[][] sym = orbits(ih, P, Q, R);
    Random rng = new Random(8);
    double[][] generic = new double[300][3];
    for (double[] p : generic) {
      for (int k = 0; k < 3; k++) {
        p[k] = rng.nextGaussian();
      }
    }
    PointGroup.of(sym, TOL);
    long t0 = System.nanoTime();
    PointGroup g = PointGroup.of(sym, TOL);
    long t1 = System.nanoTime();
    PointGroup c1 = PointGroup.of(generic, TOL);
    long t2 = System.nanoTime();
    System.out.printf("point group of 360 I_h points: %.1f ms; of 300 generic points: %.1f ms%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    assertEquals("I_h", g.name());
    assertEquals(3, g.orbitCount());
    assertEquals(1, c1.order());
    assertTrue((t1 - t0) / 1e9 < 5, "slow: " + (t1 - t0) / 1e9 + " s");
  }

  // ---- spiky sets: a few points far out, judged on each match's own radius ----

  /** The octahedron's 6 tips at radius {@code tip} and the cuboctahedron's 12 vertices at radius 1. */
  static double[][] spikyOctahedron(double tip) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (int s : new int[] {1, -1}) {
        double[] p = new double[3];
        p[i] = s * tip;
        pts.add(p);
      }
    }
    double c = 1 / Math.sqrt(2);
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        for (int a : new int[] {1, -1}) {
          for (int b : new int[] {1, -1}) {
            double[] p = new double[3];
            p[i] = a * c;
            p[j] = b * c;
            pts.add(p);
          }
        }
      }
    }
    return pts.toArray(new double[0][]);
  }

  /** Every coordinate plus {@code level} x the point's radius x a standard normal. */
  static double[][] relativeNoise(double[][] pts, double level, long seed) {
    Random rng = new Random(seed);
    double[][] out = new double[pts.length][];
    for (int i = 0; i < pts.length; i++) {
      out[i] = pts[i].clone();
      double r = Math.sqrt(Linear.dot(pts[i], pts[i]));
      for (int k = 0; k < out[i].length; k++) {
        out[i][k] += level * r * rng.nextGaussian();
      }
    }
    return out;
  }

  @Test
  void octahedralTipsFiftyTimesFartherOutThanACuboctahedralRingKeepTheFullGroup() {
    for (long seed = 1; seed <= 3; seed++) {
      for (double noise : new double[] {0, 1e-3, 1e-2}) {
        double[][] pts = rotate(relativeNoise(spikyOctahedron(50), noise, seed), seed);
        PointGroup g = PointGroup.of(pts, TOL);
        assertEquals("O_h", g.name(), "noise " + noise + ", rotation " + seed);
        assertEquals(48, g.order());
        assertEquals(2, g.orbitCount(), "tips and ring");
        // the same set at any scale of its tips: the tolerance is relative to each match
        PointGroup near = PointGroup.of(rotate(relativeNoise(spikyOctahedron(1.5), noise, seed), seed), TOL);
        assertEquals(g.order(), near.order());
        assertTrue(g.defect() < 10 * TOL, "defect " + g.defect());
      }
    }
  }

  @Test
  void aBipyramidWithFarApexesIsNotFlat() {
    // a hexagon of radius 1 and two apexes at +-100 on its axis: D_6h, whatever the apexes' height
    for (double apex : new double[] {1.2, 100}) {
      double[][] pts = new double[8][];
      for (int k = 0; k < 6; k++) {
        pts[k] = new double[] {Math.cos(Math.PI * k / 3), Math.sin(Math.PI * k / 3), 0};
      }
      pts[6] = new double[] {0, 0, apex};
      pts[7] = new double[] {0, 0, -apex};
      PointGroup g = PointGroup.of(relativeNoise(rotate(pts, 9), 1e-3, 9), TOL);
      assertEquals("D_6h", g.name(), "apex " + apex);
      assertEquals(2, g.orbitCount());
    }
  }
}
