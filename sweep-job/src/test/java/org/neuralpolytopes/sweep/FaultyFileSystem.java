package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code faulty://} (register it with {@code
 * fs.faulty.impl}), whose writes fail as on a full disk once a number of Parquet files have been
 * created: {@link #failAfter}. A failing write throws what Hadoop's local file system throws then,
 * an {@link FSError} around "No space left on device", or an IOException as remote file systems
 * do. Settings are static: the commands under test run in this JVM.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {

  /** Which writes fail once the disk is "full". */
  enum Scope { PARQUET, EVERYTHING }

  private static final AtomicInteger PARQUET_CREATES = new AtomicInteger();
  private static volatile int allowed = Integer.MAX_VALUE;
  private static volatile Scope scope = Scope.PARQUET;
  private static volatile boolean fsError;

  static final String NO_SPACE = "No space left on device";

  /** Disk full after {@code parquetFiles} Parquet files were created. */
  static void failAfter(int parquetFiles, Scope which, boolean asFsError) {
    PARQUET_CREATES.set(0);
    allowed = parquetFiles;
    scope = which;
    fsError = asFsError;
  }

  static void reset() {
    failAfter(Integer.MAX_VALUE, Scope.PARQUET, false);
  }

  static boolean full() {
    return PARQUET_CREATES.get() > allowed;
  }

  @Override
  public URI getUri() {
    return URI.create("faulty:///");
  }

  @Override
  public String getScheme() {
    return "faulty";
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return wrap(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return wrap(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return wrap(f, super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  private FSDataOutputStream wrap(Path f, FSDataOutputStream out) throws IOException {
    boolean parquet = f.getName().endsWith(".parquet");
    if (parquet) {
      PARQUET_CREATES.incrementAndGet();
    }
    boolean fails = full() && (parquet || scope == Scope.EVERYTHING);
    if (!fails) {
      return out;
    }
    return new FSDataOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        fail();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
          fail();
        }
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    }, null);
  }

  private static void fail() throws IOException {
    IOException e = new IOException(NO_SPACE);
    if (!fsError) {
      throw e;
    }
    try {
      Constructor<FSError> c = FSError.class.getDeclaredConstructor(Throwable.class);
      c.setAccessible(true);
      throw c.newInstance(e);
    } catch (ReflectiveOperationException r) {
      throw new AssertionError(r);
    }
  }
}
