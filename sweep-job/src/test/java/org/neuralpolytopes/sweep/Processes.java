package org.neuralpolytopes.sweep;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Child JVMs for the integration tests, each with a log file, and the means to stop them and
 * everything they started. Every wait has a deadline.
 *
 * <p>Every child JVM started here has a scratch folder beside the logs as its temporary folder
 * ({@code java.io.tmpdir}, and {@code SPARK_LOCAL_DIRS} for Spark's block managers): the tests
 * kill their children (and {@link #close} kills what is left), so what a child leaves in its
 * temporary folder (Spark's working folders, the copies of snappy's and lz4's native libraries,
 * Jetty's folders of the HDFS minicluster) stays inside the test's own folder, which JUnit
 * deletes, instead of piling up in the machine's /tmp.
 */
final class Processes implements AutoCloseable {

  private final List<Process> started = new ArrayList<>();
  private final Path logs;
  private final Path scratch;

  /** Logs in {@code logs}; the children's temporary folder beside it ({@code logs}-tmp). */
  Processes(Path logs) throws IOException {
    this.logs = Files.createDirectories(logs);
    this.scratch = Files.createDirectories(logs.resolveSibling(logs.getFileName() + "-tmp"));
  }

  /** The JVM option that gives a JVM this instance's scratch folder as its temporary folder (for executors). */
  String tmpdirOption() {
    return "-Djava.io.tmpdir=" + scratch.toAbsolutePath();
  }

  /** The JVM options of this test JVM that Spark needs (module opens), for child JVMs. */
  static List<String> sparkJvmOptions() {
    List<String> opts = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-XX:+IgnoreUnrecognized")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
        opts.add(a);
      }
    }
    return opts;
  }

  /** This JVM's class path (failsafe runs with a plain one, no manifest-only jar). */
  static String testClasspath() {
    return System.getProperty("java.class.path");
  }

  /** The class path without this project's own classes: what a Spark installation provides. */
  static String sparkClasspath() {
    Path project = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    List<String> keep = new ArrayList<>();
    for (String e : testClasspath().split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath();
      if (!p.startsWith(project) && !e.contains("/org/neuralpolytopes/")) {
        keep.add(e);
      }
    }
    return String.join(File.pathSeparator, keep);
  }

  /**
   * A prefix that starts a child with SIGINT at its default action: a build started as a background
   * job of a non-interactive shell ({@code mvn verify &} in a script) inherits SIGINT ignored, and
   * so would every driver it starts, which then cannot be interrupted at all. coreutils' env
   * (8.31 and later) resets it; where env lacks the option, children inherit what this JVM has.
   */
  static final List<String> DEFAULT_INTERRUPT = defaultInterrupt();

  private static List<String> defaultInterrupt() {
    List<String> prefix = List.of("env", "--default-signal=INT");
    try {
      List<String> probe = new ArrayList<>(prefix);
      probe.add("true");
      Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? prefix : List.of();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** The command line of a driver JVM running {@code SweepMain} with these arguments, on this test's class path. */
  static List<String> driver(String... args) {
    List<String> cmd = new ArrayList<>(DEFAULT_INTERRUPT);
    cmd.add(java());
    cmd.addAll(sparkJvmOptions());
    cmd.addAll(List.of("-Xmx1g", "-cp", testClasspath(), SweepMain.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The shaded cluster jar of this build (after package). */
  static Path clusterJar() throws IOException {
    Path target = Path.of(System.getProperty("basedir", "."), "target");
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(p -> p.getFileName().toString().endsWith("-cluster.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded jar in " + target + ": run mvn verify"));
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Starts {@code command} with {@code env} added, output to its log; a Java command (this JVM's
   * {@link #java()}) gets {@link #tmpdirOption()} as its first option, and every child the scratch
   * folder as {@code SPARK_LOCAL_DIRS}.
   */
  Process start(String name, List<String> command, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>(command);
    int java = cmd.indexOf(java());
    if (java >= 0) {
      cmd.add(java + 1, tmpdirOption());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_LOCAL_DIRS", scratch.toAbsolutePath().toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(logs.resolve(name + ".log").toFile());
    Process p = pb.start();
    started.add(p);
    return p;
  }

  Path log(String name) {
    return logs.resolve(name + ".log");
  }

  String logText(String name) {
    try {
      return Files.readString(log(name));
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills a process and every process it started (executors of a worker), at once. */
  static void killTree(Process p) {
    Stream.concat(p.descendants(), Stream.of(p.toHandle())).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() {
    for (Process p : started) {
      killTree(p);
    }
    for (Process p : started) {
      try {
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits for a condition, failing the test with {@code what} after the timeout. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static long parquetFiles(Path table) {
    if (!Files.isDirectory(table)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    } catch (IOException e) {
      return 0;
    }
  }
}
