package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;

/** Full-batch L-BFGS through the trainer's one entry point. */
class LbfgsTest {

  static RunConfig config(int d, int layers, int units, double p, long seed, TrainingSettings t) {
    return new RunConfig(d, layers, units, p, "abs_power", seed, 0, t, new GeometrySettings(4000, Tolerances.DEFAULT));
  }

  static TrainingSettings lbfgs(int samples, int passes, int window, double tolerance) {
    return new TrainingSettings("lbfgs", samples, samples, passes, 1e-3, 0.9, 0.999, 1e-8, 600, window, tolerance);
  }

  @Test
  void itFitsTheSphereWithPEqualsTwoToMachinePrecision() {
    // f = |W x|^2 = x'W'Wx equals |x|^2 for W'W = I: a smooth problem whose minimum loss is 0.
    RunResult r = Runs.run(config(3, 1, 3, 2, 1, lbfgs(2000, 400, 0, 0)));
    assertEquals(Status.OK, r.status(), r.error());
    TrainingOutcome t = r.training();
    assertTrue(t.finalLoss() < 1e-20, "final loss " + t.finalLoss());
    assertTrue(r.shape().sphericityError() < 1e-9, "sphericity " + r.shape().sphericityError());
    assertTrue(t.stopReason() == StopReason.PLATEAU, "stops when no step helps: " + t.stopReason());
    assertTrue(t.epochsRun() >= t.steps(), "every iteration takes at least one pass");
  }

  @Test
  void itTrainsAPolytopeNetworkDeterministicallyWithinItsPassBudget() {
    RunConfig c = config(3, 1, 4, 1, 5, lbfgs(1000, 300, 0, 0));
    RunResult a = Runs.run(c);
    RunResult b = Runs.run(c);
    assertEquals(Status.OK, a.status(), a.error());
    TrainingOutcome t = a.training();
    assertTrue(t.finalLoss() < t.initialLoss() / 5, t.initialLoss() + " -> " + t.finalLoss());
    assertTrue(t.epochsRun() <= 300, "passes " + t.epochsRun());
    assertTrue(t.steps() > 10, "iterations " + t.steps());
    assertArrayEquals(a.weights(), b.weights(), 0.0);
    assertEquals("lbfgs", Optimizers.create(c.training()).name());
    int[] epochs = t.lossCurveEpochs();
    for (int i = 1; i < epochs.length; i++) {
      assertTrue(epochs[i] > epochs[i - 1]);
      assertTrue(t.lossCurve()[i] <= t.lossCurve()[i - 1], "full-batch L-BFGS never increases the loss");
    }
  }

  @Test
  void thePlateauRuleStopsItToo() {
    RunResult r = Runs.run(config(3, 1, 4, 1, 5, lbfgs(1000, 5000, 20, 1e-3)));
    assertEquals(StopReason.PLATEAU, r.training().stopReason());
    assertTrue(r.training().epochsRun() < 5000);
  }
}
