package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user runs it, on the jars this build packaged (after the package phase, so
 * every module's jar and launcher classpath exist): the README's first command in small, and a
 * command of each other kind (the trainer's, a driver command without Spark).
 */
class LauncherIT {

  private static final Path LAUNCHER = Path.of("..", "bin", "polytopes").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  @Test
  void aSweepWithItsReportRunsThroughTheLauncher() throws Exception {
    Path spec = tinySpec("launcher");
    Path out = tmp.resolve("out");
    Path report = tmp.resolve("report");
    Result r = launch(240, "sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]", "--report",
        report.toString());
    assertEquals(0, r.exit, r.text);
    assertTrue(Files.exists(out.resolve("_sweep.json")), r.text);
    assertTrue(parquetFiles(out.resolve("runs")) > 0, "runs/ has no Parquet file:\n" + r.text);
    assertTrue(Files.size(report.resolve("index.html")) > 0, r.text);
    assertTrue(Files.readString(report.resolve("summary.csv")).lines().count() >= 3,
        "a summary row per grid point:\n" + Files.readString(report.resolve("summary.csv")));

    // SIGTERM (as Ctrl-C: the same shutdown path) while the new report is staged: one line, exit
    // 143, nothing staged left, the earlier report as it was
    String before = Files.readString(report.resolve("index.html"));
    Stopped term = stopWhileStaged(report, false, "report", out.toString(), "--out", report.toString());
    assertEquals(143, term.exit, term.text);
    assertEquals("interrupted: " + report + " left as it was", term.text.lines().reduce((a, b) -> b).orElse(""), term.text);
    assertEquals(List.of(), staged(report), "nothing staged is left");
    assertEquals(before, Files.readString(report.resolve("index.html")));

    // SIGKILL runs nothing: the staged folder stays until the next report of the same folder
    Stopped kill = stopWhileStaged(report, true, "report", out.toString(), "--out", report.toString());
    assertEquals(137, kill.exit, kill.text);
    assertEquals(1, staged(report).size(), "the killed report's folder");
    Result again = launch(120, "report", out.toString(), "--out", report.toString());
    assertEquals(0, again.exit, again.text);
    assertEquals(List.of(), staged(report), "deleted by the next report");
  }

  /**
   * SIGTERM to the launcher of {@code sweep --out=DIR --report=REPORT} (the "=" forms too) while
   * the sweep trains: the sweep stops as it does on Ctrl-C (its "interrupted" line, exit 143, the
   * manifest "interrupted", the lock released), no JVM keeps running, and no report is written.
   * The launcher ran the sweep as a plain child, which kept running with the folder's lock after
   * the launcher died (found by a CLI probe).
   */
  @Test
  void aSignalToTheLauncherOfASweepWithItsReportStopsTheSweep() throws Exception {
    Path spec = Files.writeString(tmp.resolve("long.yaml"), String.join("\n", "name: long", "seeds: 4", "grid:",
        "  - {d: 3, layers: 2, units: 8, p: [1.5, 2.5, 3.5]}", "training: {samples: 1000, batch_size: 100, epochs: 3000}",
        ""));
    Path out = tmp.resolve("long-out");
    Path report = tmp.resolve("long-report");
    List<String> command = List.of("bash", LAUNCHER.toString(), "sweep", spec.toString(), "--out=" + out,
        "--report=" + report, "--master", "local[2]");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("POLYTOPES_SKIP_BUILD", "1");
    pb.environment().remove("POLYTOPES_JAVA_OPTS");
    Path log = tmp.resolve("long.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log, StandardCharsets.UTF_8).contains("to train") && p.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(500);
    p.destroy(); // SIGTERM to the launcher's bash, as kill PID or timeout send it
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it ends");
    String text = Files.readString(log, StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assumptions.assumeTrue(p.exitValue() != 0, "the sweep ended before the signal:\n" + text);
    assertEquals(143, p.exitValue(), text);
    assertTrue(text.contains("interrupted: "), text);
    assertTrue(Files.readString(out.resolve("_sweep.json")).contains("\"state\" : \"interrupted\""), text);
    assertFalse(Files.exists(out.resolve("_lock")), "the lock is released: no sweep left running");
    assertFalse(Files.exists(report), "no report after an interrupted sweep");
  }

  /**
   * A Spark setting Spark refuses is bad input: one line, exit 2, no folder made (it printed
   * Spark's stack trace, exit 1, and marked an existing folder's manifest "failed").
   */
  @Test
  void aSparkSettingSparkRefusesIsOneLine() throws Exception {
    Path out = tmp.resolve("refused");
    Result r = launch(120, "sweep", tinySpec("refused").toString(), "--out", out.toString(), "--conf",
        "spark.executor.cores=abc");
    assertEquals(2, r.exit, r.text);
    List<String> lines = r.text.lines().filter(l -> !l.startsWith("polytopes: ")).toList();
    assertEquals(1, lines.size(), r.text);
    assertTrue(lines.get(0).startsWith("error: Spark did not start: ") && lines.get(0).contains("spark.executor.cores"),
        r.text);
    assertFalse(Files.exists(out), "nothing written");
  }

  private record Stopped(int exit, String text) {}

  /** The hidden staged folders and files beside {@code target}. */
  private static List<String> staged(Path target) throws IOException {
    try (Stream<Path> s = Files.list(target.getParent())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." + target.getFileName() + ".partial-")).toList();
    }
  }

  /**
   * Starts {@code bin/polytopes ARGS}, waits until it has a staged folder beside {@code target},
   * and stops it with SIGTERM (or SIGKILL): the launcher execs the JVM, so the process is the JVM.
   * The test is skipped in the rare case that the command ended before the signal.
   */
  private Stopped stopWhileStaged(Path target, boolean kill, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("POLYTOPES_SKIP_BUILD", "1");
    pb.environment().remove("POLYTOPES_JAVA_OPTS");
    Path log = tmp.resolve("stopped-" + System.nanoTime() + ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (staged(target).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (kill) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it ends");
    String text = Files.readString(log, StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assumptions.assumeTrue(p.exitValue() != 0, "the report ended before the signal:\n" + text);
    return new Stopped(p.exitValue(), text);
  }

  @Test
  void trainPrintsItsRowAndStatusRefusesAFolderThatIsNoSweepOutput() throws Exception {
    Result train = launch(120, "train", "--d", "2", "--layers", "1", "--units", "2", "--p", "1",
        "--epochs", "20", "--samples", "200", "--batch-size", "100");
    assertEquals(0, train.exit, train.text);
    assertTrue(train.text.contains("\"status\":\"OK\"") || train.text.contains("\"status\" : \"OK\""), train.text);

    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Path other = Files.createDirectory(tmp.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "not a sweep\n");
    for (Path folder : List.of(empty, other)) {
      Result status = launch(120, "status", folder.toString());
      assertEquals(2, status.exit, status.text);
      List<String> lines = status.text.lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), "one line:\n" + status.text);
      assertTrue(lines.get(0).contains(folder + ": not a sweep output"), status.text);
    }
  }

  /**
   * {@code bin/polytopes prepare} records the driver's class-data archive, and the driver's JVM
   * then loads the project's classes from it (the JVM's class-load log says where each class came
   * from), with nothing more on the terminal.
   */
  @Test
  void theDriverLoadsItsClassesFromThePreparedArchive() throws Exception {
    Result prepare = launch(900, Map.of(), "prepare");
    assertEquals(0, prepare.exit, prepare.text);
    assertFalse(prepare.text.contains("could not record"), prepare.text);
    Path archive = LAUNCHER.getParent().getParent().resolve("target").resolve("cds").resolve("driver.jsa");
    assertTrue(Files.size(archive) > 0, archive.toString());
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    Path classes = tmp.resolve("status-classes.txt");
    Result r = launch(120, Map.of("POLYTOPES_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "status",
        empty.toString());
    assertEquals(2, r.exit, r.text);
    assertEquals(1, r.text.lines().filter(l -> !l.isBlank()).count(), "one line:\n" + r.text);
    String main = "org.neuralpolytopes.sweep.SweepMain";
    String log = Files.readString(classes);
    assertTrue(log.contains(main + " source: shared objects file"), main + " not from the archive:\n"
        + log.lines().filter(l -> l.contains(main)).toList());

    // with a JFR recording, JDK 17's driver crashed on a class from the archive (SIGSEGV in
    // KlassFactory::check_shared_class_file_load_hook); the launcher then starts it without one
    Path spec = tinySpec("recorded", "  - {d: 3, layers: 1, units: 3, p: 1}");
    Path recording = tmp.resolve("sweep.jfr");
    Result recorded = launch(240, Map.of("POLYTOPES_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + recording),
        "sweep", spec.toString(), "--out", tmp.resolve("recorded").toString(), "--master", "local[2]");
    assertEquals(0, recorded.exit, recorded.text);
    assertTrue(recorded.text.contains("without its class-data archive"), recorded.text);
    assertTrue(Files.size(recording) > 0, recording.toString());
  }

  /** A sweep spec of a few tiny runs, (2, 1, 2) at p = 1 and 2 and the grid lines given. */
  private Path tinySpec(String name, String... gridLines) throws IOException {
    List<String> lines = new ArrayList<>(List.of("name: " + name, "seeds: 1", "grid:",
        "  - {d: 2, layers: 1, units: 2, p: [1, 2]}"));
    lines.addAll(List.of(gridLines));
    lines.add("training: {samples: 200, batch_size: 100, epochs: 30}");
    lines.add("");
    return Files.writeString(tmp.resolve(name + ".yaml"), String.join("\n", lines));
  }

  private static long parquetFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  private record Result(int exit, String text) {}

  private Result launch(int seconds, String... args) throws Exception {
    return launch(seconds, Map.of(), args);
  }

  private Result launch(int seconds, Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("POLYTOPES_SKIP_BUILD", "1");
    pb.environment().put("POLYTOPES_DRIVER_MEMORY", "1g");
    pb.environment().remove("POLYTOPES_JAVA_OPTS");
    pb.environment().putAll(environment);
    Path log = tmp.resolve("launcher-" + System.nanoTime() + ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/polytopes " + String.join(" ", args) + " did not end in " + seconds + " s:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
