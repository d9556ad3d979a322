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

  @Test
  void aRunThatKeepsLessThanAHundredthOfItsBestFitIsNoFit() {
    TrainingSettings ts = TrainingSettings.DEFAULT;
    int[] e = new int[0];
    double[] c = new double[0];
    // the atlas's (3, 2, 8, 11.3) seed 0: from 0.9825 down to 0.9647 at some epoch, then 1 - 2.4e-7
    TrainingOutcome collapsed = new TrainingOutcome(StopReason.MAX_EPOCHS, 0.9825, 0.9999997580255932, 600, 6000, e,
        c, 0.9646706971688698, 50);
    Status.WithError s = Runs.trainStatus(collapsed, ts);
    assertEquals(Status.NO_FIT, s.status());
    assertEquals("final loss 0.9999997580255932 keeps 0.00068% of the fit the run had (1 - loss; its lowest epoch"
        + " loss, 0.9647 at epoch 50): the output collapsed towards zero (1 is the loss of f = 0)", s.error());
    // its seed 2 ended at 0.996: 11% of its best fit, a poor fit but not a collapse
    TrainingOutcome poor = new TrainingOutcome(StopReason.MAX_EPOCHS, 0.9881, 0.9959754209415235, 600, 6000, e, c,
        0.9701309359290209, 300);
    assertEquals(Status.OK, Runs.trainStatus(poor, ts).status());
    // measured against the initial loss when no epoch did better
    TrainingOutcome fromStart = new TrainingOutcome(StopReason.MAX_EPOCHS, 0.5, 0.996, 600, 6000, e, c, 0.7, 1);
    Status.WithError f = Runs.trainStatus(fromStart, ts);
    assertEquals(Status.NO_FIT, f.status());
    assertTrue(f.error().contains("0.80% of the fit the run had (1 - loss; its initial loss, 0.5000)"), f.error());
    // just above the fraction: OK; a good fit's noise is far from it
    TrainingOutcome above = new TrainingOutcome(StopReason.PLATEAU, 0.9, 1 - 0.0012, 600, 6000, e, c, 0.89, 10);
    assertEquals(Status.OK, Runs.trainStatus(above, ts).status());
    TrainingOutcome below = new TrainingOutcome(StopReason.PLATEAU, 0.9, 1 - 0.001, 600, 6000, e, c, 0.89, 10);
    assertEquals(Status.NO_FIT, Runs.trainStatus(below, ts).status());
    TrainingOutcome good = new TrainingOutcome(StopReason.PLATEAU, 0.3, 0.02, 600, 6000, e, c, 0.001, 400);
    assertEquals(Status.OK, Runs.trainStatus(good, ts).status());
    // a closed form has no epochs (best NaN): only its initial loss counts
    TrainingOutcome closed = new TrainingOutcome(StopReason.CLOSED_FORM, 0.4, 0.01, 0, 1, e, c);
    assertEquals(Status.OK, Runs.trainStatus(closed, ts).status());
  }

  /**
   * End to end on the atlas's run that showed it: (3, 2, 8, 11.3) with the atlas's training settings
   * and its seed ends with its output collapsed (a loss of 1 - 2.4e-7 after epoch losses of 0.965)
   * and is NO_FIT; the lowest epoch loss is what Adam tracked.
   */
  @Test
  void aTrainedDeepNetAtALargePWhoseOutputCollapsedIsNoFit() {
    TrainingSettings ts = new TrainingSettings("adam", 1000, 100, 600, 0.005, 0.9, 0.999, 1e-8, 120, 500, 1e-3);
    RunConfig c = new RunConfig(3, 2, 8, 11.313708499, "abs_power", 5637201929952400918L, 0, ts,
        new GeometrySettings(100, Tolerances.DEFAULT));
    Runs.Start start = Runs.start(c);
    double[] w = start.weights();
    TrainingOutcome out = Optimizers.create(ts).minimise(start.problem(), w, System.nanoTime() + (long) 6e11);
    assertTrue(out.finalLoss() > 1 - 1e-5 && out.finalLoss() < 1 - 1e-9, "final loss " + out.finalLoss());
    assertTrue(out.bestLoss() < 0.97 && out.bestEpoch() >= 1, "best " + out.bestLoss() + " at " + out.bestEpoch());
    double curveMin = java.util.Arrays.stream(out.lossCurve()).min().orElseThrow();
    assertTrue(out.bestLoss() <= curveMin, "the best of every epoch is at most the curve's marks");
    Status.WithError s = Runs.trainStatus(out, ts);
    assertEquals(Status.NO_FIT, s.status(), s.error());
    assertTrue(s.error().contains("collapsed towards zero"), s.error());
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
