package org.neuralpolytopes.sweep;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real HDFS for integration tests: a NameNode and a DataNode on 127.0.0.1 in a JVM of their own
 * ({@link MiniHdfs}), started from Hadoop's minicluster at the Hadoop version Spark is built with.
 * The minicluster runs apart from the test's JVM because its jar carries HDFS's server side, which
 * has no place beside Spark's shaded Hadoop client; its class path is the one the build writes
 * to {@code target/minicluster-classpath.txt} beside these classes. Every wait has a deadline,
 * and {@link #close()} stops the JVM.
 */
public final class HdfsCluster implements AutoCloseable {

  private final Processes processes;
  private final Process process;
  private final String uri;
  private final FileSystem fs;

  private HdfsCluster(Processes processes, Process process, String uri) throws IOException {
    this.processes = processes;
    this.process = process;
    this.uri = uri;
    this.fs = FileSystem.newInstance(URI.create(uri), clientConf());
  }

  /** Starts the NameNode and the DataNode, storing and logging under {@code dir}. */
  public static HdfsCluster start(Path dir) throws IOException, InterruptedException {
    Processes procs = new Processes(dir.resolve("logs"));
    try {
      List<String> cmd = new ArrayList<>(List.of(Processes.java()));
      cmd.addAll(Processes.sparkJvmOptions());
      cmd.addAll(List.of("-Xmx768m", "-Djava.net.preferIPv4Stack=true", "-cp", classpath(),
          MiniHdfs.class.getName(), Files.createDirectories(dir.resolve("data")).toString()));
      Process p = procs.start("hdfs", cmd, Map.of());
      Processes.await("HDFS on 127.0.0.1 (log: " + procs.log("hdfs") + ")", Duration.ofMinutes(3),
          () -> readyUri(procs.logText("hdfs")) != null || !p.isAlive());
      String uri = readyUri(procs.logText("hdfs"));
      if (uri == null) {
        throw new AssertionError("HDFS did not start:\n" + procs.logText("hdfs"));
      }
      return new HdfsCluster(procs, p, uri);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      procs.close();
      throw e;
    }
  }

  private static String readyUri(String log) {
    return log.lines().filter(l -> l.startsWith(MiniHdfs.READY)).map(l -> l.substring(MiniHdfs.READY.length()).trim())
        .findFirst().orElse(null);
  }

  /** This class's location (test classes, or the tests jar) and the minicluster's jars. */
  private static String classpath() throws IOException {
    Path self;
    try {
      self = Path.of(HdfsCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Path file = self.getParent().resolve("minicluster-classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new AssertionError("no " + file + ": the build writes it (mvn verify)");
    }
    return self + File.pathSeparator + Files.readString(file).trim();
  }

  /** The client settings for one DataNode: one replica of every block. */
  public static Configuration clientConf() {
    Configuration conf = new Configuration();
    conf.setInt("dfs.replication", 1);
    return conf;
  }

  /** The Spark setting that gives the sweep's writers the same client settings. */
  public static List<String> sparkConf() {
    return List.of("--conf", "spark.hadoop.dfs.replication=1");
  }

  /** {@code hdfs://127.0.0.1:PORT} */
  public String uri() {
    return uri;
  }

  /** The URI of an absolute path on this HDFS. */
  public String uri(String path) {
    return uri + path;
  }

  /** A client of this HDFS in the test's JVM. */
  public FileSystem fileSystem() {
    return fs;
  }

  /** Whether the NameNode's JVM is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws IOException {
    try {
      fs.close();
    } finally {
      processes.close();
    }
  }
}
