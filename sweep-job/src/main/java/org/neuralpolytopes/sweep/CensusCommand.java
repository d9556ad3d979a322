package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.neuralpolytopes.census.Census;
import org.neuralpolytopes.census.CensusSettings;
import org.neuralpolytopes.census.CensusTable;
import org.neuralpolytopes.sweep.store.ParquetRows;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.net.Architecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code polytopes census --d 2 --layers 1 --units 3 --p 4 [--starts N] [--out FILE.parquet]}:
 * the critical points of the population loss of one architecture ({@link Census}), printed as a
 * table and, with {@code --out}, written as one Parquet file of the {@link CensusTable} schema
 * (by the driver, with Parquet's own writer, into a temporary file beside the target, then moved
 * into place: an interrupted write leaves no file). Exit codes: 0
 * done, 1 the census or the write failed, 2 bad input.
 */
@Command(name = "census", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Find the critical points of the population loss of one polynomial network (p an even integer).")
public final class CensusCommand extends DriverCommand {

  @Option(names = "--d", required = true, description = "input dimension (>= 2)")
  int d;

  @Option(names = "--layers", required = true, description = "hidden layers (>= 1)")
  int layers;

  @Option(names = "--units", required = true, description = "units per hidden layer (>= 1)")
  int units;

  @Option(names = "--p", required = true, description = "activation exponent: an even integer from 4 to 64")
  double p;

  @Option(names = "--starts", description = "Newton starts, at least 2^(weights) (default "
      + CensusSettings.DEFAULT_STARTS + ")")
  Integer starts;

  @Option(names = "--timeout", description = "wall-clock limit in seconds (default "
      + (long) CensusSettings.DEFAULT_TIMEOUT_SECONDS + ")")
  Double timeout;

  /** Whether the file starts with Parquet's magic bytes (PAR1). */
  private static boolean parquet(FileSystem fs, Path file) throws IOException {
    byte[] head = new byte[4];
    try (java.io.InputStream in = fs.open(file)) {
      return in.readNBytes(head, 0, 4) == 4 && new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1");
    }
  }

  @Option(names = "--out", paramLabel = "FILE.parquet",
      description = "write the table to this Parquet file (a path or any Hadoop file system URI); replaced if it exists")
  String out;

  @Override
  public Integer call() {
    Architecture arch;
    CensusSettings settings = CensusSettings.DEFAULT;
    SparkConf sparkConf = null;
    Path target = null;
    try {
      if (starts != null) {
        settings = settings.withStarts(starts);
      }
      if (timeout != null) {
        settings = settings.withTimeout(timeout);
      }
      arch = Census.check(d, layers, units, p, settings.starts());
      if (out != null) {
        sparkConf = sparkConf("polytopes census");
        target = new Path(out);
        FileSystem fs = target.getFileSystem(hadoopConf(sparkConf));
        if (fs.exists(target) && fs.getFileStatus(target).isDirectory()) {
          throw new IllegalArgumentException("--out " + out + ": a folder; give a file name such as census.parquet");
        }
        if (fs.exists(target) && !parquet(fs, target)) {
          // an earlier census's file is replaced; anything else is the user's (a text file was overwritten)
          throw new IllegalArgumentException("--out " + out + ": exists and is not a Parquet file; give a new file"
              + " name, or remove it first");
        }
        Path parent = fs.makeQualified(target).getParent();
        if (parent != null && !fs.exists(parent)) {
          throw new IllegalArgumentException("--out " + out + ": the folder " + parent + " does not exist");
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("error: --out " + out + ": " + e.getMessage());
      return 2;
    }
    Census.Result result;
    try {
      result = Census.run(arch, settings, Deadline.after(settings.timeoutSeconds()));
    } catch (Deadline.DeadlineExceededException e) {
      System.err.println("error: the census reached the " + settings.timeoutSeconds() + " s limit ("
          + e.getMessage() + "); nothing written");
      return 1;
    }
    console.print(CensusTable.text(result));
    if (target != null) {
      try {
        write(hadoopConf(sparkConf), target, result);
        console.println("wrote " + result.points().size() + " rows to " + out);
      } catch (Exception e) {
        System.err.println("error: writing " + out + " failed: " + rootMessage(e));
        return 1;
      }
    }
    return 0;
  }

  /** One Parquet file, written beside the target by the driver and renamed into place. */
  private static void write(Configuration conf, Path target, Census.Result result) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path staging = new Path(fs.makeQualified(target).getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      ParquetRows.write(CensusTable.SCHEMA, CensusTable.SCHEMA.rows(CensusTable.rows(result)), staging, conf);
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot move " + staging + " to " + target);
      }
      if (fs instanceof ChecksumFileSystem local) {
        // The local file system moved the staged file's checksum along: the target alone is the output.
        local.getRawFileSystem().delete(local.getChecksumFile(target), false);
      }
    } finally {
      fs.delete(staging, false);
    }
  }
}
