package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.net.Network;

/**
 * The maxima and minima of the radial function of piecewise-linear bodies in d = 4, 5 read off
 * the cell complex ({@link CellExtrema}, through {@link MorseCounts}): on bodies whose answer is
 * known exactly, and on random non-convex ones against the mesh search and a local check.
 */
class CellExtremaTest {

  /** The exact complex, and the Morse counts from its cells and from the mesh search. */
  record Measured(PolytopeFaces faces, CellExtrema cells, MorseCounts exact, MorseCounts searched) {}

  static Measured measure(Network net, boolean search) {
    int d = net.architecture().d();
    Tolerances tol = Tolerances.DEFAULT;
    RadialFunction r = new RadialFunction(net, tol);
    ShapeStatistics shape = ShapeStatistics.measure(r, DirectionSet.of(d, 20000), tol);
    PolytopeFaces.WithExtrema w = PolytopeFaces.measureWithExtrema(net, GeometrySettings.DEFAULT, Deadline.NONE);
    assertEquals(PolytopeFaces.Outcome.COMPLETE, w.faces().outcome());
    assertNotNull(w.extrema());
    SphereMesh mesh = SphereMesh.of(d, GeometrySettings.DEFAULT_MORSE_POINTS);
    MorseCounts exact = MorseCounts.measure(r, mesh, tol, shape, Deadline.NONE, w.extrema());
    MorseCounts searched = search ? MorseCounts.measure(r, mesh, tol, shape, Deadline.NONE) : null;
    return new Measured(w.faces(), w.extrema(), exact, searched);
  }

  @ParameterizedTest(name = "d = {0}, rotation {1}")
  @CsvSource({"4, 0", "4, 3", "5, 0", "5, 7"})
  void crossPolytopesHaveTheirVerticesAsMaximaAndTheirFacetFeetAsMinima(int d, long rotation) {
    double[][] w = rotation == 0 ? AnalyticBodies.axes(d) : AnalyticBodies.rotated(AnalyticBodies.axes(d), rotation);
    Measured m = measure(AnalyticBodies.network(w, 1), false);
    int[] expected = new int[d];
    java.util.Arrays.fill(expected, -1);
    expected[0] = 2 * d;
    expected[d - 1] = 1 << d;
    assertArrayEquals(expected, m.exact().counts());
    assertNull(m.exact().morseOk());
    // In the unrotated frame: the vertices +-e_i, the facet feet (+-1, ..., +-1) / d.
    double[][] back = AnalyticBodies.rotated(w, rotation);
    for (double[] v : m.exact().vertices()) {
      double[] x = rotation == 0 ? v : inFrame(v, w);
      double l1 = 0;
      double max = 0;
      for (double c : x) {
        l1 += Math.abs(c);
        max = Math.max(max, Math.abs(c));
      }
      assertEquals(1, l1, 1e-12);
      assertEquals(1, max, 1e-12);
    }
    for (double[] c : m.exact().facetCentres()) {
      for (double x : rotation == 0 ? c : inFrame(c, w)) {
        assertEquals(1.0 / d, Math.abs(x), 1e-12);
      }
    }
    assertEquals(back.length, w.length);
  }

  /** x in the orthonormal frame of the rows of w: (w_i . x)_i. */
  private static double[] inFrame(double[] x, double[][] w) {
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = Linear.dot(w[i], x);
    }
    return out;
  }

  /**
   * Polars of generic zonotopes (the (4, 1, 5, 1) and (5, 1, 6, 1) bodies of
   * docs/paper-claims.md, f-vectors (20, 60, 70, 30) and (30, 120, 210, 180, 62)): convex, with
   * vertices that are no maxima and facets whose foot lies outside them. The counts are checked
   * against the convex body's own criteria, independent of the cells: a vertex v is a local
   * maximum of |x| on K iff v . w < |v|^2 for every vertex w joined to it by an edge (|x|^2 is
   * convex, so its directional derivatives 2 v . (w - v) along the edges decide); the foot a / |a|^2
   * of facet a lies inside it iff a_k . a < |a|^2 for every other facet a_k.
   */
  @ParameterizedTest(name = "d = {0}, weights seed {1}")
  @CsvSource({"4, 44", "4, 1", "4, 3", "5, 55", "5, 1", "5, 3"})
  void genericPolarZonotopesHaveTheMaximaAndMinimaOfTheirConvexCriteria(int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] w = new double[d + 1][d];
    for (double[] row : w) {
      for (int k = 0; k < d; k++) {
        row[k] = AnalyticFacesTest.gaussian(r);
      }
    }
    Measured m = measure(AnalyticBodies.network(w, 1), false);
    PolytopeFaces f = m.faces();
    assertEquals(Boolean.TRUE, f.convex());
    int maxima = 0;
    for (int v = 0; v < f.vertexCount(); v++) {
      double[] x = f.vertices().get(v).x();
      boolean highest = true;
      for (PolytopeFaces.Edge e : f.edges()) {
        if (e.from() == v || e.to() == v) {
          double[] y = f.vertices().get(e.from() == v ? e.to() : e.from()).x();
          highest &= Linear.dot(x, y) < Linear.dot(x, x);
        }
      }
      maxima += highest ? 1 : 0;
    }
    int minima = 0;
    for (PolytopeFaces.Facet a : f.facets()) {
      boolean inside = true;
      for (PolytopeFaces.Facet b : f.facets()) {
        inside &= a == b || Linear.dot(a.a(), b.a()) < Linear.dot(a.a(), a.a());
      }
      minima += inside ? 1 : 0;
    }
    assertEquals(maxima, m.exact().counts()[0]);
    assertEquals(minima, m.exact().counts()[d - 1]);
    assertTrue(minima < f.facetCount(), "some facet's foot lies outside it");
    assertTrue(maxima < f.vertexCount(), "some vertex is no maximum");
    // Each minimum is its facet's foot: on the body, perpendicular to the facet plane through it.
    for (double[] c : m.exact().facetCentres()) {
      boolean foot = false;
      for (PolytopeFaces.Facet a : f.facets()) {
        double aa = Linear.dot(a.a(), a.a());
        foot |= Linear.distance(c, scaled(a.a(), 1 / aa)) < 1e-12 * Math.sqrt(1 / aa);
      }
      assertTrue(foot);
    }
  }

  private static double[] scaled(double[] a, double s) {
    double[] out = a.clone();
    for (int k = 0; k < out.length; k++) {
      out[k] *= s;
    }
    return out;
  }

  /**
   * Random non-convex (4, 2, 6, 1) and (5, 2, 6, 1) bodies. The counts differ from the mesh
   * search's, and the cells' are the right ones:
   *
   * <ul>
   *   <li>every extremum the mesh search refined lies within 0.05 rad of one read off the cells,
   *       of the same kind (the cells miss none of them);
   *   <li>every extremum read off the cells is one: r at 400 random directions 1e-7 rad from it
   *       (far inside the cells around it) is nowhere higher at a maximum, nowhere lower at a
   *       minimum (beyond rounding);
   *   <li>|t| networks are even (f(-x) = f(x)), so extrema come in antipodal pairs: the cells'
   *       counts are even and their sets closed under u -> -u, while the mesh search (mesh
   *       spacing 5.7 degrees in d = 4, 10.9 in d = 5 at the default) misses extrema whose basins
   *       are narrower than that and reports odd counts on some of these bodies.
   * </ul>
   */
  @ParameterizedTest(name = "({0}, 2, 6, 1), seed {1}")
  @CsvSource({"4, 1", "4, 2", "4, 3", "5, 1", "5, 2", "5, 3"})
  void randomNonConvexBodiesHaveEveryExtremumTheSearchFindsAndOnlyTrueOnes(int d, long seed) {
    Measured m = measure(DeadlineTest.random(d, 2, 6, 1, seed), true);
    assertEquals(Boolean.FALSE, m.faces().convex());
    RadialFunction r = new RadialFunction(DeadlineTest.random(d, 2, 6, 1, seed));
    int[] exact = m.exact().counts();
    int[] searched = m.searched().counts();
    assertEquals(0, exact[0] % 2);
    assertEquals(0, exact[d - 1] % 2);
    assertTrue(exact[0] >= searched[0] && exact[d - 1] >= searched[d - 1],
        java.util.Arrays.toString(exact) + " against " + java.util.Arrays.toString(searched));
    assertEquals(0, unmatched(m.searched().vertices(), m.exact().vertices(), 0.05));
    assertEquals(0, unmatched(m.searched().facetCentres(), m.exact().facetCentres(), 0.05));
    assertEquals(0, unmatched(negated(m.exact().vertices()), m.exact().vertices(), Tolerances.DEFAULT.critical()));
    assertEquals(0, unmatched(negated(m.exact().facetCentres()), m.exact().facetCentres(), Tolerances.DEFAULT.critical()));
    SplittableRandom rng = new SplittableRandom(seed);
    for (double[] v : m.exact().vertices()) {
      assertTrue(locallyExtreme(r, v, true, rng), "maximum " + java.util.Arrays.toString(v));
    }
    for (double[] c : m.exact().facetCentres()) {
      assertTrue(locallyExtreme(r, c, false, rng), "minimum " + java.util.Arrays.toString(c));
    }
  }

  @Test
  void belowDimensionFourTheCountsComeFromTheMesh() {
    Network octahedron = AnalyticBodies.network(AnalyticBodies.axes(3), 1);
    assertNull(PolytopeFaces.measureWithExtrema(octahedron, GeometrySettings.DEFAULT, Deadline.NONE).extrema());
  }

  /**
   * Relative rounding of r allowed by the local check. Along span(G) of a minimum on a face G of
   * dimension >= 2, r grows only at second order (by sqrt(1 + t^2), 5e-15 at t = 1e-7), below
   * what r's rounding resolves; a direction of first-order descent changes r by about 1e-7.
   */
  private static final double ROUNDING = 1e-12;

  /** Whether r at random directions {@code 1e-7} rad from p is nowhere above (below) r(p) beyond rounding. */
  private static boolean locallyExtreme(RadialFunction r, double[] p, boolean max, SplittableRandom rng) {
    double[] v = p.clone();
    Linear.normalise(v);
    double r0 = r.radius(v);
    for (int t = 0; t < 400; t++) {
      double[] u = new double[v.length];
      for (int k = 0; k < u.length; k++) {
        u[k] = v[k] + 1e-7 * AnalyticFacesTest.gaussian(rng);
      }
      Linear.normalise(u);
      double ru = r.radius(u);
      if (max ? ru > r0 * (1 + ROUNDING) : ru < r0 * (1 - ROUNDING)) {
        return false;
      }
    }
    return true;
  }

  private static double[][] negated(double[][] points) {
    double[][] out = new double[points.length][];
    for (int i = 0; i < points.length; i++) {
      out[i] = scaled(points[i], -1);
    }
    return out;
  }

  /** How many of {@code points} lie farther than {@code angle} from every point of {@code among}. */
  private static int unmatched(double[][] points, double[][] among, double angle) {
    int n = 0;
    for (double[] p : points) {
      double[] v = p.clone();
      Linear.normalise(v);
      boolean near = false;
      for (double[] q : among) {
        double[] w = q.clone();
        Linear.normalise(w);
        near |= Linear.dot(v, w) >= Math.cos(angle);
      }
      n += near ? 0 : 1;
    }
    return n;
  }
}
