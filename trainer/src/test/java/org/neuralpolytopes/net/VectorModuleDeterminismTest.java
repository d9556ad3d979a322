package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same run gives the same weights to the bit with the Vector API module and without it: this
 * JVM has the module (pom.xml), a child JVM started without {@code --add-modules
 * jdk.incubator.vector} takes the plain-Java kernels.
 */
class VectorModuleDeterminismTest {

  @Test
  void theSameRunGivesTheSameWeightsWithAndWithoutTheVectorApiModule() throws IOException, InterruptedException {
    assertTrue(LinearRows.VECTOR, "tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    String withModule = DeterminismRun.weights();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DeterminismRun.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String withoutModule = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, child.exitValue());

    String[] a = withModule.split("\n");
    String[] b = withoutModule.split("\n");
    assertEquals("vector true", a[0]);
    assertEquals("vector false", b[0], "the child JVM runs without the module");
    assertEquals(a.length, b.length);
    assertEquals(DeterminismRun.CONFIGS.length + 1, a.length);
    for (int i = 1; i < a.length; i++) {
      assertEquals(a[i], b[i], "weights of " + DeterminismRun.CONFIGS[i - 1]);
    }
  }
}
