package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.neuralpolytopes.schema.JsonRows;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Cooling: the rebalancing leaves f unchanged to rounding, the temperature multiplies f by tau,
 * the final scale folds into the first layer without changing f, tau is the loss-optimal scale, a
 * run with Cooling trains, and its row records the steps and their temperatures.
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

  @Test
  void aRunRecordsItsCoolingStepsAndTemperatures() throws Exception {
    int every = 10;
    int epochs = 45;
    for (boolean redistribute : new boolean[] {true, false}) {
      TrainingSettings plain = new TrainingSettings("adam", 1000, 100, epochs, 1e-2, 0.9, 0.999, 1e-8, 600, 0, 0);
      TrainingSettings ts = plain.withCooling(new CoolingSettings(every, 300, redistribute));
      RunConfig c = new RunConfig(2, 2, 3, 1, "abs_power", 5, 0, ts, new GeometrySettings(200, Tolerances.DEFAULT));
      RunResult r = Runs.run(c);
      assertEquals(Status.OK, r.trainStatus(), r.trainError());
      Object[] row = RunsTable.row(r);
      double[] taus = (double[]) RunsTable.value(row, RunsTable.COOLING_TEMPERATURES);
      // due after epochs 10, 20, 30, 40 (not after the last): (epochs - 1) / every of them
      int due = (epochs - 1) / every;
      assertEquals(4, due);
      assertEquals(due, taus.length, "a temperature per step");
      for (double tau : taus) {
        assertTrue(tau > 0 && Double.isFinite(tau), "tau " + tau);
      }
      assertEquals(due, RunsTable.value(row, RunsTable.COOLING_STEPS), "every step changed the network");

      // the same run again: the temperatures are those its Cooling computed, the last its lastTemperature
      Runs.Start start = Runs.start(c);
      Optimizers.create(ts).minimise(start.problem(), start.weights(), System.nanoTime() + (long) 6e11);
      Cooling cooling = start.problem().cooling();
      assertArrayEquals(cooling.temperatures(), taus, 0.0);
      assertEquals(cooling.lastTemperature(), taus[due - 1], 0.0);
      assertEquals(cooling.steps(), RunsTable.value(row, RunsTable.COOLING_STEPS));

      // the first tau recomputed independently: the run without Cooling for `every` epochs (the
      // same points, start and shuffles), then mean(f) / mean(f^2) on the held-out points (the
      // fourth split of the seed's stream, Runs.start)
      Runs.Start before = Runs.start(new RunConfig(2, 2, 3, 1, "abs_power", 5, 0, plain.withEpochs(every),
          c.geometry()));
      Optimizers.create(plain.withEpochs(every)).minimise(before.problem(), before.weights(), Long.MAX_VALUE / 4);
      SplittableRandom root = new SplittableRandom(5);
      root.split();
      root.split();
      root.split();
      double[] holdout = SphereSampler.sample(root.split(), 300, 2);
      Network net = new Network(c.architecture(), before.weights());
      double s1 = 0;
      double s2 = 0;
      for (int i = 0; i < 300; i++) {
        double f = net.value(new double[] {holdout[2 * i], holdout[2 * i + 1]});
        s1 += f;
        s2 += f * f;
      }
      assertEquals(s1 / s2, taus[0], 1e-12 * taus[0], "the first tau, recomputed");

      // the identity hashes the configuration, not what Cooling did; the row reads back as it
      assertEquals(c.runId(), r.runId());
      assertEquals(c.runId(), row[0]);
      assertEquals(c, RunsTable.config(row, c.geometry()));
      // re-measuring keeps them
      Object[] again = RunsTable.remeasured(row, r.measurement());
      assertArrayEquals(taus, (double[]) RunsTable.value(again, RunsTable.COOLING_TEMPERATURES), 0.0);
      assertEquals(due, RunsTable.value(again, RunsTable.COOLING_STEPS));
      // and the train command's JSON prints them
      com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(JsonRows.toJson(RunsTable.SCHEMA, r));
      assertEquals(due, json.get(RunsTable.COOLING_STEPS).asInt());
      assertEquals(due, json.get(RunsTable.COOLING_TEMPERATURES).size());
      assertEquals(taus[0], json.get(RunsTable.COOLING_TEMPERATURES).get(0).asDouble(), 0.0);

      // without Cooling: null
      Object[] none = RunsTable.row(Runs.run(new RunConfig(2, 2, 3, 1, "abs_power", 5, 0, plain, c.geometry())));
      assertNull(RunsTable.value(none, RunsTable.COOLING_STEPS));
      assertNull(RunsTable.value(none, RunsTable.COOLING_TEMPERATURES));
    }
  }

  @Test
  void aStepThatDoesNothingIsRecordedWithItsTemperature() throws Exception {
    Architecture arch = new Architecture(3, 2, 4, Activations.of("abs_power", 1));
    double[] holdout = SphereSampler.sample(new SplittableRandom(1), 100, 3);
    Cooling cooling = new Cooling(arch, new CoolingSettings(10, 100, true), holdout);
    SplittableRandom rng = new SplittableRandom(2);
    TrainingProblem problem = new TrainingProblem(arch, SphereSampler.sample(rng, 100, 3), 50, rng);
    double[] zero = new double[arch.weightCount()];
    assertTrue(Double.isNaN(cooling.step(problem, zero)), "f = 0: tau = 0 / 0");
    double[] w = weights(arch, 3, 1.0);
    double tau = cooling.step(problem, w);
    assertEquals(1, cooling.steps(), "the NaN step did nothing");
    assertEquals(2, cooling.temperatures().length);
    assertTrue(Double.isNaN(cooling.temperatures()[0]));
    assertEquals(tau, cooling.temperatures()[1], 0.0);

    // the row keeps the NaN (Parquet holds it); the train command's JSON writes it as null
    TrainingOutcome out = new TrainingOutcome(StopReason.MAX_EPOCHS, 0.5, 0.4, 30, 60, new int[] {1}, new double[] {0.5},
        0.4, 30, cooling.steps(), cooling.temperatures());
    RunConfig c = new RunConfig(3, 2, 4, 1, "abs_power", 1, 0, TrainingSettings.DEFAULT.withEpochs(30)
        .withCooling(new CoolingSettings(10, 100, true)), new GeometrySettings(200, Tolerances.DEFAULT));
    RunResult r = new RunResult(c, c.runId(), "train", Status.OK, null, Status.OK, null, out, w, 1, null, null, null,
        null);
    double[] stored = (double[]) RunsTable.value(RunsTable.row(r), RunsTable.COOLING_TEMPERATURES);
    assertTrue(Double.isNaN(stored[0]));
    assertEquals(1, RunsTable.value(RunsTable.row(r), RunsTable.COOLING_STEPS));
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(JsonRows.toJson(RunsTable.SCHEMA, r));
    assertTrue(json.get(RunsTable.COOLING_TEMPERATURES).get(0).isNull());
    assertEquals(tau, json.get(RunsTable.COOLING_TEMPERATURES).get(1).asDouble(), 0.0);
  }

  @Test
  void aRunStoppedBeforeItsFirstStepRecordsNoTemperatures() {
    TrainingSettings ts = new TrainingSettings("adam", 500, 100, 20, 1e-2, 0.9, 0.999, 1e-8, 600, 0, 0)
        .withCooling(new CoolingSettings(1, 100, true));
    Runs.Start start = Runs.start(config("abs_power", ts));
    // the deadline has passed: one epoch, then TIMEOUT before its cooling step
    TrainingOutcome out = Optimizers.create(ts).minimise(start.problem(), start.weights(), System.nanoTime());
    assertEquals(StopReason.TIMEOUT, out.stopReason());
    assertEquals(0, out.coolingSteps());
    assertArrayEquals(new double[0], out.coolingTemperatures(), "none taken: empty, not null (null means no Cooling)");
  }
}
