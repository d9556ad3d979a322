package org.neuralpolytopes.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.neuralpolytopes.sweep.spec.SpecException;
import org.neuralpolytopes.sweep.spec.SpecParser;
import org.neuralpolytopes.sweep.spec.SweepSpec;
import org.neuralpolytopes.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import scala.Tuple2;

/**
 * {@code polytopes sweep SPEC.yaml --out DIR}: validates the spec, checks and locks the output
 * folder (both before any Spark work), then runs the grid. Exit codes: 0 done (rows may still
 * have a non-OK status: that is data), 1 the sweep itself failed, 2 bad input.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train every configuration of a sweep spec on Spark and write Parquet tables.")
public final class SweepCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the sweep spec")
  Path specFile;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "output folder: a path or any Hadoop file system URI (file://, hdfs://, s3a://)")
  String out;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: the one spark-submit set, else local[*])")
  String master;

  @Option(names = "--force", description = "delete the folder's tables and redo every configuration")
  boolean force;

  @Option(names = "--retry-failed",
      description = "train the grid's FAILED and TIMEOUT configurations again, replacing their rows")
  boolean retryFailed;

  @Option(names = "--verbose", description = "show Spark's INFO logs")
  boolean verbose;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "extra Spark configuration (repeatable)")
  List<String> conf = new ArrayList<>();

  private final PrintStream console;

  public SweepCommand() {
    this(System.out);
  }

  SweepCommand(PrintStream console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    SweepSpec spec;
    try {
      spec = SpecParser.parse(specFile);
    } catch (SpecException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    List<RunConfig> grid = spec.expand();
    SparkConf sparkConf;
    try {
      sparkConf = sparkConf(spec);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    OutputFolder folder;
    try {
      folder = new OutputFolder(out, hadoopConf(sparkConf));
      folder.checkUsable();
      folder.lock();
    } catch (OutputException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    Thread unlock = new Thread(folder::unlock, "polytopes-unlock");
    Runtime.getRuntime().addShutdownHook(unlock);
    try {
      // Stop only a session this command started (tests and notebooks may bring their own).
      boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
      SparkSession spark = SparkSession.builder().config(sparkConf).getOrCreate();
      try {
        if (verbose) {
          spark.sparkContext().setLogLevel("INFO");
        }
        return new SweepRunner(spark, spec, folder, grid, force, retryFailed, System.console() != null, console).run();
      } finally {
        if (own) {
          spark.stop();
        }
      }
    } catch (OutputException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("error: the sweep stopped: " + rootMessage(e)
          + " (committed waves are kept; run the same command again to resume)");
      return 1;
    } finally {
      folder.unlock();
      try {
        Runtime.getRuntime().removeShutdownHook(unlock);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  SparkConf sparkConf(SweepSpec spec) {
    SparkConf c = new SparkConf().setAppName("polytopes sweep " + spec.name());
    for (String kv : conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf " + kv + ": expected KEY=VALUE");
      }
      c.set(kv.substring(0, eq), kv.substring(eq + 1));
    }
    if (master != null) {
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
    // A row has about 50 columns; without this Spark warns that it shortens plan strings.
    c.setIfMissing("spark.sql.debug.maxToStringFields", "500");
    return c;
  }

  /** A Hadoop configuration with the spark.hadoop.* settings, for checks made before Spark starts. */
  static Configuration hadoopConf(SparkConf sparkConf) {
    Configuration hc = new Configuration();
    for (Tuple2<String, String> kv : sparkConf.getAll()) {
      if (kv._1().startsWith("spark.hadoop.")) {
        hc.set(kv._1().substring("spark.hadoop.".length()), kv._2());
      }
    }
    return hc;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

}
