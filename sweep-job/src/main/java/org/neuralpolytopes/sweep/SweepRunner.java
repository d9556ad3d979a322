package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.SparkContext;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.TransitionsTable;
import org.neuralpolytopes.sweep.duality.DualityStage;
import org.neuralpolytopes.sweep.duality.EarlyDuality;
import org.neuralpolytopes.sweep.spec.SweepSpec;
import org.neuralpolytopes.sweep.store.TableStore;
import org.neuralpolytopes.train.RunConfig;

/**
 * Runs a validated spec against an output folder (the driver's whole job; executors only train
 * and measure).
 *
 * <ol>
 *   <li>Recover: a killed writer's committed changes are published, uncommitted ones discarded
 *       ({@link TableStore#recover()}); with --force every table is deleted first. The tables'
 *       invariants are restored ({@link Maintenance#restoreInvariants}).
 *   <li>Plan, against what runs/ holds ({@link StoredRuns}): a configuration whose run_id is
 *       missing is trained; one that is stored, measurable, and measured with other geometry
 *       settings (another measure_id) is measured again from its stored weights, without
 *       training; the rest is done. --retry-failed first removes the grid's FAILED and TIMEOUT
 *       runs so that they train again.
 *   <li>Run: re-measured runs in one wave per stored segment (each replaces its segment), then
 *       the training in cost order ({@link WaveRunner}).
 *   <li>Refinement rounds in p when the spec asks for them ({@link Refinement}).
 *   <li>Compaction of the waves' small segments ({@link Compaction}), on the driver while the
 *       executors finish the pairs below.
 *   <li>The duality stage, when anything changed or the folder has no duality/ yet: the pairs of
 *       runs trained here are measured beside the training as their runs are committed
 *       ({@link EarlyDuality}; not when stored runs are measured again, whose rows change under
 *       the pairs), the stage measures the rest and commits.
 *   <li>The manifest records the invocation: its spec, what it did, the timing and the parallel
 *       efficiency (the summed train and geometry seconds of the runs over task slots x the span
 *       from the first run's start to the last one's end).
 * </ol>
 */
final class SweepRunner {

  /** Manifest key: runs were committed whose duality stage has not run yet. */
  static final String DUALITY_PENDING = "duality_pending";


  private final SparkContext spark;
  private final JavaSparkContext jsc;
  private final SweepSpec spec;
  private final OutputFolder out;
  private final TableStore store;
  private final List<RunConfig> grid;
  private final boolean force;
  private final boolean retryFailed;
  private final boolean terminal;
  private final PrintStream console;
  private final CostModel costs = new CostModel();
  private final RunTiming timing = new RunTiming();
  /** The duality stage's pairs measured while the runs train (null when stored runs are re-measured). */
  private EarlyDuality early;
  /** Runs this invocation plans so far (grows with refinement rounds). */
  private long[] plannedRuns = {0};

  SweepRunner(SparkContext spark, SweepSpec spec, OutputFolder out, List<RunConfig> grid, boolean force,
      boolean retryFailed, boolean terminal, PrintStream console) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark);
    this.spec = spec;
    this.out = out;
    this.store = out.store();
    this.grid = grid;
    this.force = force;
    this.retryFailed = retryFailed;
    this.terminal = terminal;
    this.console = console;
  }

  int run() throws IOException, OutputException, InterruptedException, ExecutionException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    if (force) {
      out.deleteTables();
    } else {
      Maintenance.recover(store, console);
    }
    Maintenance.restoreInvariants(store, console);
    StoredRuns stored = StoredRuns.scan(store);
    if (retryFailed && !force) {
      stored = retry(stored);
    }
    GeometrySettings geometry = spec.geometry();
    String measureId = geometry.measureId();
    List<RunJob> train = new ArrayList<>();
    List<StoredRuns.Stored> remeasure = new ArrayList<>();
    for (RunConfig c : grid) {
      StoredRuns.Stored s = stored.get(c.runId());
      if (s == null) {
        train.add(new TrainJob(c, spec.name()));
      } else if (s.measurable() && !measureId.equals(s.measureId())) {
        remeasure.add(s);
      }
    }
    int already = grid.size() - train.size() - remeasure.size();
    Map<String, Object> manifest = Manifests.start(out, started, "sweep", spec.name(), spec.asMap(), spec.sourceText());
    manifest.put("configurations", grid.size());
    out.writeManifest(manifest);
    int parallelism = jsc.defaultParallelism();
    WaveRunner waves = new WaveRunner(spark, store, costs, timing, terminal);
    early = remeasure.isEmpty() ? new EarlyDuality(spark, spec.conjugateTolerance()) : null;
    if (early != null) {
      early.planned(train.stream().map(RunJob::config).toList());
      waves.onCommittedRows(early::committed);
    }
    long[] planned = {train.size() + remeasure.size()};
    waves.onCommit((done, notOk, n) -> Manifests.progress(out, manifest, planned[0], done, notOk, n));
    plannedRuns = planned;
    if (!train.isEmpty() || !remeasure.isEmpty() || spec.refine() != null) {
      // persisted with the first committed wave: a sweep stopped before its duality stage ends
      // leaves it to the next invocation, even when that one has nothing to train
      manifest.put(DUALITY_PENDING, true);
    }
    Object pairs = manifest.get("duality_pairs");
    int refined;
    Compaction.Result compacted;
    try {
      if (train.isEmpty() && remeasure.isEmpty()) {
        console.printf("nothing to do: all %d configurations of '%s' are already in %s, measured with these geometry"
            + " settings (use --force to redo them)%n", grid.size(), spec.name(), out.table("runs"));
      } else {
        console.printf("sweep '%s': %d configurations: %d to train, %d to re-measure, %d already done; on %s (%d task"
            + " slots)%n", spec.name(), grid.size(), train.size(), remeasure.size(), already,
            spark.master(), parallelism);
        List<String> changed = geometryChanges(manifest.get("geometry"), geometry.asMap());
        if (!remeasure.isEmpty() && !changed.isEmpty()) {
          console.printf("note: the spec's geometry differs from the folder's latest settings (%s): its %d stored runs are"
              + " measured again to the spec's; to keep the folder's, give the spec those values%n",
              String.join(", ", changed), remeasure.size());
        }
        Maintenance.olderMeasurements(remeasure, geometry).ifPresent(console::println);
        waves.run("sweep", Maintenance.remeasureWork(remeasure, geometry), train,
            spec.waveSize());
      }
      refined = spec.refine() == null ? 0 : refine(waves, manifest, parallelism);
      // compaction first, on the driver, while the executors finish the pairs sent during training;
      // the duality stage then reads one segment instead of one per wave
      compacted = spec.compact() ? Compaction.run(store, console)
          : new Compaction.Result(store.segments(RunsTable.SCHEMA.name()).size(), -1, 0);
      if (!train.isEmpty() || !remeasure.isEmpty() || refined > 0 || !out.tableExists("duality")
          || Boolean.TRUE.equals(manifest.get(DUALITY_PENDING))) {
        pairs = new DualityStage(spark, out, spec.conjugateTolerance(), console)
            .run(early == null ? Map.of() : early.rows());
      }
    } finally {
      if (early != null) {
        early.cancel();
      }
    }
    manifest.remove(DUALITY_PENDING);
    double wall = (System.nanoTime() - t0) / 1e9;
    StoredRuns after = StoredRuns.scan(store);
    Map<String, Long> counts = after.statusCounts();
    manifest.put("duality_pairs", pairs);
    manifest.put("geometry", geometry.asMap());
    manifest.put("measure_id", measureId);
    manifest.put("measurement_version", GeometrySettings.MEASUREMENT_VERSION);
    Map<String, Object> inv = Manifests.invocation(started, wall, spark, force, retryFailed);
    inv.put("trained", train.size() + refined);
    inv.put("refined", refined);
    inv.put("remeasured", remeasure.size());
    inv.put("skipped_existing", already);
    inv.put("waves_committed", waves.committed());
    inv.put("segments", compacted.segmentsAfter() < 0 ? compacted.segmentsBefore() : compacted.segmentsAfter());
    Manifests.timing(inv, timing, costs, parallelism);
    Manifests.finish(out, manifest, inv, counts);
    long rows = counts.values().stream().mapToLong(Long::longValue).sum();
    // trained: the grid's and the refinement rounds' (the manifest's figure; the grid's alone read
    // 75 for a sweep that trained 114)
    console.printf("done in %.1f s: trained %d%s, re-measured %d; %s holds %d rows: %s%n", wall, train.size() + refined,
        refined > 0 ? " (" + refined + " in refinement rounds)" : "", remeasure.size(), out.table("runs"), rows, counts);
    if (timing.runs() > 0) {
      console.printf("runs: %.1f s of training and geometry in a span of %.1f s on %d slots: parallel efficiency %.3f%n",
          timing.seconds(), timing.span(), parallelism, timing.efficiency(parallelism));
    }
    return 0;
  }

  /**
   * Refinement rounds in p ({@link Refinement}): each round trains the midpoints of neighbouring
   * exponents whose bodies differ, until none is needed; then transitions/ is replaced. Returns
   * the configurations trained by the rounds.
   */
  @SuppressWarnings("unchecked")
  private int refine(WaveRunner waves, Map<String, Object> manifest, int parallelism)
      throws IOException, InterruptedException, ExecutionException {
    Refinement refinement = new Refinement(spec, grid);
    int trained = 0;
    for (int round = 1; ; round++) {
      List<RunConfig> next = refinement.nextRound(refinement.observe(store));
      if (next.isEmpty() || round > 64) {
        break;
      }
      console.printf("refine round %d: %d configurations at %d new exponents between neighbours whose bodies differ%n",
          round, next.size(), next.size() / spec.seeds());
      ((Map<String, Object>) manifest.get("current")).put("refine_round", round);
      out.writeManifest(manifest);
      plannedRuns[0] += next.size();
      List<RunJob> jobs = new ArrayList<>();
      for (RunConfig c : next) {
        jobs.add(new TrainJob(c, spec.name()));
      }
      if (early != null) {
        early.planned(next);
      }
      waves.run("refine " + round, List.of(), jobs, spec.waveSize());
      trained += jobs.size();
    }
    List<TransitionsTable.Row> rows = refinement.transitions(refinement.observe(store));
    TableStore.Change change = new TableStore.Change();
    for (org.apache.hadoop.fs.FileStatus f : store.dataFiles(TransitionsTable.SCHEMA.name())) {
      change.removeFile(TransitionsTable.SCHEMA.name(), f.getPath().getName());
    }
    change.add(TransitionsTable.SCHEMA, TableStore.newSegmentId(), TransitionsTable.SCHEMA.rows(rows));
    store.commit(change);
    long resolved = rows.stream().filter(TransitionsTable.Row::resolved).count();
    console.printf("transitions: %d located (%d within %s in p) into %s%n", rows.size(), resolved,
        spec.refine().tolerance(), out.table(TransitionsTable.SCHEMA.name()));
    return trained;
  }

  /**
   * --retry-failed: removes the grid's FAILED and TIMEOUT runs from every table (one committed
   * change per segment that holds any), so that they count as missing and train again. OK,
   * DIVERGED, UNBOUNDED, NO_FIT and GEOMETRY_LIMIT rows are deterministic outcomes and stay.
   */
  private StoredRuns retry(StoredRuns stored) throws IOException {
    Set<String> gridIds = new HashSet<>();
    for (RunConfig c : grid) {
      gridIds.add(c.runId());
    }
    if (spec.refine() != null) {
      Refinement r = new Refinement(spec, grid);
      gridIds.addAll(Refinement.memberIds(r.observe(store), r));
    }
    List<StoredRuns.Stored> retry = new ArrayList<>();
    for (StoredRuns.Stored s : stored.all()) {
      if (gridIds.contains(s.runId()) && ("FAILED".equals(s.status()) || "TIMEOUT".equals(s.status()))) {
        retry.add(s);
      }
    }
    if (retry.isEmpty()) {
      console.println("--retry-failed: no FAILED or TIMEOUT rows of this grid");
      return stored;
    }
    Map<String, List<StoredRuns.Stored>> bySegment = StoredRuns.bySegment(retry);
    for (Map.Entry<String, List<StoredRuns.Stored>> e : bySegment.entrySet()) {
      Set<String> drop = new HashSet<>();
      e.getValue().forEach(s -> drop.add(s.runId()));
      store.commit(Maintenance.withoutRuns(store, e.getKey(), drop));
    }
    console.printf("--retry-failed: %d FAILED or TIMEOUT configurations removed from %d segment(s) and queued again%n",
        retry.size(), bySegment.size());
    return StoredRuns.scan(store);
  }

  /**
   * "KEY OLD -> NEW" for each geometry setting (nested keys joined by '.') whose value in the
   * folder's latest settings (the manifest's {@code geometry}; nothing when it has none) differs
   * from {@code target}'s.
   */
  static List<String> geometryChanges(Object latest, Map<String, Object> target) {
    Map<String, Object> before = new java.util.LinkedHashMap<>();
    Map<String, Object> after = new java.util.LinkedHashMap<>();
    flatten("", latest, before);
    flatten("", target, after);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : after.entrySet()) {
      Object was = before.get(e.getKey());
      boolean same = was instanceof Number a && e.getValue() instanceof Number b ? a.doubleValue() == b.doubleValue()
          : java.util.Objects.equals(was, e.getValue());
      if (was != null && !same) {
        out.add(e.getKey() + " " + was + " -> " + e.getValue());
      }
    }
    return out;
  }

  private static void flatten(String prefix, Object value, Map<String, Object> out) {
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        flatten(prefix + e.getKey() + (e.getValue() instanceof Map<?, ?> ? "." : ""), e.getValue(), out);
      }
    } else if (!prefix.isEmpty()) {
      out.put(prefix, value);
    }
  }
}
