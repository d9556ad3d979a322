package org.neuralpolytopes.sweep.duality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.schema.RunRows;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.train.RunConfig;

/**
 * Which pairs go to the executors while the runs train: complete and final ones only, each once,
 * and never one with a run of an earlier sweep.
 */
class EarlyDualityTest {

  private final List<String> submitted = new ArrayList<>();
  private final EarlyDuality early = new EarlyDuality(1e-6, inputs -> {
    for (PairInput in : inputs) {
      submitted.add(in.p() + "~" + in.q() + (in.qIsLimit() ? "(limit)" : ""));
    }
    return DualityStage.Submitted.NONE;
  });

  private static RunConfig config(double p, long seed) {
    return RunConfig.of(3, 1, 4, p, "abs_power", seed);
  }

  /** The committed runs/ row of a configuration, with the columns pairing reads. */
  private static RunRows committed(RunConfig c, String status) {
    Object[] run = new Object[RunsTable.SCHEMA.columnNames().size()];
    run[RunsTable.SCHEMA.indexOf(RunsTable.RUN_ID)] = c.runId();
    run[RunsTable.SCHEMA.indexOf(RunsTable.STATUS)] = status;
    run[RunsTable.SCHEMA.indexOf(RunsTable.P)] = c.p();
    run[RunsTable.SCHEMA.indexOf(RunsTable.D)] = c.d();
    run[RunsTable.SCHEMA.indexOf(RunsTable.LAYERS)] = c.layers();
    run[RunsTable.SCHEMA.indexOf(RunsTable.UNITS)] = c.units();
    run[RunsTable.SCHEMA.indexOf(RunsTable.ACTIVATION)] = c.activation();
    run[RunsTable.SCHEMA.indexOf(RunsTable.SEED)] = c.seed();
    run[RunsTable.SCHEMA.indexOf(RunsTable.SEED_INDEX)] = c.seedIndex();
    run[RunsTable.SCHEMA.indexOf(RunsTable.DIRECTIONS)] = 1000;
    run[RunsTable.SCHEMA.indexOf(RunsTable.WEIGHTS)] = new double[12];
    return new RunRows(c.runId(), Map.of(SweepTables.RUNS.name(), List.<Object[]>of(run)));
  }

  private void commit(RunConfig... configs) {
    List<RunRows> rows = new ArrayList<>();
    for (RunConfig c : configs) {
      rows.add(committed(c, "OK"));
    }
    early.committed(rows);
  }

  @Test
  void aPairGoesOutOnceWhenBothRunsAreInAndTheLimitPairOnlyWhenNoLargerExponentIsToCome() {
    List<RunConfig> group = new ArrayList<>();
    for (double p : new double[] {1, 1.5, 2, 3, 4, 16}) {
      group.add(config(p, 7));
    }
    early.planned(group);
    commit(group.get(0), group.get(4)); // 1 and 4: p = 16 may still come, so no limit pair yet
    assertEquals(List.of(), submitted);
    commit(group.get(1)); // 1.5 without 3
    assertEquals(List.of(), submitted);
    commit(group.get(3), group.get(2)); // 3, and 2 (self-conjugate)
    assertEquals(List.of("1.5~3.0", "2.0~2.0"), submitted);
    commit(group.get(5)); // no larger p can come: 1 pairs with 16, not 4
    assertEquals(List.of("1.5~3.0", "2.0~2.0", "1.0~16.0(limit)"), submitted);
    commit(); // nothing new: nothing goes out twice
    assertEquals(3, early.submitted());
  }

  @Test
  void theLimitPairGoesOutOnceNoLargerExponentIsToComeThoughSmallerOnesAre() {
    List<RunConfig> group = new ArrayList<>();
    for (double p : new double[] {1, 1.5, 3, 4, 16}) {
      group.add(config(p, 5));
    }
    early.planned(group);
    commit(group.get(0), group.get(4)); // 1 and 16 in; 1.5, 3 and 4 still to come, all below 16
    assertEquals(List.of("1.0~16.0(limit)"), submitted);
    commit(group.get(1), group.get(2), group.get(3));
    assertEquals(List.of("1.0~16.0(limit)", "1.5~3.0"), submitted);
    assertEquals(2, early.submitted());
  }

  @Test
  void aFailedRunCompletesItsGroupWithoutPairing() {
    RunConfig one = config(1, 3);
    RunConfig four = config(4, 3);
    RunConfig sixteen = config(16, 3);
    early.planned(List.of(one, four, sixteen));
    commit(one, four);
    assertEquals(List.of(), submitted);
    early.committed(List.of(committed(sixteen, "DIVERGED")));
    assertEquals(List.of("1.0~4.0(limit)"), submitted);
  }

  @Test
  void runsOfAnotherGroupOrOfEarlierSweepsDoNotPairEarly() {
    RunConfig a = config(1.5, 1);
    RunConfig otherSeed = config(3, 2);
    RunConfig earlier = config(3, 1); // in the folder before this sweep: not planned here
    early.planned(List.of(a, otherSeed));
    commit(a, otherSeed);
    early.committed(List.of(committed(earlier, "OK")));
    assertEquals(List.of(), submitted);
  }
}
