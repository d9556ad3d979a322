package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSchema;
import org.neuralpolytopes.schema.TableSpec;
import org.neuralpolytopes.train.RunResult;

/**
 * Changes every table at once, so that a configuration is in all tables or in none, whatever
 * kills the driver and when. A change ("wave") adds rows, and may replace whole files:
 *
 * <ol>
 *   <li>Spark writes each table's new rows as Parquet under {@code DIR/_staging/WAVE/TABLE/} (a
 *       folder no reader looks at): a wave's results, or filtered copies of files that lose rows.
 *   <li>The marker {@code DIR/_staging/WAVE/_READY} is created, listing the table files the wave
 *       replaces: the change is now committed.
 *   <li>The replaced files are deleted, then each staged file is renamed to
 *       {@code DIR/TABLE/wave-WAVE-...parquet}, detail tables first and {@code runs/} last; then
 *       the wave's staging folder is deleted.
 * </ol>
 *
 * {@link #recover()} runs before a sweep starts: a staged wave with its marker is published
 * (step 3 again; deletions and renames already done are not repeated), one without is deleted.
 * A sweep then resumes from the run_ids in {@code runs/}.
 */
public final class WaveCommitter {

  static final String STAGING = "_staging";
  static final String READY = "_READY";

  private final SparkSession spark;
  private final OutputFolder out;
  private final FileSystem fs;

  public WaveCommitter(SparkSession spark, OutputFolder out) {
    this.spark = spark;
    this.out = out;
    this.fs = out.fileSystem();
  }

  /** Writes, marks and publishes one wave of results; returns the wave id. */
  String commit(List<RunResult> results) throws IOException {
    String wave = UUID.randomUUID().toString();
    Path stage = new Path(out.path(STAGING), wave);
    for (TableSpec<?> table : SweepTables.ALL) {
      writeStaged(table, results, new Path(stage, table.name()));
    }
    markReady(stage, List.of());
    publish(stage);
    return wave;
  }

  /**
   * Removes every row of the given runs from every table (for --retry-failed): each file that
   * holds such a row is replaced by a copy without it, all in one committed change.
   *
   * @return the number of files replaced
   */
  int retire(Set<String> runIds) throws IOException {
    if (runIds.isEmpty()) {
      return 0;
    }
    String wave = UUID.randomUUID().toString();
    Path stage = new Path(out.path(STAGING), wave);
    List<String> replaced = new ArrayList<>();
    Column ids = functions.col("run_id").isin(runIds.toArray());
    for (TableSpec<?> table : SweepTables.ALL) {
      Path dir = out.table(table.name());
      if (!fs.exists(dir)) {
        continue;
      }
      StructType type = SparkTables.structType(table.schema());
      int n = 0;
      for (FileStatus f : fs.listStatus(dir)) {
        if (!isDataFile(f)) {
          continue;
        }
        Dataset<Row> rows = spark.read().schema(type).parquet(f.getPath().toString());
        if (rows.filter(ids).isEmpty()) {
          continue;
        }
        Dataset<Row> kept = rows.filter(functions.not(ids));
        if (!kept.isEmpty()) {
          kept.coalesce(1).write().mode(SaveMode.ErrorIfExists)
              .parquet(new Path(new Path(stage, table.name()), "copy-" + n++).toString());
        }
        replaced.add(table.name() + "/" + f.getPath().getName());
      }
    }
    markReady(stage, replaced);
    publish(stage);
    return replaced.size();
  }

  /**
   * Commits a staged wave: the marker is written whole under another name, then renamed to
   * {@value #READY} (an atomic rename on local folders and HDFS), so that a marker is never seen
   * with part of its list of replaced files.
   */
  private void markReady(Path stage, List<String> replaced) throws IOException {
    Path written = new Path(stage, READY + ".tmp");
    try (FSDataOutputStream m = fs.create(written, true)) {
      m.write(String.join("\n", replaced).getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(written, new Path(stage, READY))) {
      throw new IOException("cannot rename " + written + " to " + READY);
    }
  }

  private static boolean isDataFile(FileStatus f) {
    String name = f.getPath().getName();
    return f.isFile() && name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".");
  }

  private <T> void writeStaged(TableSpec<T> table, List<RunResult> results, Path dir) {
    writeStaged(table.schema(), table.rows(results), dir);
  }

  private <T> void writeStaged(TableSchema<T> schema, List<T> records, Path dir) {
    List<Row> rows = SparkTables.rows(schema, records);
    if (rows.isEmpty()) {
      return;
    }
    spark.createDataFrame(rows, SparkTables.structType(schema)).coalesce(1).write()
        .mode(SaveMode.ErrorIfExists).parquet(dir.toString());
  }

  /**
   * Replaces a whole derived table (such as duality/, recomputed from runs/) by new rows, in one
   * committed change.
   */
  public <T> void replaceTable(TableSchema<T> schema, List<T> records) throws IOException {
    String wave = UUID.randomUUID().toString();
    Path stage = new Path(out.path(STAGING), wave);
    writeStaged(schema, records, new Path(stage, schema.name()));
    List<String> replaced = new ArrayList<>();
    Path dir = out.table(schema.name());
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        if (isDataFile(f)) {
          replaced.add(schema.name() + "/" + f.getPath().getName());
        }
      }
    }
    markReady(stage, replaced);
    publish(stage);
  }

  /**
   * Deletes the files a marked wave replaces, moves its staged files into the tables (runs/
   * last), then drops the staging. Safe to repeat after a crash at any point.
   */
  private void publish(Path stage) throws IOException {
    String wave = stage.getName();
    String marker;
    try (FSDataInputStream in = fs.open(new Path(stage, READY))) {
      marker = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String replaced : marker.split("\n")) {
      if (!replaced.isBlank()) {
        Path old = out.path(replaced.trim());
        if (fs.exists(old)) {
          fs.delete(old, false);
        }
      }
    }
    List<String> tables = new ArrayList<>();
    for (FileStatus f : fs.listStatus(stage)) {
      if (f.isDirectory()) {
        tables.add(f.getPath().getName());
      }
    }
    // runs/ last: a run_id there is what marks a configuration as done
    tables.sort(Comparator.comparing((String t) -> t.equals(SweepTables.RUNS.name())).thenComparing(t -> t));
    for (String table : tables) {
      Path staged = new Path(stage, table);
      Path target = out.table(table);
      fs.mkdirs(target);
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(staged, true);
      while (files.hasNext()) {
        LocatedFileStatus f = files.next();
        if (isDataFile(f) && !f.getPath().toString().contains("/_temporary/")) {
          Path dest = new Path(target, "wave-" + wave + "-" + f.getPath().getName());
          if (!fs.rename(f.getPath(), dest)) {
            throw new IOException("cannot move " + f.getPath() + " to " + dest);
          }
        }
      }
    }
    fs.delete(stage, true);
    Path staging = stage.getParent();
    if (fs.listStatus(staging).length == 0) {
      fs.delete(staging, false);
    }
  }

  /**
   * Finishes or discards what a killed sweep left in {@code _staging}; returns how many waves
   * were published and how many discarded.
   */
  int[] recover() throws IOException {
    Path staging = out.path(STAGING);
    int published = 0;
    int discarded = 0;
    if (!fs.exists(staging)) {
      return new int[] {0, 0};
    }
    List<Path> waves = new ArrayList<>();
    for (FileStatus f : fs.listStatus(staging)) {
      if (f.isDirectory()) {
        waves.add(f.getPath());
      }
    }
    for (Path stage : waves) {
      if (fs.exists(new Path(stage, READY))) {
        publish(stage);
        published++;
      } else {
        fs.delete(stage, true);
        discarded++;
      }
    }
    if (fs.exists(staging)) {
      fs.delete(staging, true);
    }
    return new int[] {published, discarded};
  }
}
