package org.neuralpolytopes.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

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
  }
}
