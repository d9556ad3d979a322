package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.TrainingSettings;

class CostModelTest {

  static RunConfig config(int d, int layers, int units, double p) {
    return new RunConfig(d, layers, units, p, "abs_power", 1, 0, TrainingSettings.PAPER, GeometrySettings.DEFAULT);
  }

  static RunJob job(RunConfig c) {
    return new TrainJob(c, "t");
  }

  @Test
  void biggerNetworksAndLongerSchedulesCostMoreBeforeAnythingIsObserved() {
    CostModel m = new CostModel();
    assertTrue(m.seconds(config(5, 3, 16, 1)) > m.seconds(config(3, 2, 8, 1)));
    assertTrue(m.seconds(config(3, 2, 8, 1)) > m.seconds(config(3, 1, 4, 1)));
    RunConfig shorter = config(3, 1, 4, 1).withTraining(TrainingSettings.PAPER.withEpochs(100));
    assertTrue(m.seconds(config(3, 1, 4, 1)) > 50 * m.seconds(shorter));
    assertTrue(m.seconds(config(3, 1, 4, 2.7)) > m.seconds(config(3, 1, 4, 1)), "the log-exp kernel costs more");
    assertEquals("adam/integer/full", CostModel.kind(config(3, 1, 4, 1)));
    assertEquals("adam/half/plateau", CostModel.kind(config(3, 1, 4, 1.5).withTraining(TrainingSettings.DEFAULT)));
    assertEquals("adam/pow/full", CostModel.kind(config(3, 1, 4, 0.3)));
  }

  @Test
  void observedTimingsRefitEachKindAndReorderTheRest() {
    CostModel m = new CostModel();
    RunConfig cheapPow = config(3, 1, 3, 2.7);
    RunConfig abs = config(3, 1, 6, 1);
    assertTrue(m.seconds(abs) > m.seconds(cheapPow), "by the prior, 6 units of |t| outweigh 3 of pow");
    // Timings say pow is far slower than the prior thinks: 30 s for the small pow run, 2 s for |t|.
    m.observe(job(config(3, 1, 4, 2.7)), 40);
    m.observe(job(config(3, 1, 4, 1)), 2);
    assertTrue(m.seconds(cheapPow) > m.seconds(abs), "refitted: the pow run is now the longer one");
    assertEquals(2, m.seconds(config(3, 1, 4, 1)), 1e-9, "a kind's constant reproduces its own timing");
    // A kind not seen yet takes the ratio over everything seen.
    RunConfig relu = new RunConfig(3, 1, 4, 1, "relu", 1, 0, TrainingSettings.PAPER, GeometrySettings.DEFAULT);
    double all = 42.0 / (CostModel.work(config(3, 1, 4, 2.7)) + CostModel.work(config(3, 1, 4, 1)));
    assertEquals(CostModel.work(relu) * all, m.seconds(relu), 1e-9);
    assertTrue(m.constants().containsKey("adam/pow/full"));
  }

  @Test
  void measuringAStoredRunCostsItsGeometryOnly() {
    CostModel m = new CostModel();
    RunConfig c = config(3, 1, 4, 1);
    RunJob measure = new RunJob() {
      @Override
      public String runId() {
        return c.runId();
      }

      @Override
      public RunConfig config() {
        return c;
      }

      @Override
      public boolean trains() {
        return false;
      }

      @Override
      public org.neuralpolytopes.schema.RunRows run() {
        throw new UnsupportedOperationException();
      }
    };
    assertEquals(CostModel.geometryWork(c), CostModel.work(measure));
    assertTrue(CostModel.work(job(c)) > 10 * CostModel.work(measure), "the paper schedule outweighs the geometry");
    assertEquals("measure/integer", CostModel.kind(measure));
  }
}
