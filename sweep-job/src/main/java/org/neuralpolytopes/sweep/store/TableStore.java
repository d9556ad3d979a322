package org.neuralpolytopes.sweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.neuralpolytopes.schema.SweepFolderCheck;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSchema;

/**
 * The tables of a sweep output as segments, changed only by atomic {@link Change}s.
 *
 * <p>Layout: every table is a folder of files {@code seg-ID.parquet}, one per segment. A segment
 * is a set of runs: {@code runs/seg-ID.parquet} holds their rows, and {@code facets/} and
 * {@code vertices/} hold the rows of those same runs in files of the same ID (absent when the
 * runs have none). So replacing, dropping or merging runs touches only their segments' files,
 * whatever the size of the folder. Derived tables ({@code duality/}) are replaced whole.
 *
 * <p>A change adds segments and removes files, all or nothing:
 *
 * <ol>
 *   <li>The new files are written under {@code _staging/CHANGE/TABLE/} (a folder no reader
 *       looks at) and each is read back (its footer and row count) before anything else happens.
 *   <li>The marker {@code _staging/CHANGE/_READY}, listing the files the change removes and adds,
 *       is written beside itself ({@code _READY.tmp}) and renamed into place: from that rename on
 *       the change is committed.
 *   <li>Publishing: every staged file's footer is read again (a file damaged since it was staged
 *       stops the change before anything moves: {@link StoreDamageException}), the removed files
 *       are deleted ({@code runs/} first), then each staged file is
 *       renamed into its table ({@code runs/} last, because a run_id in {@code runs/} is what marks a
 *       run as done), then the change's staging folder is deleted.
 * </ol>
 *
 * {@link #recover()} runs before anything else touches the folder: a change with its marker is
 * published again (deletions and renames already done are skipped), one without is discarded. On
 * HDFS, step 2 and step 3's moves are the NameNode's atomic renames; locally, the file system's
 * rename.
 */
public final class TableStore {

  public static final String STAGING = SweepFolderCheck.STAGING;
  public static final String READY = SweepFolderCheck.READY;
  public static final String PREFIX = SweepFolderCheck.SEGMENT_PREFIX;
  public static final String SUFFIX = SweepFolderCheck.SEGMENT_SUFFIX;

  /**
   * Held while a change is committed or recovered: a driver stopped by a signal takes it before
   * it releases the folder's lock, so no change is half-published under another writer.
   */
  public static final java.util.concurrent.locks.ReentrantLock COMMITTING = new java.util.concurrent.locks.ReentrantLock();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path root;
  private final Configuration conf;

  public TableStore(FileSystem fs, Path root, Configuration conf) {
    this.fs = fs;
    this.root = root;
    this.conf = conf;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  public Configuration conf() {
    return conf;
  }

  public Path table(String name) {
    return new Path(root, name);
  }

  /** The file of a table's segment (it may not exist). */
  public Path file(String table, String segment) {
    return new Path(table(table), PREFIX + segment + SUFFIX);
  }

  /** A new segment id: creation time first, so that listings sort oldest first. */
  public static String newSegmentId() {
    return String.format("%013d-%s", System.currentTimeMillis(), UUID.randomUUID().toString().substring(0, 8));
  }

  /** The segment id of a file name {@code seg-ID.parquet}, or null for any other name. */
  public static String segmentOf(String fileName) {
    return SweepFolderCheck.segmentOf(fileName);
  }

  /**
   * Whether a folder entry is part of a table as readers see it: a {@code .parquet} file directly
   * in the folder, not hidden ({@code .} or {@code _}); subfolders are never read.
   */
  public static boolean isDataFile(FileStatus f) {
    String name = f.getPath().getName();
    return f.isFile() && name.endsWith(SUFFIX) && !name.startsWith("_") && !name.startsWith(".");
  }

  /** The data files of a table, by name (empty when the table does not exist). */
  public List<FileStatus> dataFiles(String table) throws IOException {
    Path dir = table(table);
    List<FileStatus> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      if (isDataFile(f)) {
        out.add(f);
      }
    }
    out.sort(Comparator.comparing(f -> f.getPath().getName()));
    return out;
  }

  /** The segment ids of a table, oldest first. */
  public List<String> segments(String table) throws IOException {
    List<String> out = new ArrayList<>();
    for (FileStatus f : dataFiles(table)) {
      String s = segmentOf(f.getPath().getName());
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** The rows of a segment's file, only the named columns; empty when the file does not exist. */
  public List<Object[]> read(TableSchema<?> schema, String segment, List<String> columns) throws IOException {
    Path f = file(schema.name(), segment);
    if (!fs.exists(f)) {
      return List.of();
    }
    try {
      return ParquetRows.read(schema, columns, f, conf);
    } catch (IOException | RuntimeException e) {
      throw StoreDamageException.unreadable(root, f, e);
    }
  }

  /** The rows of a segment's file, from its footer (0 when the file does not exist). */
  public long rowCount(TableSchema<?> schema, String segment) throws IOException {
    Path f = file(schema.name(), segment);
    return fs.exists(f) ? ParquetRows.rowCount(f, conf) : 0;
  }

  /** A change to commit: segments to add and files to remove. */
  public static final class Change {
    private final Map<String, Map<String, List<Object[]>>> adds = new LinkedHashMap<>();
    private final Map<String, TableSchema<?>> schemas = new LinkedHashMap<>();
    private final Set<String> removes = new TreeSet<>();

    /** Adds rows of a table as the segment's file (no file when there are no rows). */
    public Change add(TableSchema<?> schema, String segment, List<Object[]> rows) {
      if (!rows.isEmpty()) {
        schemas.put(schema.name(), schema);
        adds.computeIfAbsent(schema.name(), k -> new LinkedHashMap<>())
            .computeIfAbsent(segment, k -> new ArrayList<>()).addAll(rows);
      }
      return this;
    }

    /** Removes a segment's file from a table (nothing when it does not exist). */
    public Change removeSegment(String table, String segment) {
      removes.add(table + "/" + PREFIX + segment + SUFFIX);
      return this;
    }

    /** Removes a file of a table by name (any data file, segment or not). */
    public Change removeFile(String table, String fileName) {
      removes.add(table + "/" + fileName);
      return this;
    }

    public boolean isEmpty() {
      return adds.isEmpty() && removes.isEmpty();
    }

    /** Rows added, over every table. */
    public long rowsAdded() {
      return adds.values().stream().flatMap(m -> m.values().stream()).mapToLong(List::size).sum();
    }
  }

  /** Commits a change: stage and verify, mark, publish (see the class comment). */
  public void commit(Change change) throws IOException {
    if (change.isEmpty()) {
      return;
    }
    COMMITTING.lock();
    try {
      stageAndPublish(change);
    } finally {
      COMMITTING.unlock();
    }
  }

  private void stageAndPublish(Change change) throws IOException {
    Path stage = new Path(new Path(root, STAGING), UUID.randomUUID().toString());
    List<String> added = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<Object[]>>> t : change.adds.entrySet()) {
      TableSchema<?> schema = change.schemas.get(t.getKey());
      for (Map.Entry<String, List<Object[]>> s : t.getValue().entrySet()) {
        String name = PREFIX + s.getKey() + SUFFIX;
        Path staged = new Path(new Path(stage, t.getKey()), name);
        ParquetRows.write(schema, s.getValue(), staged, conf);
        long read = ParquetRows.rowCount(staged, conf);
        if (read != s.getValue().size()) {
          throw new IOException("staged file " + staged + " reads back " + read + " rows, not " + s.getValue().size());
        }
        added.add(t.getKey() + "/" + name);
      }
    }
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("remove", new ArrayList<>(change.removes));
    marker.put("add", added);
    // written beside the marker, then renamed: a writer killed while writing leaves no partial marker
    Path ready = new Path(stage, READY);
    Path tmp = new Path(stage, READY + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(JSON.writeValueAsBytes(marker));
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      throw new StorageFailure(tmp, e);
    }
    if (!fs.rename(tmp, ready)) {
      throw new IOException("cannot rename " + tmp + " to " + ready);
    }
    publish(stage);
  }

  /** Order of publishing: runs/ is removed first and added last. */
  private static int runsLast(String entry) {
    return entry.startsWith(SweepTables.RUNS.name() + "/") ? 1 : 0;
  }

  /**
   * Deletes the files a marked change removes and moves its staged files into the tables, then
   * drops its staging folder. Safe to repeat after a crash at any point.
   */
  private void publish(Path stage) throws IOException {
    Map<?, ?> marker;
    try (InputStream in = fs.open(new Path(stage, READY))) {
      marker = JSON.readValue(in.readAllBytes(), Map.class);
    } catch (IOException | RuntimeException e) {
      throw StoreDamageException.unreadable(root, new Path(stage, READY), e);
    }
    verifyStaged(stage, strings(marker == null ? null : marker.get("add")));
    List<String> removes = new ArrayList<>(strings(marker.get("remove")));
    removes.sort(Comparator.comparingInt(TableStore::runsLast).reversed());
    for (String r : removes) {
      Path old = new Path(root, r);
      if (fs.exists(old)) {
        fs.delete(old, false);
      }
    }
    List<String> adds = new ArrayList<>(strings(marker.get("add")));
    adds.sort(Comparator.comparingInt(TableStore::runsLast));
    for (String a : adds) {
      Path staged = new Path(stage, a);
      Path target = new Path(root, a);
      if (fs.exists(staged)) {
        fs.mkdirs(target.getParent());
        if (!fs.rename(staged, target)) {
          throw new IOException("cannot move " + staged + " to " + target);
        }
      }
    }
    fs.delete(stage, true);
    Path staging = stage.getParent();
    if (fs.exists(staging) && fs.listStatus(staging).length == 0) {
      fs.delete(staging, false);
    }
  }

  /**
   * Reads the footer of every staged file a marked change adds before anything is moved: a
   * file damaged after it was staged (a full disk, a hand edit) stops the change, all of it.
   */
  private void verifyStaged(Path stage, List<String> adds) throws IOException {
    for (String a : adds) {
      Path staged = new Path(stage, a);
      if (fs.exists(staged)) {
        try {
          ParquetRows.rowCount(staged, conf);
        } catch (IOException | RuntimeException e) {
          throw StoreDamageException.unreadable(root, staged, e);
        }
      }
    }
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object x : l) {
        out.add(String.valueOf(x));
      }
    }
    return out;
  }

  /**
   * Finishes or discards what a killed writer left in {@code _staging}; returns how many changes
   * were published and how many discarded.
   */
  public int[] recover() throws IOException {
    COMMITTING.lock();
    try {
      return recoverStaged();
    } finally {
      COMMITTING.unlock();
    }
  }

  private int[] recoverStaged() throws IOException {
    Path staging = new Path(root, STAGING);
    int published = 0;
    int discarded = 0;
    if (!fs.exists(staging)) {
      return new int[] {0, 0};
    }
    for (FileStatus f : fs.listStatus(staging)) {
      if (!f.isDirectory()) {
        continue;
      }
      if (fs.exists(new Path(f.getPath(), READY))) {
        publish(f.getPath());
        published++;
      } else {
        fs.delete(f.getPath(), true);
        discarded++;
      }
    }
    if (fs.exists(staging)) {
      fs.delete(staging, true);
    }
    return new int[] {published, discarded};
  }
}
