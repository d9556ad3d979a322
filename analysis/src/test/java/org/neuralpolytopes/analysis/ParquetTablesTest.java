package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.schema.Column;
import org.neuralpolytopes.schema.DualityRow;
import org.neuralpolytopes.schema.DualityTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.TableSchema;
import org.neuralpolytopes.sweep.store.ParquetRows;
import org.neuralpolytopes.sweep.SweepMain;
import org.neuralpolytopes.sweep.spec.SpecParser;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;

/**
 * The Arrow reader against a real sweep output made by the real sweep (Spark local mode), and
 * against the trainer itself: what the reader returns is bit for bit what the trainer computed.
 */
class ParquetTablesTest {

  @TempDir
  static Path tmp;

  static Path out;
  static Path specFile;

  static final String SPEC = """
      name: reader
      seeds: 2
      grid:
        d: [2, 3]
        layers: [1, 2]
        units: [3]
        p: [1, 1.5]
      training:
        samples: 200
        batch_size: 100
        epochs: 10
        learning_rate: 0.01
      geometry:
        directions: 300
      """;

  @BeforeAll
  static void sweep() throws Exception {
    specFile = Files.writeString(tmp.resolve("reader.yaml"), SPEC);
    out = tmp.resolve("out");
    int code = SweepMain.run("sweep", specFile.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, code);
  }

  @Test
  void readsEveryRowWithTheSharedSchema() throws Exception {
    SweepOutput output = SweepOutput.open(out);
    assertEquals("reader", output.specName());
    List<TableRow> rows = output.runs();
    assertEquals(16, rows.size());
    for (TableRow r : rows) {
      assertEquals(RunsTable.SCHEMA.columnNames(), List.copyOf(r.values().keySet()));
      assertEquals("OK", r.getString("status"));
      assertEquals(r.getInt("weight_count"), r.getDoubles("weights").length);
      assertTrue(r.getInstant("started_at").isBefore(Instant.now()));
      assertTrue(r.isNull("error"));
    }
  }

  @Test
  void arrowsUnpackedNativeLibrariesAreDeletedOnceLoaded() throws Exception {
    Path maps = Path.of("/proc/self/maps");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "Linux only: /proc/self/maps");
    assertEquals(16, SweepOutput.open(out).runs().size());
    List<String> mapped = Files.readAllLines(maps).stream().filter(l -> l.contains("/jnilib-")).toList();
    assertTrue(mapped.size() >= 2, "Arrow's dataset and C data libraries are loaded from unpacked copies: " + mapped);
    assertEquals(List.of(), ParquetTables.mappedUnpackedLibraries(), "and their files are gone: " + mapped);
    assertTrue(mapped.stream().allMatch(l -> l.endsWith("(deleted)")), mapped.toString());
  }

  /**
   * An output whose duality/ was written before its column polar_inputs existed (every output of
   * earlier builds): the report reads it, the column as null, instead of refusing the folder.
   */
  @Test
  void aDualityTableWrittenBeforePolarInputsIsReportedWithTheColumnNull() throws Exception {
    Path older = copyOfOutput("older");
    // duality/ rewritten as an earlier build wrote it: every column but polar_inputs
    TableSchema.Builder<Object[]> b = TableSchema.builder("duality", "before polar_inputs");
    List<String> kept = new java.util.ArrayList<>();
    for (Column<DualityRow> c : DualityTable.SCHEMA.columns()) {
      if (!c.name().equals(DualityTable.POLAR_INPUTS)) {
        int i = kept.size();
        kept.add(c.name());
        b.add(c.name(), c.type(), c.unit(), c.definition(), r -> r[i]);
      }
    }
    TableSchema<Object[]> before = b.build();
    // one pair of the fixture's runs (its grid has no conjugates): (2, 1, 3) seed 0 at p = 1 and 1.5
    Map<Double, TableRow> byP = SweepOutput.open(out).runs().stream()
        .filter(r -> r.getInt("d") == 2 && r.getInt("layers") == 1 && r.getInt("seed_index") == 0)
        .collect(Collectors.toMap(r -> r.getDouble("p"), Function.identity()));
    TableRow atP = byP.get(1.0);
    TableRow atQ = byP.get(1.5);
    List<Object[]> rows = List.<Object[]>of(new Object[] {atP.getString("run_id"), atQ.getString("run_id"), 2, 1, 3,
        "abs_power", 0, atP.get("seed"), 1.0, 1.5, true, 0.25, 0.1, null, atP.get("mahler_ratio"), atQ.get("mahler_ratio"),
        null});
    assertEquals(kept.size(), rows.get(0).length);
    Path file = Files.createDirectories(older.resolve("duality")).resolve("seg-1-older.parquet");
    ParquetRows.write(before, rows, new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration());

    SweepOutput output = SweepOutput.open(older);
    List<TableRow> duality = output.whole(DualityTable.SCHEMA);
    assertEquals(1, duality.size());
    assertNull(duality.get(0).get(DualityTable.POLAR_INPUTS));
    assertEquals(0.25, duality.get(0).getDouble("polar_distance"), "the other columns as written");
    Path report = tmp.resolve("older-report");
    org.neuralpolytopes.analysis.report.Report.write(output, report, 4, m -> { });
    assertTrue(Files.readString(report.resolve("index.html")).contains("polar-distance-vs-p"), "the duality chart is drawn");
  }

  /**
   * An output whose runs/ was written before cooling_steps, cooling_temperatures and
   * vanishing_cancellation existed: read whole, those columns as null, instead of refusing the folder.
   */
  @Test
  void aRunsTableWrittenBeforeTheCoolingRecordReadsWithItNull() throws Exception {
    Path older = copyOfOutput("before-cooling-record");
    List<String> dropped = List.of(RunsTable.COOLING_STEPS, RunsTable.COOLING_TEMPERATURES,
        RunsTable.VANISHING_CANCELLATION);
    TableSchema.Builder<Object[]> b = TableSchema.builder("runs", "before the cooling record");
    List<String> kept = new java.util.ArrayList<>();
    for (Column<RunResult> c : RunsTable.SCHEMA.columns()) {
      if (!dropped.contains(c.name())) {
        int i = kept.size();
        kept.add(c.name());
        b.add(c.name(), c.type(), c.unit(), c.definition(), r -> r[i]);
      }
    }
    TableSchema<Object[]> before = b.build();
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    for (Path f : ParquetTables.files(older.resolve("runs"))) {
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(f.toUri());
      List<Object[]> rows = ParquetRows.read(RunsTable.SCHEMA, kept, file, conf);
      Files.delete(f);
      ParquetRows.write(before, rows, file, conf);
    }

    List<TableRow> rows = SweepOutput.open(older).runs();
    assertEquals(16, rows.size());
    for (TableRow r : rows) {
      assertTrue(r.isNull(RunsTable.COOLING_STEPS));
      assertTrue(r.isNull(RunsTable.COOLING_TEMPERATURES));
      assertTrue(r.isNull(RunsTable.VANISHING_CANCELLATION));
      assertEquals("OK", r.getString("status"), "the other columns as written");
    }
  }

  @Test
  void valuesAreBitForBitWhatTheTrainerComputes() throws Exception {
    Map<String, TableRow> byId = SweepOutput.open(out).runs().stream()
        .collect(Collectors.toMap(r -> r.getString("run_id"), Function.identity()));
    List<RunConfig> grid = SpecParser.parse(specFile).expand();
    assertEquals(grid.size(), byId.size());
    RunConfig c = grid.get(grid.size() - 1);
    RunResult direct = Runs.run(c, "reader");
    TableRow row = byId.get(c.runId());
    assertArrayEquals(direct.weights(), row.getDoubles("weights"));
    assertEquals(direct.training().finalLoss(), row.getDouble("final_loss"));
    assertEquals(direct.shape().volume(), row.getDouble("volume"));
    assertArrayEquals(direct.training().lossCurveEpochs(), row.getInts("loss_curve_epochs"));
    assertEquals(c.seed(), row.getLong("seed"));
    assertEquals(c.p(), row.getDouble("p"));
  }

  @Test
  void refusesFoldersThatAreNotSweepOutputs() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    AnalysisException e = assertThrows(AnalysisException.class, () -> SweepOutput.open(empty));
    assertTrue(e.getMessage().contains("not a sweep output"));
    Path future = Files.createDirectories(tmp.resolve("future"));
    Files.writeString(future.resolve("_sweep.json"), "{\"schema_version\": 7}");
    e = assertThrows(AnalysisException.class, () -> SweepOutput.open(future));
    assertTrue(e.getMessage().contains("schema_version 7"), e.getMessage());
    e = assertThrows(AnalysisException.class, () -> SweepOutput.open(tmp.resolve("nowhere")));
    assertTrue(e.getMessage().contains("no such folder"));
    // a damaged runs/ file in a copy of the sweep: one line that names the repair
    Path copy = copyOfOutput("damaged");
    try (java.util.stream.Stream<Path> runs = Files.list(copy.resolve("runs"))) {
      Path victim = runs.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.write(victim, java.util.Arrays.copyOf(Files.readAllBytes(victim), (int) Files.size(victim) / 2));
    }
    // opening runs the quick check first, as sweep, measure and duality do: the file and the repair,
    // in the check's words (it was the Parquet reader's "magic bytes not found" at the first read)
    e = assertThrows(AnalysisException.class, () -> SweepOutput.open(copy));
    assertTrue(e.getMessage().startsWith(copy.toAbsolutePath().normalize() + "/runs/seg-"), e.getMessage());
    assertTrue(e.getMessage().contains(": truncated or damaged") && e.getMessage().endsWith("; run bin/polytopes check "
        + copy.toAbsolutePath().normalize() + " --repair"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    // a truncated manifest: one line (the parser's location line was a second)
    Path cut = Files.createDirectories(tmp.resolve("cut"));
    Files.writeString(cut.resolve("_sweep.json"), "{\n  \"schema_version\" : 2,\n  \"to");
    e = assertThrows(AnalysisException.class, () -> SweepOutput.open(cut));
    assertTrue(e.getMessage().contains("_sweep.json: not readable JSON (Unexpected end-of-input"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  /** A copy of the sweep output {@code out} in {@code tmp/name}. */
  private Path copyOfOutput(String name) throws java.io.IOException {
    Path copy = tmp.resolve(name);
    try (java.util.stream.Stream<Path> files = Files.walk(out)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(out.relativize(f).toString()));
      }
    }
    return copy;
  }
}
