package org.neuralpolytopes.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The quick check of a sweep output's files, made before anything reads them: names and
 * footers, a few bytes per file, no table read. Every command that reads a sweep output runs it
 * first (sweep, measure, duality, report), so a damaged folder is one line naming the file and
 * the repair command, never a reader's stack trace; {@code polytopes check} runs it and then
 * reads the tables themselves.
 *
 * <ol>
 *   <li>Every table folder ({@link SweepTables#schemas()}: runs/, facets/, vertices/, duality/):
 *       each entry directly in it. A subfolder is never read (noted only); a hidden file (name
 *       starting with "." or "_", such as Hadoop's {@code .crc} side files) is not part of the
 *       table; any other file must be named {@code seg-ID.parquet} ({@link Kind#FOREIGN}
 *       otherwise) and be a whole Parquet file ({@link Kind#UNREADABLE} otherwise).
 *   <li>A whole Parquet file: at least 12 bytes, the magic {@code PAR1} at both ends, and the
 *       footer length stored before the final magic within the file (Apache Parquet format
 *       specification, "File format"). A truncated file loses its final magic; a foreign file
 *       has none.
 *   <li>Every change in {@code _staging/}: one with its {@code _READY} marker is committed and
 *       will be published by the next writer, so its marker must be a JSON object and its staged
 *       files whole (as in step 2); one without a marker is discarded by the next writer (noted).
 * </ol>
 *
 * The check sees the folder through {@link Listing}: {@link #local} for a local path (java.nio),
 * and an implementation over Hadoop's FileSystem in the sweep driver, for hdfs:// and s3a://.
 */
public final class SweepFolderCheck {

  /** File names of a table's segments: {@code seg-ID.parquet}. */
  public static final String SEGMENT_PREFIX = "seg-";
  public static final String SEGMENT_SUFFIX = ".parquet";
  /** The folder of changes being committed, and each change's commit marker. */
  public static final String STAGING = "_staging";
  public static final String READY = "_READY";
  /** Where {@code check --repair} moves files it cannot use, with a note of why. */
  public static final String QUARANTINE = "_quarantine";

  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};
  private static final ObjectMapper JSON = new ObjectMapper();

  private SweepFolderCheck() {}

  /** What the check can see of a sweep output folder; paths are relative to it, "/"-separated. */
  public interface Listing {

    /** The entries directly in a folder ("" for the output folder itself); empty when it does not exist. */
    List<Entry> list(String folder) throws IOException;

    /** {@code length} bytes of a file from {@code offset} (fewer only at its end). */
    byte[] read(String file, long offset, int length) throws IOException;
  }

  /** One entry of a folder. */
  public record Entry(String name, boolean directory, long length) {}

  /** What a finding is. */
  public enum Kind {
    /** A file in a table folder that is not one of its segments: no reader may read it. */
    FOREIGN(true),
    /** A table file that is not a whole Parquet file (truncated, empty, overwritten). */
    UNREADABLE(true),
    /** A committed change in _staging/ that cannot be published: its marker or a staged file is damaged. */
    DAMAGED_CHANGE(true),
    /** A subfolder of a table: never read, by any command. */
    SUBFOLDER(false),
    /** A change in _staging/ without its marker: the next writer discards it. */
    UNCOMMITTED_CHANGE(false);

    private final boolean damage;

    Kind(boolean damage) {
      this.damage = damage;
    }

    /** Whether the folder cannot be used until it is repaired. */
    public boolean damage() {
      return damage;
    }
  }

  /**
   * One finding.
   *
   * @param path the file or folder, relative to the output folder ({@code runs/junk.parquet})
   * @param reason what is wrong with it, in a few words
   */
  public record Finding(String path, Kind kind, String reason) {

    /**
     * The one line a command prints when it stops on this finding: {@code dir} is the output
     * folder as the user wrote it.
     */
    public String message(String dir) {
      return join(dir, path) + ": " + reason + "; run " + repairCommand(dir);
    }
  }

  /** The command that repairs a folder. */
  public static String repairCommand(String dir) {
    return "bin/polytopes check " + dir + " --repair";
  }

  /** A path inside a folder as the user wrote the folder. */
  public static String join(String dir, String path) {
    return dir.endsWith("/") ? dir + path : dir + "/" + path;
  }

  /** The segment id of a file name {@code seg-ID.parquet}, or null for any other name. */
  public static String segmentOf(String fileName) {
    if (fileName.startsWith(SEGMENT_PREFIX) && fileName.endsWith(SEGMENT_SUFFIX)
        && fileName.length() > SEGMENT_PREFIX.length() + SEGMENT_SUFFIX.length()) {
      String id = fileName.substring(SEGMENT_PREFIX.length(), fileName.length() - SEGMENT_SUFFIX.length());
      return id.contains("/") ? null : id;
    }
    return null;
  }

  /** Whether a file name is hidden from readers (Hadoop's .crc side files, Spark's _SUCCESS). */
  public static boolean hidden(String fileName) {
    return fileName.startsWith(".") || fileName.startsWith("_");
  }

  /** Every finding of the quick check, tables first, in path order. */
  public static List<Finding> quick(Listing files) throws IOException {
    List<Finding> out = new ArrayList<>();
    for (TableSchema<?> table : SweepTables.schemas()) {
      for (Entry e : sorted(files.list(table.name()))) {
        String path = table.name() + "/" + e.name();
        if (e.directory()) {
          out.add(new Finding(path + "/", Kind.SUBFOLDER, "a subfolder of a table: never read"));
        } else if (hidden(e.name())) {
          continue;
        } else if (segmentOf(e.name()) == null) {
          out.add(new Finding(path, Kind.FOREIGN, "not a table file (a table folder holds only "
              + SEGMENT_PREFIX + "ID" + SEGMENT_SUFFIX + " files written by the sweep)"));
        } else {
          String problem = parquetProblem(files, path, e.length());
          if (problem != null) {
            out.add(new Finding(path, Kind.UNREADABLE, problem));
          }
        }
      }
    }
    for (Entry change : sorted(files.list(STAGING))) {
      String dir = STAGING + "/" + change.name();
      if (!change.directory()) {
        continue;
      }
      List<Entry> entries = files.list(dir);
      Entry marker = entries.stream().filter(e -> e.name().equals(READY) && !e.directory()).findFirst().orElse(null);
      if (marker == null) {
        out.add(new Finding(dir + "/", Kind.UNCOMMITTED_CHANGE, "a change that was never committed: the next writer"
            + " discards it"));
        continue;
      }
      String problem = markerProblem(files, dir + "/" + READY, marker.length());
      for (Entry t : sorted(entries)) {
        if (problem != null) {
          break;
        }
        if (!t.directory()) {
          continue;
        }
        for (Entry f : sorted(files.list(dir + "/" + t.name()))) {
          if (!f.directory() && !hidden(f.name())) {
            String p = parquetProblem(files, dir + "/" + t.name() + "/" + f.name(), f.length());
            if (p != null) {
              problem = t.name() + "/" + f.name() + ": " + p;
              break;
            }
          }
        }
      }
      if (problem != null) {
        out.add(new Finding(dir + "/", Kind.DAMAGED_CHANGE, "a committed change that cannot be published ("
            + problem + ")"));
      }
    }
    return out;
  }

  /** The findings that are damage. */
  public static List<Finding> damage(List<Finding> findings) {
    return findings.stream().filter(f -> f.kind().damage()).toList();
  }

  /** Why a file is not a whole Parquet file (step 2 of the class comment), or null when it is. */
  public static String parquetProblem(Listing files, String path, long length) throws IOException {
    if (length == 0) {
      return "an empty file";
    }
    if (length < 12) {
      return "too short for a Parquet file (" + length + " bytes)";
    }
    byte[] head;
    byte[] tail;
    try {
      head = files.read(path, 0, 4);
      tail = files.read(path, length - 8, 8);
    } catch (IOException e) {
      // a local file whose checksum side file no longer matches it (changed by hand), a lost block
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      return "cannot be read (" + m + ")";
    }
    if (!Arrays.equals(head, MAGIC)) {
      return "not a Parquet file (no PAR1 at its start)";
    }
    if (tail.length < 8 || !Arrays.equals(Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
      return "truncated or damaged (no PAR1 at its end: the footer is missing)";
    }
    long footer = (tail[0] & 0xffL) | (tail[1] & 0xffL) << 8 | (tail[2] & 0xffL) << 16 | (tail[3] & 0xffL) << 24;
    if (footer <= 0 || footer > length - 12) {
      return "damaged footer (its length " + footer + " does not fit a file of " + length + " bytes)";
    }
    return null;
  }

  /** Why a change's marker cannot be read, or null when it is a JSON object listing what it removes and adds. */
  private static String markerProblem(Listing files, String path, long length) throws IOException {
    if (length == 0 || length > 64L << 20) {
      return READY + " is " + (length == 0 ? "empty" : "too large");
    }
    try {
      JsonNode m = JSON.readTree(files.read(path, 0, (int) length));
      if (m == null || !m.isObject() || !m.path("add").isArray() || !m.path("remove").isArray()) {
        return READY + " does not list what the change removes and adds";
      }
      return null;
    } catch (IOException e) {
      return READY + " is not readable JSON";
    }
  }

  private static List<Entry> sorted(List<Entry> entries) {
    List<Entry> out = new ArrayList<>(entries);
    out.sort(Comparator.comparing(Entry::name));
    return out;
  }

  /** The files of a local sweep output, through java.nio. */
  public static Listing local(Path root) {
    return new Listing() {
      @Override
      public List<Entry> list(String folder) throws IOException {
        Path dir = folder.isEmpty() ? root : root.resolve(folder);
        if (!Files.isDirectory(dir)) {
          return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : (Iterable<Path>) s::iterator) {
            try {
              BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
              out.add(new Entry(p.getFileName().toString(), a.isDirectory(), a.size()));
            } catch (NoSuchFileException gone) {
              // removed while listing
            }
          }
        }
        return out;
      }

      @Override
      public byte[] read(String file, long offset, int length) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(root.resolve(file), StandardOpenOption.READ)) {
          ch.position(offset);
          try (InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
            return in.readNBytes(length);
          }
        }
      }
    };
  }
}
