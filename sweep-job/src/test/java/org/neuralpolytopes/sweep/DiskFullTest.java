package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a small tmpfs mounted for the test (this needs root, as CI and the
 * development machines run; elsewhere the test is skipped and {@link StorageFaultTest} injects
 * the same faults through Hadoop's FileSystem). Hadoop's local file system reports a full disk as
 * an {@code FSError}, an Error that used to escape as a trace of hundreds of lines.
 */
class DiskFullTest {

  static final String SPEC = """
      name: full
      seeds: 2
      grid:
        d: [2, 3]
        layers: [1]
        units: [3, 4]
        p: [1, 2]
      training:
        samples: 400
        batch_size: 100
        epochs: 60
        learning_rate: 0.01
      geometry:
        directions: 400
        morse_points: 400
      sweep:
        wave_size: 1
      """;

  @TempDir
  Path tmp;

  Path disk;
  boolean mounted;

  @BeforeEach
  void mount() throws Exception {
    disk = Files.createDirectories(tmp.resolve("disk"));
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.toString())
        .redirectErrorStream(true).start();
    mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (not root?): " + new String(p.getInputStream().readAllBytes()));
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Writes zeros until the disk is full. */
  private Path fill() throws IOException {
    Path filler = disk.resolve("filler");
    byte[] block = new byte[64 * 1024];
    try (OutputStream o = Files.newOutputStream(filler)) {
      while (true) {
        o.write(block);
      }
    } catch (IOException full) {
      // No space left on device
    }
    return filler;
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aRealFullDiskAtLockTimeAndMidSweep() throws Exception {
    SparkTestSession.get();
    Path spec = Files.writeString(tmp.resolve("full.yaml"), SPEC);
    Path out = disk.resolve("out");

    // full before the start: exit 2, no empty _lock, no folder
    Path filler = fill();
    CommandRun refused = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(2, refused.exit(), refused.toString());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertTrue(refused.err().contains("No space left on device"), refused.err());
    assertFalse(Files.exists(out.resolve("_lock")), "no empty lock left behind");
    Files.delete(filler);

    // full in the middle: one error line naming the file, the first waves kept
    CompletableFuture<CommandRun> sweep = CompletableFuture.supplyAsync(
        () -> CommandRun.of("sweep", spec.toString(), "--out", out.toString()));
    Processes.await("the first committed wave", Duration.ofMinutes(4),
        () -> Processes.parquetFiles(out.resolve("runs")) >= 1 || sweep.isDone());
    assertFalse(sweep.isDone(), "the sweep ended before the disk filled: " + (sweep.isDone() ? sweep.get() : ""));
    filler = fill();
    CommandRun stopped = sweep.get(5, TimeUnit.MINUTES);
    assertEquals(1, stopped.exit(), stopped.toString());
    // progress lines, then one error line, the last
    List<String> lines = stopped.err().strip().lines().toList();
    assertEquals(1, lines.stream().filter(l -> l.startsWith("error:")).count(), stopped.err());
    assertTrue(lines.get(lines.size() - 1).startsWith("error: cannot write " + out.toUri().getPath().replaceAll("/$", "")),
        stopped.err());
    assertTrue(stopped.err().contains("No space left on device"), stopped.err());
    assertFalse(stopped.err().contains("FSError") || stopped.err().contains("\tat "), stopped.err());
    assertFalse(Files.exists(out.resolve("_lock")));
    long kept = Processes.parquetFiles(out.resolve("runs"));
    assertTrue(kept >= 1);

    Files.delete(filler);
    CommandRun resume = CommandRun.of("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, resume.exit(), resume.toString());
    SparkSession spark = SparkTestSession.get();
    long runs = spark.read().parquet(out.resolve("runs").toString()).count();
    assertEquals(16, runs);
    assertEquals(16, spark.read().parquet(out.resolve("runs").toString()).select("run_id").distinct().count());
    assertEquals(0, CommandRun.of("check", out.toString()).exit());
  }
}
