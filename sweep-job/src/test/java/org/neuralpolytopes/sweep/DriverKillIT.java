package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the driver of a local sweep of 48 configurations in the middle, then run the same
 * command again: every run_id once, no unreadable file, and the second run trains only what was
 * missing and says how many.
 */
class DriverKillIT {

  @TempDir
  Path tmp;

  static final String SPEC = """
      name: kill
      seeds: 2
      grid:
        d: [2, 3]
        layers: [1]
        units: {from: 3, to: 8}
        p: [1, 2]
      training:
        samples: 1000
        batch_size: 50
        epochs: 150
        learning_rate: 0.01
      geometry:
        directions: 500
      sweep:
        wave_size: 4
        compact: false
      """;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aKilledDriverLosesOnlyTheWavesInFlight() throws Exception {
    Path spec = Files.writeString(tmp.resolve("kill.yaml"), SPEC);
    Path out = tmp.resolve("out");
    try (Processes procs = new Processes(tmp.resolve("logs"))) {
      Process driver = procs.start("driver", Processes.driver("sweep", spec.toString(), "--out", out.toString(),
          "--master", "local[2]"), Map.of());
      Processes.await("the first committed wave (driver log: " + procs.log("driver") + ")", Duration.ofMinutes(3),
          () -> Processes.parquetFiles(out.resolve("runs")) >= 2 || !driver.isAlive());
      assertTrue(driver.isAlive(), "the sweep ended before it could be killed:\n" + procs.logText("driver"));
      driver.destroyForcibly(); // SIGKILL: no shutdown hook runs, the lock stays behind
      assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(Files.exists(out.resolve("_lock")), "a killed driver leaves its lock");

    SparkSession spark = SparkTestSession.get();
    // Every file a reader can see is whole.
    long committed = 0;
    try (Stream<Path> files = Files.list(out.resolve("runs"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        committed += spark.read().parquet(f.toString()).count();
      }
    }
    assertEquals(committed, spark.read().parquet(out.resolve("runs").toString()).count());
    assertTrue(committed < 48, "killed in the middle: " + committed + " of 48 visible");

    CommandRun resume = CommandRun.of("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resume.exit(), resume.toString());
    assertTrue(resume.err().contains("stale lock"), resume.err());
    java.util.regex.Matcher plan = java.util.regex.Pattern.compile("(\\d+) to train, 0 to re-measure, (\\d+) already done")
        .matcher(resume.out());
    assertTrue(plan.find(), resume.out());
    long done = Long.parseLong(plan.group(2));
    assertEquals(48 - done, Long.parseLong(plan.group(1)), resume.out());
    assertTrue(done > 0 && done < 48, "killed in the middle: " + done + " of 48 committed");
    // what a reader saw is what was committed, except when the kill came between a change's
    // commit record and its publication: the resume publishes that change first and says so
    if (done != committed) {
      assertTrue(done > committed && resume.toString().contains("committed change(s) published")
          && !resume.toString().contains(" 0 committed change(s) published"),
          committed + " visible, " + done + " already done:\n" + resume);
    }
    assertEquals(48, spark.read().parquet(out.resolve("runs").toString()).count());
    assertEquals(48, spark.read().parquet(out.resolve("runs").toString()).select("run_id").distinct().count());
    assertFalse(Files.exists(out.resolve("_staging")));
    assertFalse(Files.exists(out.resolve("_lock")));
  }

  /**
   * SIGKILL a {@code measure} in the middle, then run it again: every run_id once, every run
   * measured with the new settings, and the weights untouched.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aKilledMeasureResumesAndMeasuresEveryRunOnce() throws Exception {
    Path spec = Files.writeString(tmp.resolve("kill.yaml"), SPEC);
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]").exit());
    SparkSession spark = SparkTestSession.get();
    Map<String, List<Double>> weights = new java.util.HashMap<>();
    for (var r : spark.read().parquet(out.resolve("runs").toString()).select("run_id", "weights").collectAsList()) {
      weights.put(r.getString(0), r.getList(1));
    }
    java.util.Set<String> original;
    try (Stream<Path> files = Files.list(out.resolve("runs"))) {
      original = new java.util.HashSet<>(files.map(p -> p.getFileName().toString()).toList());
    }
    String[] measure = {"measure", out.toString(), "--geometry", "tolerances.symmetry=0.08", "--geometry",
        "morse_points=30000", "--master", "local[2]"};
    try (Processes procs = new Processes(tmp.resolve("logs"))) {
      Process driver = procs.start("measure", Processes.driver(measure), Map.of());
      Processes.await("two re-measured segments (log: " + procs.log("measure") + ")", Duration.ofMinutes(3), () -> {
        try (Stream<Path> files = Files.list(out.resolve("runs"))) {
          return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet") && !original.contains(n))
              .count() >= 2 || !driver.isAlive();
        } catch (java.io.IOException e) {
          return false;
        }
      });
      assertTrue(driver.isAlive(), "the measure ended before it could be killed:\n" + procs.logText("measure"));
      driver.destroyForcibly();
      assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
    }
    long measured = spark.read().parquet(out.resolve("runs").toString()).filter("tol_symmetry = 0.08").count();
    assertEquals(48, spark.read().parquet(out.resolve("runs").toString()).count(), "no run lost or doubled by the kill");
    assertTrue(measured > 0 && measured < 48, "killed in the middle: " + measured + " of 48 measured");

    CommandRun resume = CommandRun.of(measure);
    assertEquals(0, resume.exit(), resume.toString());
    java.util.regex.Matcher plan = java.util.regex.Pattern.compile("measure: (\\d+) runs to re-measure").matcher(resume.out());
    assertTrue(plan.find(), resume.out());
    long todo = Long.parseLong(plan.group(1));
    // what a reader saw is what was committed, except when the kill came between a change's
    // commit record and its publication: the resume publishes that change first and says so (as
    // the sweep test above; CI saw 12 measured after such a recovery where 6 had been visible)
    if (todo != 48 - measured) {
      assertTrue(todo < 48 - measured && resume.toString().contains("committed change(s) published")
          && !resume.toString().contains(" 0 committed change(s) published"),
          measured + " measured visibly, " + todo + " left to measure:\n" + resume);
    }
    var runs = spark.read().parquet(out.resolve("runs").toString());
    assertEquals(48, runs.count());
    assertEquals(48, runs.select("run_id").distinct().count());
    assertEquals(48, runs.filter("tol_symmetry = 0.08 AND morse_points = 30000").count());
    for (var r : runs.select("run_id", "weights").collectAsList()) {
      assertEquals(weights.get(r.getString(0)), r.getList(1), "weights of " + r.getString(0));
    }
    assertEquals(spark.read().parquet(out.resolve("facets").toString()).count(),
        spark.read().parquet(out.resolve("facets").toString()).select("run_id", "facet").distinct().count());
    assertFalse(Files.exists(out.resolve("_staging")));
    assertFalse(Files.exists(out.resolve("_lock")));
  }
}
