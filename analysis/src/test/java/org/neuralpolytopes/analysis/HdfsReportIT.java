package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.sweep.HdfsCluster;
import org.neuralpolytopes.sweep.SweepMain;

/**
 * {@code polytopes report hdfs://...}: a real sweep writes its tables to a real HDFS on 127.0.0.1
 * ({@link HdfsCluster}), and the report command, run with the launcher's own class path (no
 * Spark), reads them from there: every picture of the local report is there, the page names the
 * HDFS folder, the temporary copy is gone afterwards, and a missing folder is one line with exit
 * code 2.
 */
class HdfsReportIT {

  @TempDir
  static Path tmp;

  static HdfsCluster hdfs;

  static String sweep;

  @BeforeAll
  static void sweepOnHdfs() throws Exception {
    hdfs = HdfsCluster.start(tmp.resolve("hdfs"));
    sweep = hdfs.uri("/sweeps/report-test");
    Path spec = Files.writeString(tmp.resolve("report-test.yaml"), TestSweeps.SPEC);
    List<String> args = new ArrayList<>(List.of("sweep", spec.toString(), "--out", sweep, "--master", "local[2]"));
    for (String kv : HdfsCluster.sparkConf()) {
      args.add(kv);
    }
    assertEquals(0, SweepMain.run(args.toArray(String[]::new)), "the sweep on HDFS");
  }

  @AfterAll
  static void stopHdfs() throws IOException {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theReportReadsTheTablesFromHdfs() throws Exception {
    Path report = tmp.resolve("report");
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Launched run = report(scratch, sweep, "--out", report.toString());
    assertEquals(0, run.exit(), run.output());
    assertTrue(run.output().contains("copied "), run.output());

    String page = Files.readString(report.resolve("index.html"));
    assertTrue(page.contains(sweep), "the page names the HDFS folder");
    List<Row> runs = org.apache.spark.sql.SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .getOrCreate().read().parquet(sweep + "/runs").select("run_id", "d").collectAsList();
    assertEquals(TestSweeps.RUNS, runs.size());
    // each grid point's representative (summary.csv) is drawn from the copied tables
    java.util.Map<String, Integer> dOf = new java.util.HashMap<>();
    runs.forEach(r -> dOf.put(r.getString(0), r.getInt(1)));
    List<String> lines = Files.readAllLines(report.resolve("summary.csv"));
    int column = ReportTest.csv(lines.get(0)).indexOf("representative");
    int drawn = 0;
    for (String line : lines.subList(1, lines.size())) {
      String id = ReportTest.csv(line).get(column);
      if (Integer.valueOf(3).equals(dOf.get(id))) {
        assertTrue(Files.size(report.resolve("bodies/" + id + ".png")) > 1000, id);
        ReportTest.checkObj(report.resolve("meshes/" + id + ".obj"));
        drawn++;
      }
    }
    assertTrue(drawn > 0, "a d = 3 body is drawn");
    assertTrue(Files.size(report.resolve("figures/polygons.png")) > 1000);
    try (Stream<Path> left = Files.list(scratch)) {
      assertEquals(List.of(), left.toList(), "the temporary copy of the tables is deleted");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aMissingHdfsFolderIsOneLineAndExitCode2() throws Exception {
    Path report = tmp.resolve("never");
    String missing = hdfs.uri("/sweeps/nowhere");
    Launched run = report(Files.createDirectories(tmp.resolve("scratch-missing")), missing, "--out", report.toString());
    assertEquals(2, run.exit(), run.output());
    assertEquals(List.of("error: " + missing + ": no such folder"),
        run.output().lines().filter(l -> !l.startsWith("report:")).toList());
    assertFalse(Files.exists(report));
  }

  /** How a command ended: exit code, stdout and stderr together. */
  record Launched(int exit, String output) {}

  /**
   * Runs {@code report ARGS} as {@code bin/polytopes report} does: the analysis jar, its class
   * path file and its JVM options, in a JVM of its own, with {@code scratch} as the temporary
   * folder.
   */
  static Launched report(Path scratch, String... args) throws IOException, InterruptedException {
    Path target = Path.of(System.getProperty("basedir", "."), "target").toAbsolutePath();
    Path jar;
    try (Stream<Path> s = Files.list(target)) {
      jar = s.filter(p -> p.getFileName().toString().matches("analysis-.*\\.jar") && !p.toString().endsWith("-tests.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no analysis jar in " + target + ": run mvn verify"));
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(Files.readString(target.resolve("launcher/jvm.options")).trim().split("\\s+")));
    cmd.addAll(List.of("-Djava.io.tmpdir=" + scratch, "-cp",
        jar + File.pathSeparator + Files.readString(target.resolve("classpath.txt")).trim(),
        ReportMain.class.getName(), "report"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), output);
    return new Launched(p.exitValue(), output);
  }
}
