package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Drawings made on a few daemon threads while the caller goes on with other work (the report
 * draws its bodies while its main thread writes the tables and charts), and handed back in the
 * order they were submitted, whatever order they finish in, so that the report is the same on
 * any number of cores. A failed drawing is rethrown by {@link #results()} (the first failure in
 * submission order); {@link #close()} drops whatever has not started and waits for the rest.
 */
final class ParallelDrawings<T> implements AutoCloseable {

  /** One drawing: its result, or an I/O failure. */
  @FunctionalInterface
  interface Drawing<T> {
    T draw() throws IOException;
  }

  /** Longest wait in {@link #close()} for the drawings running (one drawing takes well under a second). */
  static final long CLOSE_WAIT_SECONDS = 60;

  private final ExecutorService pool;
  private final List<Future<T>> futures = new ArrayList<>();

  /** A pool of {@code threads} threads named {@code name}. */
  ParallelDrawings(int threads, String name) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues a drawing; drawings start in the order they are submitted. */
  void submit(Drawing<T> drawing) {
    futures.add(pool.submit(drawing::draw));
  }

  /** Waits for every drawing submitted; their results in submission order. */
  List<T> results() throws IOException {
    List<T> out = new ArrayList<>(futures.size());
    for (Future<T> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }

  /**
   * Drops the drawings not yet started and waits (up to {@link #CLOSE_WAIT_SECONDS}) for those
   * running, so that no drawing writes into a folder its caller is about to delete.
   */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
