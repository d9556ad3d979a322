package org.neuralpolytopes.sweep;

import java.io.File;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * The main class of the JVM that {@link HdfsCluster} starts: one NameNode and one DataNode on
 * 127.0.0.1 from Hadoop's minicluster, storing under the folder given as the only argument. It
 * prints {@code READY hdfs://127.0.0.1:PORT} when both are up, and shuts down when its standard
 * input closes (the test ends, or its JVM dies).
 */
public final class MiniHdfs {

  /** The line that announces the NameNode's URI. */
  static final String READY = "READY ";

  private MiniHdfs() {}

  public static void main(String[] args) throws Exception {
    File base = new File(args[0]);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
    conf.setInt("dfs.replication", 1);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).format(true).build();
    try {
      cluster.waitActive();
      System.out.println(READY + "hdfs://127.0.0.1:" + cluster.getNameNodePort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the test closes the pipe
      }
    } finally {
      cluster.shutdown();
    }
  }
}
