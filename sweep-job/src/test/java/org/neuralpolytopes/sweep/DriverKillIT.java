package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
      """;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aKilledDriverLosesOnlyTheWavesInFlight() throws Exception {
    Path spec = Files.writeString(tmp.resolve("kill.yaml"), SPEC);
    Path out = tmp.resolve("out");
    try (Processes procs = new Processes(tmp.resolve("logs"))) {
      List<String> cmd = new ArrayList<>(List.of(Processes.java()));
      cmd.addAll(Processes.sparkJvmOptions());
      cmd.addAll(List.of("-Xmx1g", "-cp", Processes.testClasspath(), SweepMain.class.getName(),
          "sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]"));
      Process driver = procs.start("driver", cmd, Map.of());
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
    assertTrue(committed > 0 && committed < 48, "killed in the middle: " + committed + " of 48 committed");

    CommandRun resume = CommandRun.of("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resume.exit(), resume.toString());
    assertTrue(resume.err().contains("stale lock"), resume.err());
    assertTrue(resume.out().contains((48 - committed) + " to train, 0 to re-measure, " + committed + " already done"), resume.out());
    assertEquals(48, spark.read().parquet(out.resolve("runs").toString()).count());
    assertEquals(48, spark.read().parquet(out.resolve("runs").toString()).select("run_id").distinct().count());
    assertFalse(Files.exists(out.resolve("_staging")));
    assertFalse(Files.exists(out.resolve("_lock")));
  }
}
