package org.neuralpolytopes.sweep.duality;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.SparkContext;
import org.neuralpolytopes.schema.DualityRow;
import org.neuralpolytopes.schema.DualityTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.sweep.OutputFolder;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * The second stage of a sweep: pairs the OK runs of {@code runs/} with their conjugates
 * ({@link ConjugatePairs}), measures each pair on an executor ({@link PairTask}: polar distance,
 * face-count duality, the runs' Mahler ratios) and replaces {@code duality/} with the result in
 * one committed change. Runs after every sweep and measure, and alone ({@code polytopes duality
 * DIR}), so a folder extended by later sweeps pairs old and new runs without retraining anything.
 * After a sweep or measure, a stored pair whose {@code polar_inputs} fingerprint
 * ({@link PairInput#polarInputs}) is unchanged keeps its polar distance, residual and error (the
 * costly part: 4.8 ms of a core per pair of tiny runs, 39 000 pairs in 93.5 s on two cores) and
 * takes its face-count duality and Mahler ratios from runs/ again; {@code polytopes duality DIR}
 * measures every pair.
 * It reads only the columns it needs of runs/ (the weights of the runs that pair up, not of all).
 */
public final class DualityStage {

  /** Runs of one group share every setting except p (the seed, hence initial weights, included). */
  static final List<String> GROUP_COLUMNS = List.of(RunsTable.D, RunsTable.LAYERS, RunsTable.UNITS,
      RunsTable.ACTIVATION, RunsTable.SEED, RunsTable.OPTIMIZER, RunsTable.SAMPLES, RunsTable.BATCH_SIZE,
      RunsTable.EPOCHS, RunsTable.LEARNING_RATE, RunsTable.BETA1, RunsTable.BETA2, RunsTable.EPSILON,
      RunsTable.PLATEAU_WINDOW, RunsTable.PLATEAU_TOLERANCE, RunsTable.POINTS, RunsTable.RESAMPLE, RunsTable.LR_SCHEDULE,
      RunsTable.COOLING_EVERY, RunsTable.COOLING_HOLDOUT, RunsTable.COOLING_REDISTRIBUTE, RunsTable.ERA_NUMERATOR,
      RunsTable.ERA_DENOMINATOR, RunsTable.ERA_INIT, RunsTable.ERA_SHARING, RunsTable.ERA_CLIP_NORM);

  /** What pairing reads of every run: its key, exponent, status and group. */
  static final List<String> KEY_COLUMNS;

  /** What measuring a pair reads of its two runs. */
  static final List<String> PAIR_COLUMNS = List.of(RunsTable.RUN_ID, RunsTable.SEED_INDEX,
      RunsTable.DIRECTIONS, RunsTable.WEIGHTS, RunsTable.F_VECTOR, RunsTable.MORSE_COUNTS, RunsTable.MAHLER_RATIO,
      RunsTable.ACTIVATION_SHAPE, RunsTable.ACTIVATION_COEFFICIENTS);

  static {
    List<String> k = new ArrayList<>(List.of(RunsTable.RUN_ID, RunsTable.P, RunsTable.STATUS));
    k.addAll(GROUP_COLUMNS);
    KEY_COLUMNS = List.copyOf(k);
  }

  /** Tasks of the stage per task slot. */
  static final int TASKS_PER_SLOT = 16;

  /** Directions of the polar distance's fine set, at most. */
  static final int MAX_DIRECTIONS = 4000;

  private final SparkContext spark;
  private final OutputFolder out;
  private final double tolerance;
  private final PrintStream console;
  private boolean measureAll;

  public DualityStage(SparkContext spark, OutputFolder out, double tolerance, PrintStream console) {
    this.spark = spark;
    this.out = out;
    this.tolerance = tolerance;
    this.console = console;
  }

  /**
   * Measures every pair again, also those whose stored polar distance has unchanged
   * {@code polar_inputs} ({@code polytopes duality DIR}); by default such a distance is kept.
   */
  public DualityStage measuringAll() {
    this.measureAll = true;
    return this;
  }

  /** Computes and commits duality/; returns the number of pairs. */
  public int run() throws IOException {
    return run(Map.of());
  }

  /**
   * Computes and commits duality/, taking the rows of the pairs in {@code measuredEarly} (by
   * {@link #key}: measured while the sweep trained, {@link EarlyDuality}) as they are; returns the
   * number of pairs.
   */
  public int run(Map<String, DualityRow> measuredEarly) throws IOException {
    long t0 = System.nanoTime();
    TableStore store = out.store();
    List<RunKey> keys = new ArrayList<>();
    Map<String, Object[]> keyRows = new HashMap<>();
    Map<String, String> segmentOf = new HashMap<>();
    for (String seg : store.segments(RunsTable.SCHEMA.name())) {
      for (Object[] r : store.read(RunsTable.SCHEMA, seg, KEY_COLUMNS)) {
        if (!"OK".equals(r[2])) {
          continue;
        }
        String id = (String) r[0];
        keys.add(runKey(r));
        keyRows.put(id, r);
        segmentOf.put(id, seg);
      }
    }
    List<ConjugatePairs.Pair> pairs = ConjugatePairs.of(keys, tolerance);
    Map<String, DualityRow> early = new HashMap<>();
    List<ConjugatePairs.Pair> rest = new ArrayList<>();
    for (ConjugatePairs.Pair pair : pairs) {
      DualityRow row = measuredEarly.get(key(pair));
      if (row != null) {
        early.put(key(pair), row);
      } else {
        rest.add(pair);
      }
    }
    Map<String, Object[]> detail = pairDetails(store, rest, segmentOf);
    Map<String, Object[]> stored = measureAll ? Map.of() : storedDistances(store);
    Map<String, DualityRow> kept = new HashMap<>();
    List<PairInput> inputs = new ArrayList<>();
    for (ConjugatePairs.Pair pair : rest) {
      PairInput in = input(pair, keyRows.get(pair.atP().runId()), detail.get(pair.atP().runId()),
          detail.get(pair.atQ().runId()));
      Object[] before = stored.get(key(pair));
      String fingerprint = before == null || before[3] == null ? null : in.polarInputs();
      if (fingerprint != null && fingerprint.equals(before[3])) {
        kept.put(key(pair), PairTask.row(in, (Double) before[4], (Double) before[5], (String) before[6], fingerprint));
      } else {
        inputs.add(in);
      }
    }
    List<DualityRow> measured = measure(spark, inputs).rows();
    List<DualityRow> rows = new ArrayList<>();
    int k = 0;
    for (ConjugatePairs.Pair pair : pairs) {
      DualityRow row = early.get(key(pair));
      if (row == null) {
        row = kept.get(key(pair));
      }
      rows.add(row != null ? row : measured.get(k++));
    }
    TableStore.Change change = new TableStore.Change();
    for (FileStatus f : store.dataFiles(DualityTable.SCHEMA.name())) {
      change.removeFile(DualityTable.SCHEMA.name(), f.getPath().getName());
    }
    change.add(DualityTable.SCHEMA, TableStore.newSegmentId(), DualityTable.SCHEMA.rows(rows));
    store.commit(change);
    List<String> how = new ArrayList<>();
    if (!early.isEmpty()) {
      how.add(early.size() + " of them while the runs trained");
    }
    if (!kept.isEmpty()) {
      how.add(kept.size() + " with their networks unchanged, whose polar distance is kept");
    }
    console.printf(java.util.Locale.ROOT, "duality: %d conjugate pair(s) measured into %s in %.1f s%s%n", rows.size(),
        out.table("duality"), (System.nanoTime() - t0) / 1e9, how.isEmpty() ? "" : " (" + String.join("; ", how) + ")");
    return rows.size();
  }

  /** What the stored duality/ rows hold, in the order read by {@link #storedDistances}. */
  static final List<String> STORED_COLUMNS = List.of("run_id_p", "run_id_q", "q_is_limit", DualityTable.POLAR_INPUTS,
      "polar_distance", "alignment_residual", "error");

  /**
   * The stored pairs' polar distances by {@link #key}: run_id_p, run_id_q, q_is_limit,
   * polar_inputs (null in a table written before that column), polar_distance,
   * alignment_residual, error. Empty when there is no duality/ yet.
   */
  static Map<String, Object[]> storedDistances(TableStore store) throws IOException {
    Map<String, Object[]> out = new HashMap<>();
    for (String seg : store.segments(DualityTable.SCHEMA.name())) {
      for (Object[] r : store.read(DualityTable.SCHEMA, seg, STORED_COLUMNS)) {
        out.put(key(r[0], r[1], r[2]), r);
      }
    }
    return out;
  }

  /**
   * The input of a pair's task, from the key columns of its run at p and the pair columns of its
   * two runs (rows in the order of {@link #KEY_COLUMNS} and {@link #PAIR_COLUMNS}).
   */
  static PairInput input(ConjugatePairs.Pair pair, Object[] keyP, Object[] detailP, Object[] detailQ) {
    int d = KEY_COLUMNS.indexOf(RunsTable.D);
    int directions = Math.min(MAX_DIRECTIONS, ((Number) detailP[2]).intValue());
    return new PairInput(pair.atP().runId(), pair.atQ().runId(), ((Number) keyP[d]).intValue(),
        ((Number) keyP[d + 1]).intValue(), ((Number) keyP[d + 2]).intValue(), (String) keyP[d + 3],
        ((Number) detailP[1]).intValue(), ((Number) keyP[d + 4]).longValue(), pair.atP().p(),
        pair.atQ().p(), pair.qIsLimit(), (double[]) detailP[3], (double[]) detailQ[3], (int[]) detailP[7],
        (double[]) detailP[8], (double[]) detailQ[8], counts(detailP), counts(detailQ), (Double) detailP[6],
        (Double) detailQ[6], directions);
  }

  /** A run's key from its {@link #KEY_COLUMNS}: the group is every column after the status. */
  static RunKey runKey(Object[] keyRow) {
    StringBuilder group = new StringBuilder();
    for (int i = 3; i < keyRow.length; i++) {
      group.append(keyRow[i]).append('|');
    }
    return new RunKey((String) keyRow[0], ((Number) keyRow[1]).doubleValue(), group.toString());
  }

  /** What identifies a pair's measurement: its two runs and whether q stands for infinity. */
  static String key(ConjugatePairs.Pair pair) {
    return key(pair.atP().runId(), pair.atQ().runId(), pair.qIsLimit());
  }

  /** {@link #key} from a pair's run ids and q_is_limit (as a duality/ row holds them). */
  static String key(Object runIdP, Object runIdQ, Object qIsLimit) {
    return runIdP + "|" + runIdQ + "|" + qIsLimit;
  }

  /** Pairs submitted to the executors: their rows once the job is back, in the inputs' order. */
  static final class Submitted {
    private final JavaFutureAction<List<DualityRow>> job;
    private final List<Integer> dealt;
    private final int size;

    /** Nothing submitted: no rows. */
    static final Submitted NONE = new Submitted(null, List.of(), 0);

    private Submitted(JavaFutureAction<List<DualityRow>> job, List<Integer> dealt, int size) {
      this.job = job;
      this.dealt = dealt;
      this.size = size;
    }

    boolean isDone() {
      return job == null || job.isDone();
    }

    void cancel() {
      if (job != null) {
        job.cancel(true);
      }
    }

    /** The rows, waiting for the job; in the order of the inputs. */
    List<DualityRow> rows() {
      if (job == null) {
        return List.of();
      }
      List<DualityRow> measured;
      try {
        measured = job.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the duality stage measured its pairs", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
      DualityRow[] rows = new DualityRow[size];
      for (int k = 0; k < dealt.size(); k++) {
        rows[dealt.get(k)] = measured.get(k);
      }
      return java.util.Arrays.asList(rows);
    }
  }

  /**
   * Submits the pairs to the executors in {@link #TASKS_PER_SLOT} tasks per slot (one task per
   * pair costs more in scheduling than the smallest pairs take), the pairs dealt round-robin so
   * that every task gets its share of the larger dimensions, in the FAIR pool {@code duality}.
   */
  static Submitted measure(SparkContext spark, List<PairInput> inputs) {
    if (inputs.isEmpty()) {
      return Submitted.NONE;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark);
    int tasks = Math.min(inputs.size(), Math.max(1, jsc.defaultParallelism() * TASKS_PER_SLOT));
    Integer[] order = new Integer[inputs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // largest first: dimension, then directions, then units
    java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingInt(i -> -inputs.get(i).d())
        .thenComparingInt(i -> -inputs.get(i).directions()).thenComparingInt(i -> -inputs.get(i).units()));
    List<Integer> dealt = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      for (int k = t; k < order.length; k += tasks) {
        dealt.add(order[k]);
      }
    }
    List<PairInput> slices = new ArrayList<>();
    for (int i : dealt) {
      slices.add(inputs.get(i));
    }
    String pool = spark.getLocalProperty(POOL_PROPERTY);
    spark.setLocalProperty(POOL_PROPERTY, POOL);
    try {
      return new Submitted(jsc.parallelize(slices, tasks).map(new PairTask()).collectAsync(), dealt, inputs.size());
    } finally {
      spark.setLocalProperty(POOL_PROPERTY, pool);
    }
  }

  private static final String POOL_PROPERTY = "spark.scheduler.pool";
  /** The scheduler pool of the pairs' jobs (fairscheduler.xml). */
  public static final String POOL = "duality";

  /** The pair columns of every run that is in a pair, reading only the segments that hold them. */
  private static Map<String, Object[]> pairDetails(TableStore store, List<ConjugatePairs.Pair> pairs,
      Map<String, String> segmentOf) throws IOException {
    Map<String, List<String>> wanted = new HashMap<>();
    for (ConjugatePairs.Pair p : pairs) {
      for (RunKey k : List.of(p.atP(), p.atQ())) {
        wanted.computeIfAbsent(segmentOf.get(k.runId()), s -> new ArrayList<>()).add(k.runId());
      }
    }
    Map<String, Object[]> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
      java.util.Set<String> ids = new java.util.HashSet<>(e.getValue());
      for (Object[] r : store.read(RunsTable.SCHEMA, e.getKey(), PAIR_COLUMNS)) {
        if (ids.contains((String) r[0])) {
          out.put((String) r[0], r);
        }
      }
    }
    return out;
  }

  /** The exact f-vector, else the Morse counts, else null. */
  private static int[] counts(Object[] r) {
    return r[4] != null ? (int[]) r[4] : (int[]) r[5];
  }
}
