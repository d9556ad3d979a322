package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which report arguments are copied from a Hadoop file system, and which are local folders. */
class SweepOutputCopyTest {

  @Test
  void urisWithAFileSystemSchemeAreCopiedLocalPathsAreNot() {
    assertTrue(SweepOutputCopy.isHadoopUri("hdfs://127.0.0.1:8020/user/me/paper"));
    assertTrue(SweepOutputCopy.isHadoopUri("hdfs:///user/me/paper"));
    assertTrue(SweepOutputCopy.isHadoopUri("s3a://bucket/paper"));
    assertFalse(SweepOutputCopy.isHadoopUri("/tmp/s"));
    assertFalse(SweepOutputCopy.isHadoopUri("runs of today/s"));
    assertFalse(SweepOutputCopy.isHadoopUri("file:///tmp/s"));
    assertFalse(SweepOutputCopy.isHadoopUri("c:/tmp/s"));
  }

  @Test
  void fileUrisAndPathsNameLocalFolders() {
    assertEquals(Path.of("/tmp/s"), SweepOutputCopy.localPath("file:///tmp/s"));
    assertEquals(Path.of("/tmp/s"), SweepOutputCopy.localPath("/tmp/s"));
    assertEquals(Path.of("out/s"), SweepOutputCopy.localPath("out/s"));
  }
}
