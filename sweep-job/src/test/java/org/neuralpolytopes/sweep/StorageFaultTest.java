package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A disk that is full when the lock is taken, or fills in the middle of a sweep, injected through
 * Hadoop's FileSystem ({@link FaultyFileSystem} under {@code faulty://}), and locks that cannot
 * be read: one {@code error:} line naming the path, nothing left behind by a refused start, the
 * manifest marked failed when it can be written, and the same command resumes once there is room.
 */
class StorageFaultTest {

  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.get();
  }

  @AfterEach
  void room() {
    FaultyFileSystem.reset();
  }

  /** 6 runs, the p = 1 ones with facets and vertices, committed two at a time. */
  static final String SPEC = """
      name: fault
      grid:
        d: [2, 3]
        layers: [1]
        units: [3]
        p: [1, 2, 3]
      training:
        samples: 200
        batch_size: 100
        epochs: 20
        learning_rate: 0.01
      geometry:
        directions: 300
        morse_points: 300
      sweep:
        wave_size: 2
      """;

  static final String[] FAULTY = {"--conf", "spark.hadoop.fs.faulty.impl=" + FaultyFileSystem.class.getName(),
      "--conf", "spark.hadoop.fs.faulty.impl.disable.cache=true"};

  private CommandRun sweep(Path spec, Path out) {
    List<String> args = new ArrayList<>(List.of("sweep", spec.toString(), "--out", "faulty://" + out));
    args.addAll(List.of(FAULTY));
    return CommandRun.of(args.toArray(String[]::new));
  }

  private static JsonNode manifest(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("_sweep.json").toFile());
  }

  private static void assertOneErrorLine(CommandRun run, int exit, String... fragments) {
    assertEquals(exit, run.exit(), run.toString());
    // progress lines may come first; one error line, the last
    List<String> lines = run.err().strip().lines().toList();
    assertEquals(1, lines.stream().filter(l -> l.startsWith("error:")).count(), "one error line: " + run.err());
    assertTrue(lines.get(lines.size() - 1).startsWith("error: "), run.err());
    for (String f : fragments) {
      assertTrue(run.err().contains(f), "'" + f + "' in " + run.err());
    }
    assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no trace: " + run.err());
  }

  @ParameterizedTest(name = "FSError {0}")
  @ValueSource(booleans = {true, false})
  void aFullDiskAtLockTimeLeavesNothingAndTheNextRunStartsAtOnce(boolean fsError) throws Exception {
    Path spec = Files.writeString(tmp.resolve("fault.yaml"), SPEC);
    Path out = tmp.resolve("out");
    FaultyFileSystem.failAfter(-1, FaultyFileSystem.Scope.EVERYTHING, fsError);
    CommandRun refused = sweep(spec, out);
    assertOneErrorLine(refused, 2, "cannot take the lock", out + "/_lock", FaultyFileSystem.NO_SPACE);
    assertFalse(Files.exists(out), "exit 2 writes nothing: not even the folder");

    // an existing folder: no empty _lock is left behind
    Files.createDirectories(out);
    CommandRun again = sweep(spec, out);
    assertOneErrorLine(again, 2, "_lock", FaultyFileSystem.NO_SPACE);
    try (var s = Files.list(out)) {
      assertEquals(List.of(), s.toList(), "nothing left in the folder");
    }
    FaultyFileSystem.reset();
    CommandRun room = sweep(spec, out);
    assertEquals(0, room.exit(), room.toString());
    assertEquals("finished", manifest(out).path("state").asText());
  }

  @Test
  void anUnreadableLockIsJudgedByItsAge() throws Exception {
    Path spec = Files.writeString(tmp.resolve("fault.yaml"), SPEC);
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Path lock = Files.write(out.resolve("_lock"), new byte[0]);
    // fresh: it may be another sweep's lock being written this instant
    CommandRun fresh = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertOneErrorLine(fresh, 2, "_lock cannot be read yet", "try again in a few seconds");
    // older than a take lasts: left by a take that failed, taken over at once
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60)));
    CommandRun old = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, old.exit(), old.toString());
    assertTrue(old.err().contains("stale lock"), old.err());
    assertFalse(Files.exists(lock));
  }

  @ParameterizedTest(name = "FSError {0}")
  @ValueSource(booleans = {true, false})
  void aDiskThatFillsMidSweepIsOneLineAFailedManifestAndAResume(boolean fsError) throws Exception {
    Path spec = Files.writeString(tmp.resolve("fault.yaml"), SPEC);
    Path out = tmp.resolve("out");
    // the first wave's files (runs/, facets/, vertices/) are written, the next Parquet file is not
    FaultyFileSystem.failAfter(3, FaultyFileSystem.Scope.PARQUET, fsError);
    CommandRun full = sweep(spec, out);
    assertOneErrorLine(full, 1, "cannot write faulty:", "/_staging/", ".parquet", FaultyFileSystem.NO_SPACE,
        "run the same command again to resume");
    JsonNode m = manifest(out);
    assertEquals("failed", m.path("state").asText(), m.toString());
    assertEquals("failed", m.path("current").path("state").asText());
    assertTrue(m.path("current").path("error").asText().contains(FaultyFileSystem.NO_SPACE));
    assertFalse(Files.exists(out.resolve("_lock")));
    long committed = StoreRepairTest.tableFiles(out.resolve("runs")).size();
    assertTrue(committed >= 1, "the first wave is kept");

    FaultyFileSystem.reset();
    CommandRun resume = sweep(spec, out);
    assertEquals(0, resume.exit(), resume.toString());
    assertTrue(resume.out().contains("already done"), resume.out());
    assertEquals(6, spark.read().parquet(out.resolve("runs").toString()).select("run_id").distinct().count());
    assertEquals(6, spark.read().parquet(out.resolve("runs").toString()).count());
    JsonNode after = manifest(out);
    assertEquals("finished", after.path("state").asText());
    JsonNode invocations = after.path("invocations");
    assertEquals(2, invocations.size(), after.toString());
    assertEquals("failed", invocations.get(0).path("state").asText());
    assertEquals("finished", invocations.get(1).path("state").asText());
    assertFalse(Files.exists(out.resolve("_staging")));
    // check works through Hadoop's FileSystem, on a scheme other than the local one
    CommandRun check = CommandRun.of("check", "faulty://" + out, "--conf", FAULTY[1].substring("spark.hadoop.".length()),
        "--conf", FAULTY[3]);
    assertEquals(0, check.exit(), check.toString());
    assertTrue(check.out().contains("runs/ 6 runs"), check.out());
  }

  @Test
  void aDiskFullForTheManifestTooLeavesItRunningAndTheResumeRecordsTheStop() throws Exception {
    Path spec = Files.writeString(tmp.resolve("fault.yaml"), SPEC);
    Path out = tmp.resolve("out");
    FaultyFileSystem.failAfter(3, FaultyFileSystem.Scope.EVERYTHING, true);
    CommandRun full = sweep(spec, out);
    assertOneErrorLine(full, 1, "cannot write faulty:", FaultyFileSystem.NO_SPACE);
    assertEquals("running", manifest(out).path("state").asText(), "the manifest could not be written");
    FaultyFileSystem.reset();
    CommandRun resume = sweep(spec, out);
    assertEquals(0, resume.exit(), resume.toString());
    JsonNode invocations = manifest(out).path("invocations");
    assertEquals("interrupted", invocations.get(0).path("state").asText(), invocations.toString());
    assertEquals("finished", invocations.get(1).path("state").asText());
  }
}
