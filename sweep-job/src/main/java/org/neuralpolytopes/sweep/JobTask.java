package org.neuralpolytopes.sweep;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;
import org.neuralpolytopes.schema.RunRows;
import org.neuralpolytopes.schema.RunsTable;

/**
 * What an executor does with one task: run its jobs one after the other on the task's thread and
 * send back their rows. Captures only two accumulators (small, serialisable), never the driver's
 * objects; the jobs turn their own failures into rows, so Spark retries only lost executors.
 */
final class JobTask implements Function<List<RunJob>, List<RunRows>> {

  private static final long serialVersionUID = 1L;

  private final LongAccumulator done;
  private final LongAccumulator notOk;

  JobTask(LongAccumulator done, LongAccumulator notOk) {
    this.done = done;
    this.notOk = notOk;
  }

  @Override
  public List<RunRows> call(List<RunJob> jobs) {
    List<RunRows> out = new ArrayList<>(jobs.size());
    for (RunJob job : jobs) {
      RunRows rows = job.run();
      if (!"OK".equals(rows.runValue(RunsTable.STATUS))) {
        notOk.add(1);
      }
      done.add(1);
      out.add(rows);
    }
    return out;
  }
}
