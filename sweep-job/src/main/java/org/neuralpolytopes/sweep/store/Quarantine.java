package org.neuralpolytopes.sweep.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.neuralpolytopes.schema.SweepFolderCheck;

/**
 * Files a repair cannot use, moved out of the tables into {@code DIR/_quarantine/TIME/} under
 * their own relative path (so {@code runs/junk.parquet} becomes {@code
 * _quarantine/20260101T120000Z/runs/junk.parquet}), with {@code WHY.txt} listing each one and
 * why. Nothing is deleted: a user can look at them, or move them back.
 */
public final class Quarantine {

  public static final String NOTE = "WHY.txt";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final FileSystem fs;
  private final Path root;
  private final Path batch;
  private final Map<String, String> moved = new LinkedHashMap<>();

  public Quarantine(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
    this.batch = new Path(new Path(root, SweepFolderCheck.QUARANTINE), STAMP.format(Instant.now()));
  }

  /** Moves a file or folder (relative to the output folder) aside; returns where it went, relative. */
  public String move(String relative, String why) throws IOException {
    String clean = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
    Path from = new Path(root, clean);
    Path to = new Path(batch, clean);
    if (!fs.exists(from)) {
      return null;
    }
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " to " + to);
    }
    moved.put(clean, why);
    writeNote();
    return SweepFolderCheck.QUARANTINE + "/" + batch.getName() + "/" + clean;
  }

  /** Files moved so far: relative path to why. */
  public Map<String, String> moved() {
    return moved;
  }

  private void writeNote() throws IOException {
    StringBuilder sb = new StringBuilder("Moved here by polytopes check --repair at " + batch.getName()
        + ": files the sweep output could not use. Each line: the path it had in the output folder, and why.\n\n");
    for (Map.Entry<String, String> e : moved.entrySet()) {
      sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    Path note = new Path(batch, NOTE);
    try (OutputStream out = fs.create(note, true)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
