package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Exact faces of the bodies of docs/paper-claims.md, "Analytic weights": L = 1, |t|, f(x) = sum_i
 * |w_i . x|, whose body is the polar of the zonotope sum_i [-w_i, w_i]. Every set of weights is
 * rotated by a random orthogonal matrix and scaled by a random common factor c first: the
 * combinatorics must not change, lengths scale by 1/c.
 */
class AnalyticFacesTest {

  static final double PHI = (1 + Math.sqrt(5)) / 2;

  /** A random orthogonal d x d matrix (Gram-Schmidt of a Gaussian matrix), flat row-major. */
  static double[] rotation(int d, SplittableRandom r) {
    double[] q = new double[d * d];
    for (int i = 0; i < d; i++) {
      double[] v = new double[d];
      for (int k = 0; k < d; k++) {
        v[k] = gaussian(r);
      }
      for (int j = 0; j < i; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += v[k] * q[j * d + k];
        }
        for (int k = 0; k < d; k++) {
          v[k] -= s * q[j * d + k];
        }
      }
      double n = 0;
      for (double x : v) {
        n += x * x;
      }
      for (int k = 0; k < d; k++) {
        q[i * d + k] = v[k] / Math.sqrt(n);
      }
    }
    return q;
  }

  static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** The one-layer |t| network with rows c Q w_i. */
  static Network absNetwork(double[][] w, double[] q, double c) {
    int d = w[0].length;
    double[] flat = new double[w.length * d];
    for (int i = 0; i < w.length; i++) {
      for (int k = 0; k < d; k++) {
        double s = 0;
        for (int t = 0; t < d; t++) {
          s += q[k * d + t] * w[i][t];
        }
        flat[i * d + k] = c * s;
      }
    }
    return new Network(new Architecture(d, 1, w.length, Activations.of("abs_power", 1)), flat);
  }

  record Body(PolytopeFaces faces, double scale) {}

  static Body measure(double[][] w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = w[0].length;
    double c = 0.5 + 1.5 * r.nextDouble();
    PolytopeFaces f = PolytopeFaces.measure(absNetwork(w, rotation(d, r), c), GeometrySettings.DEFAULT);
    assertEquals(PolytopeFaces.Outcome.COMPLETE, f.outcome());
    assertEquals(Boolean.TRUE, f.convex(), "an L = 1 |t| body is convex");
    assertEquals(Boolean.TRUE, f.eulerOk());
    assertEquals(f.facetCount(), f.facets().size());
    assertEquals(f.vertexCount(), f.vertices().size());
    assertEquals(f.fVector(0), f.vertexCount());
    assertEquals(f.fVector(d - 1), f.facetCount());
    if (d <= 3 || f.convex()) {
      assertEquals(f.fVector(1), f.edges().size());
    }
    // L = 1: no two cells share a linear term, so cells are facets.
    assertEquals(f.facetCount(), f.activationCells());
    return new Body(f, c);
  }

  static Map<Integer, Integer> histogram(int[] values) {
    Map<Integer, Integer> h = new TreeMap<>();
    for (int v : values) {
      h.merge(v, 1, Integer::sum);
    }
    return h;
  }

  static Map<Integer, Integer> valences(PolytopeFaces f) {
    return histogram(f.vertices().stream().mapToInt(v -> v.valence()).toArray());
  }

  static Map<Integer, Integer> facetSizes(PolytopeFaces f) {
    return histogram(f.facets().stream().mapToInt(x -> x.vertexIds().length).toArray());
  }

  static void allEqual(double expected, double[] values, double relTol, String what) {
    for (double v : values) {
      assertEquals(expected, v, relTol * Math.abs(expected), what);
    }
  }

  static double[] radii(PolytopeFaces f) {
    return f.vertices().stream().mapToDouble(PolytopeFaces.Vertex::radius).toArray();
  }

  static double[] edgeLengths(PolytopeFaces f) {
    return f.edges().stream().mapToDouble(PolytopeFaces.Edge::length).toArray();
  }

  @ParameterizedTest(name = "regular {0}-gon pair")
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void regularPolygons(int n) {
    double[][] w = new double[n][];
    for (int k = 0; k < n; k++) {
      w[k] = new double[] {Math.cos(Math.PI * k / n), Math.sin(Math.PI * k / n)};
    }
    Body b = measure(w, 100 + n);
    PolytopeFaces f = b.faces();
    assertArrayEquals(new int[] {2 * n, 2 * n}, f.fVector());
    // f at a vertex (where one w_k . x = 0) is sum_k |sin(pi k / n)| = cot(pi / 2n).
    double radius = Math.tan(Math.PI / (2 * n)) / b.scale();
    double side = 2 * radius * Math.sin(Math.PI / (2 * n));
    allEqual(radius, radii(f), 1e-12, "vertex radius");
    allEqual(side, edgeLengths(f), 1e-12, "edge length");
    allEqual(side, f.facets().stream().mapToDouble(PolytopeFaces.Facet::area).toArray(), 1e-12, "facet length");
    assertEquals(Map.of(2, 2 * n), valences(f));
    double area = 2 * n * radius * radius * Math.sin(Math.PI / n) / 2;
    assertEquals(area, f.volume(), 1e-12 * area);
    // Facets are listed counter-clockwise: consecutive facets share their end points.
    for (PolytopeFaces.Facet facet : f.facets()) {
      double[] p = f.vertices().get(facet.vertexIds()[0]).x();
      double[] q = f.vertices().get(facet.vertexIds()[1]).x();
      assertTrue(p[0] * q[1] - p[1] * q[0] > 0, "counter-clockwise");
    }
  }

  @Test
  void octahedron() {
    Body b = measure(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 1);
    PolytopeFaces f = b.faces();
    assertArrayEquals(new int[] {6, 12, 8}, f.fVector());
    double c = b.scale();
    allEqual(1 / c, radii(f), 1e-12, "vertices at radius 1 / c");
    allEqual(Math.sqrt(3) / 2 / (c * c), f.facets().stream().mapToDouble(PolytopeFaces.Facet::area).toArray(), 1e-12,
        "8 triangles of area sqrt(3)/2");
    allEqual(Math.sqrt(2) / c, edgeLengths(f), 1e-12, "edges sqrt 2");
    assertEquals(4.0 / 3 / (c * c * c), f.volume(), 1e-12);
    assertEquals(Map.of(4, 6), valences(f));
    assertEquals(Map.of(3, 8), facetSizes(f));
  }

  @Test
  void cuboctahedron() {
    Body b = measure(new double[][] {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}}, 2);
    PolytopeFaces f = b.faces();
    assertArrayEquals(new int[] {12, 24, 14}, f.fVector());
    // A vertex where w_1 . x = w_2 . x = 0 is along (1, -1, 0): f there is 2 sqrt 2 per unit.
    double radius = Math.sqrt(2) / 4 / b.scale();
    allEqual(radius, radii(f), 1e-12, "one vertex radius");
    allEqual(radius, edgeLengths(f), 1e-12, "cuboctahedron: edge = circumradius");
    assertEquals(Map.of(4, 12), valences(f));
    assertEquals(Map.of(3, 8, 4, 6), facetSizes(f), "8 triangles and 6 squares");
    double edge = radius;
    assertEquals(5 * Math.sqrt(2) / 3 * edge * edge * edge, f.volume(), 1e-12 * f.volume());
  }

  @Test
  void icosidodecahedron() {
    Body b = measure(new double[][] {
        {0, 1, PHI}, {0, 1, -PHI}, {1, PHI, 0}, {1, -PHI, 0}, {PHI, 0, 1}, {-PHI, 0, 1}}, 3);
    PolytopeFaces f = b.faces();
    assertArrayEquals(new int[] {30, 60, 32}, f.fVector());
    double[] r = radii(f);
    allEqual(r[0], r, 1e-12, "one vertex radius");
    // The icosidodecahedron's edge is its circumradius / phi.
    allEqual(r[0] / PHI, edgeLengths(f), 1e-12, "one edge length");
    assertEquals(Map.of(4, 30), valences(f));
    assertEquals(Map.of(3, 20, 5, 12), facetSizes(f), "20 triangles and 12 pentagons");
  }

  @Test
  void tetrakisHexahedron() {
    Body b = measure(new double[][] {
        {1, 1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, -1}, {0, 1, 1}, {0, 1, -1}}, 4);
    PolytopeFaces f = b.faces();
    assertArrayEquals(new int[] {14, 36, 24}, f.fVector());
    assertEquals(Map.of(4, 6, 6, 8), valences(f), "6 pyramid apexes of valence 4, 8 cube corners of valence 6");
    assertEquals(Map.of(3, 24), facetSizes(f));
    double[] areas = f.facets().stream().mapToDouble(PolytopeFaces.Facet::area).toArray();
    allEqual(areas[0], areas, 1e-12, "24 congruent triangles");
  }

  @ParameterizedTest(name = "generic 3-D zonotope polar, n = {0}")
  @ValueSource(ints = {3, 4, 5, 6, 7, 8})
  void genericZonotopePolars3d(int n) {
    SplittableRandom r = new SplittableRandom(1000 + n);
    double[][] w = new double[n][3];
    for (double[] row : w) {
      for (int k = 0; k < 3; k++) {
        row[k] = gaussian(r);
      }
    }
    PolytopeFaces f = measure(w, 2000 + n).faces();
    assertArrayEquals(new int[] {n * (n - 1), 2 * n * (n - 1), n * n - n + 2}, f.fVector());
    assertEquals(Map.of(4, n * (n - 1)), valences(f), "every vertex of a polar zonotope has degree 2(d-1)");
  }

  static double[][] identity(int d) {
    double[][] w = new double[d][d];
    for (int i = 0; i < d; i++) {
      w[i][i] = 1;
    }
    return w;
  }

  @Test
  void crossPolytope4d() {
    Body b = measure(identity(4), 5);
    PolytopeFaces f = b.faces();
    assertArrayEquals(new int[] {8, 24, 32, 16}, f.fVector());
    assertEquals(Map.of(6, 8), valences(f));
    allEqual(1 / b.scale(), radii(f), 1e-12, "vertices at radius 1 / c");
    assertEquals(16.0 / 24 / Math.pow(b.scale(), 4), f.volume(), 1e-12 * f.volume(), "2^d / d!");
  }

  @Test
  void crossPolytope5d() {
    Body b = measure(identity(5), 6);
    PolytopeFaces f = b.faces();
    assertArrayEquals(new int[] {10, 40, 80, 80, 32}, f.fVector());
    assertEquals(Map.of(8, 10), valences(f));
    assertEquals(32.0 / 120 / Math.pow(b.scale(), 5), f.volume(), 1e-12 * f.volume(), "2^d / d!");
  }

  @Test
  void genericZonotopePolar4d() {
    SplittableRandom r = new SplittableRandom(44);
    double[][] w = new double[5][4];
    for (double[] row : w) {
      for (int k = 0; k < 4; k++) {
        row[k] = gaussian(r);
      }
    }
    PolytopeFaces f = measure(w, 7).faces();
    assertArrayEquals(new int[] {20, 60, 70, 30}, f.fVector());
    assertEquals(Map.of(6, 20), valences(f));
  }

  @Test
  void genericZonotopePolar5d() {
    SplittableRandom r = new SplittableRandom(55);
    double[][] w = new double[6][5];
    for (double[] row : w) {
      for (int k = 0; k < 5; k++) {
        row[k] = gaussian(r);
      }
    }
    PolytopeFaces f = measure(w, 8).faces();
    assertArrayEquals(new int[] {30, 120, 210, 180, 62}, f.fVector());
    assertEquals(Map.of(8, 30), valences(f));
  }
}
