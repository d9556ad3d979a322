package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Drawings come back in the order they were submitted, whatever order they finish in. */
class ParallelDrawingsTest {

  @Test
  void resultsAreInSubmissionOrderWhenTheDrawingsFinishInReverse() throws Exception {
    int n = 4;
    List<CountDownLatch> finished = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      finished.add(new CountDownLatch(1));
    }
    List<Integer> finishOrder = Collections.synchronizedList(new ArrayList<>());
    try (ParallelDrawings<String> drawings = new ParallelDrawings<>(n, "test-drawings")) {
      for (int i = 0; i < n; i++) {
        int k = i;
        drawings.submit(() -> {
          // each waits for the one after it: they finish last to first
          if (k + 1 < n) {
            await(finished.get(k + 1));
          }
          finishOrder.add(k);
          finished.get(k).countDown();
          return "drawing " + k;
        });
      }
      assertEquals(List.of("drawing 0", "drawing 1", "drawing 2", "drawing 3"), drawings.results());
    }
    assertEquals(List.of(3, 2, 1, 0), finishOrder);
  }

  @Test
  void theFirstFailureInSubmissionOrderIsRethrownEvenWhenALaterOneFailedFirst() throws Exception {
    CountDownLatch laterFailed = new CountDownLatch(1);
    IOException first = new IOException("first");
    try (ParallelDrawings<String> drawings = new ParallelDrawings<>(2, "test-drawings")) {
      drawings.submit(() -> {
        await(laterFailed);
        throw first;
      });
      drawings.submit(() -> {
        laterFailed.countDown();
        throw new IOException("second");
      });
      assertSame(first, assertThrows(IOException.class, drawings::results));
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IOException("the drawing waited for never finished");
      }
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }

  @Test
  void closeDropsTheDrawingsNotStartedAndWaitsForTheOneRunning() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    List<String> made = Collections.synchronizedList(new ArrayList<>());
    ParallelDrawings<String> drawings = new ParallelDrawings<>(1, "test-drawings");
    drawings.submit(() -> {
      running.countDown();
      long end = System.nanoTime() + 300_000_000L; // busy, not interruptible, like a drawing
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      made.add("first");
      return "first";
    });
    drawings.submit(() -> {
      made.add("second");
      return "second";
    });
    await(running);
    drawings.close();
    assertEquals(List.of("first"), made, "the running drawing finished before close returned, the queued one never ran");
  }

  @Test
  void aRuntimeFailureIsRethrownAsItIs() {
    IllegalStateException failure = new IllegalStateException("bad weights");
    try (ParallelDrawings<String> drawings = new ParallelDrawings<>(1, "test-drawings")) {
      drawings.submit(() -> "fine");
      drawings.submit(() -> {
        throw failure;
      });
      assertSame(failure, assertThrows(IllegalStateException.class, drawings::results));
    }
  }
}
