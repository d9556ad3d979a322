package org.neuralpolytopes.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.geometry.VanishingSearch;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Status;

/** The one measurement stage on analytic weights: every stage, and the deadline cutting them. */
class BodyMeasurementTest {

  /** The octahedron's net (rows e_1, e_2, e_3) with |t|^p. */
  static Network frame(double p) {
    return new Network(new Architecture(3, 1, 3, Activations.of("abs_power", p)),
        new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
  }

  static final GeometrySettings SMALL = new GeometrySettings(2000, Tolerances.DEFAULT, 1000, 3000);

  @Test
  void withoutADeadlineEveryStageIsMeasured() {
    Measurement m = BodyMeasurement.of(frame(1), SMALL, Deadline.NONE);
    assertEquals(MeasureStatus.OK, m.status());
    assertNull(m.error());
    assertNull(m.cutStage());
    assertEquals("octahedron", m.polytopeName());
    assertEquals(java.util.List.of(6, 12, 8), java.util.Arrays.stream(m.faces().fVector()).boxed().toList());
    assertEquals("O_h", m.symmetry().symmetryGroup());
    assertEquals(32.0 / 3, m.mahler().product(), 1e-9, "cube x cross-polytope: 4^3 / 3!");
    assertEquals(0, m.frameDefect(), 1e-15, "orthonormal rows");
    assertEquals(SMALL.measureId(), m.measureId());
  }

  /**
   * Two units in d = 3 (rows e_1, e_2): f = |x_1|^p + |x_2|^p is constant along e_3, so the body is
   * an infinite cylinder at every p. The sampled directions miss e_3 and saw a radius of at most
   * 1/sin of their nearest angle to it: status OK, a finite radius_max, for every p but 1, whose
   * exact cell walk found the unbounded cell.
   */
  @Test
  void fewerFirstLayerUnitsThanInputsIsUnboundedAtEveryP() {
    for (double p : new double[] {0.5, 1, 1.7071, 2, 4}) {
      for (int layers : new int[] {1, 2}) {
        Architecture arch = new Architecture(3, layers, 2, Activations.of("abs_power", p));
        double[] w = new double[arch.weightCount()];
        w[0] = 1; // row e_1
        w[4] = 1; // row e_2
        for (int i = 6; i < w.length; i += 3) {
          w[i] = 1; // deeper layers: the identity on 2 units
        }
        Measurement m = BodyMeasurement.of(new Network(arch, w), SMALL, Deadline.NONE);
        assertEquals(MeasureStatus.UNBOUNDED, m.status(), "p = " + p + ", L = " + layers + ": " + m.error());
        assertTrue(m.error().contains("2 units for d = 3"), m.error());
        assertNull(m.morse());
        assertNull(m.mahler());
      }
    }
    // two units in the plane are a bounded body: the square's frame at p = 1
    Measurement square = BodyMeasurement.of(new Network(new Architecture(2, 1, 2, Activations.of("abs_power", 1)),
        new double[] {1, 0, 0, 1}), SMALL, Deadline.NONE);
    assertEquals(MeasureStatus.OK, square.status(), square.error());
  }

  /**
   * Two layers at p = 4 with W_1 = I: W_2 = [[1, -1], [2, -2]] makes f = 17 (x_1^4 - x_2^4)^4,
   * zero on x_1 = +-x_2, where the sampled radius stays about 1000 (f is 1e-49 there from
   * rounding): UNBOUNDED, saying where. W_2 = [[1, -1], [1, 1]] is bounded; W_2 = [[1, -1],
   * [2, -1.999]] is nearly degenerate but bounded (f = (2.5e-4)^4 at 45 degrees): OK, with a radius
   * ratio of about 9.5.
   */
  @Test
  void aLastLayerThatCancelsIsUnbounded() {
    Architecture arch = new Architecture(2, 2, 2, Activations.of("abs_power", 4));
    Measurement zero = BodyMeasurement.of(new Network(arch, new double[] {1, 0, 0, 1, 1, -1, 2, -2}), SMALL,
        Deadline.NONE);
    assertEquals(MeasureStatus.UNBOUNDED, zero.status(), zero.error());
    assertTrue(zero.error().startsWith("f vanishes to rounding at u = (0.7071, "), zero.error());
    assertTrue(zero.error().contains("the last layer's pre-activations cancel"), zero.error());
    assertNull(zero.morse());
    assertNull(zero.polytopeName());
    assertNull(zero.mahler());
    // the row records the cancellation the search found: rounding's, at the zero
    assertTrue(zero.vanishingCancellation() <= VanishingSearch.THRESHOLD, "" + zero.vanishingCancellation());

    Measurement bounded = BodyMeasurement.of(new Network(arch, new double[] {1, 0, 0, 1, 1, -1, 1, 1}), SMALL,
        Deadline.NONE);
    assertEquals(MeasureStatus.OK, bounded.status(), bounded.error());
    // W_2 = [[1, -1], [1, 1]] on h = (u_1^4, u_2^4): |z| / sum |W h| = sqrt(2 (h_1^2 + h_2^2)) /
    // (2 (h_1 + h_2)), smallest at h_1 = h_2 (45 degrees), where the first row cancels: 1/2 (the
    // first layer's, |u| / (|u_1| + |u_2|), is 1/sqrt(2) there)
    assertEquals(0.5, bounded.vanishingCancellation(), 1e-6);
    RunResult view = new RunResult(null, "r", null, Status.OK, null, Status.OK, null, null, null, 0, null, null,
        null, bounded);
    assertEquals(bounded.vanishingCancellation(),
        RunsTable.SCHEMA.column(RunsTable.VANISHING_CANCELLATION).orElseThrow().valueOf(view));
    // one layer: not searched (z = W u vanishes only on the kernel of W), null in the row
    Measurement oneLayer = BodyMeasurement.of(new Network(new Architecture(2, 1, 2, Activations.of("abs_power", 4)),
        new double[] {1, 0, 0, 1}), SMALL, Deadline.NONE);
    assertEquals(MeasureStatus.OK, oneLayer.status(), oneLayer.error());
    assertNull(oneLayer.vanishingCancellation());

    Measurement near = BodyMeasurement.of(new Network(arch, new double[] {1, 0, 0, 1, 1, -1, 2, -2 + 1e-3}), SMALL,
        Deadline.NONE);
    assertEquals(MeasureStatus.OK, near.status(), near.error());
    double ratio = near.shape().radiusMax() / near.shape().radiusMin();
    // r = f^(-1/16): f is 17 at most (on the axes) and least, 8.96e-17, at 45.0025 degrees, between
    // where the first row cancels (45 degrees, f = (2.5e-4)^4) and the second: a ratio of 12.016
    // (a scan of 2 million angles), which the refined critical points give (the direction set's
    // own maximum, near 45 degrees, gave 9.49: the ratio at 45 degrees alone)
    assertEquals(12.016, ratio, 0.01, "radius ratio " + ratio);
  }

  /**
   * The census's (2, 2, 2, 4) point (bin/polytopes census --d 2 --layers 2 --units 2 --p 4): first
   * layer diag(1.0796, -1.5892), second-layer rows proportional to (1.5892^4, -1.0796^4), f
   * proportional to (x_1^4 - x_2^4)^4. It read status OK, radius_max 1092 and the name "square
   * (rounded, p=4)" over the default 20 000 directions (these weights, scaled otherwise, read 5786).
   */
  @Test
  void theCensusPointThatVanishesOnTheDiagonalsIsUnbounded() {
    double a = Math.pow(1.5892, 4);
    double b = Math.pow(1.0796, 4);
    Network net = new Network(new Architecture(2, 2, 2, Activations.of("abs_power", 4)),
        new double[] {1.0796, 0, 0, -1.5892, 0.8 * a, -0.8 * b, 0.31 * a, -0.31 * b});
    Measurement m = BodyMeasurement.of(net, GeometrySettings.DEFAULT, Deadline.NONE);
    assertEquals(MeasureStatus.UNBOUNDED, m.status(), m.error());
    org.neuralpolytopes.geometry.ShapeStatistics sampled = org.neuralpolytopes.geometry.ShapeStatistics.measure(
        new org.neuralpolytopes.geometry.RadialFunction(net), org.neuralpolytopes.geometry.DirectionSet.of(2,
            GeometrySettings.DEFAULT.directions()), Tolerances.DEFAULT);
    assertFalse(sampled.unbounded(), "the sampled radius alone stays below the unbounded radius: " + sampled.radiusMax());
    assertTrue(m.error().contains("u = (0.7071, "), m.error());
    // the row says what the body is: its radius_max and sphericity_error are infinite, not the sampled 1092
    assertEquals(Double.POSITIVE_INFINITY, m.shape().radiusMax());
    assertEquals(Double.POSITIVE_INFINITY, m.shape().sphericityError());
    assertEquals(sampled.radiusMin(), m.shape().radiusMin());
    assertEquals(sampled.radiusMean(), m.shape().radiusMean());
  }

  /** A deadline that has passed before the search cuts it like the Morse counts it precedes. */
  @Test
  void thePassedDeadlineCutsTheVanishingSearch() {
    Network net = new Network(new Architecture(2, 2, 2, Activations.of("abs_power", 4)),
        new double[] {1, 0, 0, 1, 1, -1, 2, -2});
    Measurement m = BodyMeasurement.of(net, SMALL, Deadline.at(System.nanoTime() - 1));
    assertEquals(MeasureStatus.TIMEOUT, m.status(), m.error());
    assertEquals("morse_counts", m.cutStage());
  }

  /**
   * A (5, 3, 16) |t| net with several hundred thousand cells against a cap of 20 000: the walk is
   * not started, and the mesh's Morse search (which misses most extrema of such a body in d = 5) is
   * not run either; the volume product still is.
   */
  @Test
  void aBodyOverTheCellCapInDFiveGetsNoMorseCounts() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    Architecture arch = new Architecture(5, 3, 16, Activations.of("abs_power", 1));
    double[] w = new double[arch.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextGaussian();
    }
    GeometrySettings capped = new GeometrySettings(2000, Tolerances.DEFAULT, 20_000, 3000);
    Measurement m = BodyMeasurement.of(new Network(arch, w), capped, Deadline.NONE);
    assertEquals(MeasureStatus.GEOMETRY_LIMIT, m.status(), m.error());
    assertNull(m.faces().activationCells(), "not walked");
    assertTrue(m.faces().estimatedCells() > 20_000);
    assertNull(m.morse());
    assertNull(m.symmetry());
    assertNotNull(m.mahler());
    assertTrue(m.error().contains("clearly more than geometry.max_cells = 20000")
        && m.error().contains("null in d >= 4: the Morse counts"), m.error());
  }

  @Test
  void aPassedDeadlineCutsTheFirstLongStageAndSaysWhichColumnsAreNull() {
    Deadline passed = Deadline.at(System.nanoTime() - 1);
    Measurement exact = BodyMeasurement.of(frame(1), SMALL, passed);
    assertEquals(MeasureStatus.TIMEOUT, exact.status());
    assertEquals("exact_faces", exact.cutStage());
    assertNotNull(exact.shape(), "the shape statistics are always taken");
    assertNotNull(exact.parameters());
    assertNull(exact.faces());
    assertNull(exact.morse());
    assertNull(exact.mahler());
    assertTrue(exact.error().contains("exact_faces") && exact.error().contains("f_vector")
        && exact.error().contains("morse_counts") && exact.error().contains("mahler_product"), exact.error());

    Measurement smooth = BodyMeasurement.of(frame(4), SMALL, passed);
    assertEquals(MeasureStatus.TIMEOUT, smooth.status());
    assertEquals("morse_counts", smooth.cutStage());
    assertNull(smooth.faces());
    assertNull(smooth.symmetry());
    assertTrue(!smooth.error().contains("f_vector"), "the exact faces were not cut: p = 4 has none");
  }

  @Test
  void frameDefectIsZeroOnlyForOrthogonalRowsOfEqualLength() {
    Architecture a = new Architecture(2, 1, 2, Activations.of("abs_power", 16));
    assertEquals(0, BodyMeasurement.frameDefect(a, new double[] {1.2, 1.6, -1.6, 1.2}), 1e-15);
    // 60 degrees apart: |cos| = 0.5
    assertEquals(0.5, BodyMeasurement.frameDefect(a, new double[] {1, 0, 0.5, Math.sqrt(3) / 2}), 1e-12);
    // orthogonal, lengths 1 and 1.2
    assertEquals(0.2, BodyMeasurement.frameDefect(a, new double[] {1, 0, 0, 1.2}), 1e-12);
    assertNull(BodyMeasurement.frameDefect(new Architecture(2, 1, 3, Activations.of("abs_power", 1)), new double[6]));
    assertNull(BodyMeasurement.frameDefect(new Architecture(2, 1, 2, Activations.of("relu", 1)), new double[] {1, 0, 0, 1}),
        "a relu body is no l_p ball");
  }

  /**
   * A complete polytope's radius_max and radius_min are its exact extremes, not the sampled ones:
   * the octahedron |x_1| + |x_2| + |x_3| <= 1, rotated off the direction set's axes, has its vertices
   * at 1 and its facet planes at 1/sqrt(3), whatever the number of directions (200 here, whose
   * sampled extremes fall short of both); sphericity_error is then 1 - 1/sqrt(3).
   */
  @Test
  void aPolytopesRadiiAreItsExactExtremes() {
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    double[] w = {c, -s, 0, s * c, c * c, -s, s * s, c * s, c}; // rows of a rotation
    GeometrySettings few = new GeometrySettings(200, Tolerances.DEFAULT);
    Measurement m = BodyMeasurement.of(new Network(new Architecture(3, 1, 3, Activations.of("abs_power", 1)), w), few,
        Deadline.NONE);
    assertEquals(MeasureStatus.OK, m.status(), m.error());
    assertTrue(m.exactFacesComplete());
    assertEquals(1, m.shape().radiusMax(), 1e-12);
    assertEquals(1 / Math.sqrt(3), m.shape().radiusMin(), 1e-12);
    assertEquals(1 - 1 / Math.sqrt(3), m.shape().sphericityError(), 1e-12);
    // the sampled ones alone
    org.neuralpolytopes.geometry.ShapeStatistics sampled = org.neuralpolytopes.geometry.ShapeStatistics.measure(
        new org.neuralpolytopes.geometry.RadialFunction(new Network(new Architecture(3, 1, 3,
            Activations.of("abs_power", 1)), w)), org.neuralpolytopes.geometry.DirectionSet.of(3, 200), Tolerances.DEFAULT);
    assertTrue(sampled.radiusMax() < 1 - 1e-3 && sampled.radiusMin() > 1 / Math.sqrt(3) + 1e-4,
        sampled.radiusMin() + " .. " + sampled.radiusMax());
  }

  /**
   * A spiky body's radius extremes are its tips and its deepest points, which the direction set
   * misses (the tips are far narrower than its spacing): the l_0.5 ball sum |x_i|^0.5 <= 1, rotated
   * off the set's axes, has its tips at radius 1 and its minima at sqrt(3)/9 on the diagonals, a
   * ratio of 3^1.5 = 5.196, which the refined critical points give; 200 sampled directions alone
   * read a largest radius of 0.565 (and a smallest 1e-4 above the true one).
   */
  @Test
  void aSpikyBodysRadiiAreItsTipsAndItsDeepestPoints() {
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    double[] w = {c, -s, 0, s * c, c * c, -s, s * s, c * s, c}; // rows of a rotation
    Network net = new Network(new Architecture(3, 1, 3, Activations.of("abs_power", 0.5)), w);
    Measurement m = BodyMeasurement.of(net, new GeometrySettings(200, Tolerances.DEFAULT), Deadline.NONE);
    assertEquals(MeasureStatus.OK, m.status(), m.error());
    assertEquals(1, m.shape().radiusMax(), 1e-9);
    assertEquals(Math.sqrt(3) / 9, m.shape().radiusMin(), 1e-9);
    assertEquals(1 - Math.sqrt(3) / 9, m.shape().sphericityError(), 1e-9);
    org.neuralpolytopes.geometry.ShapeStatistics sampled = org.neuralpolytopes.geometry.ShapeStatistics.measure(
        new org.neuralpolytopes.geometry.RadialFunction(net), org.neuralpolytopes.geometry.DirectionSet.of(3, 200),
        Tolerances.DEFAULT);
    assertTrue(sampled.radiusMax() < 0.9 && sampled.radiusMin() > Math.sqrt(3) / 9 + 1e-5,
        sampled.radiusMin() + " .. " + sampled.radiusMax());
  }
}
