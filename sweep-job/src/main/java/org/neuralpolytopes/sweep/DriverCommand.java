package org.neuralpolytopes.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.neuralpolytopes.schema.SweepFolderCheck;
import org.neuralpolytopes.sweep.store.StorageFailure;
import org.neuralpolytopes.sweep.store.StoreDamageException;
import picocli.CommandLine.Option;
import scala.Tuple2;

/**
 * What the driver's commands (sweep, duality) share: Spark options, and running a job against an
 * output folder that is checked and locked before Spark starts and unlocked however the job ends.
 * Exit codes: 0 done, 1 the job itself failed, 2 bad input (folder, arguments, lock).
 */
abstract class DriverCommand implements Callable<Integer> {

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: the one spark-submit set, else local[*])")
  String master;

  @Option(names = "--verbose", description = "show Spark's INFO logs")
  boolean verbose;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "extra Spark configuration (repeatable)")
  List<String> conf = new ArrayList<>();

  protected final PrintStream console;

  DriverCommand() {
    this.console = System.out;
  }

  /** A job on a locked folder with a Spark context. */
  interface FolderJob {
    int run(SparkContext spark, OutputFolder folder) throws Exception;
  }

  /** A check of the folder before it is locked (so that a refusal writes nothing). */
  interface FolderCheck {
    void check(OutputFolder folder) throws OutputException;
  }

  /**
   * Checks and locks {@code outUri}, starts (or joins) a Spark context, runs the job, and always
   * unlocks. {@code what} names the job in the failure message; {@code mustExist} refuses a
   * folder that is not already a sweep output (nothing is created then).
   */
  protected int onLockedFolder(String appName, String outUri, String what, boolean mustExist, FolderJob job) {
    return onLockedFolder(appName, outUri, what, mustExist, f -> { }, job);
  }

  /** As above, with a check of the folder that runs before the lock is taken. */
  protected int onLockedFolder(String appName, String outUri, String what, boolean mustExist, FolderCheck check,
      FolderJob job) {
    return onLockedFolder(appName, outUri, what, mustExist, check, true, job);
  }

  /**
   * As above; without {@code needsSpark} no Spark context starts (the job gets null): for jobs
   * the driver does alone, such as compaction.
   */
  protected int onLockedFolder(String appName, String outUri, String what, boolean mustExist, FolderCheck check,
      boolean needsSpark, FolderJob job) {
    SparkConf sparkConf;
    OutputFolder folder = null;
    SparkStart start = null;
    Thread unlock = null;
    try {
      sparkConf = sparkConf(appName);
      folder = new OutputFolder(outUri, hadoopConf(sparkConf), folderOption());
      folder.checkUsable();
      if (mustExist && folder.readManifest().isEmpty()) {
        throw new OutputException(outUri + ": not a sweep output (no " + OutputFolder.MANIFEST + ")");
      }
      check.check(folder);
      if (needsSpark) {
        checkStandaloneMaster(sparkConf.get("spark.master"));
        start = new SparkStart(sparkConf);
      }
      // the signal handler and the exit hook know the folder before the lock is taken: a signal
      // while it is taken removes it (and the folder, when the lock created it and nothing else)
      unlock = new Thread(folder::unlock, "polytopes-unlock");
      Runtime.getRuntime().addShutdownHook(unlock);
      DriverSignals.attach(folder, commitsWaves());
      folder.lock();
    } catch (IllegalArgumentException | OutputException e) {
      System.err.println("error: " + e.getMessage());
      if (start != null) {
        start.close();
      }
      if (unlock != null) {
        DriverSignals.detach();
        Runtime.getRuntime().removeShutdownHook(unlock);
      }
      return 2;
    }
    try {
      if (checksTables()) {
        // names and footers, before the job: a damaged folder is one line, not a stack trace
        List<SweepFolderCheck.Finding> damage = SweepFolderCheck.damage(SweepFolderCheck.quick(folder.listing()));
        if (!damage.isEmpty()) {
          throw StoreDamageException.of(damage.get(0));
        }
      }
      if (start == null) {
        return job.run(null, folder);
      }
      SparkContext spark;
      try {
        spark = start.context();
      } catch (Exception e) {
        // a setting Spark refuses (--conf spark.executor.cores=abc) or a master it cannot use:
        // bad input, before the command has written anything (not a "failed" sweep)
        if (DriverSignals.stopping()) {
          return 1;
        }
        System.err.println("error: Spark did not start: " + rootMessage(e).lines().findFirst().orElse(""));
        folder.abandon();
        return 2;
      }
      if (verbose) {
        spark.setLogLevel("INFO");
      }
      return job.run(spark, folder);
    } catch (OutputException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception | org.apache.hadoop.fs.FSError e) {
      if (DriverSignals.stopping()) {
        return 1; // stopped by a signal: its handler has said so and exits the process
      }
      StoreDamageException damage = find(e, StoreDamageException.class);
      if (damage != null) {
        System.err.println("error: " + damage.message(outUri));
        return 2;
      }
      StorageFailure write = find(e, StorageFailure.class);
      String message = write != null
          ? write.getMessage() + " (committed waves are kept; make room, then run the same command again to resume)"
          : what + " stopped: " + rootMessage(e) + " (committed waves are kept; run the same command again to resume)";
      Manifests.abort(folder, "failed", write != null ? write.getMessage() : rootMessage(e));
      System.err.println("error: " + message);
      return 1;
    } finally {
      if (start != null) {
        start.close();
      }
      DriverSignals.detach();
      folder.unlock();
      try {
        Runtime.getRuntime().removeShutdownHook(unlock);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  /** Whether the command commits waves of runs (sweep, measure): a signal's line counts them. */
  protected boolean commitsWaves() {
    return false;
  }

  /**
   * How the command's messages name its folder: "" (the folder is its argument: "error: DIR: ...");
   * a sweep's is "--out".
   */
  protected String folderOption() {
    return "";
  }

  /**
   * Whether the quick check of the folder's files runs before the job (everything but a sweep
   * with --force, which deletes the tables anyway).
   */
  protected boolean checksTables() {
    return true;
  }

  /** The first throwable of a type in a chain of causes, or null. */
  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The master URLs Spark 4.1 accepts (SparkContext.createTaskScheduler). */
  static final java.util.regex.Pattern MASTER_URL = java.util.regex.Pattern.compile(
      "local|local\\[(\\*|[1-9][0-9]*)(,[0-9]+)?]|local-cluster\\[[0-9]+, *[0-9]+, *[0-9]+]"
          + "|spark://[^\\s]+|yarn|k8s://[^\\s]+");

  SparkConf sparkConf(String appName) {
    SparkConf c = new SparkConf().setAppName(appName);
    for (String kv : conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf " + kv + ": expected KEY=VALUE");
      }
      c.set(kv.substring(0, eq), kv.substring(eq + 1));
    }
    if (master != null) {
      if (!MASTER_URL.matcher(master).matches()) {
        throw new IllegalArgumentException("--master " + master
            + ": not a Spark master URL (local[*], local[N], spark://HOST:PORT, yarn, k8s://https://HOST:PORT)");
      }
      c.setMaster(master);
    } else if (!c.contains("spark.master")) {
      c.setMaster("local[*]");
    }
    if (c.get("spark.master").startsWith("local")) {
      c.setIfMissing("spark.ui.enabled", "false");
      c.setIfMissing("spark.driver.host", "127.0.0.1");
      c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    c.setIfMissing("spark.scheduler.mode", "FAIR");
    c.setIfMissing("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    c.setIfMissing("spark.speculation", "false");
    // A row has about 60 columns; without this Spark warns that it shortens plan strings.
    c.setIfMissing("spark.sql.debug.maxToStringFields", "500");
    return c;
  }

  /**
   * A standalone master (spark://HOST:PORT, or several for high availability) that no host
   * answers within {@link #MASTER_WAIT_MS} is bad input before anything starts: Spark itself tries
   * to register for 60 s, printing connection stack traces, before it gives up.
   */
  static void checkStandaloneMaster(String master) {
    if (master == null || !master.startsWith("spark://")) {
      return;
    }
    String last = null;
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--master " + master + ": " + hostPort + " has no port (spark://HOST:PORT)");
      }
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon),
            Integer.parseInt(hostPort.substring(colon + 1))), MASTER_WAIT_MS);
        return; // something answers there
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--master " + master + ": " + hostPort + " has no port number");
      } catch (java.io.IOException | IllegalArgumentException e) {
        last = hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
      }
    }
    throw new IllegalArgumentException("--master " + master + ": no Spark master answers at " + last
        + "; start it (sbin/start-master.sh), or check the host and port");
  }

  static final int MASTER_WAIT_MS = 3000;

  /** A Hadoop configuration with the spark.hadoop.* settings, for checks made before Spark starts. */
  static Configuration hadoopConf(SparkConf sparkConf) {
    Configuration hc = new Configuration();
    for (Tuple2<String, String> kv : sparkConf.getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        hc.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    org.neuralpolytopes.sweep.store.NioLocalFileSystem.configure(hc);
    return hc;
  }

  static String rootMessage(Throwable e) {
    return StorageFailure.rootMessage(e);
  }

}
