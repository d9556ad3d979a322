package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.schema.FacetsTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.TransitionsTable;
import org.neuralpolytopes.schema.VerticesTable;

/** Refinement rounds in p, compaction and status, end to end in Spark local mode. */
class RefineCompactStatusTest {

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    SparkTestSession.get();
  }

  /**
   * (3, 1, 3, p) nets draw l_p balls: octahedron-like Morse counts [6, 12, 8] below p = 2,
   * cube-like [8, 12, 6] above (docs/paper-claims.md). Refinement must bracket the change at 2.
   */
  static final String REFINED = """
      name: refined
      seeds: 2
      grid: {d: 3, layers: 1, units: 3, p: [1.5, 3]}
      training: {samples: 1000, batch_size: 100, epochs: 300, learning_rate: 0.01}
      geometry: {directions: 500, morse_points: 3000}
      refine: {axis: p, by: [morse_counts], tolerance: 0.1, max_rounds: 6}
      sweep: {wave_size: 2}
      """;

  private static long files(Path table) throws Exception {
    if (!Files.isDirectory(table)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void refinementBracketsTheChangeOfMorseCountsAtPTwo() throws Exception {
    Path spec = Files.writeString(tmp.resolve("r.yaml"), REFINED);
    Path out = tmp.resolve("out");
    CommandRun run = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("refine round 1: 2 configurations at 1 new exponents"), run.out());
    Map<String, Object[]> transitions = MeasureTest.rows(out, TransitionsTable.SCHEMA);
    Object[] t = transitions.values().stream()
        .filter(r -> r[TransitionsTable.SCHEMA.indexOf("property")].equals(RunsTable.MORSE_COUNTS)).findFirst()
        .orElseThrow(() -> new AssertionError("no Morse-count transition: " + run.out()));
    double low = (Double) t[TransitionsTable.SCHEMA.indexOf("p_low")];
    double high = (Double) t[TransitionsTable.SCHEMA.indexOf("p_high")];
    assertTrue(low <= 2 && 2 <= high && high - low <= 0.1, low + " .. " + high);
    assertEquals("[6, 12, 8]", t[TransitionsTable.SCHEMA.indexOf("value_low")]);
    assertEquals("[8, 12, 6]", t[TransitionsTable.SCHEMA.indexOf("value_high")]);
    assertEquals(true, t[TransitionsTable.SCHEMA.indexOf("resolved")]);
    Map<String, Object[]> runs = MeasureTest.rows(out, RunsTable.SCHEMA);
    assertTrue(runs.size() > 4 && runs.size() % 2 == 0, "the rounds added exponents, every seed each: " + runs.size());
    // the last line counts every run trained, the rounds' included (it gave the grid's 4 alone)
    assertTrue(run.out().contains("trained " + runs.size() + " (" + (runs.size() - 4) + " in refinement rounds)"),
        run.out());

    // The rounds are in runs/ now: the same command trains nothing.
    CommandRun again = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.out().contains("nothing to do") && !again.out().contains("refine round"), again.out());

    // The sweep compacted its waves: one segment per table.
    assertEquals(1, files(out.resolve("runs")));
    assertTrue(files(out.resolve("facets")) <= 1 && files(out.resolve("vertices")) <= 1);
    CommandRun compact = CommandRun.of("compact", out.toString());
    assertEquals(0, compact.exit(), compact.toString());
    assertTrue(compact.out().contains("nothing to compact: 1 segment(s)"), compact.out());

    // status reads it without Spark or a lock
    CommandRun status = CommandRun.of("status", out.toString());
    assertEquals(0, status.exit(), status.toString());
    assertTrue(status.out().contains("runs     " + runs.size() + ": {OK=" + runs.size() + "}; 1 segment(s)"), status.out());
    assertTrue(status.out().contains("state    finished"), status.out());
    assertTrue(status.out().contains("lock     free"), status.out());
    assertTrue(status.out().matches("(?s).*last     sweep 'refined' finished \\S+ after [0-9.]+ s \\(2 invocation\\(s\\) in all\\).*"),
        status.out());
  }

  @Test
  void compactionMergesWavesAtomicallyAndResumeAndMeasureWorkOnIt() throws Exception {
    Path spec = Files.writeString(tmp.resolve("s.yaml"), MeasureTest.SPEC);
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", spec.toString(), "--out", out.toString()).exit());
    assertEquals(1, files(out.resolve("runs")), "compacted at the end of the sweep");
    Map<String, Object[]> runs = MeasureTest.rows(out, RunsTable.SCHEMA);
    Map<String, Object[]> facets = MeasureTest.rows(out, FacetsTable.SCHEMA);
    Map<String, Object[]> vertices = MeasureTest.rows(out, VerticesTable.SCHEMA);
    // A larger grid: new waves beside the compacted segment, merged again at the end.
    Path wider = Files.writeString(tmp.resolve("w.yaml"), MeasureTest.SPEC.replace("p: [1, 2]}", "p: [1, 2, 3]}"));
    CommandRun extended = CommandRun.of("sweep", wider.toString(), "--out", out.toString());
    assertEquals(0, extended.exit(), extended.toString());
    assertTrue(extended.out().contains("2 to train, 0 to re-measure, 6 already done"), extended.out());
    assertEquals(1, files(out.resolve("runs")));
    Map<String, Object[]> after = MeasureTest.rows(out, RunsTable.SCHEMA);
    assertEquals(8, after.size());
    for (String id : runs.keySet()) {
      assertTrue(java.util.Arrays.deepEquals(runs.get(id), after.get(id)), "run " + id + " is unchanged by merging");
    }
    assertTrue(MeasureTest.rows(out, FacetsTable.SCHEMA).keySet().containsAll(facets.keySet()));
    assertTrue(MeasureTest.rows(out, VerticesTable.SCHEMA).keySet().containsAll(vertices.keySet()));
    CommandRun m = CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.07");
    assertEquals(0, m.exit(), m.toString());
    assertTrue(m.out().contains("measure: 8 runs to re-measure"), m.out());
    assertEquals(8, MeasureTest.rows(out, RunsTable.SCHEMA).size());
  }

  /**
   * A folder whose writer was killed (state "running", its lock held by a pid of this host that has
   * ended): status says so, and gives no ETA (it said "running" and "ETA 62 s" for a dead sweep).
   */
  @Test
  void statusOfAFolderWhoseWriterDiedSaysSo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("orphan"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String started = java.time.Instant.now().minusSeconds(60).toString();
    Files.writeString(dir.resolve("_sweep.json"), "{\"schema_version\": " + RunsTable.SCHEMA_VERSION
        + ", \"state\": \"running\", \"current\": {\"command\": \"sweep\", \"started_at\": \"" + started
        + "\", \"progress\": {\"planned\": 100, \"done\": 40, \"not_ok\": 0, \"waves_committed\": 5,"
        + " \"updated_at\": \"" + java.time.Instant.now().minusSeconds(30) + "\"}}}");
    Files.writeString(dir.resolve(OutputFolder.LOCK), "{\"host\": \"" + OutputFolder.host() + "\", \"pid\": "
        + gone.pid() + ", \"started_at\": \"" + started + "\"}");
    CommandRun r = CommandRun.of("status", dir.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("state    running; but no command is writing here"), r.out());
    assertTrue(r.out().contains("that process has ended: the lock is stale"), r.out());
    assertTrue(r.out().contains("ETA - (not running)"), r.out());
  }

  /**
   * The last invocation of the history as it ended: a killed one "interrupted" with its start (it
   * read "finished ... after NaN s"), a stopped one with its end, a finished one with its wall time;
   * the count includes the current invocation.
   */
  @Test
  void statusSaysHowTheLastInvocationEnded() {
    assertEquals("interrupted (started 2026-11-28T03:40:00Z; its process ended without a last word)",
        StatusCommand.ending(java.util.Map.of("state", "interrupted", "started_at", "2026-11-28T03:40:00Z")));
    assertEquals("interrupted 2026-11-28T03:41:00Z (started 2026-11-28T03:40:00Z)", StatusCommand.ending(
        java.util.Map.of("state", "interrupted", "started_at", "2026-11-28T03:40:00Z", "ended_at", "2026-11-28T03:41:00Z")));
    assertEquals("finished 2026-11-28T03:40:49.100Z after 49.1 s", StatusCommand.ending(
        java.util.Map.of("state", "finished", "started_at", "2026-11-28T03:40:00Z", "wall_seconds", 49.1)));
  }

  @Test
  void statusOfAFolderThatIsNotASweepOutputIsOneLineAndExitTwo() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Files.writeString(plain.resolve("notes.txt"), "mine");
    for (Path dir : List.of(plain, tmp.resolve("missing"))) {
      CommandRun r = CommandRun.of("status", dir.toString());
      assertEquals(2, r.exit(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: "), r.err());
    }
    CommandRun c = CommandRun.of("compact", plain.toString());
    assertEquals(2, c.exit(), c.toString());
  }
}
