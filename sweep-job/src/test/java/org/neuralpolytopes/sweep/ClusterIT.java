package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.sweep.spec.SpecParser;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and two one-core workers started from the
 * Maven-resolved Spark jars, the sweep submitted through SparkSubmit with the shaded cluster jar as
 * docs/cluster.md tells cluster users, and one worker killed with its executor after the first wave
 * is committed. The sweep must finish with every run_id exactly once.
 */
class ClusterIT {

  @TempDir
  Path tmp;

  static final String SPEC = """
      name: cluster
      seeds: 2
      grid:
        d: [2, 3]
        layers: [1]
        units: [3, 4, 5, 6]
        p: [1, 2]
      training:
        samples: 1000
        batch_size: 50
        epochs: 200
        learning_rate: 0.01
      geometry:
        directions: 500
      sweep:
        wave_size: 2
      """;

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void aKilledWorkerLosesNothingAndDuplicatesNothing() throws Exception {
    Path spec = Files.writeString(tmp.resolve("cluster.yaml"), SPEC);
    Path out = tmp.resolve("out");
    Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars"));
    String cp = Processes.sparkClasspath();
    String opts = String.join(" ", Processes.sparkJvmOptions());
    // the executors train: docs/cluster.md gives them the trainer's options too
    String executorOpts = opts + " " + TrainerJvmCheck.OPTIONS;
    Path jar = Processes.clusterJar();
    int masterPort = Processes.freePort();
    int masterUi = Processes.freePort();
    Map<String, String> env = Map.of(
        "SPARK_HOME", sparkHome.getParent().toString(),
        "SPARK_SCALA_VERSION", "2.13",
        "JAVA_HOME", System.getProperty("java.home"));
    try (Processes procs = new Processes(tmp.resolve("logs"))) {
      // the workers start their executors themselves: the scratch folder goes in their options
      String executorTmp = " " + procs.tmpdirOption();
      List<String> master = jvm(cp, "-Xmx512m");
      master.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)));
      procs.start("master", master, env);
      Processes.await("the master on port " + masterPort, Duration.ofMinutes(2), () -> Processes.listening(masterPort));

      List<Process> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        List<String> worker = jvm(cp, "-Xmx512m");
        worker.addAll(List.of("org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + masterPort,
            "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
            "--work-dir", tmp.resolve("work-" + i).toString(),
            "--webui-port", String.valueOf(Processes.freePort())));
        workers.add(procs.start("worker-" + i, worker, env));
      }
      Processes.await("two alive workers (master log: " + procs.log("master") + ")", Duration.ofMinutes(2),
          () -> aliveWorkers(masterUi) == 2);

      // Exactly docs/cluster.md's spark-submit, plus the executor class path a real Spark
      // installation would provide from its jars/ folder.
      List<String> submit = jvm(cp, "-Xmx1g");
      submit.addAll(List.of("org.apache.spark.deploy.SparkSubmit",
          "--master", "spark://127.0.0.1:" + masterPort,
          "--class", "org.neuralpolytopes.sweep.SweepMain",
          "--conf", "spark.executor.cores=1",
          "--conf", "spark.task.cpus=1",
          "--conf", "spark.executor.memory=768m",
          "--conf", "spark.executor.extraClassPath=" + cp,
          "--conf", "spark.executor.extraJavaOptions=" + executorOpts + executorTmp,
          "--conf", "spark.driver.host=127.0.0.1",
          "--conf", "spark.driver.bindAddress=127.0.0.1",
          "--conf", "spark.ui.enabled=false",
          jar.toString(), "sweep", spec.toString(), "--out", out.toString()));
      Process driver = procs.start("submit", submit, env);

      Processes.await("the first committed wave (driver log: " + procs.log("submit") + ")", Duration.ofMinutes(5),
          () -> Processes.parquetFiles(out.resolve("runs")) >= 1 || !driver.isAlive());
      assertTrue(driver.isAlive(), "the sweep ended before a worker could be killed:\n" + procs.logText("submit"));
      long executorsBefore = workers.get(0).descendants().count();
      Processes.killTree(workers.get(0));
      assertTrue(workers.get(0).waitFor(30, TimeUnit.SECONDS));

      assertTrue(driver.waitFor(8, TimeUnit.MINUTES), "the sweep did not finish:\n" + procs.logText("submit"));
      assertEquals(0, driver.exitValue(), procs.logText("submit"));
      // the sweep's scheduler pools are configured (not created with Spark's defaults and a warning)
      assertFalse(procs.logText("submit").contains("has not been configured"), procs.logText("submit"));
      // and the executors have the trainer's JVM options (TrainerJvmCheck)
      assertFalse(procs.logText("submit").contains("warning: the executors"), procs.logText("submit"));
      assertTrue(executorsBefore >= 1, "the killed worker was running an executor");
    }
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> runs = spark.read().parquet(out.resolve("runs").toString());
    List<String> grid = SpecParser.parse(spec).expand().stream().map(c -> c.runId()).sorted().toList();
    assertEquals(32, grid.size());
    assertEquals(grid.size(), runs.count(), "every configuration, none twice");
    assertEquals(grid, runs.select("run_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
        .stream().sorted().toList());
    assertEquals(grid.size(), runs.filter("status = 'OK'").count());
  }

  private static List<String> jvm(String cp, String heap) {
    List<String> cmd = new ArrayList<>(List.of(Processes.java()));
    cmd.addAll(Processes.sparkJvmOptions());
    cmd.addAll(List.of(heap, "-cp", cp));
    return cmd;
  }

  /** Alive workers from the master's JSON status page. */
  private static int aliveWorkers(int uiPort) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
      return json.path("aliveworkers").asInt(0);
    } catch (IOException | InterruptedException | RuntimeException e) {
      return 0;
    }
  }
}
