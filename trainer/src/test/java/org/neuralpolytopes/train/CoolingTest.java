package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Cooling: the rebalancing leaves f unchanged to rounding, the temperature multiplies f by tau,
 * the final scale folds into the first layer without changing f, tau is the loss-optimal scale, and
 * a run with Cooling trains.
 */
class CoolingTest {

  private static double[] weights(Architecture arch, long seed, double spread) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[arch.weightCount()];
    for (int l = 0; l < arch.layers(); l++) {
      // layers of very different sizes, so that rebalancing has something to do
      double scale = Math.pow(spread, l) / Math.sqrt(arch.fanIn(l));
      for (int i = 0; i < arch.units() * arch.fanIn(l); i++) {
        w[arch.layerOffset(l) + i] = scale * rng.nextGaussian();
      }
    }
    return w;
  }

  private static double rms(Architecture arch, double[] w, int l) {
    double s = 0;
    for (int i = 0; i < arch.units() * arch.fanIn(l); i++) {
      s += w[arch.layerOffset(l) + i] * w[arch.layerOffset(l) + i];
    }
    return Math.sqrt(s / arch.units());
  }

  @ParameterizedTest(name = "d={0} L={1} n={2} {3} p={4}")
  @CsvSource({
      "3, 2, 4, abs_power, 4",
      "3, 3, 5, abs_power, 1.5",
      "3, 2, 6, relu, 1",
      "3, 1, 4, abs_power, 1",
      "5, 3, 16, abs_power, 1"})
  void rebalancingLeavesTheFunctionUnchangedAndTheTemperatureScalesIt(int d, int layers, int units, String act,
      double p) {
    Architecture arch = new Architecture(d, layers, units, Activations.of(act, p));
    double[] w = weights(arch, 7, 3.0);
    double[] points = SphereSampler.sample(new SplittableRandom(2), 200, d);
    Cooling cooling = new Cooling(arch, new CoolingSettings(10, 200, true), points);
    Network before = new Network(arch, w.clone());
    double[] balanced = w.clone();
    cooling.rebalance(balanced);
    Network after = new Network(arch, balanced.clone());
    double[] x = new double[d];
    for (int i = 0; i < 200; i++) {
      System.arraycopy(points, i * d, x, 0, d);
      double f = before.value(x);
      assertEquals(f, after.value(x), 1e-12 * Math.abs(f), "f unchanged by the rebalancing");
    }
    for (int l = 1; l < layers; l++) {
      assertEquals(rms(arch, balanced, 0), rms(arch, balanced, l), 1e-12 * rms(arch, balanced, 0),
          "equal row norms, layer " + l);
    }
    if (layers > 1) {
      assertNotEquals(rms(arch, w, 0), rms(arch, w, layers - 1), 1e-3, "the layers were not balanced before");
    }
    double tau = 0.37;
    double[] cooled = balanced.clone();
    cooling.distribute(cooled, tau);
    Network hotter = new Network(arch, cooled);
    for (int i = 0; i < 200; i++) {
      System.arraycopy(points, i * d, x, 0, d);
      double f = after.value(x);
      assertEquals(tau * f, hotter.value(x), 1e-12 * Math.abs(f), "f times tau");
    }
  }

  @Test
  void theTemperatureIsTheLossOptimalScaleAndTheFinalScaleFoldsIntoTheWeights() {
    Architecture arch = new Architecture(3, 2, 4, Activations.of("abs_power", 2.5));
    double[] w = weights(arch, 3, 1.0);
    SplittableRandom rng = new SplittableRandom(4);
    double[] holdout = SphereSampler.sample(rng, 1500, 3);
    Cooling cooling = new Cooling(arch, new CoolingSettings(10, 1500, false), holdout);
    Network net = new Network(arch, w);
    double s1 = 0;
    double s2 = 0;
    double[] x = new double[3];
    for (int i = 0; i < 1500; i++) {
      System.arraycopy(holdout, i * 3, x, 0, 3);
      double f = net.value(x);
      s1 += f;
      s2 += f * f;
    }
    double tau = s1 / s2;
    double[] points = SphereSampler.sample(rng, 500, 3);
    TrainingProblem problem = new TrainingProblem(arch, points, 100, rng);
    problem.setCooling(cooling);
    double lossBefore = problem.fullLoss(w);
    assertEquals(tau, cooling.step(problem, w), 1e-12 * tau, "tau = mean(f) / mean(f^2) on the held-out points");
    assertEquals(tau, problem.outputScale(), 1e-12 * tau, "kept as the final scale");
    double lossScaled = problem.fullLoss(w);
    assertTrue(lossScaled <= lossBefore, "the loss-optimal scale does not raise the loss: " + lossBefore + " -> "
        + lossScaled);
    cooling.finish(problem, w);
    assertEquals(1.0, problem.outputScale());
    assertEquals(lossScaled, problem.fullLoss(w), 1e-12, "folding the scale into the first layer keeps f");
    Network folded = new Network(arch, w);
    for (int i = 0; i < 50; i++) {
      System.arraycopy(points, i * 3, x, 0, 3);
      assertEquals(tau * net.value(x), folded.value(x), 1e-12 * Math.abs(net.value(x)));
    }
  }

  private static RunConfig config(String act, TrainingSettings ts) {
    return new RunConfig(3, 2, 4, 1, act, 5, 0, ts, new GeometrySettings(500, Tolerances.DEFAULT));
  }

  @Test
  void coolingIsPartOfTheIdentityOnlyWhenOnAndRefusesWhatItCannotDo() {
    TrainingSettings off = TrainingSettings.DEFAULT.withEpochs(40);
    TrainingSettings on = off.withCooling(new CoolingSettings(10, 500, true));
    RunConfig plain = config("abs_power", off);
    assertTrue(!plain.canonicalForm().contains("cooling"), "off: the canonical form is that of before");
    assertNotEquals(plain.runId(), config("abs_power", on).runId());
    assertNotEquals(config("abs_power", on).runId(),
        config("abs_power", off.withCooling(new CoolingSettings(10, 500, false))).runId());
    assertThrows(IllegalArgumentException.class, () -> config("era", on), "rational activations are refused");
    assertThrows(IllegalArgumentException.class, () -> on.withOptimizer("lbfgs"), "adam only");
    assertThrows(IllegalArgumentException.class, () -> new CoolingSettings(0, 10, true), "every >= 1");
  }

  @Test
  void aRunWithCoolingTrainsAndEndsWithThePlainOutput() {
    for (boolean redistribute : new boolean[] {true, false}) {
      TrainingSettings ts = new TrainingSettings("adam", 2000, 200, 60, 1e-2, 0.9, 0.999, 1e-8, 600, 0, 0)
          .withCooling(new CoolingSettings(15, 500, redistribute));
      Runs.Start start = Runs.start(config("abs_power", ts));
      double[] w = start.weights();
      TrainingOutcome out = Optimizers.create(ts).minimise(start.problem(), w, System.nanoTime() + (long) 6e11);
      assertEquals(StopReason.MAX_EPOCHS, out.stopReason());
      assertTrue(out.finalLoss() < out.initialLoss(), out.initialLoss() + " -> " + out.finalLoss());
      assertEquals(3, start.problem().cooling().steps(), "steps after epochs 15, 30, 45");
      assertEquals(1.0, start.problem().outputScale(), "the final scale is folded in");
      assertEquals(out.finalLoss(), start.problem().fullLoss(w), 0.0, "the stored weights are the trained function");
    }
  }
}
