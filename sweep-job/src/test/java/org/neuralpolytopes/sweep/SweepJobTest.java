package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.schema.FacetsTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.VerticesTable;
import org.neuralpolytopes.sweep.spec.SpecParser;

/** The sweep end to end in Spark local mode (local[2]), as a user runs it. */
class SweepJobTest {

  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.get();
  }

  static final String SMALL = """
      name: small
      seeds: 2
      grid:
        d: [2, 3]
        layers: [1]
        units: [3]
        p: [1, 2]
      training:
        samples: 300
        batch_size: 100
        epochs: 30
        learning_rate: 0.01
      geometry:
        directions: 500
      sweep:
        wave_size: 3
        compact: false
      """;

  private Path spec(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private Dataset<Row> runs(Path out) {
    return spark.read().parquet(out.resolve("runs").toString());
  }

  private static long parquetFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve("runs"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  /**
   * facets/ and vertices/ agree with runs/: facet_count and vertex_count rows per run with exact
   * faces (p = 1 here), ids 0.. without gaps or duplicates, vertex_ids naming existing vertices,
   * the f-vector's ends equal to the counts; no rows and no f-vector for smooth p.
   */
  private void detailTablesAgreeWithRuns(Path out) {
    Dataset<Row> facets = spark.read().parquet(out.resolve("facets").toString());
    Dataset<Row> vertices = spark.read().parquet(out.resolve("vertices").toString());
    assertEquals(FacetsTable.SCHEMA.columnNames(), List.of(facets.schema().fieldNames()));
    assertEquals(VerticesTable.SCHEMA.columnNames(), List.of(vertices.schema().fieldNames()));
    Map<String, List<Row>> facetRows = facets.collectAsList().stream()
        .collect(Collectors.groupingBy(r -> r.getString(0)));
    Map<String, List<Row>> vertexRows = vertices.collectAsList().stream()
        .collect(Collectors.groupingBy(r -> r.getString(0)));
    int withFaces = 0;
    for (Row run : runs(out).select("run_id", "p", "d", "f_vector", "facet_count", "vertex_count", "euler_ok")
        .collectAsList()) {
      String id = run.getString(0);
      if (run.getDouble(1) != 1) {
        assertTrue(run.isNullAt(3) && run.isNullAt(4), "no exact faces for smooth p");
        assertFalse(facetRows.containsKey(id) || vertexRows.containsKey(id), "no detail rows for smooth p");
        continue;
      }
      withFaces++;
      int d = run.getInt(2);
      List<Integer> f = run.getList(3);
      int facetCount = run.getInt(4);
      int vertexCount = run.getInt(5);
      assertTrue(run.getBoolean(6), "euler_ok");
      assertEquals(f.get(0), vertexCount);
      assertEquals(f.get(d - 1), facetCount);
      List<Row> fr = facetRows.get(id);
      List<Row> vr = vertexRows.get(id);
      assertEquals(facetCount, fr.size(), "facet_count rows in facets/");
      assertEquals(vertexCount, vr.size(), "vertex_count rows in vertices/");
      assertEquals(Set.copyOf(range(facetCount)), fr.stream().map(r -> r.getInt(1)).collect(Collectors.toSet()));
      assertEquals(Set.copyOf(range(vertexCount)), vr.stream().map(r -> r.getInt(1)).collect(Collectors.toSet()));
      for (Row facet : fr) {
        assertEquals(d, facet.getList(2).size(), "a has d coefficients");
        assertTrue(facet.getDouble(3) > 0, "area");
        for (Object v : facet.getList(4)) {
          assertTrue((Integer) v >= 0 && (Integer) v < vertexCount, "vertex_ids name vertices");
        }
      }
      for (Row vertex : vr) {
        assertEquals(d, vertex.getList(2).size());
        assertFalse(vertex.isNullAt(5), "every exact vertex has its orbit under the symmetry group");
        assertTrue(vertex.getInt(5) >= 0);
      }
    }
    assertTrue(withFaces > 0, "some runs have exact faces");
    assertEquals(facets.count(), facets.select("run_id", "facet").distinct().count(), "no duplicate facet rows");
  }

  private static List<Integer> range(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  private static Map<String, Long> statusCounts(Dataset<Row> runs) {
    return runs.groupBy("status").count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1), Long::sum, TreeMap::new));
  }

  @Test
  void writesEveryConfigurationOnceAndARerunWritesNothing() throws Exception {
    Path out = tmp.resolve("out");
    Path spec = spec("small.yaml", SMALL);
    CommandRun first = CommandRun.of("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, first.exit(), first.toString());
    Dataset<Row> runs = runs(out);
    assertEquals(8, runs.count());
    assertEquals(8, runs.select("run_id").distinct().count());
    assertEquals(Map.of("OK", 8L), statusCounts(runs));
    // Written with the project's schema: names, order and types (a Parquet round trip makes
    // every array element nullable, hence the structural comparison).
    List<String> names = Stream.of(runs.schema().fields()).map(StructField::name).toList();
    assertEquals(RunsTable.SCHEMA.columnNames(), names);
    StructField[] expected = SparkTables.structType(RunsTable.SCHEMA).fields();
    for (int i = 0; i < expected.length; i++) {
      assertTrue(DataType.equalsStructurally(expected[i].dataType(), runs.schema().fields()[i].dataType(), true),
          expected[i].name() + ": " + runs.schema().fields()[i].dataType());
    }
    // The ids are those of the spec's grid.
    List<String> gridIds = SpecParser.parse(spec).expand().stream().map(c -> c.runId()).sorted().toList();
    assertEquals(gridIds, runs.select("run_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
        .stream().sorted().toList());
    long files = parquetFiles(out);
    assertEquals(3, files, "8 configurations in waves of 3: 3 files");

    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_sweep.json").toFile());
    assertEquals(RunsTable.SCHEMA_VERSION, manifest.get("schema_version").asInt());
    assertEquals("finished", manifest.get("state").asText());
    assertEquals(8, manifest.get("counts").get("OK").asInt());
    assertFalse(Files.exists(out.resolve("_lock")), "lock released");
    detailTablesAgreeWithRuns(out);

    CommandRun again = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.out().contains("nothing to do"), again.out());
    assertEquals(files, parquetFiles(out));
    assertEquals(8, runs(out).count());
    assertEquals(2, new ObjectMapper().readTree(out.resolve("_sweep.json").toFile()).get("invocations").size());
    assertFalse(again.out().contains("duality:"), "nothing trained, duality done: not run again\n" + again.out());

    // a sweep stopped after its last wave but before its duality stage: the next one runs the stage
    com.fasterxml.jackson.databind.node.ObjectNode stopped =
        (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(out.resolve("_sweep.json").toFile());
    assertFalse(stopped.has(SweepRunner.DUALITY_PENDING), "a finished sweep leaves no pending duality stage");
    stopped.put(SweepRunner.DUALITY_PENDING, true);
    new ObjectMapper().writeValue(out.resolve("_sweep.json").toFile(), stopped);
    CommandRun third = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, third.exit(), third.toString());
    assertTrue(third.out().contains("nothing to do") && third.out().contains("duality:"), third.out());
    assertFalse(new ObjectMapper().readTree(out.resolve("_sweep.json").toFile()).has(SweepRunner.DUALITY_PENDING));
  }

  @Test
  void aLostWaveIsRetrainedAndNothingElse() throws Exception {
    Path out = tmp.resolve("out");
    Path spec = spec("small.yaml", SMALL);
    assertEquals(0, CommandRun.of("sweep", spec.toString(), "--out", out.toString()).exit());
    Path lost;
    try (Stream<Path> s = Files.list(out.resolve("runs"))) {
      lost = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    long lostRows = spark.read().parquet(lost.toString()).count();
    Files.delete(lost);
    assertEquals(8 - lostRows, runs(out).count());
    CommandRun resume = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, resume.exit(), resume.toString());
    assertTrue(resume.out().contains(String.format("%d to train, 0 to re-measure, %d already done", lostRows, 8 - lostRows)), resume.out());
    assertEquals(8, runs(out).count());
    assertEquals(8, runs(out).select("run_id").distinct().count());
  }

  @Test
  void aKilledCommitIsFinishedOrDiscardedBeforeResuming() throws Exception {
    Path out = tmp.resolve("out");
    Path spec = spec("small.yaml", SMALL);
    assertEquals(0, CommandRun.of("sweep", spec.toString(), "--out", out.toString()).exit());
    // Move two published waves (their files in every table) back into staging, as a driver
    // killed during step 3 leaves them: one marked ready (its rows must come back), one not (its
    // rows must be retrained, and written once in every table).
    List<Path> files;
    try (Stream<Path> s = Files.list(out.resolve("runs"))) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    long unreadyRows = spark.read().parquet(files.get(1).toString()).count();
    List<String> moved = unpublish(out, files.get(0), "w-ready");
    Files.writeString(out.resolve("_staging/w-ready/_READY"),
        new ObjectMapper().writeValueAsString(java.util.Map.of("remove", List.of(), "add", moved)));
    unpublish(out, files.get(1), "w-unready");
    CommandRun resume = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, resume.exit(), resume.toString());
    assertTrue(resume.out().contains("1 committed change(s) published, 1 uncommitted discarded"), resume.out());
    assertTrue(resume.out().contains(unreadyRows + " to train"), resume.out());
    assertEquals(8, runs(out).count());
    assertEquals(8, runs(out).select("run_id").distinct().count());
    assertFalse(Files.exists(out.resolve("_staging")));
    detailTablesAgreeWithRuns(out);
  }

  /**
   * Moves the files of the segment of {@code runsFile} from every table into
   * _staging/STAGE/TABLE/; returns them as TABLE/NAME.
   */
  private static List<String> unpublish(Path out, Path runsFile, String stage) throws IOException {
    String name = runsFile.getFileName().toString();
    List<String> moved = new java.util.ArrayList<>();
    for (String table : SweepTables.names()) {
      Path f = out.resolve(table).resolve(name);
      if (Files.exists(f)) {
        Path to = Files.createDirectories(out.resolve("_staging").resolve(stage).resolve(table));
        Files.move(f, to.resolve(name));
        moved.add(table + "/" + name);
      }
    }
    return moved;
  }

  @Test
  void anExtendedGridTrainsOnlyTheNewPointsAndForceRedoesAll() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", spec("a.yaml", SMALL).toString(), "--out", out.toString()).exit());
    Path wider = spec("b.yaml", SMALL.replace("p: [1, 2]", "p: [1, 2, 3]"));
    CommandRun extended = CommandRun.of("sweep", wider.toString(), "--out", out.toString());
    assertEquals(0, extended.exit(), extended.toString());
    assertTrue(extended.out().contains("4 to train, 0 to re-measure, 8 already done"), extended.out());
    assertEquals(12, runs(out).select("run_id").distinct().count());
    CommandRun forced = CommandRun.of("sweep", wider.toString(), "--out", out.toString(), "--force");
    assertEquals(0, forced.exit(), forced.toString());
    assertTrue(forced.out().contains("12 to train, 0 to re-measure, 0 already done"), forced.out());
    assertEquals(12, runs(out).count());
  }

  @Test
  void divergedAndFailedConfigurationsAreRowsAndTheRestIsOk() throws Exception {
    Path out = tmp.resolve("out");
    Path spec = spec("mixed.yaml", """
        name: mixed
        grid:
          # |t| stays finite and below its initial loss at this learning rate (|t|^2 does not: DIVERGED)
          - {d: 3, layers: 1, units: [3, 4], p: 1}
          # with this learning rate |t|^16 over two layers overflows at once
          - {d: 3, layers: 2, units: 4, p: 16}
          # 64 layers of 4096 units: 8 GB of weights, more than the heap
          - {d: 3, layers: 64, units: 4096, p: 1}
        training:
          samples: 300
          batch_size: 100
          epochs: 20
          # 3, not 10: at 10 the p = 2 run ends above loss 1 and is DIVERGED by the rule of 358be7b
          learning_rate: 3
        geometry:
          directions: 300
        """);
    CommandRun run = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.toString());
    Dataset<Row> runs = runs(out);
    Map<String, Long> counts = statusCounts(runs);
    assertEquals(Map.of("OK", 2L, "DIVERGED", 1L, "FAILED", 1L), counts, counts.toString());
    Row failed = runs.filter("status = 'FAILED'").select("layers", "error").first();
    assertEquals(64, failed.getInt(0));
    assertTrue(failed.getString(1).contains("OutOfMemoryError"), failed.getString(1));
    Row diverged = runs.filter("status = 'DIVERGED'").select("p", "error", "sphericity_error").first();
    assertEquals(16.0, diverged.getDouble(0));
    assertTrue(diverged.isNullAt(2), "no geometry for a diverged run");
  }

  @Test
  void aBadSpecWritesNothing() throws Exception {
    Path out = tmp.resolve("out");
    Path spec = spec("bad.yaml", SMALL.replace("epochs: 30", "epochs: -3"));
    CommandRun run = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(2, run.exit());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("training.epochs"), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void unusableOutputFoldersAreRefusedAndLeftAlone() throws Exception {
    Path spec = spec("small.yaml", SMALL);
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    CommandRun onFile = CommandRun.of("sweep", spec.toString(), "--out", file.toString());
    assertEquals(2, onFile.exit());
    assertTrue(onFile.err().contains("is a file, not a folder"), onFile.err());

    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("data.parquet"), "not ours");
    CommandRun onForeign = CommandRun.of("sweep", spec.toString(), "--out", foreign.toString());
    assertEquals(2, onForeign.exit());
    assertTrue(onForeign.err().contains("not a sweep output"), onForeign.err());
    try (Stream<Path> s = Files.list(foreign)) {
      assertEquals(1, s.count(), "nothing added");
    }

    Path future = Files.createDirectories(tmp.resolve("future"));
    String manifest = "{\"schema_version\": 99}";
    Files.writeString(future.resolve("_sweep.json"), manifest);
    CommandRun onFuture = CommandRun.of("sweep", spec.toString(), "--out", future.toString());
    assertEquals(2, onFuture.exit());
    assertTrue(onFuture.err().contains("schema_version 99"), onFuture.err());
    assertEquals(manifest, Files.readString(future.resolve("_sweep.json")));
  }

  @Test
  void aLiveLockRefusesASecondSweepAndADeadOneIsTakenOver() throws Exception {
    Path spec = spec("small.yaml", SMALL.replace("p: [1, 2]", "p: [1]").replace("d: [2, 3]", "d: [2]"));
    Path out = Files.createDirectories(tmp.resolve("locked"));
    Files.writeString(out.resolve("_lock"), String.format("{\"host\": \"%s\", \"pid\": %d, \"started_at\": \"x\"}",
        OutputFolder.host(), ProcessHandle.current().pid()));
    CommandRun busy = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(2, busy.exit(), busy.toString());
    assertTrue(busy.err().contains("another sweep is writing here (host " + OutputFolder.host()), busy.err());
    assertFalse(Files.exists(out.resolve("runs")));

    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Files.writeString(out.resolve("_lock"), String.format("{\"host\": \"%s\", \"pid\": %d, \"started_at\": \"x\"}",
        OutputFolder.host(), dead.pid()));
    CommandRun takeover = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, takeover.exit(), takeover.toString());
    assertTrue(takeover.err().contains("stale lock"), takeover.err());
    assertEquals(2, runs(out).count());
  }
}
