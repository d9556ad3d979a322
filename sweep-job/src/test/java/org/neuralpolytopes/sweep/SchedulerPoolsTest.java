package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.sweep.duality.DualityStage;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The driver hands Spark its scheduler pools as a file (under spark-submit Spark's class loader
 * does not see the jar's fairscheduler.xml; ClusterIT checks that no pool is then created with a
 * warning), and a file the user gives is kept.
 */
class SchedulerPoolsTest {

  @Test
  void theDriverPassesItsPoolsAsALocalFile() throws Exception {
    SparkConf c = new SweepCommand().sparkConf("pools");
    Path written = SparkStart.schedulerPools(c);
    String file = c.get("spark.scheduler.allocation.file");
    assertTrue(file.startsWith("file:"), file);
    Path path = Path.of(URI.create(file));
    assertEquals(written, path);
    assertTrue(Files.isRegularFile(path), file);
    // the pools the driver's jobs use, each FIFO
    Set<String> pools = new TreeSet<>();
    NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile())
        .getElementsByTagName("pool");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element pool = (Element) nodes.item(i);
      pools.add(pool.getAttribute("name"));
      assertEquals("FIFO", pool.getElementsByTagName("schedulingMode").item(0).getTextContent().trim());
    }
    assertEquals(Set.of(DualityStage.POOL, WaveRunner.POOL), pools);
    assertEquals("FAIR", c.get("spark.scheduler.mode"));
    Files.delete(path);
  }

  @Test
  void aPoolFileTheUserGivesIsKept() {
    SweepCommand cmd = new SweepCommand();
    cmd.conf.add("spark.scheduler.allocation.file=hdfs:///conf/pools.xml");
    SparkConf c = cmd.sparkConf("pools");
    assertNull(SparkStart.schedulerPools(c));
    assertEquals("hdfs:///conf/pools.xml", c.get("spark.scheduler.allocation.file"));
  }
}
