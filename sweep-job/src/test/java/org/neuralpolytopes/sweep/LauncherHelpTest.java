package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/polytopes --help} prints the launcher's usage and nothing of its script; the launcher
 * runs each module's own jar.
 */
class LauncherHelpTest {

  @Test
  void theHelpIsTheUsageAndNothingElse() throws Exception {
    Path launcher = Path.of("..", "bin", "polytopes").toAbsolutePath().normalize();
    Process p = new ProcessBuilder("bash", launcher.toString(), "--help").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), text);
    for (String command : new String[] {"sweep", "measure", "status", "compact", "duality", "census", "check", "train",
        "report", "draw", "test"}) {
      assertTrue(text.contains("bin/polytopes " + command), "the usage names " + command + ":\n" + text);
    }
    for (String line : text.split("\n")) {
      assertFalse(line.startsWith("set ") || line.contains("pipefail") || line.contains("ROOT=") || line.startsWith("#"),
          "a line of the script itself: " + line);
    }
  }

  /**
   * A packaged module has three jars: its own, -cluster (shaded) and -tests, and the -tests jar
   * sorts first by name: the launcher must put the module's own jar on the class path. A copy of
   * the launcher in a folder with such jars (and a build stamp newer than every source, so that it
   * does not build) and a "java" that prints its arguments.
   */
  @Test
  void theLauncherRunsTheModulesOwnJar(@TempDir Path root) throws Exception {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("..", "bin", "polytopes"), bin.resolve("polytopes"));
    for (String module : new String[] {"trainer", "sweep-job", "analysis"}) {
      Path target = Files.createDirectories(root.resolve(module).resolve("target"));
      for (String suffix : new String[] {"", "-cluster", "-tests"}) {
        Files.writeString(target.resolve(module + "-0.1.0" + suffix + ".jar"), "");
      }
      Files.writeString(target.resolve("classpath.txt"), "/deps/" + module + ".jar");
      Files.createDirectories(target.resolve("launcher"));
      Files.writeString(target.resolve("launcher").resolve("jvm.options"), "-Dfrom=jvm.options");
    }
    Files.createDirectories(root.resolve("target"));
    Files.writeString(root.resolve("target").resolve(".polytopes-built"), "");
    Path java = Files.createDirectories(root.resolve("jdk").resolve("bin")).resolve("java");
    Files.writeString(java, "#!/usr/bin/env bash\necho \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String[] c : new String[][] {{"report", "analysis"}, {"status", "sweep-job"}, {"train", "trainer"}}) {
      ProcessBuilder pb = new ProcessBuilder("bash", bin.resolve("polytopes").toString(), c[0], "x").redirectErrorStream(true);
      pb.environment().put("JAVA_HOME", root.resolve("jdk").toString());
      pb.environment().remove("POLYTOPES_JAVA_OPTS");
      pb.environment().remove("HADOOP_CONF_DIR");
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), text);
      String own = root.resolve(c[1]).resolve("target").resolve(c[1] + "-0.1.0.jar") + ":/deps/" + c[1] + ".jar";
      assertTrue(text.contains("-cp " + own + " "),
          c[0] + " runs " + c[1] + "'s own jar: " + text);
      assertFalse(text.contains("-tests.jar") || text.contains("-cluster.jar"), text);
    }
  }
}
