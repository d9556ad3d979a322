package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.neuralpolytopes.schema.RunRows;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSpec;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * Runs jobs on Spark in waves and commits each wave's rows as one segment (the driver's whole
 * job; executors only compute).
 *
 * <ol>
 *   <li>Re-measured runs first, one wave per stored segment, then the jobs that
 *       train, most expensive first ({@link CostModel}), in waves taken from the head of the
 *       remaining jobs when submitted; the remaining jobs are re-ordered whenever a wave comes
 *       back, with the cost model refitted to every run finished so far.
 *   <li>One job per Spark task ({@code parallelize(jobs, jobs.size())}), two waves in flight, in
 *       the FAIR pool {@code train}. When a wave's rows are back, the driver first submits the
 *       next wave (so the cores never wait for a commit), then commits the rows as one
 *       {@link TableStore.Change}: the Parquet files are written by the driver directly. A crash
 *       loses at most the waves in flight.
 * </ol>
 */
final class WaveRunner {

  static final int WAVES_IN_FLIGHT = 2;

  /** The scheduler pool of the training waves (fairscheduler.xml). */
  static final String POOL = "train";

  private final SparkContext spark;
  private final JavaSparkContext jsc;
  private final TableStore store;
  private final CostModel costs;
  private final RunTiming timing;
  private final boolean terminal;
  private int committed;
  private int runsDone;
  private int runsNotOk;
  private Progress afterCommit = (done, notOk, waves) -> { };

  /** Called after every committed wave with the counts so far (for the manifest's progress). */
  interface Progress {
    void committed(int runsDone, int notOk, int waves) throws IOException;
  }

  void onCommit(Progress p) {
    this.afterCommit = p;
  }

  private java.util.function.Consumer<List<RunRows>> committedRows = rows -> { };

  /** Called with every committed wave's rows, after its commit (the duality stage's early pairs). */
  void onCommittedRows(java.util.function.Consumer<List<RunRows>> c) {
    this.committedRows = c;
  }

  WaveRunner(SparkContext spark, TableStore store, CostModel costs, RunTiming timing, boolean terminal) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark);
    this.store = store;
    this.costs = costs;
    this.timing = timing;
    this.terminal = terminal;
  }

  /** Waves committed so far. */
  int committed() {
    return committed;
  }

  /**
   * Measures the stored segments' runs again (a wave each), then runs the training jobs in waves
   * of {@code waveSize} (0: automatic, by expected seconds), committing each wave.
   */
  void run(String label, List<Maintenance.SegmentWork> fixed, List<RunJob> training, int waveSize)
      throws InterruptedException, ExecutionException, IOException {
    int total = training.size() + fixed.stream().mapToInt(Maintenance.SegmentWork::size).sum();
    if (total == 0) {
      return;
    }
    Deque<Maintenance.SegmentWork> fixedQueue = new ArrayDeque<>(fixed);
    List<RunJob> pending = new ArrayList<>(training);
    Comparator<RunJob> longestFirst = Comparator.comparingDouble((RunJob j) -> costs.seconds(j)).reversed();
    pending.sort(longestFirst);
    LongAccumulator done = spark.longAccumulator(SweepProgress.DONE);
    LongAccumulator notOk = spark.longAccumulator(SweepProgress.NOT_OK);
    JobTask task = new JobTask(done, notOk);
    Map<JavaFutureAction<List<List<RunRows>>>, Wave> inFlight = new LinkedHashMap<>();
    try (SweepProgress progress = new SweepProgress(label, total, terminal, System.err)) {
      spark.addSparkListener(progress);
      try {
        while (!pending.isEmpty() || !fixedQueue.isEmpty() || !inFlight.isEmpty()) {
          fill(inFlight, fixedQueue, pending, waveSize, task);
          JavaFutureAction<List<List<RunRows>>> finished = null;
          for (JavaFutureAction<List<List<RunRows>>> f : inFlight.keySet()) {
            if (f.isDone()) {
              finished = f;
              break;
            }
          }
          if (finished == null) {
            Thread.sleep(20);
            continue;
          }
          Wave wave = inFlight.remove(finished);
          List<RunRows> rows = new ArrayList<>();
          for (List<RunRows> batch : finished.get()) {
            rows.addAll(batch);
          }
          observe(wave, rows);
          pending.sort(longestFirst);
          fill(inFlight, fixedQueue, pending, waveSize, task);
          store.commit(change(wave, rows));
          committed++;
          DriverSignals.waveCommitted();
          runsDone += rows.size();
          for (RunRows r : rows) {
            if (!"OK".equals(r.runValue(RunsTable.STATUS))) {
              runsNotOk++;
            }
          }
          afterCommit.committed(runsDone, runsNotOk, committed);
          committedRows.accept(rows);
        }
      } catch (InterruptedException | ExecutionException | IOException | RuntimeException e) {
        for (JavaFutureAction<?> f : inFlight.keySet()) {
          f.cancel(true);
        }
        throw e;
      } finally {
        spark.removeSparkListener(progress);
      }
    }
  }

  private void fill(Map<JavaFutureAction<List<List<RunRows>>>, Wave> inFlight, Deque<Maintenance.SegmentWork> fixed,
      List<RunJob> pending, int waveSize, JobTask task) throws IOException {
    while (inFlight.size() < WAVES_IN_FLIGHT && (!fixed.isEmpty() || !pending.isEmpty())) {
      Wave w = !fixed.isEmpty() ? fixed.poll().load(store) : new Wave(take(pending, waveSize), null);
      inFlight.put(submit(w, task), w);
    }
  }

  /** Expected seconds of work per task slot in an automatic wave. */
  static final double WAVE_SECONDS_PER_SLOT = 4;

  /** Jobs in one wave, at most (a killed driver loses the waves in flight). */
  static final int MAX_WAVE = 4096;

  /**
   * Removes and returns the next wave: the first {@code size} jobs (the most expensive ones), or
   * with {@code size} 0 (automatic) as many as make about {@link #WAVE_SECONDS_PER_SLOT} expected
   * seconds per task slot, at least two jobs per slot: waves of long runs are short lists, waves
   * of tiny runs long ones, so that the per-wave costs (a Spark job, a commit) stay small beside
   * the work.
   */
  private List<RunJob> take(List<RunJob> pending, int size) {
    if (size <= 0) {
      int slots = Math.max(1, jsc.defaultParallelism());
      double sum = 0;
      size = 0;
      while (size < pending.size() && size < MAX_WAVE
          && (size < 2 * slots || sum < WAVE_SECONDS_PER_SLOT * slots)) {
        sum += costs.seconds(pending.get(size));
        size++;
      }
    }
    List<RunJob> head = pending.subList(0, Math.min(size, pending.size()));
    List<RunJob> wave = new ArrayList<>(head);
    head.clear();
    return wave;
  }

  /**
   * A task should carry at least this much expected work: a Spark task costs the driver a few
   * milliseconds, so runs of a few milliseconds each (tiny schedules) go several to a task.
   */
  static final double MIN_TASK_SECONDS = 0.25;

  /**
   * The wave's jobs as tasks: one job per task, except that cheap jobs are packed (in cost
   * order, greedily) into tasks of at least {@link #MIN_TASK_SECONDS} of expected work, as long
   * as the wave keeps at least one task per slot.
   */
  List<List<RunJob>> batches(List<RunJob> jobs) {
    int slots = Math.max(1, jsc.defaultParallelism());
    double total = 0;
    for (RunJob j : jobs) {
      total += costs.seconds(j);
    }
    double target = Math.min(MIN_TASK_SECONDS, total / slots);
    List<List<RunJob>> batches = new ArrayList<>();
    List<RunJob> current = new ArrayList<>();
    double sum = 0;
    for (RunJob j : jobs) {
      current.add(j);
      sum += costs.seconds(j);
      if (sum >= target) {
        batches.add(current);
        current = new ArrayList<>();
        sum = 0;
      }
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private JavaFutureAction<List<List<RunRows>>> submit(Wave wave, JobTask task) {
    List<List<RunJob>> batches = batches(wave.jobs());
    spark.setLocalProperty("spark.scheduler.pool", POOL);
    jsc.setJobGroup(SweepProgress.JOB_GROUP, wave.jobs().size() + " runs", false);
    JavaFutureAction<List<List<RunRows>>> f = jsc.parallelize(batches, batches.size()).map(task).collectAsync();
    jsc.clearJobGroup();
    return f;
  }

  private void observe(Wave wave, List<RunRows> rows) {
    Map<String, RunJob> jobs = new HashMap<>();
    for (RunJob j : wave.jobs()) {
      jobs.put(j.runId(), j);
    }
    for (RunRows r : rows) {
      RunJob j = jobs.get(r.runId());
      if (j == null) {
        continue;
      }
      double train = j.trains() ? number(r.runValue(RunsTable.TRAIN_SECONDS)) : 0;
      double geometry = number(r.runValue(RunsTable.GEOMETRY_SECONDS));
      java.time.Instant start = (java.time.Instant) r.runValue(j.trains() ? RunsTable.STARTED_AT : RunsTable.MEASURED_AT);
      timing.add(start, train + geometry);
      if (train + geometry > 0) {
        costs.observe(j, train + geometry);
      }
    }
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : 0;
  }

  /** The change that commits a wave: a new segment, in place of the one it replaces. */
  TableStore.Change change(Wave wave, List<RunRows> results) throws IOException {
    String segment = TableStore.newSegmentId();
    TableStore.Change c = new TableStore.Change();
    if (wave.replaces() == null) {
      for (TableSpec<?> t : SweepTables.ALL) {
        c.add(t.schema(), segment, RunRows.rowsOf(results, t.name()));
      }
      return c;
    }
    Map<String, RunRows> fresh = new HashMap<>();
    for (RunRows r : results) {
      fresh.put(r.runId(), r);
    }
    for (TableSpec<?> t : SweepTables.ALL) {
      List<Object[]> old = store.read(t.schema(), wave.replaces(), t.schema().columnNames());
      List<Object[]> rows = new ArrayList<>();
      if (t == SweepTables.RUNS) {
        for (Object[] o : old) {
          RunRows f = fresh.get((String) o[0]);
          rows.add(f == null ? o : f.run());
        }
      } else {
        for (Object[] o : old) {
          if (!fresh.containsKey((String) o[0])) {
            rows.add(o);
          }
        }
        rows.addAll(RunRows.rowsOf(results, t.name()));
      }
      c.add(t.schema(), segment, rows);
      c.removeSegment(t.name(), wave.replaces());
    }
    return c;
  }
}
