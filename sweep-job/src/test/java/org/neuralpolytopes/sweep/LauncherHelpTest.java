package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/polytopes --help} prints the launcher's usage and nothing of its script. */
class LauncherHelpTest {

  @Test
  void theHelpIsTheUsageAndNothingElse() throws Exception {
    Path launcher = Path.of("..", "bin", "polytopes").toAbsolutePath().normalize();
    Process p = new ProcessBuilder("bash", launcher.toString(), "--help").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), text);
    for (String command : new String[] {"sweep", "measure", "status", "compact", "duality", "train", "report", "test"}) {
      assertTrue(text.contains("bin/polytopes " + command), "the usage names " + command + ":\n" + text);
    }
    for (String line : text.split("\n")) {
      assertFalse(line.startsWith("set ") || line.contains("pipefail") || line.contains("ROOT=") || line.startsWith("#"),
          "a line of the script itself: " + line);
    }
  }
}
