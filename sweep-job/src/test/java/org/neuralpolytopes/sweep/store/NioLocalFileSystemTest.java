package org.neuralpolytopes.sweep.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system without a forked chmod writes what Hadoop's own writes. */
class NioLocalFileSystemTest {

  @TempDir
  java.nio.file.Path tmp;

  @Test
  void posixBitsFollowTheOctalPermission() {
    assertEquals(PosixFilePermissions.fromString("rwxr-xr--"), NioLocalFileSystem.posix(new FsPermission((short) 0754)));
    assertEquals(PosixFilePermissions.fromString("rw-------"), NioLocalFileSystem.posix(new FsPermission((short) 0600)));
    assertEquals(PosixFilePermissions.fromString("---------"), NioLocalFileSystem.posix(new FsPermission((short) 0)));
    assertEquals(PosixFilePermissions.fromString("rwxrwxrwx"), NioLocalFileSystem.posix(new FsPermission((short) 0777)));
  }

  @Test
  void filesFoldersAndChecksumsAsHadoopWritesThem() throws Exception {
    Configuration conf = new Configuration();
    FileSystem hadoop = new LocalFileSystem();
    hadoop.initialize(tmp.toUri(), conf);
    FileSystem nio = new NioLocalFileSystem();
    nio.initialize(tmp.toUri(), conf);
    byte[] content = "a table file".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (FileSystem fs : new FileSystem[] {hadoop, nio}) {
      String name = fs == nio ? "nio" : "hadoop";
      assertTrue(fs.mkdirs(new Path(tmp.toUri().toString(), name + "/sub")));
      try (OutputStream out = fs.create(new Path(tmp.toUri().toString(), name + "/sub/f.bin"), false)) {
        out.write(content);
      }
    }
    for (String rel : new String[] {"", "/sub", "/sub/f.bin", "/sub/.f.bin.crc"}) {
      assertEquals(Files.getPosixFilePermissions(tmp.resolve("hadoop" + rel)), Files.getPosixFilePermissions(tmp.resolve("nio" + rel)), rel);
    }
    assertArrayEquals(Files.readAllBytes(tmp.resolve("hadoop/sub/.f.bin.crc")), Files.readAllBytes(tmp.resolve("nio/sub/.f.bin.crc")));
    // an explicit permission, and the checksum verified on reading
    nio.setPermission(new Path(tmp.toUri().toString(), "nio/sub/f.bin"), new FsPermission((short) 0640));
    assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(tmp.resolve("nio/sub/f.bin")));
    try (FSDataInputStream in = nio.open(new Path(tmp.toUri().toString(), "nio/sub/f.bin"))) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void configureKeepsAFileSystemTheUserNamed() {
    Configuration conf = new Configuration(false);
    NioLocalFileSystem.configure(conf);
    assertEquals(NioLocalFileSystem.class, conf.getClass(NioLocalFileSystem.IMPL_KEY, null));
    Configuration own = new Configuration(false);
    own.set(NioLocalFileSystem.IMPL_KEY, LocalFileSystem.class.getName());
    NioLocalFileSystem.configure(own);
    assertEquals(LocalFileSystem.class, own.getClass(NioLocalFileSystem.IMPL_KEY, null));
  }
}
