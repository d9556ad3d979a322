package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.schema.Column;
import org.neuralpolytopes.schema.ColumnStage;
import org.neuralpolytopes.schema.FacetsTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSchema;
import org.neuralpolytopes.schema.TableSpec;
import org.neuralpolytopes.schema.VerticesTable;
import org.neuralpolytopes.sweep.store.TableStore;
import org.neuralpolytopes.train.RunResult;

/**
 * {@code measure} and the sweep's re-measuring, end to end in Spark local mode: stored networks
 * measured again with other geometry settings, without training.
 */
class MeasureTest {

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    SparkTestSession.get();
  }

  static final String SPEC = """
      name: measured
      seeds: 2
      grid:
        - {d: 2, layers: 1, units: 3, p: [1, 2]}
        - {d: 3, layers: 1, units: 4, p: 1}
      training:
        samples: 300
        batch_size: 100
        epochs: 40
        learning_rate: 0.01
      geometry:
        directions: 400
        morse_points: 2000
      sweep:
        wave_size: 2
      """;

  /** Columns that say when and how long, not what: they may differ between two measurements. */
  static final Set<String> TIMING = Set.of(RunsTable.GEOMETRY_SECONDS, RunsTable.MEASURED_AT);

  private Path spec(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  private static TableStore store(Path out) throws IOException {
    return new TableStore(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(out.toUri()),
        new Configuration());
  }

  /** Every row of a table by its key (run_id, or run_id/facet, run_id/vertex); a key twice fails. */
  static Map<String, Object[]> rows(Path out, TableSchema<?> schema) throws IOException {
    TableStore store = store(out);
    Map<String, Object[]> m = new HashMap<>();
    for (String seg : store.segments(schema.name())) {
      for (Object[] r : store.read(schema, seg, schema.columnNames())) {
        String key = schema == RunsTable.SCHEMA ? (String) r[0] : r[0] + "/" + r[1];
        assertTrue(m.put(key, r) == null, schema.name() + "/ holds " + key + " twice");
      }
    }
    return m;
  }

  private static Object value(Object[] row, String column) {
    return row[RunsTable.SCHEMA.indexOf(column)];
  }

  @Test
  void measureWithAnotherToleranceRetrainsNothingAndReplacesEveryMeasurement() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", spec("s.yaml", SPEC).toString(), "--out", out.toString()).exit());
    Map<String, Object[]> before = rows(out, RunsTable.SCHEMA);
    assertEquals(6, before.size());
    Map<String, Object[]> facetsBefore = rows(out, FacetsTable.SCHEMA);

    CommandRun m = CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.08",
        "--geometry", "morse_points=3000", "--master", "local[2]");
    assertEquals(0, m.exit(), m.toString());
    assertTrue(m.out().contains("measure: 6 runs to re-measure"), m.out());
    assertTrue(m.out().contains("0 to train"), m.out());
    Map<String, Object[]> after = rows(out, RunsTable.SCHEMA);
    assertEquals(before.keySet(), after.keySet(), "the same runs, each once");
    for (String id : before.keySet()) {
      Object[] a = before.get(id);
      Object[] b = after.get(id);
      for (Column<RunResult> c : RunsTable.SCHEMA.columns()) {
        if (c.stage() == ColumnStage.TRAINING) {
          assertTrue(Objects.deepEquals(value(a, c.name()), value(b, c.name())),
              c.name() + " of " + id + " changed: nothing is trained again");
        }
      }
      assertEquals(0.08, value(b, RunsTable.TOL_SYMMETRY));
      assertEquals(3000, value(b, RunsTable.MORSE_POINTS));
      assertEquals(400, value(b, RunsTable.DIRECTIONS), "keys not given keep the folder's settings");
      assertNotEquals(value(a, RunsTable.MEASURE_ID), value(b, RunsTable.MEASURE_ID));
      assertTrue(((java.time.Instant) value(b, RunsTable.MEASURED_AT)).isAfter((java.time.Instant) value(a, RunsTable.MEASURED_AT)));
    }
    // exact faces do not depend on these two settings: the same facets, each once
    assertEquals(facetsBefore.keySet(), rows(out, FacetsTable.SCHEMA).keySet());
    rows(out, VerticesTable.SCHEMA);
    Map<?, ?> manifest = new ObjectMapper().readValue(out.resolve("_sweep.json").toFile(), Map.class);
    assertEquals("finished", manifest.get("state"));
    assertEquals(0.08, ((Map<?, ?>) ((Map<?, ?>) manifest.get("geometry")).get("tolerances")).get("symmetry"));
    List<?> invocations = (List<?>) manifest.get("invocations");
    assertEquals("measure", ((Map<?, ?>) invocations.get(invocations.size() - 1)).get("command"));

    // Measured with these settings already: nothing to do.
    CommandRun again = CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.08",
        "--geometry", "morse_points=3000");
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.out().contains("nothing to measure"), again.out());

    // A sweep whose training matches but whose geometry differs re-measures instead of retraining.
    CommandRun sweep = CommandRun.of("sweep", spec("s2.yaml", SPEC).toString(), "--out", out.toString());
    assertEquals(0, sweep.exit(), sweep.toString());
    assertTrue(sweep.out().contains("0 to train, 6 to re-measure, 0 already done"), sweep.out());
    // and says which of the folder's settings it replaces
    String note = sweep.out().lines().filter(l -> l.startsWith("note: the spec's geometry differs")).findFirst()
        .orElseThrow(() -> new AssertionError("no note:\n" + sweep.out()));
    assertTrue(note.contains("morse_points 3000 -> ") && note.contains("tolerances.symmetry 0.08 -> ")
        && note.contains("its 6 stored runs are measured again"), note);
    assertFalse(note.contains("directions"), "only what differs: " + note);
    Map<String, Object[]> swept = rows(out, RunsTable.SCHEMA);
    for (String id : before.keySet()) {
      assertEquals(value(before.get(id), RunsTable.MEASURE_ID), value(swept.get(id), RunsTable.MEASURE_ID));
      assertTrue(Objects.deepEquals(value(before.get(id), RunsTable.WEIGHTS), value(swept.get(id), RunsTable.WEIGHTS)));
    }
  }

  /**
   * A folder measured by an earlier version of the measuring code (every segment rewritten with
   * version 1's measure_id, as folders written before versions were counted hold): a sweep with
   * the same spec measures its runs again and says why; then nothing is left to do.
   */
  @Test
  void runsMeasuredByAnEarlierVersionOfTheCodeAreMeasuredAgain() throws Exception {
    Path out = tmp.resolve("out");
    Path spec = spec("s.yaml", SPEC);
    assertEquals(0, CommandRun.of("sweep", spec.toString(), "--out", out.toString()).exit());
    GeometrySettings g = new GeometrySettings(400, Tolerances.DEFAULT, GeometrySettings.DEFAULT_MAX_CELLS, 2000);
    Map<String, Object[]> before = rows(out, RunsTable.SCHEMA);
    for (Object[] r : before.values()) {
      assertEquals(g.measureId(), value(r, RunsTable.MEASURE_ID), "the spec's settings, this version");
    }
    String older = g.measureId(1);
    assertNotEquals(g.measureId(), older);
    TableStore store = store(out);
    int col = RunsTable.SCHEMA.indexOf(RunsTable.MEASURE_ID);
    for (String segment : store.segments(RunsTable.SCHEMA.name())) {
      String fresh = TableStore.newSegmentId();
      TableStore.Change c = new TableStore.Change();
      for (TableSpec<?> t : SweepTables.ALL) {
        List<Object[]> rows = store.read(t.schema(), segment, t.schema().columnNames());
        if (t.schema() == RunsTable.SCHEMA) {
          rows.forEach(r -> r[col] = older);
        }
        c.add(t.schema(), fresh, rows);
        c.removeSegment(t.name(), segment);
      }
      store.commit(c);
    }

    CommandRun sweep = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, sweep.exit(), sweep.toString());
    assertTrue(sweep.out().contains("0 to train, 6 to re-measure, 0 already done"), sweep.out());
    String note = sweep.out().lines().filter(l -> l.startsWith("note: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no note:\n" + sweep.out()));
    assertTrue(note.contains("6 stored runs were measured with these settings by an earlier version of the measuring"
        + " code (6 by version 1); version " + GeometrySettings.MEASUREMENT_VERSION + " measures them again"), note);
    assertTrue(note.contains(GeometrySettings.MEASUREMENT_CHANGES.get(1)), note);
    assertFalse(sweep.out().contains("the spec's geometry differs"), "the settings are the same: " + sweep.out());
    Map<String, Object[]> after = rows(out, RunsTable.SCHEMA);
    assertEquals(before.keySet(), after.keySet());
    for (String id : before.keySet()) {
      assertEquals(g.measureId(), value(after.get(id), RunsTable.MEASURE_ID));
      assertTrue(Objects.deepEquals(value(before.get(id), RunsTable.WEIGHTS), value(after.get(id), RunsTable.WEIGHTS)));
      assertEquals(value(before.get(id), RunsTable.STATUS), value(after.get(id), RunsTable.STATUS));
    }
    Map<?, ?> manifest = new ObjectMapper().readValue(out.resolve("_sweep.json").toFile(), Map.class);
    assertEquals(GeometrySettings.MEASUREMENT_VERSION, manifest.get("measurement_version"));

    CommandRun m = CommandRun.of("measure", out.toString());
    assertEquals(0, m.exit(), m.toString());
    assertTrue(m.out().contains("nothing to measure"), m.out());
  }

  @Test
  void measuringAgainWithTheSameSettingsGivesTheSameTablesApartFromTimings() throws Exception {
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", spec("s.yaml", SPEC).toString(), "--out", out.toString()).exit());
    Map<String, Map<String, Object[]>> before = new HashMap<>();
    for (TableSchema<?> t : List.of(RunsTable.SCHEMA, FacetsTable.SCHEMA, VerticesTable.SCHEMA)) {
      before.put(t.name(), rows(out, t));
    }
    CommandRun m = CommandRun.of("measure", out.toString(), "--force");
    assertEquals(0, m.exit(), m.toString());
    assertTrue(m.out().contains("6 runs to re-measure"), m.out());
    for (TableSchema<?> t : List.of(RunsTable.SCHEMA, FacetsTable.SCHEMA, VerticesTable.SCHEMA)) {
      Map<String, Object[]> now = rows(out, t);
      assertEquals(before.get(t.name()).keySet(), now.keySet(), t.name());
      List<String> differ = new ArrayList<>();
      for (String key : now.keySet()) {
        Object[] a = before.get(t.name()).get(key);
        Object[] b = now.get(key);
        for (int i = 0; i < a.length; i++) {
          String col = t.columnNames().get(i);
          if (!TIMING.contains(col) && !Objects.deepEquals(a[i], b[i])) {
            differ.add(t.name() + "/" + key + "." + col);
          }
        }
      }
      assertEquals(List.of(), differ, "bit for bit the same apart from the timing columns");
    }
  }

  @Test
  void badInputIsOneLineExitTwoAndWritesNothing() throws Exception {
    // a folder that is not a sweep output
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CommandRun none = CommandRun.of("measure", empty.toString());
    assertEquals(2, none.exit(), none.toString());
    assertEquals(1, none.err().strip().lines().count(), none.err());
    try (Stream<Path> s = Files.list(empty)) {
      assertEquals(0, s.count(), "nothing written");
    }
    // named as the command names it: measure has no --out, and a folder to measure is not chosen anew
    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("notes.txt"), "mine\n");
    CommandRun other = CommandRun.of("measure", foreign.toString());
    assertEquals("error: " + foreign + ": not a sweep output (no _sweep.json)", other.err().strip());
    Path file = Files.writeString(tmp.resolve("a-file"), "x\n");
    CommandRun onFile = CommandRun.of("measure", file.toString());
    assertEquals("error: " + file + ": is a file, not a folder", onFile.err().strip());
    // a sweep output without runs/
    Path noRuns = Files.createDirectories(tmp.resolve("noruns"));
    Files.writeString(noRuns.resolve("_sweep.json"), "{\"schema_version\": " + RunsTable.SCHEMA_VERSION + "}");
    CommandRun missing = CommandRun.of("measure", noRuns.toString());
    assertEquals(2, missing.exit(), missing.toString());
    assertTrue(missing.err().startsWith("error: ") && missing.err().contains("no runs/ to measure"), missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    try (Stream<Path> s = Files.list(noRuns)) {
      assertEquals(List.of("_sweep.json"), s.map(p -> p.getFileName().toString()).toList(), "no lock left behind");
    }
    // a folder of another schema version
    Path old = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(old.resolve("_sweep.json"), "{\"schema_version\": 1}");
    Files.createDirectories(old.resolve("runs"));
    CommandRun version = CommandRun.of("measure", old.toString());
    assertEquals(2, version.exit(), version.toString());
    assertTrue(version.err().contains("schema_version 1"), version.err());

    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", spec("s.yaml", SPEC).toString(), "--out", out.toString()).exit());
    String manifest = Files.readString(out.resolve("_sweep.json"));
    Set<String> files = listing(out);
    for (String[] bad : List.of(
        new String[] {"tolerances.symetry=0.08", "geometry.tolerances.symetry: unknown key 'symetry'; did you mean 'symmetry'?"},
        new String[] {"tolerances.symmetry=-1", "geometry.tolerances.symmetry"},
        new String[] {"morse_points=5", "geometry.morse_points: must be between 100"},
        new String[] {"directions=many", "geometry.directions: expected an integer"},
        new String[] {"bogus=1", "geometry.bogus: unknown key 'bogus'"},
        new String[] {"morse_points", "expected KEY=VALUE"})) {
      CommandRun r = CommandRun.of("measure", out.toString(), "--geometry", bad[0]);
      assertEquals(2, r.exit(), bad[0] + ": " + r);
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: --geometry") && r.err().contains(bad[1]), bad[0] + ": " + r.err());
    }
    assertEquals(manifest, Files.readString(out.resolve("_sweep.json")), "the manifest is untouched");
    assertEquals(files, listing(out), "no file added or removed");
  }

  @Test
  void aMeasureAndASweepOnOneFolderExcludeEachOther() throws Exception {
    Path out = tmp.resolve("out");
    Path spec = spec("s.yaml", SPEC);
    assertEquals(0, CommandRun.of("sweep", spec.toString(), "--out", out.toString()).exit());
    // a live writer (this JVM) holds the folder's lock
    OutputFolder holder = new OutputFolder(out.toString(), new Configuration());
    holder.lock();
    try {
      CommandRun measure = CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.08");
      assertEquals(2, measure.exit(), measure.toString());
      assertTrue(measure.err().contains("another sweep is writing here"), measure.err());
      CommandRun sweep = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
      assertEquals(2, sweep.exit(), sweep.toString());
    } finally {
      holder.unlock();
    }
    assertEquals(0, CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.08").exit());
  }

  private static Set<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      Set<String> out = new HashSet<>();
      s.forEach(p -> out.add(dir.relativize(p).toString()));
      return out;
    }
  }
}
