package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Shapes trained one after the other in one fresh JVM, as a sweep's executor trains them, each
 * allocate nothing per step once warm. {@link AllocationTest} measures each network in the test
 * JVM, which has compiled too much else by then; here a child JVM with this JVM's options (the
 * parent pom's {@code trainer.jvm.options}, which the launcher gives the sweep) trains a small
 * network first and larger ones after ({@link ShapeSequenceRun}). With the JVM's default
 * {@code -XX:PerMethodTrapLimit=100}, this order made C2 compile the larger networks' kernels
 * without their vectors' classes: 168 000 bytes per (3, 2, 8) step, 1 824 000 per (5, 3, 16)
 * step, and 2.4x and 4x the time (docs/performance.md, "The JIT and the order of shapes").
 */
class ShapeSequenceAllocationTest {

  /** A small network, then larger ones and other exponents (each kernel's Vector API path). */
  private static final String[] SHAPES = {"3/1/4/1", "3/1/4/1.3333333333333333", "3/2/8/1", "3/1/4/2.7", "5/3/16/1",
      "3/2/8/1.3333333333333333", "3/1/3/1.5"};

  @Test
  void shapesTrainedOneAfterAnotherInOneJvmAllocateNothingPerStep() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ShapeSequenceRun.class.getName()));
    command.addAll(List.of(SHAPES));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(300, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, child.exitValue(), "child JVM's exit status");
    String[] lines = out.strip().split("\n");
    assertEquals(SHAPES.length, lines.length, "one line per shape: " + out);
    for (int i = 0; i < SHAPES.length; i++) {
      String[] f = lines[i].split(" ");
      assertEquals(SHAPES[i], f[0]);
      long bytes = Long.parseLong(f[1]);
      assertTrue(bytes >= 0 && bytes < 1024, SHAPES[i] + " after " + String.join(", ", List.of(SHAPES).subList(0, i))
          + ": " + bytes + " bytes allocated by 300 warm steps");
    }
  }
}
