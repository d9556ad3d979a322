package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSpec;
import org.neuralpolytopes.train.RunResult;

/**
 * Commits one wave's rows to every table at once, so that a configuration is in all tables or in
 * none, whatever kills the driver and when:
 *
 * <ol>
 *   <li>Spark writes each table's rows of the wave as one Parquet file under
 *       {@code DIR/_staging/WAVE/TABLE/} (a folder no reader looks at).
 *   <li>An empty marker {@code DIR/_staging/WAVE/_READY} is created: the wave is now committed.
 *   <li>Each staged file is renamed to {@code DIR/TABLE/wave-WAVE-...parquet}, detail tables
 *       first and {@code runs/} last; then the wave's staging folder is deleted.
 * </ol>
 *
 * {@link #recover()} runs before a sweep starts: a staged wave with its marker is published
 * (step 3 again; renames already done are not repeated), one without is deleted. A sweep then
 * resumes from the run_ids in {@code runs/}.
 */
final class WaveCommitter {

  static final String STAGING = "_staging";
  static final String READY = "_READY";

  private final SparkSession spark;
  private final OutputFolder out;
  private final FileSystem fs;

  WaveCommitter(SparkSession spark, OutputFolder out) {
    this.spark = spark;
    this.out = out;
    this.fs = out.fileSystem();
  }

  /** Writes, marks and publishes one wave; returns the wave id. */
  String commit(List<RunResult> results) throws IOException {
    String wave = UUID.randomUUID().toString();
    Path stage = new Path(out.path(STAGING), wave);
    for (TableSpec<?> table : SweepTables.ALL) {
      writeStaged(table, results, new Path(stage, table.name()));
    }
    fs.create(new Path(stage, READY), false).close();
    publish(stage);
    return wave;
  }

  private <T> void writeStaged(TableSpec<T> table, List<RunResult> results, Path dir) {
    List<Row> rows = SparkTables.rows(table.schema(), table.rows(results));
    if (rows.isEmpty()) {
      return;
    }
    spark.createDataFrame(rows, SparkTables.structType(table.schema())).coalesce(1).write()
        .mode(SaveMode.ErrorIfExists).parquet(dir.toString());
  }

  /** Moves a marked wave's staged files into the tables, runs/ last, then drops the staging. */
  private void publish(Path stage) throws IOException {
    String wave = stage.getName();
    for (TableSpec<?> table : SweepTables.ALL) {
      Path staged = new Path(stage, table.name());
      if (!fs.exists(staged)) {
        continue;
      }
      Path target = out.table(table.name());
      fs.mkdirs(target);
      for (FileStatus f : fs.listStatus(staged)) {
        String name = f.getPath().getName();
        if (f.isFile() && name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".")) {
          Path dest = new Path(target, "wave-" + wave + "-" + name);
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
