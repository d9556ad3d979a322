package org.neuralpolytopes.sweep.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system (with its .crc side files) that sets permissions through java.nio.
 * Without Hadoop's native library, RawLocalFileSystem sets the permission of every file it creates
 * and every folder it makes by starting a {@code chmod} process: a table file (its data and its
 * .crc) took 39-50 ms to write on the 2-core machine, against 6-10 ms with this class
 * (bench/RESULTS.md, section 12). The sweep's driver uses this class for file: paths ({@code fs.file.impl}, see
 * {@link #configure}); the files, their permissions and their checksums are those Hadoop writes.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

  /** The Hadoop key that names the class of the file: scheme's file system. */
  public static final String IMPL_KEY = "fs.file.impl";

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** Makes {@code conf} use this class for file: paths, unless it names another class already. */
  public static void configure(org.apache.hadoop.conf.Configuration conf) {
    if (conf.get(IMPL_KEY) == null) {
      conf.setClass(IMPL_KEY, NioLocalFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    }
  }

  /** The POSIX permissions of a Hadoop permission's user, group and other bits. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    int bits = permission.toShort();
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((bits & (1 << i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }

  /** RawLocalFileSystem with setPermission by java.nio (Hadoop's own way where its native library is loaded). */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission); // not a POSIX file system: Hadoop's chmod
      }
    }
  }
}
