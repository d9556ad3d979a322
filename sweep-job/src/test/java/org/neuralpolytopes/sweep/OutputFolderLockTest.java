package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder lock under contention: sweeps started at the same moment, never two holders. */
class OutputFolderLockTest {

  @TempDir
  Path tmp;

  /**
   * A command stopped while it holds a lock it has just taken (a signal 0.8-1.1 s after a sweep
   * started) leaves no folder holding only the lock: abandon() removes the lock, and the folder
   * when the lock created it and nothing else is in it; a folder that existed stays.
   */
  @Test
  void anAbandonedLockLeavesNoFolderItCreated(@TempDir Path dir) throws Exception {
    Path fresh = dir.resolve("fresh");
    OutputFolder created = new OutputFolder(fresh.toString(), new Configuration());
    created.lock();
    assertTrue(java.nio.file.Files.exists(fresh.resolve(OutputFolder.LOCK)));
    created.abandon();
    assertFalse(java.nio.file.Files.exists(fresh), "the folder the lock created is gone");

    Path existing = java.nio.file.Files.createDirectories(dir.resolve("existing"));
    OutputFolder kept = new OutputFolder(existing.toString(), new Configuration());
    kept.lock();
    kept.abandon();
    assertTrue(java.nio.file.Files.isDirectory(existing), "a folder that existed stays");
    assertFalse(java.nio.file.Files.exists(existing.resolve(OutputFolder.LOCK)), "without the lock");
  }

  @Test
  void ofSweepsStartedAtTheSameMomentExactlyOneTakesTheLock() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int trial = 0; trial < 12; trial++) {
        Path out = tmp.resolve("race-" + trial);
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<OutputFolder>> takers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          takers.add(pool.submit(() -> {
            OutputFolder folder = new OutputFolder(out.toString(), new Configuration());
            start.await();
            try {
              folder.lock();
              return folder;
            } catch (OutputException refused) {
              assertTrue(refused.getMessage().contains("another sweep is writing here"), refused.getMessage());
              return null;
            }
          }));
        }
        List<OutputFolder> holders = new ArrayList<>();
        for (Future<OutputFolder> f : takers) {
          OutputFolder held = f.get();
          if (held != null) {
            holders.add(held);
          }
        }
        assertEquals(1, holders.size(), "trial " + trial + ": holders of one lock");
        assertTrue(Files.exists(out.resolve(OutputFolder.LOCK)));
        holders.get(0).unlock();
        assertFalse(Files.exists(out.resolve(OutputFolder.LOCK)), "released");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theFoldersClientWaitsLongerForAClosedBlockUnlessTheUserSaysHowLong() {
    Configuration plain = new Configuration();
    String before = plain.get(OutputFolder.CLOSE_RETRIES);
    assertEquals(OutputFolder.CLOSE_RETRIES_DEFAULT, OutputFolder.withCloseRetries(plain).getInt(OutputFolder.CLOSE_RETRIES, -1));
    assertEquals(before, plain.get(OutputFolder.CLOSE_RETRIES), "the caller's configuration is left as it was");
    Configuration users = new Configuration();
    users.setInt(OutputFolder.CLOSE_RETRIES, 3);
    assertEquals(3, OutputFolder.withCloseRetries(users).getInt(OutputFolder.CLOSE_RETRIES, -1));
  }
}
