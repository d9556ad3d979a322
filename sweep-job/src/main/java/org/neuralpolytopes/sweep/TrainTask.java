package org.neuralpolytopes.sweep;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.Status;

/**
 * What an executor does with one configuration: run the trainer on the task's thread. Captures
 * only the spec name and an accumulator (small, serialisable), never the driver's objects. The
 * trainer turns its own failures into FAILED results, so Spark retries only lost executors.
 */
final class TrainTask implements Function<RunConfig, RunResult> {

  private static final long serialVersionUID = 1L;

  private final String specName;
  private final LongAccumulator notOk;

  TrainTask(String specName, LongAccumulator notOk) {
    this.specName = specName;
    this.notOk = notOk;
  }

  @Override
  public RunResult call(RunConfig config) {
    RunResult r = Runs.run(config, specName);
    if (r.status() != Status.OK) {
      notOk.add(1);
    }
    return r;
  }
}
