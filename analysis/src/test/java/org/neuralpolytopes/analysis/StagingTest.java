package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command's staged files become when it is stopped: {@link Staging}. */
class StagingTest {

  @TempDir
  Path tmp;

  /** The pid of a process that has ended. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    return p.pid();
  }

  private List<String> names() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aKilledProcessStagedFolderIsDeletedByTheNextCommandForTheSameTarget() throws Exception {
    Path target = tmp.resolve("report");
    String host = Staging.safeHost();
    long dead = deadPid();
    Path deadOnes = Files.createDirectories(tmp.resolve(".report.partial-" + host + "-" + dead + "-123"));
    Files.writeString(deadOnes.resolve("index.html"), "half");
    Path deadFile = Files.writeString(tmp.resolve(".report.partial-" + host + "-" + dead + "-456.png"), "half");
    Path running = Files.createDirectories(tmp.resolve(".report.partial-" + host + "-" + ProcessHandle.current().pid() + "-1"));
    Path otherHost = Files.createDirectories(tmp.resolve(".report.partial-elsewhere" + host + "-" + dead + "-1"));
    Path older = Files.createDirectories(tmp.resolve(".report.partial-98765"));
    Path otherTarget = Files.createDirectories(tmp.resolve(".other.partial-" + host + "-" + dead + "-1"));
    Path staged = Staging.folderFor(target);
    assertFalse(Files.exists(deadOnes), "a dead process's folder is deleted");
    assertFalse(Files.exists(deadFile), "and its file");
    for (Path kept : List.of(running, otherHost, older, otherTarget, staged)) {
      assertTrue(Files.isDirectory(kept), "kept: " + kept.getFileName() + " in " + names());
    }
    assertTrue(staged.getFileName().toString().startsWith(".report.partial-" + host + "-" + ProcessHandle.current().pid() + "-"),
        staged.toString());
    Staging.release(staged);
    assertFalse(Files.exists(staged));
  }

  @Test
  void onceASignalStartsTheCleanUpNoWriterMakesAStagedFolderAgain() throws Exception {
    Path staged = Staging.folderFor(tmp.resolve("report"));
    Path figures = Staging.createDirectories(staged.resolve("figures"));
    assertTrue(Files.isDirectory(figures));
    Staging.stopWriters(true);
    try {
      Staging.release(staged);
      // a figure thread still drawing after the hook deleted the folder
      assertThrows(java.io.InterruptedIOException.class, () -> Staging.createDirectories(staged.resolve("bodies")));
      assertFalse(Files.exists(staged), "not made again");
    } finally {
      Staging.stopWriters(false);
    }
  }

  @Test
  void stagedFoldersAndFilesHaveTheUmasksPermissionsNotOwnerOnly() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path plainFolder = Files.createDirectory(tmp.resolve("plain"));
    Path plainFile = Files.createFile(tmp.resolve("plain.png"));
    Path folder = Staging.folderFor(tmp.resolve("report"));
    Path file = Staging.fileFor(tmp.resolve("picture.png"), "png");
    try {
      // the published report is this folder, renamed: others read it as they read any new folder
      assertEquals(Files.getPosixFilePermissions(plainFolder), Files.getPosixFilePermissions(folder));
      assertEquals(Files.getPosixFilePermissions(plainFile), Files.getPosixFilePermissions(file));
    } finally {
      Staging.release(folder);
      Staging.release(file);
    }
  }

  @Test
  void aSignalDeletesWhatIsStagedPutsBackWhatWasSetAsideAndSaysSoInOneLinePerTarget() throws Exception {
    Path report = tmp.resolve("report");
    Path staged = Staging.folderFor(report);
    Files.createDirectories(staged.resolve("figures"));
    Files.writeString(staged.resolve("figures/a.png"), "half");
    Path picture = tmp.resolve("picture.png");
    Path stagedFile = Staging.fileFor(picture, "png");
    Path copy = Staging.scratch(Files.createDirectories(tmp.resolve("copy")));
    Files.writeString(copy.resolve("runs.parquet"), "x");
    // an earlier report set aside while its replacement was about to move in
    Path replaced = tmp.resolve("replaced");
    Path aside = Files.createDirectories(tmp.resolve(Staging.prefix(replaced) + "old-1"));
    Files.writeString(aside.resolve("index.html"), "earlier");
    Staging.setAside(replaced, aside);
    Path stagedReplacement = Staging.folderFor(replaced);

    List<String> lines = interruptedLines();
    try {
      assertEquals(List.of("replaced"), names(), "nothing staged is left, the earlier report is back");
      assertEquals("earlier", Files.readString(replaced.resolve("index.html")));
      assertEquals(List.of("interrupted: " + picture + " not written", "interrupted: " + replaced + " left as it was",
          "interrupted: " + report + " not written", "interrupted: the temporary copy " + copy + " deleted"), lines);
    } finally {
      for (Path p : List.of(staged, stagedFile, copy, stagedReplacement)) {
        Staging.release(p);
      }
      Staging.restored(replaced);
    }
    assertFalse(Files.exists(stagedFile));
  }

  @Test
  void aSignalBeforeAnythingIsStagedStillNamesTheCommandsOutput() throws Exception {
    Path report = tmp.resolve("report");
    Path earlier = Files.createDirectories(tmp.resolve("earlier"));
    List<String> lines;
    try (Staging.Writing a = Staging.writing(report); Staging.Writing b = Staging.writing(earlier)) {
      lines = interruptedLines();
    }
    assertEquals(List.of("interrupted: " + earlier + " left as it was", "interrupted: " + report + " not written"), lines);
    // once the command is done with it (normally or by an error), a later exit says nothing of it
    assertEquals(List.of(), interruptedLines());
  }

  /** The lines {@link Staging#interrupted} prints. */
  private static List<String> interruptedLines() throws Exception {
    return Stderr.of(() -> {
      Staging.interrupted();
      return null;
    }).text().lines().toList();
  }
}
