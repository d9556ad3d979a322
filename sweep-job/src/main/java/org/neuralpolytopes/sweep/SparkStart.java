package org.neuralpolytopes.sweep;

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
    Thread t = new Thread(() -> {
      try {
        context.complete(SparkContext.getOrCreate(conf));
      } catch (Throwable e) {
        context.completeExceptionally(e);
      }
    }, "polytopes-spark-start");
    t.setDaemon(true);
    t.start();
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
