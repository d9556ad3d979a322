package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.measure.MeasureStatus;

/** How a run's status is combined from training and measuring, and where training starts. */
class RunStatusTest {

  @ParameterizedTest
  @CsvSource({
      "OK, OK, OK",
      "OK, GEOMETRY_LIMIT, GEOMETRY_LIMIT",
      "OK, TIMEOUT, TIMEOUT",
      "OK, UNBOUNDED, UNBOUNDED",
      "OK, FAILED, FAILED",
      "TIMEOUT, OK, TIMEOUT",
      "TIMEOUT, TIMEOUT, TIMEOUT",
      "TIMEOUT, UNBOUNDED, TIMEOUT",
      "TIMEOUT, FAILED, FAILED",
      "NO_FIT, OK, NO_FIT",
      "NO_FIT, TIMEOUT, NO_FIT",
      "NO_FIT, GEOMETRY_LIMIT, NO_FIT",
      "NO_FIT, UNBOUNDED, UNBOUNDED",
      "DIVERGED, SKIPPED, DIVERGED",
      "FAILED, SKIPPED, FAILED"})
  void theMostSevereOfTrainingAndMeasuringWins(Status train, MeasureStatus measure, Status expected) {
    Status.WithError s = Status.combine(train, train == Status.OK ? null : "t", measure,
        measure == MeasureStatus.OK ? null : "m");
    assertEquals(expected, s.status());
    if (train != Status.OK && train != Status.DIVERGED && train != Status.FAILED && measure != MeasureStatus.OK
        && measure != MeasureStatus.SKIPPED) {
      assertEquals("t; m", s.error(), "both stages' messages");
    }
  }

  @Test
  void aFitThatDoesNotBeatTheZeroFunctionIsNoFit() {
    TrainingSettings ts = TrainingSettings.DEFAULT;
    TrainingOutcome flat = new TrainingOutcome(StopReason.PLATEAU, 1.0, 1.0, 10, 100, new int[0], new double[0]);
    assertEquals(Status.NO_FIT, Runs.trainStatus(flat, ts).status());
    TrainingOutcome better = new TrainingOutcome(StopReason.PLATEAU, 1.0, 0.99, 10, 100, new int[0], new double[0]);
    assertEquals(Status.OK, Runs.trainStatus(better, ts).status());
    // an output numerically zero on the sphere (the last layer's |t|^p underflowed): 1 - 1.3e-15
    TrainingOutcome zero = new TrainingOutcome(StopReason.PLATEAU, 0.5, 0.9999999999999987, 10, 100, new int[0],
        new double[0]);
    Status.WithError z = Runs.trainStatus(zero, ts);
    assertEquals(Status.NO_FIT, z.status());
    assertTrue(z.error().startsWith("final loss 0.9999999999999987 is not below 1 - 1e-9"), z.error());
    TrainingOutcome barely = new TrainingOutcome(StopReason.PLATEAU, 1.0, 1 - 1e-6, 10, 100, new int[0], new double[0]);
    assertEquals(Status.OK, Runs.trainStatus(barely, ts).status(), "a large p's optimal frame ends near 1 - 2/p^L");
    TrainingOutcome grew = new TrainingOutcome(StopReason.MAX_EPOCHS, 0.5, 1.5, 10, 100, new int[0], new double[0]);
    assertEquals(Status.DIVERGED, Runs.trainStatus(grew, ts).status());
  }

  /**
   * The initial output scale is loss-optimal, so every run starts at a loss of at most 1 (that of
   * f = 0), for every exponent up to 64 and depth; the paper grid's shapes.
   */
  @ParameterizedTest
  @CsvSource({"2, 1, 2", "3, 1, 3", "3, 1, 4", "3, 1, 6", "3, 2, 4", "3, 2, 8", "5, 3, 16"})
  void everyRunStartsAtALossOfAtMostOne(int d, int layers, int units) {
    TrainingSettings ts = new TrainingSettings("adam", 2000, 100, 1, 1e-3, 0.9, 0.999, 1e-8, 60);
    for (double p : new double[] {0.5, 1, 4.0 / 3, 2, 4, 16, 64}) {
      RunConfig c = new RunConfig(d, layers, units, p, "abs_power", 11, 0, ts, new GeometrySettings(100, Tolerances.DEFAULT));
      Runs.Start s = Runs.start(c);
      double loss = s.problem().fullLoss(s.weights());
      assertTrue(loss <= 1 + 1e-12, "(" + d + ", " + layers + ", " + units + ", " + p + ") starts at loss " + loss);
    }
  }
}
