package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Faults and bad input, in Spark local mode: nothing lost, nothing duplicated, nothing written. */
class ReliabilityTest {

  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.get();
  }

  private Dataset<Row> runs(Path out) {
    return spark.read().parquet(out.resolve("runs").toString());
  }

  private static Map<String, String> statusById(Dataset<Row> runs) {
    return runs.select("run_id", "status").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> a + "+" + b, TreeMap::new));
  }

  static Stream<Path> badSpecs() throws IOException, URISyntaxException {
    Path dir = Path.of(ReliabilityTest.class.getResource("/bad-specs").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void everyBadSpecExitsWithTwoOneLineAndNoOutputFolder(Path spec) {
    Path out = tmp.resolve("out");
    CommandRun run = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(2, run.exit(), run.toString());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().startsWith("error: " + spec), run.err());
    assertEquals("", run.out());
    assertFalse(Files.exists(out), "no output folder");
  }

  /**
   * Two OK rows, one that fails the same way every time, one that times out at a deadline of
   * TIMEOUT = 3 s (one deadline for training and measuring: the small runs do both well within
   * it, the deep one needs about 40 GFLOP of training).
   */
  static final String RETRY_SPEC = """
      name: retry
      grid:
        - {d: 2, layers: 1, units: 3, p: [1, 2]}
        # 8 GB of weights: fails the same way every time
        - {d: 3, layers: 64, units: 4096, p: 1}
        # long enough to hit a short timeout
        - {d: 3, layers: 6, units: 96, p: 1}
      training:
        samples: 2000
        batch_size: 100
        epochs: 60
        learning_rate: 0.01
        timeout_seconds: TIMEOUT
      geometry:
        directions: 300
        morse_points: 500
        # the deep |t| net has far more activation cells: its walk stops at once
        max_cells: 2000
      """;

  @Test
  void retryFailedReplacesFailedAndTimeoutRowsAndNothingElse() throws Exception {
    Path tight = Files.writeString(tmp.resolve("tight.yaml"), RETRY_SPEC.replace("TIMEOUT", "3"));
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", tight.toString(), "--out", out.toString()).exit());
    Map<String, String> before = statusById(runs(out));
    assertEquals(4, before.size());
    assertEquals(List.of("FAILED", "OK", "OK", "TIMEOUT"), before.values().stream().sorted().toList(), before.toString());
    Map<String, Timestamp> startedBefore = startTimes(runs(out));

    // The same command again trains nothing: FAILED and TIMEOUT are results until asked otherwise.
    CommandRun plain = CommandRun.of("sweep", tight.toString(), "--out", out.toString());
    assertTrue(plain.out().contains("nothing to do"), plain.out());

    // A longer timeout does not change the run ids; --retry-failed replaces the two rows.
    Path relaxed = Files.writeString(tmp.resolve("relaxed.yaml"), RETRY_SPEC.replace("TIMEOUT", "600"));
    CommandRun retry = CommandRun.of("sweep", relaxed.toString(), "--out", out.toString(), "--retry-failed");
    assertEquals(0, retry.exit(), retry.toString());
    assertTrue(retry.out().contains("2 FAILED or TIMEOUT configurations removed"), retry.out());
    assertTrue(retry.out().contains("2 to train, 0 to re-measure, 2 already done"), retry.out());
    Map<String, String> after = statusById(runs(out));
    assertEquals(before.keySet(), after.keySet(), "the same run ids, each once");
    assertEquals(List.of("FAILED", "GEOMETRY_LIMIT", "OK", "OK"), after.values().stream().sorted().toList(),
        after.toString());
    Map<String, Timestamp> startedAfter = startTimes(runs(out));
    for (String id : before.keySet()) {
      if (before.get(id).equals("OK") || before.get(id).equals("GEOMETRY_LIMIT")) {
        assertEquals(startedBefore.get(id), startedAfter.get(id), "OK rows are not rerun");
      } else {
        assertNotEquals(startedBefore.get(id), startedAfter.get(id), "retried rows are new");
      }
    }
    assertFalse(Files.exists(out.resolve("_staging")));
  }

  private static Map<String, Timestamp> startTimes(Dataset<Row> runs) {
    return runs.select("run_id", "started_at").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getTimestamp(1)));
  }

  @Test
  void numericalTroubleIsDataAndTheOtherRowsAreUnaffected() throws Exception {
    Path out = tmp.resolve("out");
    // The paper's learning rate: tiny and huge p, and a deep wide net that cannot finish in time.
    Path spec = Files.writeString(tmp.resolve("trouble.yaml"), """
        name: trouble
        grid:
          - {d: 3, layers: 1, units: 4, p: [0.05, 1, 64]}
          - {d: 3, layers: 2, units: 4, p: 64}
          - {d: 3, layers: 8, units: 96, p: 1}
        training:
          samples: 2000
          batch_size: 200
          epochs: 200
          timeout_seconds: 10
        geometry:
          directions: 500
          morse_points: 1000
        """);
    CommandRun run = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.toString());
    Map<String, String> byShape = runs(out).select("layers", "units", "p", "status").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getInt(0) + "/" + r.getInt(1) + "/" + r.getDouble(2), r -> r.getString(3),
            (a, b) -> a + "+" + b, TreeMap::new));
    assertEquals("OK", byShape.get("1/4/1.0"), byShape.toString());
    assertEquals("DIVERGED", byShape.get("1/4/0.05"), "Adam cannot move the 1e-12 weights p = 0.05 needs");
    assertEquals("OK", byShape.get("1/4/64.0"), "p = 64 in one layer stays within float64");
    // f = |.|^4096: the initial output scale is loss-optimal (taken in log space), so it starts at a
    // loss of at most 1 and never ends OK above the trivial loss 1 of f = 0
    Row deep = runs(out).filter("layers = 2 AND p = 64").first();
    assertTrue(deep.<Double>getAs("initial_loss") <= 1 + 1e-12, "initial loss " + deep.getAs("initial_loss"));
    String deepStatus = deep.getAs("status");
    assertTrue(List.of("OK", "NO_FIT", "DIVERGED", "TIMEOUT").contains(deepStatus), deepStatus);
    if (deepStatus.equals("OK")) {
      assertTrue(deep.<Double>getAs("final_loss") < 1, "OK ends below the trivial loss");
    }
    assertEquals("TIMEOUT", byShape.get("8/96/1.0"), byShape.toString());

    // More activation cells than the spec's cap (and all the time it needs otherwise).
    Path cells = tmp.resolve("cells");
    Path cellSpec = Files.writeString(tmp.resolve("cells.yaml"), """
        name: cells
        grid: {d: 3, layers: 3, units: 16, p: 1}
        training: {samples: 2000, batch_size: 200, epochs: 200}
        geometry: {directions: 500, morse_points: 1000, max_cells: 300}
        """);
    assertEquals(0, CommandRun.of("sweep", cellSpec.toString(), "--out", cells.toString()).exit());
    Row limited = runs(cells).first();
    assertEquals("GEOMETRY_LIMIT", limited.getAs("status"), limited.toString());
    assertEquals("GEOMETRY_LIMIT", limited.getAs("measure_status"));
    assertTrue(limited.<String>getAs("error").contains("max_cells = 300"), limited.<String>getAs("error"));

    // A learning rate of 10 diverges the smooth nets but leaves |x| nets trainable.
    Path out10 = tmp.resolve("out10");
    Path spec10 = Files.writeString(tmp.resolve("lr10.yaml"), """
        name: lr10
        grid:
          - {d: 3, layers: 1, units: 4, p: [1, 4]}
          - {d: 3, layers: 2, units: 4, p: 16}
        training:
          samples: 1000
          batch_size: 100
          epochs: 100
          learning_rate: 10
        geometry:
          directions: 500
        """);
    assertEquals(0, CommandRun.of("sweep", spec10.toString(), "--out", out10.toString()).exit());
    Map<String, String> lr10 = runs(out10).select("layers", "p", "status").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getInt(0) + "/" + r.getDouble(1), r -> r.getString(2)));
    assertEquals(Map.of("1/1.0", "OK", "1/4.0", "DIVERGED", "2/16.0", "DIVERGED"), lr10);
  }
}
