package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Every long measurement stops at its deadline: on a large d = 5 body, a deadline already passed
 * and one a few milliseconds away both end the call with {@link Deadline.DeadlineExceededException}
 * naming the measurement (these bodies take seconds to minutes without a deadline), and the same
 * call with {@link Deadline#NONE} on a smaller body completes.
 */
class DeadlineTest {

  /** A random (d, L, n) network of |t|^p, Gaussian weights (seeded). */
  static Network random(int d, int layers, int units, double p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Architecture arch = new Architecture(d, layers, units, Activations.of("abs_power", p));
    double[] w = new double[arch.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = AnalyticFacesTest.gaussian(r);
    }
    return new Network(arch, w);
  }

  /** A deadline already passed, then one 20 ms from now: both must throw with {@code stage}. */
  static void stopsAt(String stage, Function<Deadline, Object> call) {
    for (Deadline deadline : new Deadline[] {Deadline.at(System.nanoTime() - 1), Deadline.after(0.02)}) {
      Executable e = () -> call.apply(deadline);
      Deadline.DeadlineExceededException thrown = assertThrows(Deadline.DeadlineExceededException.class, e, stage);
      assertEquals(stage, thrown.stage());
    }
  }

  @Test
  void theExactFacesStopAtTheDeadline() {
    // a (5, 3, 16) |t| net has hundreds of thousands of cells: a minute or more to walk
    Network big = random(5, 3, 16, 1, 1);
    GeometrySettings settings = GeometrySettings.DEFAULT.withMaxCells(GeometrySettings.MAX_MAX_CELLS);
    stopsAt(PolytopeFaces.STAGE, deadline -> PolytopeFaces.measure(big, settings, deadline));
    stopsAt(PolytopeFaces.STAGE, deadline -> LinearCells.walk(big, Tolerances.DEFAULT, 1_000_000, deadline));
    PolytopeFaces small = PolytopeFaces.measure(random(5, 1, 6, 1, 2), GeometrySettings.DEFAULT, Deadline.NONE);
    assertEquals(PolytopeFaces.Outcome.COMPLETE, small.outcome());
    assertEquals(62, small.facetCount(), "the polar of a generic 6-zonotope in R^5");
  }

  @Test
  void theMorseCountsStopAtTheDeadline() {
    RadialFunction r = new RadialFunction(random(5, 2, 8, 1, 3));
    // a mesh of 5000 points: its maxima and minima still take seconds to refine
    SphereMesh mesh = SphereMesh.of(5, 5000);
    ShapeStatistics shape = ShapeStatistics.measure(r, DirectionSet.of(5, 20000), Tolerances.DEFAULT);
    stopsAt(MorseCounts.STAGE, deadline -> MorseCounts.measure(r, mesh, Tolerances.DEFAULT, shape, deadline));
    RadialFunction octahedron = new RadialFunction(AnalyticBodies.network(AnalyticBodies.axes(3), 1));
    MorseCounts m = MorseCounts.measure(octahedron, SphereMesh.of(3, GeometrySettings.DEFAULT_MORSE_POINTS),
        Tolerances.DEFAULT, ShapeStatistics.measure(octahedron, DirectionSet.of(3, 2000), Tolerances.DEFAULT),
        Deadline.NONE);
    assertEquals(6, m.counts()[0]);
  }

  @Test
  void theVertexSymmetryStopsAtTheDeadline() {
    // the 5-D cross-polytope and hypercube together: 42 points, 3840 maps
    double[][] cross = PointGroupTest.crossPolytope(5);
    double[][] v = new double[10 + 32][];
    System.arraycopy(cross, 0, v, 0, 10);
    for (int s = 0; s < 32; s++) {
      v[10 + s] = new double[5];
      for (int k = 0; k < 5; k++) {
        v[10 + s][k] = ((s >> k) & 1) == 1 ? 0.6 : -0.6;
      }
    }
    double[][] rotated = PointGroupTest.rotate(v, 4);
    stopsAt(VertexSymmetry.STAGE, deadline -> VertexSymmetry.measure(rotated, Tolerances.DEFAULT, deadline));
    assertEquals(3840, VertexSymmetry.measure(rotated, Tolerances.DEFAULT, Deadline.NONE).symmetryOrder());
  }

  @Test
  void theVolumeProductStopsAtTheDeadline() {
    RadialFunction r = new RadialFunction(random(5, 2, 8, 1.5, 5));
    stopsAt(MahlerProduct.STAGE, deadline -> MahlerProduct.byQuadrature(r, 5, 8000, deadline));
    // the exact paths: the polar volume of a polar zonotope in R^5, the vertices' polar in R^5
    PolytopeFaces faces = PolytopeFaces.measure(random(5, 1, 9, 1, 6), GeometrySettings.DEFAULT);
    Deadline past = Deadline.at(System.nanoTime() - 1);
    assertEquals(MahlerProduct.STAGE, assertThrows(Deadline.DeadlineExceededException.class,
        () -> MahlerProduct.exact(faces, Tolerances.DEFAULT, past)).stage());
    double[][] vertices = faces.vertices().stream().map(PolytopeFaces.Vertex::x).toArray(double[][]::new);
    assertEquals(MahlerProduct.STAGE, assertThrows(Deadline.DeadlineExceededException.class,
        () -> MahlerProduct.fromVertices(faces.volume(), vertices, 5, 8000, Tolerances.DEFAULT, past)).stage());
    MahlerProduct exact = MahlerProduct.exact(faces, Tolerances.DEFAULT, Deadline.NONE);
    MahlerProduct quadrature = MahlerProduct.fromVertices(faces.volume(), vertices, 5, 8000, Tolerances.DEFAULT,
        Deadline.NONE);
    assertEquals(exact.product(), quadrature.product(), 0.02 * exact.product(), "exact against quadrature");
  }

  @Test
  void thePolarDistanceStopsAtTheDeadline() {
    RadialFunction p = new RadialFunction(random(5, 2, 8, 1.5, 7));
    RadialFunction q = new RadialFunction(random(5, 2, 8, 3, 7));
    stopsAt(PolarDistance.STAGE, deadline -> PolarDistance.between(p, q, 5, 8000, deadline));
    RadialFunction lp = new RadialFunction(AnalyticBodies.network(AnalyticBodies.axes(2), 1.5));
    RadialFunction lq = new RadialFunction(AnalyticBodies.network(AnalyticBodies.axes(2), 3));
    assertNotNull(PolarDistance.between(lp, lq, 2, 1000, Deadline.NONE));
  }
}
