package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.swing.text.MutableAttributeSet;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.parser.ParserDelegator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.train.Status;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code polytopes report} on a real sweep output made by the real sweep: every promised file is
 * there, the page links only to files that exist (parsed with the JDK's HTML parser), the
 * summary's counts are the table's, and bad input fails with exit code 2 and writes nothing.
 */
class ReportTest {

  @TempDir
  static Path tmp;

  static Path sweep;
  static Path report;
  static List<TableRow> runs;

  @BeforeAll
  static void makeReport() throws Exception {
    sweep = TestSweeps.small();
    report = tmp.resolve("report");
    assertEquals(0, ReportMain.run("report", sweep.toString(), "--out", report.toString()));
    runs = SweepOutput.open(sweep).runs();
    assertEquals(TestSweeps.RUNS, runs.size());
  }

  @Test
  void writesEveryPromisedFile() throws Exception {
    for (String f : List.of("index.html", "summary.csv", "summary.md", "paper-claims.md", "phase-diagrams.csv",
        "figures/polygons.png", "figures/polygons.svg", "figures/sphericity-vs-weights.png",
        "figures/sphericity-vs-weights.svg", "figures/phase-d3-L1-abs_power.png", "figures/phase-d3-L1-abs_power.svg",
        "figures/phase-d3-L1-relu.png", "figures/phase-d2-L1-abs_power.png", "figures/phase-d3-L1-abs_power-vs-p.png")) {
      assertTrue(Files.size(report.resolve(f)) > 100, f);
    }
    // every grid point's representative is drawn (10 grid points, within the default budget)
    List<String> lines = Files.readAllLines(report.resolve("summary.csv"));
    List<String> header = csv(lines.get(0));
    Map<String, TableRow> byId = new HashMap<>();
    runs.forEach(r -> byId.put(r.getString("run_id"), r));
    int drawn = 0;
    for (String line : lines.subList(1, lines.size())) {
      String id = csv(line).get(header.indexOf("representative"));
      TableRow r = byId.get(id);
      assertTrue(r != null, "a representative is one of the grid point's runs: " + line);
      int d = r.getInt("d");
      if (d == 3) {
        assertTrue(Files.size(report.resolve("bodies/" + id + ".png")) > 1000, id);
        assertTrue(Files.readString(report.resolve("bodies/" + id + ".svg")).startsWith("<?xml"), id);
        checkObj(report.resolve("meshes/" + id + ".obj"));
      } else if (d == 4) {
        assertTrue(Files.size(report.resolve("slices/" + id + ".png")) > 1000, id);
        assertTrue(Files.exists(report.resolve("slices/" + id + ".svg")), id);
        checkObj(report.resolve("meshes/" + id + "-slice-e123.obj"));
      }
      drawn++;
    }
    assertEquals(10, drawn);
    try (Stream<Path> s = Files.list(report.resolve("bodies"))) {
      assertTrue(s.count() <= 2 * 2 * 6, "at most the d = 3 runs are drawn, as PNG and SVG");
    }
    // p = 1 bodies of one layer are drawn from their stored faces: the OBJ is the polytope itself
    for (TableRow r : runs) {
      String id = r.getString("run_id");
      if (r.getInt("d") == 3 && r.getInt("layers") == 1 && r.getDouble("p") == 1.0 && Files.exists(report.resolve("meshes/" + id + ".obj"))
          && r.getInt("vertex_count") != null) {
        List<String> obj = Files.readAllLines(report.resolve("meshes/" + id + ".obj"));
        assertEquals(r.getInt("vertex_count").longValue(), obj.stream().filter(l -> l.startsWith("v ")).count(), id);
        assertEquals(r.getInt("facet_count").longValue(), obj.stream().filter(l -> l.startsWith("f ")).count(), id);
      }
    }
    assertTrue(Files.exists(report.resolve(org.neuralpolytopes.analysis.report.Report.MARKER)));
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.map(p -> p.getFileName().toString()).noneMatch(n -> n.contains(".partial-") || n.contains(".old-")),
          "no temporary folder is left beside the report");
    }
  }

  /** An OBJ file: vertices, and faces of at least 3 vertices that refer to them. */
  static void checkObj(Path obj) throws IOException {
    List<String> lines = Files.readAllLines(obj);
    long v = lines.stream().filter(l -> l.startsWith("v ")).count();
    List<String> faces = lines.stream().filter(l -> l.startsWith("f ")).toList();
    assertTrue(v >= 4 && faces.size() >= 4, obj.toString());
    for (String f : faces) {
      String[] parts = f.substring(2).trim().split(" ");
      assertTrue(parts.length >= 3, f);
      for (String p : parts) {
        int i = Integer.parseInt(p);
        assertTrue(i >= 1 && i <= v, f);
      }
    }
  }

  @Test
  void thePageLinksOnlyToFilesThatExist() throws Exception {
    List<String> links = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(report.resolve("index.html"), StandardCharsets.UTF_8)) {
      new ParserDelegator().parse(in, new HTMLEditorKit.ParserCallback() {
        @Override
        public void handleStartTag(HTML.Tag t, MutableAttributeSet a, int pos) {
          collect(a);
        }

        @Override
        public void handleSimpleTag(HTML.Tag t, MutableAttributeSet a, int pos) {
          collect(a);
        }

        private void collect(MutableAttributeSet a) {
          for (HTML.Attribute name : new HTML.Attribute[] {HTML.Attribute.HREF, HTML.Attribute.SRC}) {
            Object v = a.getAttribute(name);
            if (v != null) {
              links.add(v.toString());
            }
          }
        }
      }, true);
    }
    assertTrue(links.size() > 2 * TestSweeps.RUNS, "links found: " + links.size());
    int images = 0;
    for (String link : links) {
      assertFalse(link.contains("://") || link.startsWith("//"), "the page needs no network: " + link);
      if (link.startsWith("#")) {
        continue;
      }
      assertTrue(Files.isRegularFile(report.resolve(link)), "the page links to a missing file: " + link);
      images += link.endsWith(".png") ? 1 : 0;
    }
    assertTrue(images > 0);
    String html = Files.readString(report.resolve("index.html"));
    for (TableRow r : runs) {
      assertTrue(html.contains(r.getString("run_id")), "every run is on the page");
    }
  }

  /** One CSV line split into fields (RFC 4180 quoting: a quoted field may hold commas). */
  static List<String> csv(String line) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(ch);
      }
    }
    out.add(f.toString());
    return out;
  }

  @Test
  void theSummaryCountsAreTheTables() throws Exception {
    List<String> lines = Files.readAllLines(report.resolve("summary.csv"));
    List<String> header = csv(lines.get(0));
    Map<String, Integer> expected = new HashMap<>();
    Map<String, Integer> expectedOk = new HashMap<>();
    for (TableRow r : runs) {
      String key = r.getInt("d") + "/" + r.getInt("layers") + "/" + r.getInt("units") + "/" + r.getDouble("p") + "/"
          + r.getString("activation");
      expected.merge(key, 1, Integer::sum);
      expectedOk.merge(key, "OK".equals(r.getString("status")) ? 1 : 0, Integer::sum);
    }
    assertEquals(expected.size(), lines.size() - 1, "one summary row per grid point");
    int total = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] c = csv(line).toArray(new String[0]);
      assertEquals(header.size(), c.length, line);
      String key = c[header.indexOf("d")] + "/" + c[header.indexOf("layers")] + "/" + c[header.indexOf("units")] + "/"
          + Double.parseDouble(c[header.indexOf("p")]) + "/" + c[header.indexOf("activation")];
      int seeds = Integer.parseInt(c[header.indexOf("seeds")]);
      assertEquals(expected.get(key), seeds, key);
      assertEquals(expectedOk.get(key), Integer.parseInt(c[header.indexOf("ok")]), key);
      int byStatus = 0;
      for (Status st : Status.values()) {
        String s = st.name().toLowerCase(java.util.Locale.ROOT);
        byStatus += Integer.parseInt(c[header.indexOf(s)]);
      }
      assertEquals(seeds, byStatus, "the status counts add up to the seeds: " + key);
      total += seeds;
    }
    assertEquals(runs.size(), total);
    String md = Files.readString(report.resolve("summary.md"));
    assertEquals(expected.size() + 2, md.lines().filter(l -> l.startsWith("| ")).count(), "header, rule and one line per point");
  }

  @Test
  void claimsAreReportedWithTheirCriteria() throws Exception {
    String claims = Files.readString(report.resolve("paper-claims.md"));
    for (String claim : List.of("neural polygons", "neural polyhedra", "deeper is rounder", "higher dimension",
        "p changes the edge", "duality", "near duality", "p = 2 gives the sphere")) {
      assertTrue(claims.contains("| " + claim + " |"), claim);
    }
    // Named polyhedra are judged by the measured polytope_name and symmetry_group.
    assertTrue(claims.contains("polytope_name = octahedron and symmetry_group = O_h"), claims);
    assertTrue(claims.contains("polytope_name = cuboctahedron and symmetry_group = O_h"), claims);
    assertTrue(claims.contains("## Criteria"));
    // The verdict of "p = 2 gives the sphere" at (2, 1, 3, 2) is what the table says.
    List<TableRow> circle = runs.stream().filter(r -> r.getInt("d") == 2 && r.getInt("units") == 3 && r.getDouble("p") == 2.0)
        .toList();
    long agree = circle.stream().filter(r -> r.getDouble("sphericity_error") <= 0.01).count();
    String verdict = agree == circle.size() ? "match" : agree == 0 ? "no match" : "partial";
    String line = claims.lines().filter(l -> l.startsWith("| p = 2 gives the sphere | (2, 1, 3, 2) |")).findFirst().orElseThrow();
    assertTrue(line.contains("| " + verdict + " | " + agree + " of " + circle.size() + " |"), line);
  }

  @Test
  void badInputFailsWithExitCode2AndWritesNothing() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("bad-empty"));
    Path out = tmp.resolve("bad-out");
    assertEquals(2, ReportMain.run("report", empty.toString(), "--out", out.toString()));
    assertFalse(Files.exists(out));

    Path future = Files.createDirectories(tmp.resolve("bad-future"));
    Files.writeString(future.resolve("_sweep.json"), "{\"schema_version\": 99}");
    Files.createDirectories(future.resolve("runs"));
    assertEquals(2, ReportMain.run("report", future.toString(), "--out", out.toString()));
    assertFalse(Files.exists(out));

    Path occupied = Files.createDirectories(tmp.resolve("bad-occupied"));
    Files.writeString(occupied.resolve("notes.txt"), "mine");
    assertEquals(2, ReportMain.run("report", sweep.toString(), "--out", occupied.toString()));
    try (Stream<Path> s = Files.list(occupied)) {
      assertEquals(List.of("notes.txt"), s.map(p -> p.getFileName().toString()).toList(), "left untouched");
    }
    assertEquals(2, ReportMain.run("report", sweep.toString()), "--out is required");
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("partial")), "no temporary folder left");
    }
  }

  @Test
  void aSecondReportReplacesTheFirstAsAWhole() throws Exception {
    Path again = tmp.resolve("again");
    assertEquals(0, ReportMain.run("report", sweep.toString(), "--out", again.toString()));
    Files.writeString(again.resolve("stale.txt"), "from an earlier report");
    assertEquals(0, ReportMain.run("report", sweep.toString(), "--out", again.toString()));
    assertFalse(Files.exists(again.resolve("stale.txt")));
    assertTrue(Files.exists(again.resolve("index.html")));
  }
}
