package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.sweep.SweepMain;

/**
 * {@code polytopes draw DIR RUN_ID --out FILE} on the shared real sweep output: any run, drawn
 * the way the report draws it; an unknown run_id or a file type it does not write is one line on
 * stderr, exit code 2, and nothing written.
 */
class DrawCommandTest {

  @TempDir
  static Path tmp;

  static Path sweep;
  static List<TableRow> runs;

  @BeforeAll
  static void sweep() throws Exception {
    sweep = TestSweeps.small();
    runs = SweepOutput.open(sweep).runs();
  }

  static TableRow find(int d, int layers, double p, String activation) {
    return runs.stream().filter(r -> r.getInt("d") == d && r.getInt("layers") == layers && r.getDouble("p") == p
        && r.getString("activation").equals(activation) && "OK".equals(r.getString("status"))).findFirst().orElseThrow();
  }

  @Test
  void drawsAKnownRunAsPngSvgAndObj() throws Exception {
    // a one-layer p = 1 body: its OBJ is the stored polytope, as many faces as its facet_count
    TableRow poly = find(3, 1, 1.0, "abs_power");
    String id = poly.getString("run_id");
    Path obj = tmp.resolve("out/poly.obj");
    assertEquals(0, ReportMain.run("draw", sweep.toString(), id, "--out", obj.toString()));
    List<String> lines = Files.readAllLines(obj);
    assertEquals(poly.getInt("facet_count").longValue(), lines.stream().filter(l -> l.startsWith("f ")).count());
    assertEquals(poly.getInt("vertex_count").longValue(), lines.stream().filter(l -> l.startsWith("v ")).count());
    Path png = tmp.resolve("out/poly.png");
    assertEquals(0, ReportMain.run("draw", sweep.toString(), id, "--out", png.toString()));
    assertTrue(Files.size(png) > 1000);
    byte[] head = Files.readAllBytes(png);
    assertEquals((byte) 0x89, head[0]);
    assertEquals('P', head[1]);
    // a rounded body, a polygon and a 4-D body as SVG
    for (TableRow r : List.of(find(3, 1, 4.0, "abs_power"), find(2, 1, 2.0, "abs_power"), find(4, 1, 1.0, "abs_power"))) {
      Path svg = tmp.resolve("out/" + r.getString("run_id") + ".svg");
      assertEquals(0, ReportMain.run("draw", sweep.toString(), r.getString("run_id"), "--out", svg.toString()));
      assertTrue(Files.readString(svg).startsWith("<?xml"), svg.toString());
    }
    try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "no temporary file left");
    }
  }

  /**
   * An UNBOUNDED run, (3, 1, 2) at p = 2 (f is constant along the kernel of its two weight rows):
   * one line that says so, exit code 2, nothing written. A mesh of r(u) over sampled directions
   * drew it as a closed surface before.
   */
  @Test
  void anUnboundedRunIsNotDrawn() throws Exception {
    Path spec = Files.writeString(tmp.resolve("flat.yaml"), """
        name: flat
        seeds: 1
        grid: {d: 3, layers: 1, units: 2, p: 2}
        training: {samples: 100, batch_size: 100, epochs: 5}
        geometry: {directions: 200}
        """);
    Path flat = tmp.resolve("flat");
    assertEquals(0, SweepMain.run("sweep", spec.toString(), "--out", flat.toString(), "--master", "local[2]"));
    TableRow run = SweepOutput.open(flat).runs().get(0);
    assertEquals("UNBOUNDED", run.getString("status"), run.getString("error"));
    Path out = tmp.resolve("flat.svg");
    Stderr.Printed<Integer> drawn = Stderr.of(
        () -> ReportMain.run("draw", flat.toString(), run.getString("run_id"), "--out", out.toString()));
    String text = drawn.text();
    assertEquals(2, drawn.value(), text);
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("the body is unbounded (the first layer has 2 units for d = 3"), text);
    assertFalse(Files.exists(out));
  }

  @Test
  void anUnknownRunIdIsOneLineAndExitCode2() throws Exception {
    Path out = tmp.resolve("unknown.svg");
    Stderr.Printed<Integer> drawn = Stderr.of(
        () -> ReportMain.run("draw", sweep.toString(), "0123456789abcdef", "--out", out.toString()));
    assertEquals(2, drawn.value());
    String text = drawn.text();
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.startsWith("error: 0123456789abcdef: no such run_id in "), text);
    assertFalse(Files.exists(out));
    // a file type draw does not write, and a folder that is not a sweep output
    String id = runs.get(0).getString("run_id");
    assertEquals(2, ReportMain.run("draw", sweep.toString(), id, "--out", tmp.resolve("x.jpg").toString()));
    assertFalse(Files.exists(tmp.resolve("x.jpg")));
    assertEquals(2, ReportMain.run("draw", tmp.toString(), id, "--out", tmp.resolve("x.svg").toString()));
    assertEquals(2, ReportMain.run("draw", sweep.toString(), id), "--out is required");
    // a file where its folder should be: one line, exit 2 (was exit 1 and FileAlreadyExistsException)
    Path file = Files.writeString(tmp.resolve("a-file"), "x\n");
    Path under = file.resolve("x.svg");
    Stderr.Printed<Integer> onFile = Stderr.of(() -> ReportMain.run("draw", sweep.toString(), id, "--out", under.toString()));
    assertEquals(2, onFile.value(), onFile.text());
    assertEquals("error: --out " + under + ": " + file + " is a file, not a folder", onFile.text().strip());
  }
}
