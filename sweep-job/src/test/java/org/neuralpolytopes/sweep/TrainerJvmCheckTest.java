package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class TrainerJvmCheckTest {

  @Test
  void executorsWithTheTrainersOptionsAreNotWarned() {
    SparkConf c = new SparkConf(false).setMaster("spark://h:7077")
        .set("spark.executor.extraJavaOptions", "-Xss4m --add-modules=jdk.incubator.vector -XX:PerMethodTrapLimit=10000");
    assertEquals(Optional.empty(), TrainerJvmCheck.warning(c));
    c.set("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=50000");
    assertEquals(Optional.empty(), TrainerJvmCheck.warning(c));
    // a cluster's defaults and the sweep's extra options together
    c.set("spark.executor.defaultJavaOptions", "--add-modules=jdk.incubator.vector");
    c.set("spark.executor.extraJavaOptions", "-XX:PerMethodTrapLimit=10000");
    assertEquals(Optional.empty(), TrainerJvmCheck.warning(c));
  }

  @Test
  void executorsWithoutThemAreWarnedInOneLineNamingWhatIsMissing() {
    SparkConf c = new SparkConf(false).setMaster("yarn");
    String none = TrainerJvmCheck.warning(c).orElseThrow();
    assertTrue(none.startsWith("warning: the executors (spark.executor.extraJavaOptions) train without "
        + "--add-modules=jdk.incubator.vector -XX:PerMethodTrapLimit=10000: training runs about 2x slower"), none);
    assertTrue(!none.contains("\n") && none.endsWith("; the results are the same (docs/cluster.md)"), none);
    c.set("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
    String limit = TrainerJvmCheck.warning(c).orElseThrow();
    assertTrue(limit.contains("train without -XX:PerMethodTrapLimit=10000: a larger network trained after a small one"),
        limit);
    // a limit given, but the default's size (the last one counts, as for the JVM)
    c.set("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector -XX:PerMethodTrapLimit=10000 "
        + "-XX:PerMethodTrapLimit=100");
    assertTrue(TrainerJvmCheck.warning(c).isPresent());
    // local-cluster runs executors in JVMs of their own
    assertTrue(TrainerJvmCheck.warning(new SparkConf(false).setMaster("local-cluster[2, 1, 512]")).isPresent());
  }

  @Test
  void localModeChecksThisJvmWhichTheTestsStartWithTheTrainersOptions() {
    // the tests' argLine carries the parent pom's trainer.jvm.options, as the launcher does
    assertEquals(TrainerJvmCheck.TRAP_LIMIT, TrainerJvmCheck.localTrapLimit());
    assertEquals(Optional.empty(), TrainerJvmCheck.warning(new SparkConf(false).setMaster("local[2]")));
    assertTrue(TrainerJvmCheck.warning(true, 100, "this JVM trains", "x").orElseThrow().contains("-XX:PerMethodTrapLimit=10000"));
    assertEquals(Optional.empty(), TrainerJvmCheck.warning(true, -1, "a JVM that does not say trains", "x"));
  }
}
