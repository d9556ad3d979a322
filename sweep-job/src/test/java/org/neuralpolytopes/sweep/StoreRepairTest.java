package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.sweep.store.StoreDamageException;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * What a user may do to a sweep output's files by hand (delete one, cut one short, drop a foreign
 * file in, copy one, keep a backup beside the tables) and what a disk may do to a committed
 * change: every command stops on damage with one line naming the file and the repair command,
 * {@code check --repair} puts it aside, and after a rerun every table holds each key once.
 */
class StoreRepairTest {

  static SparkSession spark;

  @TempDir
  Path tmp;

  /** One swept folder that every test copies, so each starts from the same clean output. */
  static Path template;

  @BeforeAll
  static void sweepOnce(@TempDir Path shared) throws IOException {
    spark = SparkTestSession.get();
    Path spec = Files.writeString(shared.resolve("repair.yaml"), SPEC);
    template = shared.resolve("template");
    CommandRun first = CommandRun.of("sweep", spec.toString(), "--out", template.toString());
    assertEquals(0, first.exit(), first.toString());
  }

  /** 8 runs in 3 segments (not compacted); the p = 1 runs have facets and vertices, the p = 2 runs none. */
  static final String SPEC = """
      name: repair
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
        morse_points: 500
      sweep:
        wave_size: 3
        compact: false
      """;

  static final int RUNS = 8;

  private Path spec;
  private Path out;

  private CommandRun sweep() {
    return CommandRun.of("sweep", spec.toString(), "--out", out.toString());
  }

  private Path sweptFolder() throws IOException {
    spec = Files.writeString(tmp.resolve("repair.yaml"), SPEC);
    out = tmp.resolve("out");
    try (Stream<Path> files = Files.walk(template)) {
      for (Path f : files.toList()) {
        Path to = out.resolve(template.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    assertEveryKeyOnce();
    assertEquals(0, CommandRun.of("check", out.toString()).exit(), "a fresh sweep is clean");
    return out;
  }

  /** The table files a reader sees: seg-*.parquet directly in the folder. */
  static List<Path> tableFiles(Path table) throws IOException {
    if (!Files.isDirectory(table)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(table)) {
      return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().startsWith("seg-")
          && p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private Dataset<Row> table(String name) throws IOException {
    List<Path> files = tableFiles(out.resolve(name));
    return spark.read().parquet(files.stream().map(Path::toString).toArray(String[]::new));
  }

  /**
   * Every run of the grid in runs/ once, every (run_id, facet) and (run_id, vertex) once, detail
   * rows only of stored runs, in their run's segment, as many as runs/ counts.
   */
  private void assertEveryKeyOnce() throws IOException {
    Dataset<Row> runs = table("runs");
    assertEquals(RUNS, runs.count(), "every run stored");
    assertEquals(RUNS, runs.select("run_id").distinct().count(), "each run_id once");
    long facetsExpected = runs.filter("vertex_count IS NOT NULL").selectExpr("sum(facet_count)").first().getLong(0);
    long verticesExpected = runs.filter("vertex_count IS NOT NULL").selectExpr("sum(vertex_count)").first().getLong(0);
    Dataset<Row> facets = table("facets");
    Dataset<Row> vertices = table("vertices");
    assertEquals(facetsExpected, facets.count(), "facets/ rows = sum of facet_count");
    assertEquals(facetsExpected, facets.select("run_id", "facet").distinct().count(), "each (run_id, facet) once");
    assertEquals(verticesExpected, vertices.count(), "vertices/ rows = sum of vertex_count");
    assertEquals(verticesExpected, vertices.select("run_id", "vertex").distinct().count(), "each (run_id, vertex) once");
    assertEquals(0, facets.join(runs, facets.col("run_id").equalTo(runs.col("run_id")), "left_anti").count(),
        "no facet of a run that is not stored");
    // segment alignment: a detail file's runs are in the runs/ file of the same name
    for (String t : List.of("facets", "vertices")) {
      for (Path f : tableFiles(out.resolve(t))) {
        Path runsFile = out.resolve("runs").resolve(f.getFileName());
        assertTrue(Files.exists(runsFile), f + " has its runs/ file");
        Dataset<Row> ids = spark.read().parquet(f.toString()).select("run_id").distinct();
        assertEquals(0, ids.except(spark.read().parquet(runsFile.toString()).select("run_id")).count(), f + " aligned");
      }
    }
  }

  private static void assertOneLineRepairError(CommandRun run, String path) {
    assertEquals(2, run.exit(), run.toString());
    assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
    assertTrue(run.err().startsWith("error: "), run.err());
    assertTrue(run.err().contains(path), "names " + path + ": " + run.err());
    assertTrue(run.err().contains("check ") && run.err().contains(" --repair"), "names the repair: " + run.err());
    assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no trace: " + run.err());
  }

  /** check finds the damage (exit 1), --repair mends it (exit 0), and a rerun completes the tables. */
  private CommandRun repairAndRerun() throws IOException {
    CommandRun check = CommandRun.of("check", out.toString());
    assertEquals(1, check.exit(), check.toString());
    assertTrue(check.out().contains("damaged"), check.out());
    CommandRun repair = CommandRun.of("check", out.toString(), "--repair");
    assertEquals(0, repair.exit(), repair.toString());
    assertTrue(repair.out().contains("clean now"), repair.out());
    CommandRun rerun = sweep();
    assertEquals(0, rerun.exit(), rerun.toString());
    assertEveryKeyOnce();
    assertEquals(0, CommandRun.of("check", out.toString()).exit());
    assertFalse(Files.exists(out.resolve("_lock")));
    return rerun;
  }

  private static String name(Path p) {
    return p.getParent().getFileName() + "/" + p.getFileName();
  }

  /** A runs/ file whose segment has facets (a p = 1 run). */
  private Path runsFileWithFacets() throws IOException {
    for (Path f : tableFiles(out.resolve("runs"))) {
      if (Files.exists(out.resolve("facets").resolve(f.getFileName()))) {
        return f;
      }
    }
    throw new AssertionError("no segment with facets");
  }

  private static void truncate(Path f) throws IOException {
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(r.length() / 2);
    }
  }

  @Test
  void aDeletedRunsFileIsRetrainedWithoutDuplicatingItsDetailRows() throws Exception {
    sweptFolder();
    Path victim = runsFileWithFacets();
    long lost = spark.read().parquet(victim.toString()).count();
    Files.delete(victim);
    CommandRun check = CommandRun.of("check", out.toString());
    assertEquals(1, check.exit(), check.toString());
    assertTrue(check.out().contains("no runs/ file of its segment"), check.out());
    // no repair needed: every start drops the orphaned detail files, then trains the lost runs
    CommandRun rerun = sweep();
    assertEquals(0, rerun.exit(), rerun.toString());
    assertTrue(rerun.out().contains("restored the tables' invariants"), rerun.out());
    assertTrue(rerun.out().contains(lost + " to train"), rerun.out());
    assertEveryKeyOnce();
    assertEquals(0, CommandRun.of("check", out.toString()).exit());
  }

  @Test
  void aTruncatedRunsFileStopsEveryCommandWithOneLineUntilRepaired() throws Exception {
    sweptFolder();
    Path victim = runsFileWithFacets();
    long lost = spark.read().parquet(victim.toString()).count();
    truncate(victim);
    assertOneLineRepairError(sweep(), name(victim));
    assertOneLineRepairError(CommandRun.of("duality", out.toString()), name(victim));
    assertOneLineRepairError(CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.08"),
        name(victim));
    assertOneLineRepairError(sweep(), name(victim)); // still one line, not "run again to resume"
    assertOneLineRepairError(CommandRun.of("status", out.toString()), name(victim)); // (was exit 1, no file named)
    CommandRun rerun = repairAndRerun();
    assertTrue(rerun.out().contains(lost + " to train"), rerun.out());
    try (Stream<Path> q = Files.walk(out.resolve("_quarantine"))) {
      List<Path> moved = q.filter(p -> p.getFileName().equals(victim.getFileName())).toList();
      // the damaged file, and its segment's facets and vertices beside it (not deleted: moving the
      // three back undoes the repair, as for a file that was only unreadable to this user)
      assertEquals(3, moved.size(), "the damaged file and its detail files are kept aside: " + moved);
      assertTrue(Files.readString(moved.get(0).getParent().getParent().resolve("WHY.txt")).contains(name(victim)));
      assertTrue(moved.stream().anyMatch(m -> m.getParent().getFileName().toString().equals("facets")), moved.toString());
      assertTrue(moved.stream().anyMatch(m -> m.getParent().getFileName().toString().equals("vertices")), moved.toString());
    }
  }

  /**
   * A damaged manifest with intact tables: every command stops with one line naming the repair;
   * check --repair sets it aside and writes a new one (state "repaired"); the same sweep then trains
   * nothing. (Nothing could recover such a folder before.)
   */
  @Test
  void aTruncatedManifestIsReplacedByTheRepairAndNothingIsRetrained() throws Exception {
    sweptFolder();
    Path manifest = out.resolve("_sweep.json");
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.substring(0, 100));
    CommandRun check = CommandRun.of("check", out.toString());
    assertEquals(2, check.exit(), check.toString());
    assertTrue(check.err().contains("_sweep.json is not readable JSON") && check.err().contains(" --repair"), check.err());
    assertEquals(1, check.err().strip().lines().count(), check.err());
    CommandRun stopped = sweep();
    assertEquals(2, stopped.exit(), stopped.toString());
    assertTrue(stopped.err().contains(" --repair sets it aside"), stopped.err());
    CommandRun repair = CommandRun.of("check", out.toString(), "--repair");
    assertEquals(0, repair.exit(), repair.toString());
    assertTrue(repair.out().contains("wrote a new one"), repair.out());
    assertTrue(Files.readString(manifest).contains("\"state\" : \"repaired\""), Files.readString(manifest));
    try (Stream<Path> q = Files.walk(out.resolve("_quarantine"))) {
      Path kept = q.filter(p -> p.getFileName().toString().equals("_sweep.json")).findFirst().orElseThrow();
      assertEquals(text.substring(0, 100), Files.readString(kept), "the damaged manifest is kept aside");
    }
    CommandRun rerun = sweep();
    assertEquals(0, rerun.exit(), rerun.toString());
    assertTrue(rerun.out().contains("nothing to do"), rerun.out());
    assertEveryKeyOnce();
  }

  /**
   * Another table's file in runs/ under a segment's name (a facets/ file copied there): it was read
   * with null statuses and counts, "run ... is in runs/ 33 times", and a repair replaced the real
   * rows with the copy's and deleted good detail rows. It is a damaged file now: every command
   * stops with one line, a repair moves it aside, and nothing is lost or trained again.
   */
  @Test
  void anotherTablesFileInRunsIsMovedAsideAndNothingIsLost() throws Exception {
    sweptFolder();
    Path facets = tableFiles(out.resolve("facets")).get(0);
    Path copy = out.resolve("runs").resolve("seg-1795819999999-abcdef02.parquet");
    Files.copy(facets, copy);
    assertOneLineRepairError(sweep(), "runs/" + copy.getFileName());
    CommandRun rerun = repairAndRerun();
    assertTrue(rerun.out().contains("nothing to do"), rerun.out());
    assertFalse(Files.exists(copy));
  }

  @Test
  void aForeignFileInRunsIsMovedAsideAndNothingIsRetrained() throws Exception {
    sweptFolder();
    Path junk = Files.writeString(out.resolve("runs/junk.parquet"), "not a table\n");
    assertOneLineRepairError(sweep(), "runs/junk.parquet");
    assertOneLineRepairError(CommandRun.of("duality", out.toString()), "runs/junk.parquet");
    CommandRun rerun = repairAndRerun();
    assertTrue(rerun.out().contains("nothing to do"), rerun.out());
    assertFalse(Files.exists(junk));
  }

  @Test
  void aCommittedChangeWithATruncatedStagedFileIsNotPublished() throws Exception {
    sweptFolder();
    // a committed change whose staged runs/ file was cut short after it was verified
    Path victim = runsFileWithFacets();
    String name = victim.getFileName().toString();
    Path stage = out.resolve("_staging/c1");
    List<String> adds = new ArrayList<>();
    for (String t : List.of("facets", "vertices", "runs")) {
      Path f = out.resolve(t).resolve(name);
      if (Files.exists(f)) {
        Files.createDirectories(stage.resolve(t));
        Files.move(f, stage.resolve(t).resolve(name));
        Files.deleteIfExists(out.resolve(t).resolve("." + name + ".crc"));
        adds.add("\"" + t + "/" + name + "\"");
      }
    }
    Files.writeString(stage.resolve("_READY"), "{\"remove\": [], \"add\": [" + String.join(", ", adds) + "]}");
    truncate(stage.resolve("runs").resolve(name));
    List<Path> before = tableFiles(out.resolve("facets"));

    // the store itself refuses to publish it, and moves nothing
    TableStore store = new TableStore(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(out.toString()),
        new Configuration());
    StoreDamageException e = assertThrows(StoreDamageException.class, store::recover);
    assertTrue(e.path().startsWith("_staging/c1/runs/"), e.path());
    assertEquals(before, tableFiles(out.resolve("facets")), "nothing moved");
    assertTrue(Files.exists(stage.resolve("facets").resolve(name)));

    assertOneLineRepairError(sweep(), "_staging/c1/");
    CommandRun rerun = repairAndRerun();
    assertTrue(rerun.out().contains("to train"), rerun.out());
    assertFalse(Files.exists(out.resolve("_staging")));
  }

  @Test
  void copiedFilesAreDeduplicatedOnTheNextStart() throws Exception {
    sweptFolder();
    Path a = runsFileWithFacets();
    List<Path> runsFiles = tableFiles(out.resolve("runs"));
    Path b = runsFiles.stream().filter(p -> !p.equals(a)).findFirst().orElseThrow();
    // a copy of a runs/ file under a new segment name, and a facets/ file copied beside another segment
    Files.copy(a, out.resolve("runs").resolve("seg-" + TableStore.newSegmentId() + ".parquet"));
    Files.copy(out.resolve("facets").resolve(a.getFileName()), out.resolve("facets").resolve(b.getFileName()),
        StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(out.resolve("facets").resolve("." + b.getFileName() + ".crc"));
    CommandRun check = CommandRun.of("check", out.toString());
    assertEquals(1, check.exit(), check.toString());
    assertTrue(check.out().contains("is in runs/ 2 times"), check.out());
    CommandRun rerun = sweep();
    assertEquals(0, rerun.exit(), rerun.toString());
    assertTrue(rerun.out().contains("restored the tables' invariants"), rerun.out());
    assertEveryKeyOnce();
    assertEquals(0, CommandRun.of("check", out.toString()).exit());
  }

  @Test
  void aDeletedFacetsFileRetrainsItsRuns() throws Exception {
    sweptFolder();
    Path facets = out.resolve("facets").resolve(runsFileWithFacets().getFileName());
    Files.delete(facets);
    CommandRun check = CommandRun.of("check", out.toString());
    assertEquals(1, check.exit(), check.toString());
    assertTrue(check.out().contains("rows in facets/"), check.out());
    CommandRun rerun = sweep();
    assertEquals(0, rerun.exit(), rerun.toString());
    assertTrue(rerun.out().contains("train again"), rerun.out());
    assertEveryKeyOnce();
  }

  @Test
  void aBackupSubfolderIsIgnoredByEveryCommand() throws Exception {
    sweptFolder();
    Path backup = Files.createDirectories(out.resolve("runs/backup"));
    for (Path f : tableFiles(out.resolve("runs"))) {
      Files.copy(f, backup.resolve(f.getFileName()));
    }
    Files.writeString(backup.resolve("notes.txt"), "a copy\n");
    CommandRun rerun = sweep();
    assertEquals(0, rerun.exit(), rerun.toString());
    assertTrue(rerun.out().contains("nothing to do"), rerun.out());
    CommandRun measure = CommandRun.of("measure", out.toString(), "--geometry", "tolerances.symmetry=0.08");
    assertEquals(0, measure.exit(), measure.toString());
    assertTrue(measure.out().contains("measure: " + RUNS + " runs to re-measure"), measure.out());
    CommandRun duality = CommandRun.of("duality", out.toString());
    assertEquals(0, duality.exit(), duality.toString());
    CommandRun check = CommandRun.of("check", out.toString());
    assertEquals(0, check.exit(), check.toString());
    assertTrue(check.out().contains("note: runs/backup/"), check.out());
    assertEveryKeyOnce();
    try (Stream<Path> s = Files.list(backup)) {
      assertEquals(tableFiles(backup).size() + 1, s.filter(p -> !p.getFileName().toString().startsWith(".")).count());
    }
    assertEquals(RUNS, table("runs").filter("tol_symmetry = 0.08").count(), "every stored run re-measured");
  }
}
