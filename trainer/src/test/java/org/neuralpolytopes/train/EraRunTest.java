package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.net.EraSettings;
import org.neuralpolytopes.schema.RunsTable;

/** Rational runs end to end: trained, measured, written, rebuilt from their row; and a blow-up. */
class EraRunTest {

  static final GeometrySettings GEOMETRY = new GeometrySettings(1000, Tolerances.DEFAULT, 200_000, 2000);

  static TrainingSettings schedule(int epochs, double lr) {
    return new TrainingSettings("adam", 1000, 250, epochs, lr, 0.9, 0.999, 1e-8, 600);
  }

  static Object value(Object[] row, String column) {
    return row[RunsTable.SCHEMA.indexOf(column)];
  }

  @Test
  void aRationalRunWritesItsCoefficientsAndItsRowRebuildsTheSameBody() {
    EraSettings era = new EraSettings(6, 4, EraSettings.ABS_POWER, EraSettings.LAYER, 1.0);
    RunConfig c = new RunConfig(3, 1, 4, 1, "era_even", 7, 0, schedule(60, 0.01), GEOMETRY, era);
    RunResult r = Runs.run(c);
    assertEquals(Status.OK, r.status(), r.error());
    assertTrue(r.training().finalLoss() < r.training().initialLoss(), "training lowers the loss");
    Object[] row = RunsTable.row(r);
    assertEquals(12, ((double[]) value(row, RunsTable.WEIGHTS)).length, "weights alone: 4 x 3");
    assertArrayEquals(new int[] {1, 6, 4}, (int[]) value(row, RunsTable.ACTIVATION_SHAPE));
    double[] coefficients = (double[]) value(row, RunsTable.ACTIVATION_COEFFICIENTS);
    assertEquals(6 + 1 + 4, coefficients.length);
    // era_even: a_0 = 0, the odd a_i and the centres c_j are zero, the even a_i are trained
    for (int i : new int[] {0, 1, 3, 5, 7, 9}) {
      assertEquals(0.0, coefficients[i], "stored coefficient " + i);
    }
    assertTrue(coefficients[2] != 0 && coefficients[6] != 0);
    assertEquals(Boolean.TRUE, value(row, RunsTable.STAR_SHAPED));
    assertEquals("layer", value(row, RunsTable.ERA_SHARING));
    assertEquals(6, value(row, RunsTable.ERA_NUMERATOR));
    // measure again from the stored columns only: the same network, so the same radii
    Object[] again = RunsTable.measureStored(row, GEOMETRY).run();
    assertEquals((Double) value(row, RunsTable.RADIUS_MIN), (Double) value(again, RunsTable.RADIUS_MIN), 1e-12);
    assertEquals((Double) value(row, RunsTable.RADIUS_MAX), (Double) value(again, RunsTable.RADIUS_MAX), 1e-12);
    assertEquals(value(row, RunsTable.RUN_ID), value(again, RunsTable.RUN_ID));
  }

  @Test
  void aBlowUpEndsAsDivergedWithTheReasonAndNoGeometry() {
    // a learning rate of 1e200 without clipping overflows the weights and coefficients at once
    EraSettings unclipped = new EraSettings(6, 4, EraSettings.RANDOM, EraSettings.LAYER, 0);
    RunConfig c = new RunConfig(3, 2, 4, 1, "era", 3, 0, schedule(5, 1e200), GEOMETRY, unclipped);
    RunResult r = Runs.run(c);
    assertEquals(Status.DIVERGED, r.status());
    assertNotNull(r.error());
    assertTrue(r.error().contains("era: "), r.error());
    assertTrue(r.error().contains("activation coefficient"), r.error());
    assertNull(r.measurement(), "no geometry of a diverged network");
    // the same configuration with the seed's clipping and start trains
    RunResult clipped = Runs.run(new RunConfig(3, 2, 4, 1, "era", 3, 0, schedule(5, 0.01), GEOMETRY,
        new EraSettings(6, 4, EraSettings.RANDOM, EraSettings.LAYER, 1.0)));
    assertTrue(clipped.status() != Status.DIVERGED && clipped.status() != Status.FAILED, clipped.error());
  }
}
