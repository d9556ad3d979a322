package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.sweep.spec.SpecParser;

/**
 * The driver's commands against a real HDFS (a NameNode and a DataNode on 127.0.0.1,
 * {@link HdfsCluster}), each run as cluster users run it: {@code spark-submit} with the cluster
 * jar, here in local mode, and {@code --out hdfs://...}. The output must keep the promises of
 * docs/reliability.md there too: every run_id exactly once, no partial file visible in a table,
 * one sweep per folder, nothing left in {@code _staging} or {@code _lock}.
 *
 * <p>A case for another driver command is a few lines: {@link #run} it with its arguments, then
 * check the folder with {@link #runIds}, {@link #assertOnlyWholeFiles} and {@link #assertFinished}.
 */
class HdfsIT {

  @TempDir
  static Path shared;

  static HdfsCluster hdfs;

  @TempDir
  Path tmp;

  Processes procs;

  /** A small grid: polygons and polyhedra at p = 1 and 2, so that every table gets rows. */
  static final String SMALL = """
      name: hdfs-small
      grid:
        d: [2, 3]
        layers: [1]
        units: [3, 4]
        p: [1, 2]
      training:
        samples: 600
        batch_size: 100
        epochs: 60
        learning_rate: 0.01
      geometry:
        directions: 400
      sweep:
        wave_size: 4
      """;

  /** Long enough to be killed, or to be running while a second sweep starts: 48 configurations. */
  static final String LONGER = DriverKillIT.SPEC;

  @BeforeAll
  static void startHdfs() throws Exception {
    hdfs = HdfsCluster.start(shared.resolve("hdfs"));
  }

  @AfterAll
  static void stopHdfs() throws IOException {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @BeforeEach
  void processes() throws IOException {
    procs = new Processes(tmp.resolve("logs"));
  }

  @AfterEach
  void stopProcesses() {
    procs.close();
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aSweepWritesEveryTableOnHdfs() throws Exception {
    Path spec = spec("small.yaml", SMALL);
    String out = hdfs.uri("/sweeps/small");
    DriverRun sweep = run("sweep", "sweep", spec.toString(), "--out", out);
    assertEquals(0, sweep.exit(), sweep.log());
    assertEquals(gridIds(spec), runIds(out));
    assertFinished(out);
    assertOnlyWholeFiles(out);
    for (String table : List.of("runs", "facets", "vertices", "duality")) {
      assertTrue(spark().read().parquet(out + "/" + table).count() > 0, table + "/ has rows on HDFS");
    }
    assertTrue(hdfs.fileSystem().exists(new org.apache.hadoop.fs.Path(out + "/" + OutputFolder.MANIFEST)));

    // measure (no training) and compact on HDFS: every run once, the new settings everywhere
    List<Row> trained = spark().read().parquet(out + "/runs").select("run_id", "weights").collectAsList();
    DriverRun measure = run("measure", "measure", out, "--geometry", "tolerances.symmetry=0.08");
    assertEquals(0, measure.exit(), measure.log());
    assertTrue(measure.log().contains("measure: " + trained.size() + " runs to re-measure"), measure.log());
    DriverRun compact = run("compact", "compact", out);
    assertEquals(0, compact.exit(), compact.log());
    assertEquals(gridIds(spec), runIds(out));
    assertEquals(trained.size(), spark().read().parquet(out + "/runs").filter("tol_symmetry = 0.08").count());
    java.util.Set<Row> now = new java.util.HashSet<>(spark().read().parquet(out + "/runs").select("run_id", "weights")
        .collectAsList());
    assertEquals(new java.util.HashSet<>(trained), now, "the weights are untouched");
    assertFinished(out);
    assertOnlyWholeFiles(out);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aKilledDriverLosesOnlyTheWavesInFlight() throws Exception {
    Path spec = spec("longer.yaml", LONGER);
    String out = hdfs.uri("/sweeps/killed");
    Process driver = start("killed", "sweep", spec.toString(), "--out", out);
    Processes.await("the second committed wave (driver log: " + procs.log("killed") + ")", Duration.ofMinutes(3),
        () -> dataFiles(out + "/runs") >= 2 || !driver.isAlive());
    assertTrue(driver.isAlive(), "the sweep ended before it could be killed:\n" + procs.logText("killed"));
    driver.destroyForcibly(); // SIGKILL: no shutdown hook runs, the lock stays behind
    assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
    assertTrue(hdfs.fileSystem().exists(new org.apache.hadoop.fs.Path(out + "/" + OutputFolder.LOCK)),
        "a killed driver leaves its lock");

    assertOnlyWholeFiles(out);
    long committed = runIds(out).size();
    assertTrue(committed > 0 && committed < 48, "killed in the middle: " + committed + " of 48 committed");

    DriverRun resume = run("resume", "sweep", spec.toString(), "--out", out);
    assertEquals(0, resume.exit(), resume.log());
    assertTrue(resume.log().contains("stale lock"), resume.log());
    assertTrue(resume.log().contains((48 - committed) + " to train, 0 to re-measure, " + committed + " already done"),
        resume.log());
    assertEquals(gridIds(spec), runIds(out));
    assertFinished(out);
    assertOnlyWholeFiles(out);
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void ofTwoSweepsStartedTogetherOneRefuses() throws Exception {
    Path spec = spec("longer.yaml", LONGER);
    String out = hdfs.uri("/sweeps/together");
    Process first = start("first", "sweep", spec.toString(), "--out", out);
    Process second = start("second", "sweep", spec.toString(), "--out", out);
    // either may win: each gets the whole time a sweep may take
    assertTrue(first.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), procs.logText("first"));
    assertTrue(second.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), procs.logText("second"));
    List<Integer> exits = List.of(first.exitValue(), second.exitValue());
    assertEquals(List.of(0, 2), exits.stream().sorted().toList(),
        "one finishes, one refuses:\n" + procs.logText("first") + "\n" + procs.logText("second"));
    String refused = procs.logText(first.exitValue() == 2 ? "first" : "second");
    assertTrue(refused.contains("another sweep is writing here"), refused);
    assertEquals(gridIds(spec), runIds(out));
    assertFinished(out);
    assertOnlyWholeFiles(out);
  }

  /**
   * The lock itself, without Spark: eight takers released by one barrier, so that their creates
   * meet at the NameNode while the winner's file is still being written. Exactly one holds the
   * lock; every other one refuses as a second sweep does.
   */
  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void ofEightTakersAtTheSameMomentExactlyOneHoldsTheLock() throws Exception {
    int takers = 8;
    for (int round = 0; round < 3; round++) {
      String out = hdfs.uri("/locks/round-" + round);
      CyclicBarrier start = new CyclicBarrier(takers);
      ExecutorService pool = Executors.newFixedThreadPool(takers);
      try {
        List<Future<OutputFolder>> tries = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
          tries.add(pool.submit(() -> {
            // a client of its own (not Hadoop's shared one), as each sweep has
            org.apache.hadoop.conf.Configuration conf = HdfsCluster.clientConf();
            conf.setBoolean("fs.hdfs.impl.disable.cache", true);
            OutputFolder folder = new OutputFolder(out, conf);
            start.await();
            folder.lock();
            return folder;
          }));
        }
        List<OutputFolder> holders = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Future<OutputFolder> f : tries) {
          try {
            // a busy DataNode may keep the winner's close, and so the others' wait, for minutes
            holders.add(f.get(3, TimeUnit.MINUTES));
          } catch (ExecutionException e) {
            refusals.add(String.valueOf(e.getCause().getMessage()));
          }
        }
        assertEquals(1, holders.size(), "round " + round + ": " + refusals);
        assertTrue(refusals.stream().allMatch(m -> m.contains("another sweep is writing here")), refusals.toString());
        holders.get(0).unlock();
        assertFalse(hdfs.fileSystem().exists(new org.apache.hadoop.fs.Path(out + "/" + OutputFolder.LOCK)));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * A lock that HDFS still has open (its taker's close waiting for a busy DataNode, as CI once
   * saw for 12 s) is not taken over although it is older than an unreadable lock may be, and a
   * second taker does not give up before it can be read: it waits, then names the holder.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aLockHdfsStillHasOpenIsWaitedForAndNotTakenOver() throws Exception {
    String out = hdfs.uri("/locks/open");
    org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(out + "/" + OutputFolder.LOCK);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (FileSystem writer = FileSystem.newInstance(java.net.URI.create(hdfs.uri()), HdfsCluster.clientConf())) {
      Future<Void> tried;
      try (var open = writer.create(lock, false)) {
        Thread.sleep(OutputFolder.UNREADABLE_STALE_AFTER.plusSeconds(1).toMillis());
        org.apache.hadoop.conf.Configuration conf = HdfsCluster.clientConf();
        conf.setBoolean("fs.hdfs.impl.disable.cache", true);
        OutputFolder taker = new OutputFolder(out, conf);
        tried = pool.submit(() -> {
          taker.lock();
          return null;
        });
        Thread.sleep(OutputFolder.SETTLE.plusSeconds(3).toMillis());
        assertFalse(tried.isDone(), "the taker waits while the lock is open");
        open.write(("{\"host\": \"elsewhere\", \"pid\": 1, \"started_at\": \"2026-01-01T00:00:00Z\","
            + " \"token\": \"the-holder\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> tried.get(1, TimeUnit.MINUTES));
      String message = String.valueOf(refused.getCause().getMessage());
      assertTrue(message.contains("another sweep is writing here (host elsewhere, pid 1"), message);
      try (var in = hdfs.fileSystem().open(lock)) {
        assertTrue(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("the-holder"),
            "the holder's lock is left as it was");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void retryFailedReplacesFailedAndTimeoutRowsAndNothingElse() throws Exception {
    Path tight = spec("tight.yaml", ReliabilityTest.RETRY_SPEC.replace("TIMEOUT", "3"));
    Path relaxed = spec("relaxed.yaml", ReliabilityTest.RETRY_SPEC.replace("TIMEOUT", "600"));
    String out = hdfs.uri("/sweeps/retry");
    DriverRun first = run("first", "sweep", tight.toString(), "--out", out);
    assertEquals(0, first.exit(), first.log());
    Map<String, Row> before = rowsById(out);
    // the 8 GB net fails; the deep one times out, and on a busy machine a small one may too
    Map<String, String> was = statuses(before);
    assertTrue(was.containsValue("FAILED") && was.containsValue("TIMEOUT"), was.toString());
    long retried = was.values().stream().filter(s -> s.equals("FAILED") || s.equals("TIMEOUT")).count();

    DriverRun retry = run("retry", "sweep", relaxed.toString(), "--out", out, "--retry-failed");
    assertEquals(0, retry.exit(), retry.log());
    assertTrue(retry.log().contains(retried + " FAILED or TIMEOUT configurations removed"), retry.log());
    assertTrue(retry.log().contains(retried + " to train, 0 to re-measure, " + (4 - retried) + " already done"),
        retry.log());
    Map<String, Row> after = rowsById(out);
    assertEquals(before.keySet(), after.keySet(), "the same run ids");
    assertEquals(gridIds(relaxed), runIds(out), "each once");
    Map<String, String> is = statuses(after);
    for (String id : before.keySet()) {
      // FAILED stays FAILED (it fails the same way every time); the deep net's walk meets its
      // cell cap (GEOMETRY_LIMIT) once it trains to the end; every other row is OK
      assertTrue(was.get(id).equals("FAILED") ? is.get(id).equals("FAILED")
          : List.of("OK", "GEOMETRY_LIMIT").contains(is.get(id)), id + ": " + was + " -> " + is);
      Timestamp then = before.get(id).getAs("started_at");
      Timestamp now = after.get(id).getAs("started_at");
      if (was.get(id).equals("OK")) {
        assertEquals(then, now, "OK rows are not rerun");
      } else {
        assertNotEquals(then, now, "retried rows are new");
      }
    }
    assertFinished(out);
    assertOnlyWholeFiles(out);
  }

  // ---- running the driver ---------------------------------------------------------------------

  /** How a driver command ended: its exit code and its console (stdout and stderr). */
  record DriverRun(int exit, String log) {}

  /** How long one command of these tests may take, on a busy 2-core machine too. */
  static final Duration RUN_LIMIT = Duration.ofMinutes(4);

  /** Runs one command of the cluster jar (sweep, duality, ...) to its end. */
  DriverRun run(String name, String... command) throws Exception {
    Process p = start(name, command);
    assertTrue(p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), name + " did not finish:\n" + procs.logText(name));
    return new DriverRun(p.exitValue(), procs.logText(name));
  }

  /**
   * Starts one command of the cluster jar through spark-submit in local mode, with the client
   * settings of a one-DataNode HDFS; its console goes to the log {@code name}.
   */
  Process start(String name, String... command) throws IOException {
    Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars")).getParent();
    List<String> cmd = new ArrayList<>(List.of(Processes.java()));
    cmd.addAll(Processes.sparkJvmOptions());
    Path log4j = Path.of(System.getProperty("basedir", "."), "..", "conf", "log4j2.properties").toAbsolutePath().normalize();
    cmd.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + log4j, "-Dpolytopes.log.level=WARN",
        "-cp", Processes.sparkClasspath(), "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--class", SweepMain.class.getName(),
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1"));
    cmd.addAll(HdfsCluster.sparkConf());
    cmd.add(Processes.clusterJar().toString());
    cmd.addAll(List.of(command));
    return procs.start(name, cmd, Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
        "JAVA_HOME", System.getProperty("java.home")));
  }

  private Path spec(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  // ---- checking an output folder on HDFS ------------------------------------------------------

  private static SparkSession spark() {
    return SparkTestSession.get();
  }

  private static List<String> gridIds(Path spec) throws Exception {
    return SpecParser.parse(spec).expand().stream().map(c -> c.runId()).sorted().toList();
  }

  /** Every run_id of runs/, sorted, duplicates kept. */
  static List<String> runIds(String out) {
    return spark().read().parquet(out + "/runs").select("run_id").as(Encoders.STRING()).collectAsList()
        .stream().sorted().toList();
  }

  private static Map<String, Row> rowsById(String out) {
    Dataset<Row> runs = spark().read().parquet(out + "/runs");
    return runs.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("run_id"), r -> r));
  }

  private static Map<String, String> statuses(Map<String, Row> rows) {
    return rows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue().getAs("status")));
  }

  /** Parquet files in a folder of the HDFS (0 when it does not exist yet). */
  private static long dataFiles(String folder) {
    try {
      FileSystem fs = hdfs.fileSystem();
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(folder);
      if (!fs.exists(p)) {
        return 0;
      }
      long n = 0;
      for (FileStatus f : fs.listStatus(p)) {
        n += f.getPath().getName().endsWith(".parquet") ? 1 : 0;
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Every file in every table folder is a committed wave file that HDFS has closed (no writer is
   * still adding to it) and that reads whole, on its own.
   */
  static void assertOnlyWholeFiles(String out) throws IOException {
    DistributedFileSystem fs = (DistributedFileSystem) hdfs.fileSystem();
    for (String table : OutputFolder.TABLES) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out + "/" + table);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        assertTrue(f.isFile() && name.startsWith("seg-") && name.endsWith(".parquet"), "only segment files in " + dir + ": " + name);
        assertTrue(fs.isFileClosed(f.getPath()), "a file still being written is visible: " + f.getPath());
        spark().read().parquet(f.getPath().toString()).count();
      }
    }
  }

  /** The folder of a finished command: a manifest, and no lock or staged wave left behind. */
  static void assertFinished(String out) throws IOException {
    FileSystem fs = hdfs.fileSystem();
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + OutputFolder.MANIFEST)), "a manifest in " + out);
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + OutputFolder.LOCK)), "no lock left in " + out);
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out + "/" + org.neuralpolytopes.sweep.store.TableStore.STAGING)), "no staged wave left in " + out);
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out + "/._sweep.json.tmp")), "no manifest being written in " + out);
  }
}
