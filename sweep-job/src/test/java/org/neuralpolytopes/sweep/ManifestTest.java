package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest of a folder written by several specs, damaged manifests, and the launcher's check
 * of {@code --report DIR} before anything is trained.
 */
class ManifestTest {

  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.get();
  }

  static String spec(String name, int units) {
    return """
        name: NAME
        grid: {d: [2], layers: [1], units: [UNITS], p: [1, 2]}
        training: {samples: 200, batch_size: 100, epochs: 20, learning_rate: 0.01}
        geometry: {directions: 300, morse_points: 300}
        """.replace("NAME", name).replace("UNITS", Integer.toString(units));
  }

  @Test
  void twoSpecsInOneFolderAreBothInTheManifest() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.yaml"), spec("first", 3));
    Path b = Files.writeString(tmp.resolve("b.yaml"), spec("second", 4));
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", a.toString(), "--out", out.toString()).exit());
    assertEquals(0, CommandRun.of("sweep", b.toString(), "--out", out.toString()).exit());
    JsonNode m = new ObjectMapper().readTree(out.resolve("_sweep.json").toFile());
    JsonNode inv = m.path("invocations");
    assertEquals(2, inv.size(), m.toString());
    assertEquals("first", inv.get(0).path("spec_name").asText());
    assertEquals(3, inv.get(0).path("spec").path("grid").path("units").get(0).asInt());
    assertEquals("second", inv.get(1).path("spec_name").asText());
    assertEquals(4, inv.get(1).path("spec").path("grid").path("units").get(0).asInt());
    assertEquals("finished", inv.get(0).path("state").asText());
    assertEquals("finished", inv.get(1).path("state").asText());
    assertEquals("second", m.path("spec_name").asText(), "the latest spec on top");
    assertEquals(4, spark.read().parquet(out.resolve("runs").toString()).count(), "both specs' runs");
  }

  @Test
  void aWaveCommittedAfterASignalDoesNotWriteOverTheInterruptedState() throws Exception {
    // the race DriverSignalIT met once: the signal's handler marked the manifest interrupted, then
    // the wave being committed on the driver's thread wrote its progress (state running) over it
    Path dir = Files.createDirectories(tmp.resolve("out"));
    OutputFolder folder = new OutputFolder(dir.toString(), new org.apache.hadoop.conf.Configuration());
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("state", "running");
    m.put("current", new java.util.LinkedHashMap<>(java.util.Map.of("command", "sweep", "state", "running")));
    folder.writeManifest(m);
    Manifests.abort(folder, "interrupted", null);
    Manifests.progress(folder, m, 24, 4, 0, 2);
    JsonNode after = new ObjectMapper().readTree(dir.resolve("_sweep.json").toFile());
    assertEquals("interrupted", after.path("state").asText(), after.toString());
    assertEquals("interrupted", after.path("current").path("state").asText(), after.toString());
    assertFalse(after.path("current").has("progress"), "the later progress write was dropped: " + after);
  }

  @Test
  void aManifestThatIsNotAnObjectIsOneLineExitTwo() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.yaml"), spec("first", 3));
    Path out = tmp.resolve("out");
    assertEquals(0, CommandRun.of("sweep", a.toString(), "--out", out.toString()).exit());
    for (String content : List.of("null", "[1, 2]", "42")) {
      Files.writeString(out.resolve("_sweep.json"), content);
      for (String[] args : List.of(new String[] {"sweep", a.toString(), "--out", out.toString()},
          new String[] {"measure", out.toString()}, new String[] {"duality", out.toString()},
          new String[] {"check", out.toString()})) {
        CommandRun run = CommandRun.of(args);
        assertEquals(2, run.exit(), args[0] + " " + content + ": " + run);
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("_sweep.json is not a JSON object"), run.err());
        assertFalse(run.err().contains("NullPointerException"), run.err());
      }
    }
    assertFalse(Files.exists(out.resolve("_lock")));
  }

  @Test
  void anUnusableReportFolderIsRefusedBeforeTraining() throws Exception {
    Path launcher = Path.of(System.getProperty("basedir", "."), "..", "bin", "polytopes").toAbsolutePath().normalize();
    Path a = Files.writeString(tmp.resolve("a.yaml"), spec("first", 3));
    Path out = tmp.resolve("out");
    Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
    Path notReport = Files.createDirectories(tmp.resolve("not-a-report"));
    Files.writeString(notReport.resolve("keep.txt"), "x");
    for (Path report : List.of(aFile, notReport)) {
      Process p = new ProcessBuilder("bash", launcher.toString(), "sweep", a.toString(), "--out", out.toString(),
          "--report", report.toString()).redirectErrorStream(true).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      String output = new String(p.getInputStream().readAllBytes());
      assertEquals(2, p.exitValue(), output);
      assertEquals(1, output.strip().lines().count(), output);
      assertTrue(output.startsWith("error: --report " + report), output);
      assertFalse(Files.exists(out), "nothing trained, nothing written");
    }
    assertEquals("x", Files.readString(notReport.resolve("keep.txt")));
  }
}
