package org.neuralpolytopes.sweep;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.neuralpolytopes.sweep.store.TableStore;
import sun.misc.Signal;

/**
 * SIGINT (Ctrl-C) and SIGTERM on the driver's process ({@code bin/polytopes sweep}, {@code
 * spark-submit ... SweepMain}): the run stops as a user expects, with one line and nothing
 * half-done.
 *
 * <ol>
 *   <li>The progress display stops, and Spark's and Hadoop's logging is turned off: their shutdown
 *       would log the jobs it cancels with stack traces.
 *   <li>A change being committed is let finish, and no later one starts ({@link
 *       TableStore#COMMITTING} is taken and kept; at most {@link #COMMIT_WAIT}).
 *   <li>One line: {@code interrupted: N waves committed; run the same command to resume}.
 *   <li>The manifest's state becomes {@code interrupted} and the folder's lock is released.
 *   <li>Nothing else is printed: standard output and error go nowhere. The JVM exits with 128 +
 *       the signal's number (130, 143), running Spark's shutdown hooks (its temporary folders are
 *       deleted); if that takes longer than {@link #EXIT_WAIT}, the process ends without them.
 * </ol>
 *
 * A second signal ends the process at once. Commands run in-process (tests) install nothing.
 */
final class DriverSignals {

  static final long COMMIT_WAIT = 30;
  static final long EXIT_WAIT = 15;

  private static final AtomicInteger WAVES = new AtomicInteger();
  private static final AtomicBoolean STOPPING = new AtomicBoolean();
  private static volatile OutputFolder folder;
  private static volatile SweepProgress progress;

  private DriverSignals() {}

  /** Handles SIGINT and SIGTERM from now on (the driver's main only). */
  static void install() {
    handle("INT", 130);
    handle("TERM", 143);
  }

  private static void handle(String name, int exitCode) {
    try {
      Signal.handle(new Signal(name), s -> stop(exitCode));
    } catch (IllegalArgumentException e) {
      // the JVM keeps this signal for itself (-Xrs): its default handling stays
    }
  }

  /** Whether the running command commits waves (sweep, measure): its line counts them. */
  private static volatile boolean waves;

  /** The locked folder a command works on, from when it holds the lock; whether it commits waves. */
  static void attach(OutputFolder f, boolean commitsWaves) {
    WAVES.set(0);
    folder = f;
    waves = commitsWaves;
  }

  static void detach() {
    folder = null;
    waves = false;
  }

  /** Whether a signal is stopping the driver. */
  static boolean stopping() {
    return STOPPING.get();
  }

  static void waveCommitted() {
    WAVES.incrementAndGet();
  }

  static void showing(SweepProgress p) {
    progress = p;
  }

  static void hidden(SweepProgress p) {
    if (progress == p) {
      progress = null;
    }
  }

  private static void stop(int exitCode) {
    if (!STOPPING.compareAndSet(false, true)) {
      Runtime.getRuntime().halt(exitCode);
    }
    PrintStream err = System.err;
    SweepProgress p = progress;
    if (p != null) {
      p.close();
    }
    quietLogging();
    try {
      TableStore.COMMITTING.tryLock(COMMIT_WAIT, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // (compact, duality, check and census commit no waves: "0 wave(s) committed" said nothing true)
    err.println(waves ? "interrupted: " + WAVES.get() + " wave(s) committed; run the same command to resume"
        : "interrupted: nothing half-written is left; run the same command again");
    err.flush();
    OutputFolder f = folder;
    if (f != null) {
      Manifests.abort(f, "interrupted", null);
      f.abandon();
    }
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    System.setOut(nowhere);
    System.setErr(nowhere);
    Thread halt = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.SECONDS.toMillis(EXIT_WAIT));
      } catch (InterruptedException e) {
        // exiting anyway
      }
      Runtime.getRuntime().halt(exitCode);
    }, "polytopes-exit");
    halt.setDaemon(true);
    halt.start();
    System.exit(exitCode);
  }

  /** Turns every logger off (log4j 2, which Spark brings; nothing when it is absent). */
  private static void quietLogging() {
    try {
      org.apache.logging.log4j.core.config.Configurator.setAllLevels(
          org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
    } catch (LinkageError | RuntimeException e) {
      // no log4j core: nothing to quiet
    }
  }
}
