package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Deeper networks with hand-built weights whose faces are derived by hand (in each test's
 * comment), relu networks that equal |t| networks, and the walk's limits.
 */
class HandBuiltFacesTest {

  static final double EPS = 0.25;

  static Network net(int d, int layers, int units, String activation, double[] weights) {
    return new Network(new Architecture(d, layers, units, Activations.of(activation, 1)), weights);
  }

  static PolytopeFaces faces(Network net) {
    return PolytopeFaces.measure(net, GeometrySettings.DEFAULT);
  }

  static Map<Integer, Integer> valences(PolytopeFaces f) {
    return AnalyticFacesTest.valences(f);
  }

  /**
   * f(x) = ||x1| - |x2|| + eps (|x1| + |x2|) in d = 2 (layer 1: x1, x2; layer 2: |x1| - |x2| and
   * eps (|x1| + |x2|)). The axes and the diagonals |x1| = |x2| cut the circle into 8 arcs. On the
   * arc 0 < x2 < x1, f = (1 + eps) x1 - (1 - eps) x2; the 8 arcs carry the 8 sign changes of that
   * term, all different, so 8 facets and f = (8, 8). At an axis f = 1 + eps (radius 1 / (1 + eps),
   * a reflex corner: f there is (1 + eps) x1 - (1 - eps) |x2|, concave), on a diagonal f = sqrt 2 eps
   * (radius 1 / (sqrt 2 eps), a spike): a four-pointed star, not convex. Its area is 8 triangles
   * (0, (1/(1+eps), 0), (1/(2 eps), 1/(2 eps))): 8 * 1/2 * 1/(1+eps) * 1/(2 eps) = 2 / ((1+eps) eps).
   */
  @Test
  void fourPointedStar() {
    PolytopeFaces f = faces(net(2, 2, 2, "abs_power", new double[] {1, 0, 0, 1, 1, -1, EPS, EPS}));
    assertEquals(PolytopeFaces.Outcome.COMPLETE, f.outcome());
    assertArrayEquals(new int[] {8, 8}, f.fVector());
    assertEquals(8, f.activationCells());
    assertEquals(Boolean.FALSE, f.convex());
    assertEquals(Boolean.TRUE, f.eulerOk());
    long spikes = f.vertices().stream().filter(v -> Math.abs(v.radius() - 1 / (Math.sqrt(2) * EPS)) < 1e-12).count();
    long dents = f.vertices().stream().filter(v -> Math.abs(v.radius() - 1 / (1 + EPS)) < 1e-12).count();
    assertEquals(4, spikes);
    assertEquals(4, dents);
    assertEquals(2 / ((1 + EPS) * EPS), f.volume(), 1e-12);
    double edge = Math.hypot(1 / (2 * EPS) - 1 / (1 + EPS), 1 / (2 * EPS));
    AnalyticFacesTest.allEqual(edge, AnalyticFacesTest.edgeLengths(f), 1e-12, "8 equal edges");
    // Serra's bound for (d, L, n) = (2, 2, 2): j1 = 0: 1 * (1 + 2 + 1); j1 = 1: 2 * (1 + 2); j1 = 2: 1 * 1.
    assertEquals(11, f.regionBound());
  }

  /**
   * f(x) = g(x1, x2) + |x3| with g the four-pointed star's function above (layer 1: x1, x2, x3;
   * layer 2: |x1| - |x2|, eps (|x1| + |x2|), |x3|). K is the double cone over the star with apexes
   * (0, 0, +-1): vertices 8 (star) + 2 (apexes) = 10; edges 8 (star) + 2 * 8 (apex to each star
   * vertex) = 24; facets 2 * 8 triangles = 16, one per cell (the 8 star arcs times the sign of x3;
   * all 16 terms (+-(1+eps), -+(1-eps), +-1) and permutations differ). Euler 10 - 24 + 16 = 2.
   * Apexes have valence 8, star vertices 4. Not convex (the star is not). Volume: sections at
   * height x3 are (1 - |x3|) times the star, so 2/3 of the star's area.
   */
  @Test
  void doubleConeOverTheStar() {
    double[] w = {1, 0, 0, 0, 1, 0, 0, 0, 1, /* layer 2 */ 1, -1, 0, EPS, EPS, 0, 0, 0, 1};
    PolytopeFaces f = faces(net(3, 2, 3, "abs_power", w));
    assertArrayEquals(new int[] {10, 24, 16}, f.fVector());
    assertEquals(16, f.activationCells());
    assertEquals(Boolean.FALSE, f.convex());
    assertEquals(Boolean.TRUE, f.eulerOk());
    assertEquals(Map.of(4, 8, 8, 2), valences(f));
    assertEquals(Map.of(3, 16), AnalyticFacesTest.facetSizes(f));
    assertEquals(2.0 / 3 * 2 / ((1 + EPS) * EPS), f.volume(), 1e-12);
  }

  /**
   * f(x) = sum over pairs i < j of ||x_i| - |x_j|| + eps (|x1| + |x2| + |x3|) (layer 1: x1, x2, x3
   * and a dead unit with zero weights; layer 2: |x1| - |x2|, |x2| - |x3|, |x3| - |x1|,
   * eps (|x1| + |x2| + |x3|)). The zero sets are the 9 mirror planes x_i = 0, x_i = +-x_j of the
   * octahedral group, cutting the sphere into its 48 chambers. On x1 > x2 > x3 > 0,
   * f = (x1 - x2) + (x2 - x3) + (x1 - x3) + eps (x1 + x2 + x3) = (2 + eps) x1 + eps x2 - (2 - eps) x3,
   * and the 48 chambers carry the 48 signed permutations of (2 + eps, eps, -(2 - eps)), all
   * different: 48 triangular facets. Vertices: the 6 axis directions (8 chambers around: valence
   * 8), the 12 directions (1, 1, 0) (4 around: valence 4), the 8 directions (1, 1, 1) (6 around:
   * valence 6): 26 vertices, (6*8 + 12*4 + 8*6) / 2 = 72 edges, 26 - 72 + 48 = 2 (the disdyakis
   * dodecahedron's map). f = 2 + eps on an axis but sqrt 3 eps along (1, 1, 1): spikes, not convex
   * (the spike at (1, 1, 1) / (3 eps) lies far outside the plane of the chamber across x3 = 0,
   * a = (2 + eps, eps, 2 - eps): a . x = (4 + 2 eps) / (3 eps) > 1). Volume: 48 pyramids over the
   * chamber with corners e1 / (2 + eps), (1, 1, 0) / (2 + 2 eps), (1, 1, 1) / (3 eps), each
   * 1/6 * 1 / ((2 + eps)(2 + 2 eps)(3 eps)).
   */
  @Test
  void spikyDisdyakisDodecahedron() {
    double[] w = {
        1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
        1, -1, 0, 0, 0, 1, -1, 0, -1, 0, 1, 0, EPS, EPS, EPS, 0};
    PolytopeFaces f = faces(net(3, 2, 4, "abs_power", w));
    assertArrayEquals(new int[] {26, 72, 48}, f.fVector());
    assertEquals(48, f.activationCells());
    assertEquals(Boolean.FALSE, f.convex());
    assertEquals(Boolean.TRUE, f.eulerOk());
    assertEquals(Map.of(4, 12, 6, 8, 8, 6), valences(f));
    assertEquals(8 / ((2 + EPS) * (2 + 2 * EPS) * (3 * EPS)), f.volume(), 1e-12);
    long spikes = f.vertices().stream().filter(v -> Math.abs(v.radius() - 1 / (Math.sqrt(3) * EPS)) < 1e-12).count();
    assertEquals(8, spikes);
  }

  /**
   * The octahedron |x1| + |x2| + |x3| drawn by an L = 2 net with a first-layer unit (1, 1, 0)
   * whose outgoing weights are 0 and a second-layer unit with no inputs: the plane x1 + x2 = 0
   * splits the 4 octants where x1 and x2 differ in sign, so 12 activation cells, but the linear
   * term does not change across it: 8 facets, 4 of them merged from 2 cells. The second-layer
   * unit |x1| vanishes on x1 = 0 together with the first-layer x1: one wall of two neurons.
   */
  @Test
  void cellsWithTheSameLinearTermMergeIntoOneFacet() {
    double[] w = {
        1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0,
        1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};
    PolytopeFaces f = faces(net(3, 2, 4, "abs_power", w));
    assertArrayEquals(new int[] {6, 12, 8}, f.fVector());
    assertEquals(12, f.activationCells());
    assertEquals(Boolean.TRUE, f.convex());
    assertEquals(4, f.facets().stream().filter(x -> x.cells() == 2).count());
    AnalyticFacesTest.allEqual(Math.sqrt(3) / 2, f.facets().stream().mapToDouble(PolytopeFaces.Facet::area).toArray(),
        1e-12, "merged facets keep the whole triangle's area");
  }

  /** The same body, compared vertex by vertex (each vertex of one within tol of one of the other). */
  static void sameBody(PolytopeFaces a, PolytopeFaces b, double scale) {
    assertArrayEquals(a.fVector(), b.fVector());
    assertEquals(a.convex(), b.convex());
    for (PolytopeFaces.Vertex v : a.vertices()) {
      boolean found = false;
      for (PolytopeFaces.Vertex u : b.vertices()) {
        double dist = 0;
        for (int k = 0; k < v.x().length; k++) {
          dist = Math.max(dist, Math.abs(v.x()[k] * scale - u.x()[k]));
        }
        found |= dist < 1e-9;
      }
      assertTrue(found, "vertex " + Arrays.toString(v.x()) + " of one body is a vertex of the other");
    }
    assertEquals(a.volume() * Math.pow(scale, a.dimension()), b.volume(), 1e-9 * b.volume());
  }

  static double[] gaussians(SplittableRandom r, int count) {
    double[] w = new double[count];
    for (int i = 0; i < count; i++) {
      w[i] = AnalyticFacesTest.gaussian(r);
    }
    return w;
  }

  /**
   * relu(t) + relu(-t) = |t|: a relu net whose units come in +/- pairs (coincident walls of two
   * neurons, one on and one off on each side) draws the body of the |t| net with half the units.
   * One layer: rows [W; -W]. Two layers: z2 = W2 |z1| = [W2, W2] relu([z1; -z1]), so the second
   * layer is [[W2, W2], [-W2, -W2]].
   */
  @Test
  void reluInPlusMinusPairsDrawsTheAbsBody() {
    SplittableRandom r = new SplittableRandom(9);
    for (int trial = 0; trial < 3; trial++) {
      int n = 4 + trial;
      double[] w1 = gaussians(r, n * 3);
      double[] pairs1 = new double[2 * n * 3];
      for (int i = 0; i < n * 3; i++) {
        pairs1[i] = w1[i];
        pairs1[n * 3 + i] = -w1[i];
      }
      PolytopeFaces abs = faces(net(3, 1, n, "abs_power", w1));
      PolytopeFaces relu = faces(net(3, 1, 2 * n, "relu", pairs1));
      sameBody(abs, relu, 1);
      assertEquals(abs.activationCells(), relu.activationCells());
    }
    for (int trial = 0; trial < 3; trial++) {
      int n = 3 + trial;
      int d = 3;
      double[] w = gaussians(r, n * d + n * n);
      int m = 2 * n;
      double[] p = new double[m * d + m * m];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < d; k++) {
          p[i * d + k] = w[i * d + k];
          p[(n + i) * d + k] = -w[i * d + k];
        }
      }
      int off = m * d;
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          double v = w[n * d + j * n + k];
          p[off + j * m + k] = v;
          p[off + j * m + n + k] = v;
          p[off + (n + j) * m + k] = -v;
          p[off + (n + j) * m + n + k] = -v;
        }
      }
      PolytopeFaces abs = faces(net(d, 2, n, "abs_power", w));
      PolytopeFaces relu = faces(net(d, 2, m, "relu", p));
      assertEquals(PolytopeFaces.Outcome.COMPLETE, abs.outcome());
      sameBody(abs, relu, 1);
      assertEquals(abs.facetCount(), relu.facetCount());
    }
  }

  /** Duplicated units double f: the same combinatorics, the body scaled by 1/2. */
  @Test
  void duplicatedUnitsShareTheirWalls() {
    SplittableRandom r = new SplittableRandom(10);
    double[] w = gaussians(r, 5 * 3);
    double[] twice = new double[10 * 3];
    System.arraycopy(w, 0, twice, 0, 15);
    System.arraycopy(w, 0, twice, 15, 15);
    sameBody(faces(net(3, 1, 5, "abs_power", w)), faces(net(3, 1, 10, "abs_power", twice)), 0.5);
  }

  /**
   * f vanishes on a cone: relu(x1) + relu(x2) + relu(x3) is 0 on the negative octant (a pointed
   * cell with a = 0); |x1| + |x2| vanishes along x3 (every cell contains that line).
   */
  @Test
  void unboundedBodiesAreDetected() {
    PolytopeFaces relu = faces(net(3, 1, 3, "relu", new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}));
    assertEquals(PolytopeFaces.Outcome.UNBOUNDED, relu.outcome());
    assertEquals(8, relu.activationCells());
    assertNull(relu.fVector());
    assertNull(relu.facetCount());
    PolytopeFaces slab = faces(net(3, 1, 2, "abs_power", new double[] {1, 0, 0, 0, 1, 0}));
    assertEquals(PolytopeFaces.Outcome.UNBOUNDED, slab.outcome());
    assertNull(slab.activationCells());
    // relu in a deeper layer: the second layer reads only the first unit, which is off for x1 < 0.
    double[] w = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0};
    assertEquals(PolytopeFaces.Outcome.UNBOUNDED, faces(net(3, 2, 3, "relu", w)).outcome());
  }

  @Test
  void aNetWithMoreCellsThanTheCapGivesPartialCounts() {
    SplittableRandom r = new SplittableRandom(11);
    Network big = net(3, 3, 8, "abs_power", gaussians(r, 8 * 3 + 2 * 64));
    PolytopeFaces all = faces(big);
    assertEquals(PolytopeFaces.Outcome.COMPLETE, all.outcome());
    assertTrue(all.activationCells() > 100, "a net with many cells: " + all.activationCells());
    PolytopeFaces capped = PolytopeFaces.measure(big, GeometrySettings.DEFAULT.withMaxCells(25));
    assertEquals(PolytopeFaces.Outcome.GEOMETRY_LIMIT, capped.outcome());
    assertEquals(25, capped.activationCells(), "the first 25 cells visited");
    assertTrue(capped.facetCount() >= 1 && capped.facetCount() <= 25, "facets among them: " + capped.facetCount());
    assertNull(capped.fVector());
    assertNull(capped.vertexCount());
    assertNull(capped.convex());
    assertEquals(List.of(), capped.facets());
    PolytopeFaces exact = PolytopeFaces.measure(big, GeometrySettings.DEFAULT.withMaxCells(all.activationCells()));
    assertEquals(PolytopeFaces.Outcome.COMPLETE, exact.outcome(), "a cap equal to the cell count is enough");
  }

  @Test
  void serrasBoundByHand() {
    // L = 1: sum_{j <= min(d, n)} C(n, j).
    assertEquals(1 + 4 + 6 + 4, RegionBound.of(3, 1, 4));
    assertEquals(64, RegionBound.of(8, 1, 6));
    // (d, L, n) = (3, 2, 2): j1 = 0: 1 * 4; j1 = 1: 2 * (1 + 2); j1 = 2: 1 * 1.
    assertEquals(11, RegionBound.of(3, 2, 2));
    // (2, 2, 4): j2 <= 2 for every j1 <= 2: (1 + 4 + 6)^2.
    assertEquals(121, RegionBound.of(2, 2, 4));
    assertEquals(Double.POSITIVE_INFINITY, RegionBound.of(64, 64, 4096));
    assertTrue(RegionBound.exact(64, 64, 4096).bitLength() > 1024);
  }
}
