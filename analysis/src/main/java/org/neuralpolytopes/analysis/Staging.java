package org.neuralpolytopes.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.neuralpolytopes.train.BuildInfo;

/**
 * The temporary files and folders a command writes before it moves them into place (a report's
 * {@code .NAME.partial-*} folder beside its target, a drawing's {@code .NAME.partial-*} file, an
 * HDFS output's local copy), and what becomes of them when the command does not end normally.
 *
 * <ul>
 *   <li><b>Ctrl-C (SIGINT), SIGTERM, SIGHUP.</b> The JVM runs its shutdown hooks but not the
 *       commands' {@code finally} blocks, so a hook deletes every staged path still registered,
 *       puts back a report folder set aside for its replacement ({@link #setAside}) if the new one
 *       was not moved in, and prints one line per target, {@code interrupted: TARGET not written}
 *       (or left as it was; also when the signal came before anything was staged, for a target
 *       registered by {@link #writing}), or, while an HDFS output was being copied, that the copy
 *       is deleted. The exit code is the JVM's, 130 or 143.
 *   <li><b>SIGKILL</b> (or the out-of-memory killer) runs nothing. The staged names carry the host
 *       and the process id ({@code .NAME.partial-HOST-PID-...}), and the next command that stages
 *       beside the same target deletes those of a process of this host that is no longer running.
 * </ul>
 */
public final class Staging {

  /** Staged path -> the target it is for (what the interrupted line names). */
  private static final Map<Path, Path> STAGED = new ConcurrentHashMap<>();
  /** Target -> the earlier version set aside while the new one moves in. */
  private static final Map<Path, Path> SET_ASIDE = new ConcurrentHashMap<>();
  /** The outputs of the commands running now ({@link #writing}): their line is printed before anything is staged too. */
  private static final java.util.Set<Path> WRITING = ConcurrentHashMap.newKeySet();
  /** Working copies that are no command's output (deleted at a signal without a line). */
  private static final java.util.Set<Path> SCRATCH = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();
  /** Set when the shutdown hook starts: {@link #createDirectories} then refuses. */
  private static volatile boolean stopping;

  private Staging() {}

  /** The prefix of this process's staged names for {@code target}: {@code .NAME.partial-HOST-PID-}. */
  public static String prefix(Path target) {
    return "." + target.getFileName() + ".partial-" + safeHost() + "-" + ProcessHandle.current().pid() + "-";
  }

  /**
   * A new empty folder beside {@code target} to write it in, registered for deletion at a signal;
   * first deletes the staged folders and files of {@code target} left by dead processes of this host.
   */
  public static Path folderFor(Path target) throws IOException {
    return create(target, "", true);
  }

  /** As {@link #folderFor}, a new empty file with the extension {@code ext}. */
  public static Path fileFor(Path target, String ext) throws IOException {
    return create(target, "." + ext, false);
  }

  /**
   * A new staged folder or file with the permissions of any new one (the umask's: a report is
   * meant to be read by others), not {@code createTempDirectory}'s owner-only ones, which the
   * published report would keep.
   */
  private static Path create(Path target, String suffix, boolean folder) throws IOException {
    Path parent = Files.createDirectories(target.toAbsolutePath().getParent());
    deleteLeftovers(target);
    while (true) {
      Path p = parent.resolve(prefix(target) + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong())
          + suffix);
      try {
        return register(folder ? Files.createDirectory(p) : Files.createFile(p), target);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another name
      }
    }
  }

  /** Registers {@code staged} (made by the caller) for deletion at a signal; returns it. */
  public static Path register(Path staged, Path target) {
    hook();
    STAGED.put(staged, target);
    return staged;
  }

  /**
   * Marks {@code target} as the output of the command running now, until the handle is closed: a
   * signal that comes before anything is staged for it (while the runs are read, or an HDFS output
   * is copied) still prints its line, {@code interrupted: TARGET left as it was} or {@code not
   * written}.
   */
  public static Writing writing(Path target) {
    hook();
    WRITING.add(target);
    return () -> WRITING.remove(target);
  }

  /** {@link #writing}'s handle: closing it says the command is done with its target. */
  public interface Writing extends AutoCloseable {
    @Override
    void close();
  }

  /** Registers a working folder that is no command's output (a local copy of an HDFS output) for deletion at a signal. */
  public static Path scratch(Path folder) {
    hook();
    SCRATCH.add(folder);
    return folder;
  }

  private static void hook() {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stopWriters(true);
        interrupted();
      }, "staging-cleanup"));
    }
  }

  /**
   * {@link Files#createDirectories}, for the folders a command writes inside a staged folder (a
   * report's figures/, bodies/, meshes/): refused once a signal has started the shutdown hook, so
   * that the threads still drawing do not make again the staged folder the hook deletes (they fail
   * instead, and the JVM is ending).
   */
  public static Path createDirectories(Path dir) throws IOException {
    if (stopping) {
      throw new java.io.InterruptedIOException("interrupted: not making " + dir);
    }
    return Files.createDirectories(dir);
  }

  /** Whether {@link #createDirectories} refuses (the shutdown hook sets it; tests set and clear it). */
  static void stopWriters(boolean stop) {
    stopping = stop;
  }

  /** Whether a signal is ending the JVM: a command's failure then is that, and the hook says so. */
  public static boolean stopping() {
    return stopping;
  }

  /** Deletes a staged or scratch path if it is still there (after it was moved into place, nothing is) and forgets it. */
  public static void release(Path staged) throws IOException {
    try {
      deleteRecursively(staged);
    } finally {
      STAGED.remove(staged);
      SCRATCH.remove(staged);
    }
  }

  /** Records that {@code target}'s earlier version is at {@code old} until {@link #restored}. */
  public static void setAside(Path target, Path old) {
    SET_ASIDE.put(target, old);
  }

  /** The replacement of {@code target} is in place (or the earlier version back): nothing to put back. */
  public static void restored(Path target) {
    SET_ASIDE.remove(target);
  }

  /** The shutdown hook: what a signal interrupted is deleted, set-aside versions go back. */
  static void interrupted() {
    if (STAGED.isEmpty() && SET_ASIDE.isEmpty() && SCRATCH.isEmpty() && WRITING.isEmpty()) {
      return; // a normal exit
    }
    // taken now: the command's own clean-up may release them while this runs
    java.util.Set<Path> targets = new java.util.TreeSet<>(STAGED.values());
    targets.addAll(WRITING);
    java.util.Set<Path> copies = new java.util.TreeSet<>(SCRATCH);
    List<Path> doomed = new java.util.ArrayList<>(STAGED.keySet());
    doomed.addAll(copies);
    for (Path p : doomed) {
      // a thread that was inside a write when the hook began may still add a file: a few passes,
      // the last one after the others have found nothing
      for (int pass = 0; pass < 5 && Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS); pass++) {
        try {
          deleteRecursively(p);
          Thread.sleep(20);
        } catch (IOException | RuntimeException ex) {
          // the next pass, or the next command's deleteLeftovers
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (Map.Entry<Path, Path> e : SET_ASIDE.entrySet()) {
      try {
        if (!Files.exists(e.getKey()) && Files.exists(e.getValue())) {
          Files.move(e.getValue(), e.getKey());
        }
      } catch (IOException | RuntimeException ex) {
        // the earlier version stays at its hidden name
      }
    }
    for (Path target : targets) {
      System.err.println("interrupted: " + target + (Files.exists(target) ? " left as it was" : " not written"));
    }
    for (Path copy : copies) {
      System.err.println("interrupted: the temporary copy " + copy + " deleted");
    }
    System.err.flush();
  }

  /**
   * Deletes the staged folders and files of {@code target} that a process of this host left and
   * that is no longer running (killed with SIGKILL); another host's, a running process's and
   * names without a process id are left alone.
   */
  static void deleteLeftovers(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    String mine = "." + target.getFileName() + ".partial-" + safeHost() + "-";
    List<Path> candidates;
    try (Stream<Path> s = Files.list(parent)) {
      candidates = s.filter(p -> p.getFileName().toString().startsWith(mine)).toList();
    } catch (IOException e) {
      return;
    }
    for (Path p : candidates) {
      String rest = p.getFileName().toString().substring(mine.length());
      int dash = rest.indexOf('-');
      long pid;
      try {
        pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
      } catch (NumberFormatException e) {
        continue;
      }
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
        try {
          deleteRecursively(p);
        } catch (IOException e) {
          // left for the next time
        }
      }
    }
  }

  /** The host name with every character but letters, digits, '.' and '_' as '_' (names stay one path segment). */
  static String safeHost() {
    return BuildInfo.host().replaceAll("[^A-Za-z0-9._]", "_");
  }

  /** Deletes a file, or a folder and everything in it; nothing when it does not exist. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
