package org.neuralpolytopes.sweep.duality;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.neuralpolytopes.schema.DualityRow;
import org.neuralpolytopes.schema.DualityTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.sweep.OutputFolder;
import org.neuralpolytopes.sweep.SparkTables;
import org.neuralpolytopes.sweep.WaveCommitter;

/**
 * The second stage of a sweep: pairs the OK runs of {@code runs/} with their conjugates
 * ({@link ConjugatePairs}), measures each pair on an executor ({@link PairTask}: polar distance,
 * face-count duality, the runs' Mahler ratios) and replaces {@code duality/} with the result in
 * one committed change. Runs after every sweep and alone ({@code polytopes duality DIR}), so a
 * folder extended by later sweeps pairs old and new runs without retraining anything.
 */
public final class DualityStage {

  /** Runs of one group share every setting except p (the seed, hence initial weights, included). */
  private static final List<String> GROUP_COLUMNS = List.of("d", "layers", "units", "activation", "seed",
      "optimizer", "samples", "batch_size", "epochs", "learning_rate", "beta1", "beta2", "epsilon");

  /** Directions of the polar distance's fine set, at most. */
  static final int MAX_DIRECTIONS = 4000;

  private final SparkSession spark;
  private final OutputFolder out;
  private final double tolerance;
  private final PrintStream console;

  public DualityStage(SparkSession spark, OutputFolder out, double tolerance, PrintStream console) {
    this.spark = spark;
    this.out = out;
    this.tolerance = tolerance;
    this.console = console;
  }

  /** Computes and commits duality/; returns the number of pairs. */
  public int run(WaveCommitter commit) throws IOException {
    if (!out.tableExists("runs")) {
      return 0;
    }
    var runs = spark.read().schema(SparkTables.structType(RunsTable.SCHEMA))
        .parquet(out.table("runs").toString()).filter("status = 'OK'");
    Set<String> columns = Set.of(runs.columns());
    String counts = columns.contains("f_vector") ? "f_vector" : null;
    String morse = columns.contains("morse_counts") ? "morse_counts" : null;
    String mahler = columns.contains("mahler_ratio") ? "mahler_ratio" : null;
    List<RunKey> keys = new ArrayList<>();
    Map<String, Row> byId = new HashMap<>();
    for (Row r : runs.collectAsList()) {
      StringBuilder group = new StringBuilder();
      for (String c : GROUP_COLUMNS) {
        group.append(String.valueOf(r.get(r.fieldIndex(c)))).append('|');
      }
      String id = r.getString(r.fieldIndex("run_id"));
      keys.add(new RunKey(id, r.getDouble(r.fieldIndex("p")), group.toString()));
      byId.put(id, r);
    }
    List<ConjugatePairs.Pair> pairs = ConjugatePairs.of(keys, tolerance);
    List<PairInput> inputs = new ArrayList<>();
    for (ConjugatePairs.Pair pair : pairs) {
      Row a = byId.get(pair.atP().runId());
      Row b = byId.get(pair.atQ().runId());
      int directions = Math.min(MAX_DIRECTIONS, a.getInt(a.fieldIndex("directions")));
      inputs.add(new PairInput(pair.atP().runId(), pair.atQ().runId(), a.getInt(a.fieldIndex("d")),
          a.getInt(a.fieldIndex("layers")), a.getInt(a.fieldIndex("units")), a.getString(a.fieldIndex("activation")),
          a.getInt(a.fieldIndex("seed_index")), a.getLong(a.fieldIndex("seed")), pair.atP().p(), pair.atQ().p(),
          pair.qIsLimit(), doubles(a, "weights"), doubles(b, "weights"), counts(a, counts, morse), counts(b, counts, morse),
          mahler == null ? null : nullableDouble(a, mahler), mahler == null ? null : nullableDouble(b, mahler),
          directions));
    }
    List<DualityRow> rows = inputs.isEmpty() ? List.of()
        : JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(inputs, inputs.size()).map(new PairTask()).collect();
    commit.replaceTable(DualityTable.SCHEMA, rows);
    console.printf("duality: %d conjugate pair(s) measured into %s%n", rows.size(), out.table("duality"));
    return rows.size();
  }

  private static double[] doubles(Row r, String column) {
    List<Double> list = r.getList(r.fieldIndex(column));
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  private static int[] counts(Row r, String exact, String morse) {
    for (String c : new String[] {exact, morse}) {
      if (c != null && !r.isNullAt(r.fieldIndex(c))) {
        List<Integer> list = r.getList(r.fieldIndex(c));
        return list.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return null;
  }

  private static Double nullableDouble(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : r.getDouble(i);
  }
}
