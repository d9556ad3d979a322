package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same run gives the same weights to the bit with the Vector API module and without it: this
 * JVM has the module (pom.xml), a child JVM started without {@code --add-modules
 * jdk.incubator.vector} takes the plain-Java kernels. Where this machine's vectors are 512 bits
 * (the dot products' wide kernels), a third JVM capped at 256-bit vectors ({@code
 * -XX:MaxVectorSize=32}) takes the 256-bit ones, which the machines without AVX-512 run.
 */
class VectorModuleDeterminismTest {

  @Test
  void theSameRunGivesTheSameWeightsWithAndWithoutTheVectorApiModule() throws IOException, InterruptedException {
    assertTrue(LinearRows.VECTOR, "tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    String[] a = DeterminismRun.weights().split("\n");
    String[] b = child().split("\n");
    assertEquals("vector true wide " + VectorDots.WIDE, a[0]);
    assertEquals("vector false", b[0], "the child JVM runs without the module");
    assertSameWeights(a, b);
    if (VectorDots.WIDE) {
      String[] c = child("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=32").split("\n");
      assertEquals("vector true wide false", c[0], "the child JVM capped at 256-bit vectors");
      assertSameWeights(a, c);
    }
  }

  /** DeterminismRun's output in a child JVM with these options. */
  private static String child(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismRun.class.getName()));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, child.exitValue());
    return out;
  }

  private static void assertSameWeights(String[] a, String[] b) {
    assertEquals(a.length, b.length);
    assertEquals(DeterminismRun.CONFIGS.length + 1, a.length);
    for (int i = 1; i < a.length; i++) {
      assertEquals(a[i], b[i], "weights of " + DeterminismRun.CONFIGS[i - 1]);
    }
  }
}
