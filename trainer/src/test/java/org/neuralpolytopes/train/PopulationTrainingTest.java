package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;

/** Training on the population loss: Sobol points, fresh points every epoch, learning-rate schedules. */
class PopulationTrainingTest {

  static TrainingSettings schedule() {
    return new TrainingSettings("adam", 500, 100, 20, 0.01, 0.9, 0.999, 1e-8, 60);
  }

  /** The largest deviation of the point set's second moments from those of the sphere, I/d. */
  static double momentError(double[] pts, int d) {
    int n = pts.length / d;
    double worst = 0;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += pts[i * d + a] * pts[i * d + b];
        }
        worst = Math.max(worst, Math.abs(s / n - (a == b ? 1.0 / d : 0)));
      }
    }
    return worst;
  }

  @Test
  void sobolPointsLieOnTheSphereAndMatchItsMomentsBetterThanRandomOnes() {
    for (int d : new int[] {2, 3, 5}) {
      TrainingSettings sobol = schedule().withSampling("sobol", "never", "constant");
      double[] s = TrainingPoints.of(sobol, d, new SplittableRandom(1)).next();
      double[] r = TrainingPoints.of(schedule(), d, new SplittableRandom(1)).next();
      for (int i = 0; i < s.length / d; i++) {
        double n2 = 0;
        for (int k = 0; k < d; k++) {
          n2 += s[i * d + k] * s[i * d + k];
        }
        assertEquals(1, n2, 1e-12);
      }
      assertTrue(momentError(s, d) < momentError(r, d) / 3,
          "d = " + d + ": sobol " + momentError(s, d) + ", random " + momentError(r, d));
    }
  }

  @Test
  void resamplingIsDeterministicStartsFromTheSamePointsAndTrainsOnOthers() {
    RunConfig fixed = new RunConfig(3, 1, 3, 4, "abs_power", 5, 0, schedule(), new GeometrySettings(500, Tolerances.DEFAULT));
    RunConfig fresh = fixed.withTraining(schedule().withSampling("random", "epoch", "constant"));
    RunResult a = Runs.run(fresh);
    RunResult b = Runs.run(fresh);
    RunResult f = Runs.run(fixed);
    assertEquals(Status.OK, a.status(), a.error());
    assertArrayEquals(a.weights(), b.weights(), "the same seed gives the same run");
    assertEquals(f.training().initialLoss(), a.training().initialLoss(), "the same first set and initial weights");
    assertFalse(java.util.Arrays.equals(a.weights(), f.weights()), "later epochs train on other points");
    assertNotEquals(fixed.runId(), fresh.runId());
    assertFalse(fixed.canonicalForm().contains("resample"), "defaults keep the run ids of before these options");
    assertTrue(fresh.canonicalForm().contains("|resample=epoch"));
  }

  @Test
  void schedulesScaleTheLearningRateAndOnlyAdamTakesThem() {
    assertEquals(1, LearningRateSchedule.factor("cosine", 0, 100));
    assertEquals(0.5, LearningRateSchedule.factor("cosine", 50, 100), 1e-15);
    assertEquals(1, LearningRateSchedule.factor("step", 49, 100));
    assertEquals(0.1, LearningRateSchedule.factor("step", 50, 100));
    assertEquals(0.01, LearningRateSchedule.factor("step", 75, 100));
    assertEquals(1, LearningRateSchedule.factor("constant", 99, 100));
    RunConfig constant = new RunConfig(3, 1, 3, 4, "abs_power", 5, 0, schedule(), new GeometrySettings(500, Tolerances.DEFAULT));
    RunResult cosine = Runs.run(constant.withTraining(schedule().withSampling("random", "never", "cosine")));
    assertEquals(Status.OK, cosine.status(), cosine.error());
    assertFalse(java.util.Arrays.equals(Runs.run(constant).weights(), cosine.weights()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> schedule().withOptimizer("lbfgs").withSampling("random", "epoch", "constant"));
    assertTrue(e.getMessage().contains("resample: epoch needs a stochastic optimiser"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> schedule().withSampling("halton", "never", "constant"));
  }
}
