package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;

/** The trainer end to end on one configuration (short schedules). */
class RunsTest {

  static RunConfig config(int d, int layers, int units, double p, String act, long seed, TrainingSettings t) {
    return new RunConfig(d, layers, units, p, act, seed, 0, t, new GeometrySettings(4000, Tolerances.DEFAULT));
  }

  static TrainingSettings schedule(int samples, int batch, int epochs, double lr) {
    return new TrainingSettings("adam", samples, batch, epochs, lr, 0.9, 0.999, 1e-8, 600);
  }

  @Test
  void sameSeedSameRunBitForBit() {
    RunConfig c = config(3, 2, 4, 1.5, "abs_power", 42, schedule(1000, 100, 20, 0.01));
    RunResult a = Runs.run(c);
    RunResult b = Runs.run(c);
    assertEquals(Status.OK, a.status());
    assertArrayEquals(a.weights(), b.weights());
    assertEquals(a.training().finalLoss(), b.training().finalLoss());
    assertEquals(a.runId(), b.runId());
    RunResult other = Runs.run(config(3, 2, 4, 1.5, "abs_power", 43, schedule(1000, 100, 20, 0.01)));
    assertNotEquals(a.weights()[0], other.weights()[0]);
  }

  @Test
  void trainingReducesTheLossAndCountsStepsAndEpochs() {
    RunResult r = Runs.run(config(2, 1, 4, 1, "abs_power", 1, schedule(1000, 300, 50, 0.01)));
    TrainingOutcome t = r.training();
    assertEquals(StopReason.MAX_EPOCHS, t.stopReason());
    assertEquals(50, t.epochsRun());
    assertEquals(50 * 4, t.steps(), "4 batches per epoch: 300, 300, 300, 100");
    assertTrue(t.finalLoss() < t.initialLoss() / 5, t.initialLoss() + " -> " + t.finalLoss());
    assertEquals(1, t.lossCurveEpochs()[0]);
    assertEquals(50, t.lossCurveEpochs()[t.lossCurveEpochs().length - 1]);
    assertArrayEquals(new int[] {1, 2, 5, 10, 20, 50}, t.lossCurveEpochs());
  }

  @Test
  void pEqualsTwoFitsTheSphere() {
    // f = x^T W^T W x equals |x|^2 when W^T W = I: the sphere is reachable exactly.
    RunResult r = Runs.run(config(3, 1, 3, 2, "abs_power", 1, schedule(2000, 500, 400, 0.01)));
    assertEquals(Status.OK, r.status());
    assertTrue(r.shape().sphericityError() < 1e-3, "sphericity " + r.shape().sphericityError());
  }

  @Test
  void aHugeLearningRateDivergesAndIsReportedNotThrown() {
    RunResult overflow = Runs.run(config(3, 2, 4, 16, "abs_power", 3, schedule(1000, 100, 100, 10)));
    assertEquals(Status.DIVERGED, overflow.status());
    assertEquals(StopReason.DIVERGED, overflow.training().stopReason());
    assertNull(overflow.shape());
    assertNull(overflow.morse());
    assertNull(overflow.symmetry());
    assertNull(overflow.parameters());
    assertTrue(overflow.error().contains("NaN or infinite"), overflow.error());

    RunResult growth = Runs.run(config(3, 2, 4, 4, "abs_power", 3, schedule(1000, 100, 100, 10)));
    assertEquals(Status.DIVERGED, growth.status());
    assertEquals(StopReason.MAX_EPOCHS, growth.training().stopReason(), "finite all along");
    assertTrue(growth.error().startsWith("loss grew from"), growth.error());

    RunResult sane = Runs.run(config(3, 2, 4, 4, "abs_power", 3, schedule(1000, 100, 100, 1e-3)));
    assertEquals(Status.OK, sane.status());
  }

  @Test
  void aTrainedOctahedronIsCountedNamedAndCanonicalised() {
    // Three units of |t| in R^3 train to an orthogonal frame: the octahedron, O_h.
    RunResult r = Runs.run(config(3, 1, 3, 1, "abs_power", 2, schedule(2000, 200, 300, 0.01)));
    assertEquals(Status.OK, r.status());
    assertArrayEquals(new int[] {6, 12, 8}, r.morse().counts());
    assertEquals(Boolean.TRUE, r.morse().morseOk());
    assertEquals("O_h", r.symmetry().symmetryGroup());
    assertEquals(48, r.symmetry().symmetryOrder());
    assertEquals("octahedron", r.polytopeName());
    assertArrayEquals(new int[] {3}, r.parameters().effectiveUnits());
    assertTrue(r.geometrySeconds() < r.trainSeconds() + 5, "geometry " + r.geometrySeconds() + " s");
  }

  @Test
  void theTimeoutStopsTrainingAndKeepsTheGeometry() {
    RunConfig c = new RunConfig(3, 1, 8, 1.5, "abs_power", 5, 0,
        new TrainingSettings("adam", 10000, 100, 1_000_000, 1e-3, 0.9, 0.999, 1e-8, 0.5),
        new GeometrySettings(1000, Tolerances.DEFAULT));
    RunResult r = Runs.run(c);
    assertEquals(Status.TIMEOUT, r.status());
    assertEquals(StopReason.TIMEOUT, r.training().stopReason());
    assertTrue(r.training().epochsRun() < 1_000_000);
    assertNotNull(r.shape());
    assertTrue(r.trainSeconds() < 30, "stopped near the limit: " + r.trainSeconds());
  }

  @Test
  void anExceptionInsideTheRunBecomesAFailedResult() {
    // 10 million points in 64 dimensions need 5 GB: more than a test JVM's heap.
    RunConfig c = new RunConfig(64, 1, 2, 1, "abs_power", 5, 0,
        new TrainingSettings("adam", 10_000_000, 1000, 1, 1e-3, 0.9, 0.999, 1e-8, 60),
        new GeometrySettings(100, Tolerances.DEFAULT));
    RunResult r = Runs.run(c);
    assertEquals(Status.FAILED, r.status());
    assertTrue(r.error().contains("OutOfMemoryError"), r.error());
    assertNull(r.weights());
  }

  @Test
  void runIdsFollowTheCanonicalForm() {
    TrainingSettings t = schedule(1000, 100, 10, 0.01);
    RunConfig a = config(3, 1, 4, 1, "abs_power", 7, t);
    assertEquals(a.runId(), config(3, 1, 4, 1.0, "abs_power", 7, t).runId());
    assertTrue(a.runId().matches("[0-9a-f]{16}"));
    assertNotEquals(a.runId(), config(3, 1, 4, 1 + 1e-15, "abs_power", 7, t).runId());
    assertNotEquals(a.runId(), config(3, 1, 4, 1, "abs_power", 8, t).runId());
    assertNotEquals(a.runId(), config(3, 1, 4, 1, "abs_power", 7, schedule(1000, 100, 11, 0.01)).runId());
    // The timeout decides whether a run finishes, not what it computes.
    RunConfig longer = a.withTraining(new TrainingSettings("adam", 1000, 100, 10, 0.01, 0.9, 0.999, 1e-8, 9999));
    assertEquals(a.runId(), longer.runId());
    // relu ignores p
    assertEquals(config(3, 1, 4, 3, "relu", 7, t).runId(), config(3, 1, 4, 1, "relu", 7, t).runId());
    // The geometry settings decide how a network is measured, not which network it is: they
    // change the measure_id, never the run_id.
    GeometrySettings g = a.geometry();
    Tolerances tol = g.tolerances();
    Tolerances looser = new Tolerances(tol.merge(), tol.symmetry(), tol.sphere(), tol.unboundedRadius(), 1e-8);
    for (GeometrySettings other : List.of(g.withMaxCells(10), new GeometrySettings(g.directions(), looser, g.maxCells()),
        new GeometrySettings(g.directions(), new Tolerances(tol.merge(), 0.08, tol.sphere(), tol.unboundedRadius())))) {
      assertEquals(a.runId(), a.withGeometry(other).runId());
      assertNotEquals(g.measureId(), other.measureId());
      assertTrue(other.measureId().matches("[0-9a-f]{16}"));
    }
    assertEquals(g.measureId(), new GeometrySettings(g.directions(), tol, g.maxCells(), g.morsePoints()).measureId());
  }

  @Test
  void theConvergenceStopEndsTrainingEarlyAndEntersTheRunIdOnlyWhenOn() {
    TrainingSettings full = schedule(1000, 250, 3000, 0.01);
    TrainingSettings stopping = full.withPlateau(50, 1e-3);
    RunResult a = Runs.run(config(3, 1, 4, 1, "abs_power", 2, stopping));
    assertEquals(Status.OK, a.status());
    assertEquals(StopReason.PLATEAU, a.training().stopReason());
    assertTrue(a.training().epochsRun() < 3000, "epochs " + a.training().epochsRun());
    assertEquals(4L * a.training().epochsRun(), a.training().steps());
    RunResult again = Runs.run(config(3, 1, 4, 1, "abs_power", 2, stopping));
    assertArrayEquals(a.weights(), again.weights(), "the stop is deterministic too");
    // The full schedule's run passes through the same weights: stopping is truncation, nothing else.
    RunResult truncated = Runs.run(config(3, 1, 4, 1, "abs_power", 2, full.withEpochs(a.training().epochsRun())));
    assertArrayEquals(a.weights(), truncated.weights());

    RunConfig off = config(3, 1, 4, 1, "abs_power", 2, full);
    assertNotEquals(off.runId(), config(3, 1, 4, 1, "abs_power", 2, stopping).runId());
    assertEquals(off.runId(), config(3, 1, 4, 1, "abs_power", 2, full.withPlateau(0, 0.5)).runId(),
        "an inactive stop does not change the id");
    // Full-schedule runs keep the canonical form (and ids) they had before the stop existed.
    assertFalse(off.canonicalForm().contains("plateau"), off.canonicalForm());
    assertTrue(config(3, 1, 4, 1, "abs_power", 2, stopping).canonicalForm()
        .contains("|plateau_window=50|plateau_tolerance="));
  }

  @Test
  void derivedSeedsDependOnIndexAndArchitectureOnly() {
    long s0 = RunConfig.deriveSeed(0, 0, 3, 1, 4);
    assertEquals(s0, RunConfig.deriveSeed(0, 0, 3, 1, 4));
    assertNotEquals(s0, RunConfig.deriveSeed(0, 1, 3, 1, 4));
    assertNotEquals(s0, RunConfig.deriveSeed(1, 0, 3, 1, 4));
    assertNotEquals(s0, RunConfig.deriveSeed(0, 0, 3, 1, 6));
    assertTrue(s0 >= 0);
  }

  @Test
  void piecewiseLinearRunsGetExactFacesAndSmoothOnesDoNot() {
    RunResult octa = Runs.run(config(3, 1, 3, 1, "abs_power", 2, schedule(1000, 100, 20, 0.01)));
    assertEquals(Status.OK, octa.status());
    assertArrayEquals(new int[] {6, 12, 8}, octa.faces().fVector(), "three generic planes: an octahedron");
    assertTrue(octa.geometrySeconds() > 0);
    RunResult relu = Runs.run(config(2, 2, 6, 1, "relu", 2, schedule(1000, 100, 20, 0.01)));
    assertNotNull(relu.faces(), relu.error());
    assertEquals(relu.status() == Status.OK, relu.faces().outcome() == org.neuralpolytopes.geometry.PolytopeFaces.Outcome.COMPLETE);
    RunResult smooth = Runs.run(config(3, 1, 3, 1.5, "abs_power", 2, schedule(1000, 100, 20, 0.01)));
    assertEquals(Status.OK, smooth.status());
    assertNull(smooth.faces());
  }

  @Test
  void moreCellsThanTheCapGiveGeometryLimitWithPartialCounts() {
    RunConfig c = config(3, 3, 8, 1, "abs_power", 4, schedule(1000, 100, 5, 0.01));
    RunResult r = Runs.run(c.withGeometry(c.geometry().withMaxCells(10)));
    assertEquals(Status.GEOMETRY_LIMIT, r.status(), r.error());
    assertTrue(r.error().contains("max_cells = 10"), r.error());
    assertEquals(10, r.faces().activationCells());
    assertNull(r.faces().fVector());
    assertNotNull(r.shape(), "shape statistics kept");
    assertNotNull(r.training());
    RunResult full = Runs.run(c);
    assertEquals(Status.OK, full.status(), full.error());
    assertTrue(full.faces().activationCells() > 10);
    assertArrayEquals(r.weights(), full.weights(), "the cap changes the geometry only");
  }

  @Test
  void initialBodiesAreBoundedAndOfUnitSize() {
    for (String act : new String[] {"abs_power", "relu"}) {
      for (int layers = 1; layers <= 3; layers++) {
        RunResult r = Runs.run(config(3, layers, 6, 1, act, layers, schedule(500, 500, 1, 1e-9)));
        assertEquals(Status.OK, r.status(), act + " L=" + layers + ": " + r.error());
        assertTrue(r.shape().radiusMax() < 1e3, act + " L=" + layers);
        assertTrue(r.shape().radiusMean() > 0.3 && r.shape().radiusMean() < 3,
            act + " L=" + layers + " mean radius " + r.shape().radiusMean());
      }
    }
  }

  /**
   * A measurement that throws (an error outside BodyMeasurement's own stages, as an era run with
   * unbounded_radius <= 1 once threw from LevelSetRay and stopped every sweep that held it) leaves
   * a row: the training kept to the bit, status FAILED, the error naming measuring, and the same
   * for the errors (StackOverflowError, OutOfMemoryError) a sweep must survive.
   */
  @Test
  void aMeasurementThatThrowsLeavesAFailedRowWithTheTraining() {
    RunConfig c = config(3, 1, 4, 1, "abs_power", 7, schedule(500, 100, 5, 0.01));
    RunResult ok = Runs.run(c);
    assertEquals(Status.OK, ok.status(), ok.error());
    List<Throwable> failures = List.of(new IllegalStateException("no vertex left"), new StackOverflowError(),
        new OutOfMemoryError("Java heap space"));
    for (Throwable t : failures) {
      RunResult r = Runs.run(c, "spec", (net, settings, deadline) -> {
        if (t instanceof RuntimeException e) {
          throw e;
        }
        throw (Error) t;
      });
      assertEquals(Status.FAILED, r.status(), t.toString());
      assertEquals(Status.OK, r.trainStatus());
      assertTrue(r.error().startsWith("measure: "), r.error());
      assertTrue(r.error().contains(t.getClass().getSimpleName()) || (t.getMessage() != null
          && r.error().contains(t.getMessage())), r.error());
      assertArrayEquals(ok.weights(), r.weights());
      assertEquals(ok.training().finalLoss(), r.training().finalLoss());
      assertEquals(org.neuralpolytopes.measure.MeasureStatus.FAILED, r.measurement().status());
      assertNull(r.measurement().shape());
    }
    // a cancelled task (Spark killing it) is not a row: it propagates
    java.util.concurrent.CancellationException cancel = new java.util.concurrent.CancellationException("killed");
    assertThrows(java.util.concurrent.CancellationException.class, () -> Runs.run(c, "spec", (net, s, d) -> {
      throw cancel;
    }));
  }
}
