package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark context that starts on a thread of its own, so that the driver's last checks of its
 * output folder (taking and confirming the lock, reading the files' footers) overlap with the
 * seconds a context takes to start. The driver needs no SQL session: a plain context starts
 * about a second sooner than one inside a session.
 *
 * <p>A session that the caller already has (tests, notebooks) is joined, never stopped; a context
 * this start created is stopped by {@link #close()}, after it has finished starting.
 */
final class SparkStart implements AutoCloseable {

  private final boolean own;
  private final CompletableFuture<SparkContext> context = new CompletableFuture<>();

  SparkStart(SparkConf conf) {
    scala.Option<SparkSession> session = SparkSession.getActiveSession().orElse(SparkSession::getDefaultSession);
    this.own = session.isEmpty();
    if (!own) {
      context.complete(session.get().sparkContext());
      return;
    }
    Path pools = schedulerPools(conf);
    Thread t = new Thread(() -> {
      try {
        context.complete(SparkContext.getOrCreate(conf));
      } catch (Throwable e) {
        context.completeExceptionally(e);
      } finally {
        if (pools != null) {
          pools.toFile().delete(); // read while the context started
        }
      }
    }, "polytopes-spark-start");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Sets {@code spark.scheduler.allocation.file}, unless it is given, to a temporary local copy of
   * the sweep's scheduler pools ({@code fairscheduler.xml} in this jar: the pools
   * {@link WaveRunner#POOL} and {@link org.neuralpolytopes.sweep.duality.DualityStage#POOL}) and
   * returns that copy (null when the setting was given or the copy cannot be written: Spark's own
   * lookup applies). Spark looks for the file by default with its own class loader, which under
   * spark-submit does not see the application's jar, and then creates each pool with a warning.
   * The copy is deleted once the context has started (Spark reads it while it starts), or at exit.
   */
  static Path schedulerPools(SparkConf c) {
    if (c.contains("spark.scheduler.allocation.file")) {
      return null;
    }
    try (InputStream in = SparkStart.class.getResourceAsStream("/fairscheduler.xml")) {
      if (in == null) {
        return null;
      }
      Path f = Files.createTempFile("polytopes-fairscheduler-", ".xml");
      f.toFile().deleteOnExit();
      Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
      c.set("spark.scheduler.allocation.file", f.toUri().toString());
      return f;
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** The started context; waits for it, and throws what stopped it from starting. */
  SparkContext context() throws Exception {
    try {
      return context.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Stops the context if this start created it (once it has started; a failed start has nothing to stop). */
  @Override
  public void close() {
    if (!own) {
      return;
    }
    try {
      context.get().stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // it never started
    }
  }
}
