package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C (SIGINT) and SIGTERM sent to the driver of a real local sweep process in the middle:
 * one line, "interrupted: N wave(s) committed; run the same command to resume", no stack trace
 * from Spark's shutdown, exit 130 or 143, the lock released, the manifest interrupted; the same
 * command then trains only what is missing.
 */
class DriverSignalIT {

  @TempDir
  Path tmp;

  static final String SPEC = """
      name: signal
      seeds: 2
      grid:
        d: [2, 3]
        layers: [1]
        units: {from: 3, to: 5}
        p: [1, 2]
      training:
        samples: 1000
        batch_size: 50
        epochs: 150
        learning_rate: 0.01
      geometry:
        directions: 500
      sweep:
        wave_size: 2
      """;

  static final int RUNS = 24;

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"INT, 130", "TERM, 143"})
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aSignalStopsTheSweepWithOneLineAndTheSameCommandResumes(String signal, int exitCode) throws Exception {
    Path spec = Files.writeString(tmp.resolve("signal.yaml"), SPEC);
    Path out = tmp.resolve("out");
    String log;
    try (Processes procs = new Processes(tmp.resolve("logs"))) {
      Process driver = procs.start("driver", Processes.driver("sweep", spec.toString(), "--out", out.toString(),
          "--master", "local[2]"), Map.of());
      Processes.await("the first committed wave (driver log: " + procs.log("driver") + ")", Duration.ofMinutes(3),
          () -> Processes.parquetFiles(out.resolve("runs")) >= 1 || !driver.isAlive());
      assertTrue(driver.isAlive(), "the sweep ended before the signal:\n" + procs.logText("driver"));
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(driver.pid())).start();
      assertEquals(0, kill.waitFor());
      assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "the driver ends within a minute of the signal");
      assertEquals(exitCode, driver.exitValue(), procs.logText("driver"));
      log = procs.logText("driver");
    }
    List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
    List<String> interrupted = lines.stream().filter(l -> l.startsWith("interrupted: ")).toList();
    assertEquals(1, interrupted.size(), log);
    assertTrue(interrupted.get(0).matches("interrupted: \\d+ wave\\(s\\) committed; run the same command to resume"), log);
    assertEquals(interrupted.get(0), lines.get(lines.size() - 1), "nothing after it:\n" + log);
    assertFalse(log.contains("Exception") || log.contains("\tat ") || log.contains(" ERROR "), "no trace:\n" + log);
    assertFalse(Files.exists(out.resolve("_lock")), "the lock is released");
    JsonNode m = new ObjectMapper().readTree(out.resolve("_sweep.json").toFile());
    assertEquals("interrupted", m.path("state").asText(), m.toString());
    assertEquals("interrupted", m.path("current").path("state").asText(), m.toString());
    int waves = Integer.parseInt(interrupted.get(0).replaceAll("\\D+", " ").trim().split(" ")[0]);
    assertTrue(waves >= 1, log);

    SparkSession spark = SparkTestSession.get();
    long committed = spark.read().parquet(out.resolve("runs").toString()).count();
    assertTrue(committed > 0 && committed < RUNS, "stopped in the middle: " + committed);
    CommandRun resume = CommandRun.of("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resume.exit(), resume.toString());
    assertTrue(resume.out().contains((RUNS - committed) + " to train, 0 to re-measure, " + committed + " already done"),
        resume.out());
    assertFalse(resume.err().contains("stale lock"), "the lock was released, not left stale: " + resume.err());
    assertEquals(RUNS, spark.read().parquet(out.resolve("runs").toString()).select("run_id").distinct().count());
    assertEquals(RUNS, spark.read().parquet(out.resolve("runs").toString()).count());
    JsonNode after = new ObjectMapper().readTree(out.resolve("_sweep.json").toFile());
    assertEquals("interrupted", after.path("invocations").get(0).path("state").asText(), after.toString());
    assertEquals("finished", after.path("invocations").get(1).path("state").asText());
  }
}
