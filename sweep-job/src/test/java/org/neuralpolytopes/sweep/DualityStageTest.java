package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.schema.DualityTable;

/** The duality stage after a sweep and alone, on trained networks. */
class DualityStageTest {

  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.get();
  }

  @Test
  void aSweepOverPPairsConjugatesAndTwoUnitPolygonsAreNearlyExactlyDual() throws Exception {
    // Two units in d = 2 fit the circle best as orthogonal equal vectors: K_p is then an l_p
    // ball, whose polar is the l_q ball.
    Path spec = Files.writeString(tmp.resolve("dual.yaml"), """
        name: dual
        grid:
          d: 2
          layers: 1
          units: 2
          p: [0.5, 1, 1.5, 2, 3, 16]
        training:
          samples: 2000
          batch_size: 200
          epochs: 400
          learning_rate: 0.01
        geometry:
          directions: 2000
        """);
    Path out = tmp.resolve("out");
    CommandRun run = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("duality: 3 conjugate pair(s)"), run.out());
    // every pair was measured beside the training, none left for the end
    assertTrue(run.out().contains("(3 of them while the runs trained)"), run.out());
    List<String> measuredEarly = sortedRows(out);
    Dataset<Row> duality = spark.read().parquet(out.resolve("duality").toString());
    assertEquals(DualityTable.SCHEMA.columnNames(), List.of(duality.columns()));
    Map<String, Row> byPair = duality.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getDouble(r.fieldIndex("p")) + "~" + r.getDouble(r.fieldIndex("q")), r -> r));
    assertEquals(List.of("1.0~16.0", "1.5~3.0", "2.0~2.0"), byPair.keySet().stream().sorted().toList());
    assertTrue(byPair.get("1.0~16.0").getBoolean(byPair.get("1.0~16.0").fieldIndex("q_is_limit")));
    for (Row r : byPair.values()) {
      assertTrue(r.isNullAt(r.fieldIndex("error")), String.valueOf(r));
      double distance = r.getDouble(r.fieldIndex("polar_distance"));
      // exact conjugates: limited by training only; p = 1 against 16: the l_16 ball is only near
      // the square (its corners are cut by about 1 - 2^(-1/16) = 4%)
      boolean limit = r.getBoolean(r.fieldIndex("q_is_limit"));
      assertTrue(distance < (limit ? 0.08 : 0.01), r.getDouble(r.fieldIndex("p")) + ": polar distance " + distance);
      assertTrue(limit || distance < 0.01);
      assertTrue(r.getDouble(r.fieldIndex("alignment_residual")) <= distance);
      // both runs of a pair share the seed
      assertEquals(r.getInt(r.fieldIndex("seed_index")), 0);
    }

    // Alone, on the existing folder: the same pairs, duality/ replaced, not appended.
    CommandRun alone = CommandRun.of("duality", out.toString());
    assertEquals(0, alone.exit(), alone.toString());
    assertEquals(3, spark.read().parquet(out.resolve("duality").toString()).count());
    assertFalse(Files.exists(out.resolve("_staging")));
    // measured at the end, the pairs give the same rows, value for value, as measured early
    assertEquals(measuredEarly, sortedRows(out));

    // measured again with another symmetry tolerance: the networks are unchanged, so every polar
    // distance is kept (and its row is the same); with other directions every pair is measured
    CommandRun symmetry = CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.08");
    assertEquals(0, symmetry.exit(), symmetry.toString());
    assertTrue(symmetry.out().contains("(3 with their networks unchanged, whose polar distance is kept)"), symmetry.out());
    assertEquals(measuredEarly, sortedRows(out));
    List<String> fingerprints = column(out, "polar_inputs");
    assertEquals(3, fingerprints.stream().distinct().count(), fingerprints.toString());
    CommandRun directions = CommandRun.of("measure", out.toString(), "--geometry", "directions=1500");
    assertEquals(0, directions.exit(), directions.toString());
    assertTrue(directions.out().contains("duality: 3 conjugate pair(s)"), directions.out());
    assertFalse(directions.out().contains("is kept"), directions.out());
    List<String> after = column(out, "polar_inputs");
    assertTrue(after.stream().noneMatch(fingerprints::contains), fingerprints + " -> " + after);
  }

  /** One column of duality/, as text, in the order of the pairs' p. */
  private static List<String> column(Path out, String name) {
    return spark.read().parquet(out.resolve("duality").toString()).orderBy("p").collectAsList().stream()
        .map(r -> String.valueOf(r.get(r.fieldIndex(name)))).toList();
  }

  private static List<String> sortedRows(Path out) {
    return spark.read().parquet(out.resolve("duality").toString()).collectAsList().stream().map(Row::toString)
        .sorted().toList();
  }

  @Test
  void rationalRunsPairWithTheirOwnKindAndAreMeasuredWithTheirCoefficients() throws Exception {
    // era_even started from |t|^1.5 and |t|^3: one pair of rational bodies, none across activations
    Path spec = Files.writeString(tmp.resolve("era.yaml"), """
        name: era-dual
        grid:
          d: 2
          layers: 1
          units: 2
          p: [1.5, 3]
          activation: [abs_power, era_even]
        era: {numerator: 4, denominator: 2}
        training:
          samples: 1000
          batch_size: 200
          epochs: 60
          learning_rate: 0.01
        geometry:
          directions: 500
        """);
    Path out = tmp.resolve("era-out");
    CommandRun run = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.toString());
    List<Row> rows = spark.read().parquet(out.resolve("duality").toString()).collectAsList();
    assertEquals(List.of("abs_power", "era_even"),
        rows.stream().map(r -> r.getString(r.fieldIndex("activation"))).sorted().toList(), rows.toString());
    for (Row r : rows) {
      assertTrue(r.isNullAt(r.fieldIndex("error")), String.valueOf(r));
      double distance = r.getDouble(r.fieldIndex("polar_distance"));
      assertTrue(distance >= 0 && distance < 1, "polar distance " + distance);
    }
  }

  @Test
  void theStageAloneRefusesAFolderThatIsNotASweepOutputAndCreatesNothing() {
    Path missing = tmp.resolve("missing");
    CommandRun run = CommandRun.of("duality", missing.toString());
    assertEquals(2, run.exit(), run.toString());
    assertTrue(run.err().contains("not a sweep output"), run.err());
    assertFalse(Files.exists(missing));
  }
}
