package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.neuralpolytopes.schema.RunsTable;
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
  }
}
