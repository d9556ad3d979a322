package org.neuralpolytopes.analysis;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A sweep output on a Hadoop file system (hdfs://, s3a://, ...: a URI whose scheme is not
 * {@code file}), copied into a local temporary folder so that Arrow reads it as it reads a local
 * one. Copied: the manifest and the committed Parquet files of every table folder; never what
 * belongs to a running sweep ({@code _staging/}, {@code _lock}). Closing the copy deletes it.
 *
 * <p>Hadoop's settings come from the class path ({@code core-site.xml}, {@code hdfs-site.xml};
 * the launcher adds {@code HADOOP_CONF_DIR}), so a nameservice URI resolves as it does for the
 * sweep.
 */
public final class SweepOutputCopy implements AutoCloseable {

  private static final String MANIFEST = "_sweep.json";

  private final Path dir;

  private SweepOutputCopy(Path dir) {
    this.dir = dir;
  }

  /** Whether {@code dir} names a folder on a Hadoop file system rather than a local path. */
  public static boolean isHadoopUri(String dir) {
    String scheme;
    try {
      scheme = new URI(dir).getScheme();
    } catch (URISyntaxException e) {
      return false;
    }
    return scheme != null && scheme.length() > 1 && !scheme.equals("file");
  }

  /** A local folder named as a plain path or a {@code file:} URI. */
  public static Path localPath(String dir) {
    if (dir.startsWith("file:")) {
      try {
        return Path.of(new URI(dir));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Path.of(dir.substring("file:".length()));
      }
    }
    return Path.of(dir);
  }

  /**
   * Copies the sweep output at {@code uri} to a new local temporary folder.
   *
   * @throws AnalysisException (one line) for a scheme without a file system, or a folder that
   *     does not exist
   * @throws IOException when the file system fails while copying
   */
  public static SweepOutputCopy fetch(String uri, Consumer<String> progress) throws AnalysisException, IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(uri);
    FileSystem fs;
    try {
      fs = FileSystem.newInstance(root.toUri(), new Configuration());
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      throw new AnalysisException(uri + ": no file system for scheme " + root.toUri().getScheme(), e);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(uri + ": not a file system URI (" + firstLine(e.getMessage()) + ")", e);
    } catch (RuntimeException e) {
      // a scheme Hadoop knows whose connector is not on the class path (s3a without hadoop-aws)
      throw new AnalysisException(uri + ": no file system for scheme " + root.toUri().getScheme()
          + " on this class path (" + firstLine(e.getMessage()) + "); copy the folder to a local disk first", e);
    }
    Path local = Staging.scratch(Files.createTempDirectory("polytopes-sweep-"));
    try (fs) {
      if (!fs.exists(root)) {
        throw new AnalysisException(uri + ": no such folder");
      }
      progress.accept("copying " + uri + " to " + local);
      org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(root, MANIFEST);
      if (fs.exists(manifest)) {
        copy(fs, manifest, local.resolve(MANIFEST));
      }
      long bytes = 0;
      int files = 0;
      for (FileStatus table : fs.listStatus(root)) {
        String name = table.getPath().getName();
        if (!table.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        Path target = Staging.createDirectories(local.resolve(name));
        for (FileStatus f : fs.listStatus(table.getPath())) {
          String file = f.getPath().getName();
          if (f.isFile() && file.endsWith(".parquet") && !file.startsWith("_") && !file.startsWith(".")) {
            copy(fs, f.getPath(), target.resolve(file));
            bytes += f.getLen();
            files++;
          }
        }
      }
      progress.accept("copied " + files + " table files (" + (bytes + 1023) / 1024 + " KiB)");
      return new SweepOutputCopy(local);
    } catch (AnalysisException | IOException | RuntimeException e) {
      delete(local);
      throw e;
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static void copy(FileSystem fs, org.apache.hadoop.fs.Path from, Path to) throws IOException {
    // the raw local file system: no .crc side files beside the copy
    fs.copyToLocalFile(false, from, new org.apache.hadoop.fs.Path(to.toUri()), true);
  }

  /** The local copy. */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    delete(dir);
  }

  private static void delete(Path dir) {
    try {
      Staging.release(dir);
    } catch (IOException e) {
      System.err.println("warning: could not delete the temporary copy " + dir + ": " + e.getMessage());
    }
  }
}
