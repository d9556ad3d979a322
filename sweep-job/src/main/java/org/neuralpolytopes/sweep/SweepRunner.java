package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.sweep.duality.DualityStage;
import org.neuralpolytopes.sweep.spec.SweepSpec;
import org.neuralpolytopes.train.BuildInfo;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;

/**
 * Runs a validated spec against an output folder (the driver's whole job; executors only train).
 *
 * <ol>
 *   <li>Resume: the grid minus the run_ids already in {@code runs/} (all of it with --force,
 *       after deleting the tables); a killed sweep's staged waves are published or discarded
 *       first ({@link WaveCommitter#recover()}).
 *   <li>Schedule: most expensive first ({@link CostModel}), one configuration per Spark task
 *       ({@code parallelize(wave, wave.size())}), in waves. Each wave is taken from the head of
 *       the remaining configurations when it is submitted, and the remaining ones are re-ordered
 *       whenever a wave comes back, with the cost model refitted to the timings of every run
 *       finished so far.
 *   <li>Waves run asynchronously, two at a time, in the FAIR pool {@code train}; when a wave's
 *       results are back, the driver first submits the next wave (so the cores never wait for a
 *       commit), then commits the results to every table at once ({@link WaveCommitter}, pool
 *       {@code commit}, so the writes do not queue behind training). A crash loses at most the
 *       waves in flight.
 *   <li>The manifest records the sweep's parallel efficiency: the summed train and geometry
 *       seconds of the runs over (task slots x the span from the first run's start to the last
 *       one's end).
 * </ol>
 */
final class SweepRunner {

  static final int WAVES_IN_FLIGHT = 2;

  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final SweepSpec spec;
  private final OutputFolder out;
  private final List<RunConfig> grid;
  private final boolean force;
  private final boolean retryFailed;
  private final boolean terminal;
  private final PrintStream console;
  private final StructType runsType = SparkTables.structType(RunsTable.SCHEMA);
  private final CostModel costs = new CostModel();
  private final RunTiming timing = new RunTiming();

  SweepRunner(SparkSession spark, SweepSpec spec, OutputFolder out, List<RunConfig> grid, boolean force,
      boolean retryFailed, boolean terminal, PrintStream console) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.spec = spec;
    this.out = out;
    this.grid = grid;
    this.force = force;
    this.retryFailed = retryFailed;
    this.terminal = terminal;
    this.console = console;
  }

  int run() throws IOException, OutputException, InterruptedException, ExecutionException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    WaveCommitter committer = new WaveCommitter(spark, out);
    if (force) {
      out.deleteTables();
    } else {
      int[] recovered = committer.recover();
      if (recovered[0] + recovered[1] > 0) {
        console.printf("recovered an interrupted sweep: %d committed wave(s) published, %d uncommitted discarded%n",
            recovered[0], recovered[1]);
      }
    }
    Set<String> existing = existingRunIds();
    if (retryFailed && !force) {
      retry(existing, committer);
    }
    List<RunConfig> todo = new ArrayList<>();
    for (RunConfig c : grid) {
      if (!existing.contains(c.runId())) {
        todo.add(c);
      }
    }
    int already = grid.size() - todo.size();
    Map<String, Object> manifest = startManifest(started);
    out.writeManifest(manifest);
    int parallelism = jsc.defaultParallelism();
    if (todo.isEmpty()) {
      console.printf("nothing to do: all %d configurations of '%s' are already in %s (use --force to redo them)%n",
          grid.size(), spec.name(), out.table("runs"));
    } else {
      console.printf("sweep '%s': %d configurations, %d already done, training %d on %s (%d task slots)%n",
          spec.name(), grid.size(), already, todo.size(), spark.sparkContext().master(), parallelism);
      runWaves(todo, waveSize(todo.size(), parallelism), committer, parallelism);
    }
    // The duality stage: after training, or when an older output has no duality/ yet.
    Object pairs = manifest.get("duality_pairs");
    if (!todo.isEmpty() || !out.tableExists("duality")) {
      pairs = new DualityStage(spark, out, spec.conjugateTolerance(), console).run(committer);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> counts = statusCounts();
    manifest.put("duality_pairs", pairs);
    finishManifest(manifest, started, wall, todo.size(), already, counts);
    out.writeManifest(manifest);
    long rows = counts.values().stream().mapToLong(Long::longValue).sum();
    console.printf("done in %.1f s: trained %d now; %s holds %d rows: %s%n", wall, todo.size(),
        out.table("runs"), rows, counts);
    if (timing.runs() > 0) {
      console.printf("runs: %.1f s of training and geometry in a span of %.1f s on %d slots: parallel efficiency %.3f%n",
          timing.seconds(), timing.span(), parallelism, timing.efficiency(parallelism));
    }
    return 0;
  }

  int waveSize(int todo, int parallelism) {
    if (spec.waveSize() > 0) {
      return spec.waveSize();
    }
    int p = Math.max(1, parallelism);
    int auto = (int) Math.ceil(todo / 20.0);
    return Math.max(2 * p, Math.min(auto, 16 * p));
  }

  private void runWaves(List<RunConfig> todo, int waveSize, WaveCommitter committer, int parallelism)
      throws InterruptedException, ExecutionException, IOException {
    List<RunConfig> pending = new ArrayList<>(todo);
    Comparator<RunConfig> longestFirst = Comparator.comparingDouble(costs::seconds).reversed();
    pending.sort(longestFirst);
    LongAccumulator notOk = spark.sparkContext().longAccumulator(SweepProgress.NOT_OK);
    TrainTask task = new TrainTask(spec.name(), notOk);
    List<JavaFutureAction<List<RunResult>>> inFlight = new ArrayList<>();
    try (SweepProgress progress = new SweepProgress(todo.size(), terminal, System.err)) {
      spark.sparkContext().addSparkListener(progress);
      try {
        while (!pending.isEmpty() || !inFlight.isEmpty()) {
          while (inFlight.size() < WAVES_IN_FLIGHT && !pending.isEmpty()) {
            inFlight.add(submit(nextWave(pending, waveSize), task));
          }
          JavaFutureAction<List<RunResult>> finished = null;
          for (JavaFutureAction<List<RunResult>> f : inFlight) {
            if (f.isDone()) {
              finished = f;
              break;
            }
          }
          if (finished == null) {
            Thread.sleep(50);
            continue;
          }
          inFlight.remove(finished);
          List<RunResult> results = finished.get();
          costs.observe(results);
          timing.add(results);
          pending.sort(longestFirst);
          while (inFlight.size() < WAVES_IN_FLIGHT && !pending.isEmpty()) {
            inFlight.add(submit(nextWave(pending, waveSize), task));
          }
          spark.sparkContext().setLocalProperty("spark.scheduler.pool", "commit");
          committer.commit(results);
        }
      } catch (InterruptedException | ExecutionException | IOException | RuntimeException e) {
        for (JavaFutureAction<List<RunResult>> f : inFlight) {
          f.cancel(true);
        }
        throw e;
      } finally {
        spark.sparkContext().removeSparkListener(progress);
      }
    }
  }

  /** Removes and returns the first {@code size} configurations (the most expensive ones). */
  private static List<RunConfig> nextWave(List<RunConfig> pending, int size) {
    List<RunConfig> head = pending.subList(0, Math.min(size, pending.size()));
    List<RunConfig> wave = new ArrayList<>(head);
    head.clear();
    return wave;
  }

  private JavaFutureAction<List<RunResult>> submit(List<RunConfig> wave, TrainTask task) {
    spark.sparkContext().setLocalProperty("spark.scheduler.pool", "train");
    jsc.setJobGroup(SweepProgress.JOB_GROUP, "train " + wave.size() + " configurations", false);
    JavaFutureAction<List<RunResult>> f = jsc.parallelize(wave, wave.size()).map(task).collectAsync();
    jsc.clearJobGroup();
    return f;
  }

  /**
   * --retry-failed: removes the grid's FAILED and TIMEOUT rows from every table (one committed
   * change), so that they count as missing and train again. OK, DIVERGED and UNBOUNDED rows are
   * deterministic outcomes and stay.
   */
  private void retry(Set<String> existing, WaveCommitter committer) throws IOException {
    if (!out.tableExists("runs")) {
      return;
    }
    Set<String> gridIds = new HashSet<>();
    for (RunConfig c : grid) {
      gridIds.add(c.runId());
    }
    Set<String> retry = new HashSet<>();
    for (Row r : spark.read().schema(runsType).parquet(out.table("runs").toString())
        .filter("status IN ('FAILED', 'TIMEOUT')").select("run_id").collectAsList()) {
      if (gridIds.contains(r.getString(0))) {
        retry.add(r.getString(0));
      }
    }
    if (retry.isEmpty()) {
      console.println("--retry-failed: no FAILED or TIMEOUT rows of this grid");
      return;
    }
    int files = committer.retire(retry);
    existing.removeAll(retry);
    console.printf("--retry-failed: %d FAILED or TIMEOUT configurations removed from %d file(s) and queued again%n",
        retry.size(), files);
  }

  private Set<String> existingRunIds() throws IOException {
    if (!out.tableExists("runs")) {
      return Set.of();
    }
    return new HashSet<>(spark.read().schema(runsType).parquet(out.table("runs").toString())
        .select("run_id").as(Encoders.STRING()).collectAsList());
  }

  private Map<String, Long> statusCounts() throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    if (!out.tableExists("runs")) {
      return counts;
    }
    for (Row r : spark.read().schema(runsType).parquet(out.table("runs").toString())
        .groupBy("status").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  private Map<String, Object> startManifest(Instant started) throws OutputException {
    Map<String, Object> m = out.readManifest().orElseGet(LinkedHashMap::new);
    m.put("schema_version", RunsTable.SCHEMA_VERSION);
    m.put("tool", "neural-polytopes");
    m.put("spec_name", spec.name());
    m.put("spec", spec.asMap());
    m.put("spec_yaml", spec.sourceText());
    m.put("configurations", grid.size());
    m.put("state", "running");
    m.put("tables", OutputFolder.TABLES);
    m.put("updated_at", started.toString());
    return m;
  }

  @SuppressWarnings("unchecked")
  private void finishManifest(Map<String, Object> m, Instant started, double wall, int trained, int skipped,
      Map<String, Long> counts) {
    m.put("state", "finished");
    m.put("counts", counts);
    m.put("rows", counts.values().stream().mapToLong(Long::longValue).sum());
    m.put("updated_at", Instant.now().toString());
    Map<String, Object> inv = new LinkedHashMap<>();
    inv.put("started_at", started.toString());
    inv.put("wall_seconds", wall);
    inv.put("trained", trained);
    inv.put("skipped_existing", skipped);
    inv.put("force", force);
    inv.put("retry_failed", retryFailed);
    inv.put("master", spark.sparkContext().master());
    if (timing.runs() > 0) {
      int slots = jsc.defaultParallelism();
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("runs", timing.runs());
      t.put("task_slots", slots);
      t.put("run_seconds", timing.seconds());
      t.put("first_start", timing.firstStart().toString());
      t.put("last_end", timing.lastEnd().toString());
      t.put("span_seconds", timing.span());
      t.put("parallel_efficiency", timing.efficiency(slots));
      t.put("cost_model_seconds_per_work", costs.constants());
      inv.put("timing", t);
    }
    inv.put("host", OutputFolder.host());
    inv.put("versions", Map.of(
        "code", BuildInfo.codeVersion(),
        "spark", spark.version(),
        "scala", scala.util.Properties.versionNumberString(),
        "java", OutputFolder.jvm()));
    List<Object> history = m.get("invocations") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
    history.add(inv);
    m.put("invocations", history);
  }
}
