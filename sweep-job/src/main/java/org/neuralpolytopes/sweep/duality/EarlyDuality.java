package org.neuralpolytopes.sweep.duality;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.neuralpolytopes.schema.DualityRow;
import org.neuralpolytopes.schema.RunRows;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.RunConfig;

/**
 * The duality stage's pairs measured while the sweep still trains: each committed wave's OK runs
 * join the runs seen so far, and every conjugate pair ({@link ConjugatePairs}) that is complete
 * and final goes to the executors at once, in the FAIR pool {@code duality}, beside the training
 * waves. The stage at the end ({@link DualityStage#run(Map)}) then measures only what is left.
 *
 * <p>Only pairs of two runs that this invocation trains are measured early (pairs with runs of
 * earlier sweeps are measured at the end, as before). A pair is final when nothing this
 * invocation still trains can change it: a pair (p, q) with p in (1, 2] always is; a pair of p =
 * 1 with the group's largest exponent q once no run of its group with an exponent above q is
 * still to come (such a run could become the group's largest; one below q cannot). A pair
 * measured early gives the same row as at the end: its two runs' rows do not change after their
 * commit within one invocation.
 */
public final class EarlyDuality {

  private final java.util.function.Function<List<PairInput>, DualityStage.Submitted> submit;
  private final double tolerance;
  /** Group (every setting but p) of each run this invocation trains, by run id. */
  private final Map<String, String> groupOf = new HashMap<>();
  /** Runs planned and not committed yet, per group. */
  private final Map<String, Integer> pendingInGroup = new HashMap<>();
  /** The exponents of those runs, per group, with their counts. */
  private final Map<String, TreeMap<Double, Integer>> pendingExponents = new HashMap<>();
  /** The exponent of each run this invocation trains, by run id. */
  private final Map<String, Double> exponentOf = new HashMap<>();
  private final Set<String> pending = new HashSet<>();
  /** The committed OK runs of each group that still has pairs to come, and their columns. */
  private final Map<String, List<RunKey>> keysOfGroup = new HashMap<>();
  private final Map<String, Object[]> keyRows = new HashMap<>();
  private final Map<String, Object[]> detailRows = new HashMap<>();
  private final Set<String> submittedPairs = new HashSet<>();
  private final List<List<ConjugatePairs.Pair>> batches = new ArrayList<>();
  private final List<DualityStage.Submitted> jobs = new ArrayList<>();
  private final int[] keyIndex;
  private final int[] pairIndex;

  public EarlyDuality(SparkContext spark, double tolerance) {
    this(tolerance, inputs -> DualityStage.measure(spark, inputs));
  }

  /** With {@code submit} sending a batch of pairs to be measured. */
  EarlyDuality(double tolerance, java.util.function.Function<List<PairInput>, DualityStage.Submitted> submit) {
    this.submit = submit;
    this.tolerance = tolerance;
    this.keyIndex = indexes(DualityStage.KEY_COLUMNS);
    this.pairIndex = indexes(DualityStage.PAIR_COLUMNS);
  }

  private static int[] indexes(List<String> columns) {
    int[] index = new int[columns.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = RunsTable.SCHEMA.indexOf(columns.get(i));
    }
    return index;
  }

  /** Configurations this invocation will train (before their wave is submitted). */
  public void planned(Collection<RunConfig> configs) {
    for (RunConfig c : configs) {
      if (pending.add(c.runId())) {
        String group = group(c);
        groupOf.put(c.runId(), group);
        exponentOf.put(c.runId(), c.p());
        pendingInGroup.merge(group, 1, Integer::sum);
        pendingExponents.computeIfAbsent(group, g -> new TreeMap<>()).merge(c.p(), 1, Integer::sum);
      }
    }
  }

  /** The group of a configuration: its canonical form without the exponent. */
  static String group(RunConfig c) {
    return c.canonicalForm().replaceFirst("\\|p=[^|]*", "");
  }

  /**
   * A committed wave's rows: submits every pair that is complete and final now. A group whose
   * runs are all in has no pair to come: its runs are forgotten.
   */
  public void committed(List<RunRows> rows) {
    Set<String> touched = new java.util.LinkedHashSet<>();
    for (RunRows r : rows) {
      String id = r.runId();
      String group = groupOf.get(id);
      if (group == null) {
        continue;
      }
      if (pending.remove(id)) {
        pendingInGroup.merge(group, -1, Integer::sum);
        pendingExponents.get(group).merge(exponentOf.get(id), -1, (a, b) -> a + b == 0 ? null : a + b);
      }
      touched.add(group);
      Object[] run = r.run();
      if ("OK".equals(run[RunsTable.SCHEMA.indexOf(RunsTable.STATUS)])) {
        Object[] key = project(run, keyIndex);
        keyRows.put(id, key);
        detailRows.put(id, project(run, pairIndex));
        keysOfGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(DualityStage.runKey(key));
      }
    }
    List<ConjugatePairs.Pair> fresh = new ArrayList<>();
    for (String group : touched) {
      TreeMap<Double, Integer> exps = pendingExponents.get(group);
      double largestToCome = exps == null || exps.isEmpty() ? Double.NEGATIVE_INFINITY : exps.lastKey();
      List<RunKey> members = keysOfGroup.getOrDefault(group, List.of());
      for (ConjugatePairs.Pair pair : ConjugatePairs.of(members, tolerance)) {
        // a limit pair is final once no run of its group with a larger p is to come
        boolean fin = !pair.qIsLimit() || largestToCome < pair.atQ().p();
        if (fin && submittedPairs.add(DualityStage.key(pair))) {
          fresh.add(pair);
        }
      }
    }
    List<PairInput> inputs = new ArrayList<>();
    for (ConjugatePairs.Pair pair : fresh) {
      inputs.add(DualityStage.input(pair, keyRows.get(pair.atP().runId()), detailRows.get(pair.atP().runId()),
          detailRows.get(pair.atQ().runId())));
    }
    for (String group : touched) {
      if (pendingInGroup.getOrDefault(group, 0) == 0) {
        for (RunKey k : keysOfGroup.getOrDefault(group, List.of())) {
          keyRows.remove(k.runId());
          detailRows.remove(k.runId());
        }
        keysOfGroup.remove(group);
        pendingExponents.remove(group);
      }
    }
    if (!inputs.isEmpty()) {
      batches.add(fresh);
      jobs.add(submit.apply(inputs));
    }
  }

  private static Object[] project(Object[] run, int[] index) {
    Object[] out = new Object[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = run[index[i]];
    }
    return out;
  }

  /**
   * The rows of the pairs measured early, by {@link DualityStage#key}, waiting for the jobs still
   * running; a job that failed leaves its pairs to the stage at the end.
   */
  public Map<String, DualityRow> rows() {
    Map<String, DualityRow> out = new HashMap<>();
    for (int b = 0; b < jobs.size(); b++) {
      List<DualityRow> rows;
      try {
        rows = jobs.get(b).rows();
      } catch (RuntimeException e) {
        continue;
      }
      List<ConjugatePairs.Pair> pairs = batches.get(b);
      for (int i = 0; i < pairs.size(); i++) {
        out.put(DualityStage.key(pairs.get(i)), rows.get(i));
      }
    }
    return out;
  }

  /** Pairs submitted so far. */
  public int submitted() {
    return submittedPairs.size();
  }

  /** Cancels the jobs still running (the sweep stopped). */
  public void cancel() {
    jobs.forEach(DualityStage.Submitted::cancel);
  }
}
