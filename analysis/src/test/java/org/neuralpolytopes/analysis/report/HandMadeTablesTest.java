package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neuralpolytopes.analysis.report.HandMade.run;
import static org.neuralpolytopes.analysis.report.HandMade.with;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.schema.RunsTable;

/**
 * The report on hand-made tables: the summary, the paper claims (judged on measured columns,
 * NO_FIT not counted), grouping by the full training identity, the warning of an unfinished
 * sweep, and p = 1 bodies drawn from their stored faces.
 */
class HandMadeTablesTest {

  @TempDir
  Path tmp;

  static final String ID = "00000000000000aa";
  static final double PHI = (1 + Math.sqrt(5)) / 2;

  @Test
  void storedFacesOfAnalyticBodiesAreDrawnAsTheyAre() {
    double[][][] bodies = {
        {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
        {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}},
        {{0, 1, PHI}, {0, 1, -PHI}, {1, PHI, 0}, {1, -PHI, 0}, {PHI, 0, 1}, {-PHI, 0, 1}},
        {{1, 1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, -1}, {0, 1, 1}, {0, 1, -1}}};
    int[][] fVectors = {{6, 12, 8}, {12, 24, 14}, {30, 60, 32}, {14, 36, 24}};
    for (int b = 0; b < bodies.length; b++) {
      Map<String, List<TableRow>> t = HandMade.storedFaces(ID, HandMade.net(3, 1, bodies[b]));
      Mesh m = ExactFaces.mesh(t.get(DetailTables.FACETS), t.get(DetailTables.VERTICES));
      assertTrue(m.faceted());
      assertEquals(fVectors[b][0], m.vertexCount(), "vertices");
      assertEquals(fVectors[b][1], m.edgeCount(), "edges");
      assertEquals(fVectors[b][2], m.faces().size(), "facets");
      for (int[] f : m.faces()) {
        double[] n = m.normal(f);
        assertTrue(n[0] * m.x(f[0]) + n[1] * m.y(f[0]) + n[2] * m.z(f[0]) > 0, "faces point outward");
      }
    }
  }

  @Test
  void storedFacesThatDoNotCloseAreRefused() {
    Map<String, List<TableRow>> t = HandMade.storedFaces(ID, HandMade.net(3, 1, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
    List<TableRow> facets = new ArrayList<>(t.get(DetailTables.FACETS));
    // one facet's vertices out of boundary order (as a facet whose boundary is not one cycle is stored)
    Map<String, Object> v = new LinkedHashMap<>(facets.get(0).values());
    int[] ids = ((int[]) v.get("vertex_ids")).clone();
    int swap = ids[0];
    ids[0] = ids[1];
    ids[1] = swap;
    v.put("vertex_ids", ids);
    facets.set(0, TableRow.of(v));
    assertNull(ExactFaces.mesh(facets, t.get(DetailTables.VERTICES)));
    assertNull(ExactFaces.mesh(facets.subList(1, facets.size()), t.get(DetailTables.VERTICES)), "a missing facet leaves a hole");
  }

  @Test
  void idealRatiosOfTheRegularPolyhedraAreThoseOfTheirExactFaces() {
    double[][][] bodies = {
        {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
        {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}},
        {{0, 1, PHI}, {0, 1, -PHI}, {1, PHI, 0}, {1, -PHI, 0}, {PHI, 0, 1}, {-PHI, 0, 1}}};
    int[] units = {3, 4, 6};
    for (int b = 0; b < bodies.length; b++) {
      Network net = HandMade.net(3, 1, bodies[b]);
      PolytopeFaces faces = PolytopeFaces.measure(net, GeometrySettings.DEFAULT);
      double outer = faces.vertices().stream().mapToDouble(PolytopeFaces.Vertex::radius).max().orElseThrow();
      double inner = faces.facets().stream().mapToDouble(f -> 1 / Math.sqrt(f.a()[0] * f.a()[0] + f.a()[1] * f.a()[1]
          + f.a()[2] * f.a()[2])).min().orElseThrow();
      assertEquals(outer / inner, ClaimCatalogue.polyhedronRatio(units[b]), 1e-9, "units " + units[b]);
    }
  }

  @Test
  void summaryRowsHaveTheModalValuesAndTheRepresentative() throws Exception {
    List<TableRow> runs = List.of(run(ID, 0), run("00000000000000ab", 1, RunsTable.POLYTOPE_NAME, "unnamed"));
    ReportData data = HandMade.data(runs);
    Summary s = new Summary(data, new Representatives(data, 10));
    List<String> h = s.header();
    List<String> row = s.rows().get(0);
    assertEquals("(6, 12, 8)", row.get(h.indexOf("f_vector")));
    assertEquals("2/2", row.get(h.indexOf("f_vector_seeds")));
    assertEquals("1/2", row.get(h.indexOf("polytope_name_seeds")));
    assertEquals("octahedron / unnamed", row.get(h.indexOf("polytope_name")), "a tie shows every tied value");
    assertEquals("O_h", row.get(h.indexOf("symmetry_group")));
    assertEquals("0.608", row.get(h.indexOf("mahler_ratio_mean")));
    assertFalse(h.contains("schedule"), "one schedule: no schedule column");
    // both seeds have the same ratio: the representative is the modal one with the lower seed index
    assertEquals(ID, row.get(h.indexOf("representative")));
  }

  /**
   * A grid point with an UNBOUNDED seed (its radii from the sampled directions only, as a (3, 1, 2)
   * net's sphericity error of 30): the summary's body statistics and the charts' medians take the
   * seeds with a bounded body; the status count still shows the unbounded one.
   */
  @Test
  void bodyStatisticsLeaveOutUnboundedSeeds() throws Exception {
    List<TableRow> runs = List.of(
        run("b1", 0, RunsTable.SPHERICITY_ERROR, 0.1, RunsTable.RADIUS_MIN, 1.0, RunsTable.RADIUS_MAX, 1.1),
        run("b2", 1, RunsTable.SPHERICITY_ERROR, 0.3, RunsTable.RADIUS_MIN, 1.0, RunsTable.RADIUS_MAX, 1.3),
        run("u1", 2, RunsTable.STATUS, "UNBOUNDED", RunsTable.SPHERICITY_ERROR, 30.0, RunsTable.RADIUS_MIN, 0.9,
            RunsTable.RADIUS_MAX, 31.0, RunsTable.MAHLER_RATIO, null));
    ReportData data = HandMade.data(runs);
    Summary s = new Summary(data, new Representatives(data, 10));
    List<String> h = s.header();
    List<String> row = s.rows().get(0);
    assertEquals("0.2", row.get(h.indexOf("sphericity_error_mean")));
    assertEquals("0.3", row.get(h.indexOf("sphericity_error_max")));
    assertEquals("1.2", row.get(h.indexOf("radius_ratio_mean")));
    assertEquals("1", row.get(h.indexOf("unbounded")));
    assertEquals(0.2, Charts.bodyMedian(runs, RunsTable.SPHERICITY_ERROR), 1e-12);
    assertEquals(null, Charts.bodyMedian(runs.subList(2, 3), RunsTable.SPHERICITY_ERROR), "no bounded seed");
  }

  @Test
  void polytopeKindsCompareNamesWithoutTheirExponent() throws Exception {
    List<TableRow> runs = List.of(
        run("a1", 0, RunsTable.P, 1.5, RunsTable.POLYTOPE_NAME, "octahedron (rounded, p=1.5)"),
        run("a2", 1, RunsTable.P, 1.5, RunsTable.POLYTOPE_NAME, "octahedron (rounded, p=1.5)"),
        run("b1", 0, RunsTable.P, 1.6, RunsTable.POLYTOPE_NAME, "octahedron (rounded, p=1.6)"));
    ReportData data = HandMade.data(runs);
    Summary s = new Summary(data, new Representatives(data, 10));
    List<String> h = s.header();
    for (List<String> row : s.rows()) {
      assertEquals("octahedron (rounded)", row.get(h.indexOf("polytope_kind")));
    }
    PhaseDiagrams d = new PhaseDiagrams(data);
    PhaseDiagrams.Diagram dg = d.sections().values().iterator().next().get(0);
    assertEquals(dg.cells().get(3).get(1.5).signature(), dg.cells().get(3).get(1.6).signature(), "one kind, one colour");
  }

  @Test
  void symmetryOrderIsThatOfTheModalGroup() throws Exception {
    TableRow base = run(ID, 0);
    List<String> h = new Summary(HandMade.data(List.of(base)), new Representatives(HandMade.data(List.of(base)), 1)).header();
    List<TableRow> tied = List.of(with(base, "b1", RunsTable.SYMMETRY_GROUP, "O_h", RunsTable.SYMMETRY_ORDER, 48),
        with(base, "b2", RunsTable.SEED_INDEX, 1, RunsTable.SYMMETRY_GROUP, "D_3d", RunsTable.SYMMETRY_ORDER, 12),
        with(base, "b3", RunsTable.SEED_INDEX, 2, RunsTable.SYMMETRY_GROUP, "C_2h", RunsTable.SYMMETRY_ORDER, 4));
    ReportData data = HandMade.data(tied);
    List<String> row = new Summary(data, new Representatives(data, 1)).rows().get(0);
    assertEquals("C_2h / D_3d / O_h", row.get(h.indexOf("symmetry_group")));
    assertEquals("4 / 12 / 48", row.get(h.indexOf("symmetry_order")));
    assertEquals("1/3", row.get(h.indexOf("symmetry_group_seeds")));
  }

  @Test
  void seedsAreGroupedByTheirFullTrainingIdentity() throws Exception {
    // the same (d, L, n, p) under two schedules written into one folder: two grid points, not four seeds of one
    List<TableRow> runs = List.of(run("s1", 0), run("s2", 1),
        run("t1", 0, RunsTable.EPOCHS, 2000, RunsTable.POLYTOPE_NAME, "unnamed"),
        run("t2", 1, RunsTable.EPOCHS, 2000, RunsTable.POLYTOPE_NAME, "unnamed"),
        run("u1", 0, RunsTable.PLATEAU_WINDOW, 0),
        run("v1", 0, RunsTable.RESAMPLE, "epoch"));
    ReportData data = HandMade.data(runs);
    assertEquals(4, data.byGridPoint().size());
    for (List<TableRow> seeds : data.byGridPoint().values()) {
      assertEquals(1, seeds.stream().map(Schedule::of).distinct().count(), "one schedule per grid point");
    }
    List<String> labels = data.byGridPoint().keySet().stream().map(GridPoint::label).toList();
    assertEquals(4, labels.stream().distinct().count(), "labels tell the schedules apart: " + labels);
    assertTrue(labels.stream().allMatch(l -> l.startsWith("(3, 1, 3, 1) [schedule ")), labels.toString());
    Summary s = new Summary(data, new Representatives(data, 10));
    List<String> h = s.header();
    assertTrue(h.contains("schedule"));
    Map<String, String> seedsBySchedule = new LinkedHashMap<>();
    for (List<String> row : s.rows()) {
      seedsBySchedule.put(row.get(h.indexOf("schedule")), row.get(h.indexOf("seeds")) + " " + row.get(h.indexOf("polytope_name")));
    }
    assertEquals(4, seedsBySchedule.size());
    assertTrue(seedsBySchedule.containsValue("2 octahedron") && seedsBySchedule.containsValue("2 unnamed")
        && seedsBySchedule.containsValue("1 octahedron"), seedsBySchedule.toString());
    // the claims see four configurations too
    long polyhedra = new PaperClaims(data).checks().stream()
        .filter(c -> c.claim().equals(ClaimCatalogue.POLYHEDRA) && c.type().startsWith("(3, 1, 3, 1)")).count();
    assertEquals(4, polyhedra);
  }

  @Test
  void namedPolyhedraAreJudgedByNameAndGroupAndNoFitIsNotCounted() throws Exception {
    PaperClaims named = new PaperClaims(HandMade.data(List.of(run(ID, 0), run("ab", 1, RunsTable.POLYTOPE_NAME, "Octahedron"))));
    ClaimCheck c = find(named, ClaimCatalogue.POLYHEDRA, "(3, 1, 3, 1)");
    assertEquals(ClaimCheck.Verdict.MATCH, c.verdict());
    assertEquals("2 of 2", c.seedsText());
    assertTrue(c.criterion().contains("symmetry_group = O_h"), c.criterion());
    assertTrue(c.measured().contains("1.732"), "the octahedron's ratio beside it: " + c.measured());

    PaperClaims wrong = new PaperClaims(HandMade.data(List.of(run(ID, 0), run("ab", 1, RunsTable.POLYTOPE_NAME, "unnamed"))));
    assertEquals(ClaimCheck.Verdict.PARTIAL, find(wrong, ClaimCatalogue.POLYHEDRA, "(3, 1, 3, 1)").verdict());

    // a NO_FIT seed that happens to be a perfect octahedron is not a match: it is left out of the count
    PaperClaims noFit = new PaperClaims(HandMade.data(List.of(run(ID, 0, RunsTable.POLYTOPE_NAME, "unnamed"),
        run("ab", 1, RunsTable.STATUS, "NO_FIT", RunsTable.FINAL_LOSS, 1.3))));
    ClaimCheck n = find(noFit, ClaimCatalogue.POLYHEDRA, "(3, 1, 3, 1)");
    assertEquals(ClaimCheck.Verdict.NO_MATCH, n.verdict());
    assertEquals("0 of 1 (1 NO_FIT not counted)", n.seedsText());
    assertEquals(ClaimCheck.Verdict.NOT_IN_SWEEP, find(noFit, ClaimCatalogue.POLYHEDRA, "(3, 1, 6, 1)").verdict());
  }

  /**
   * "Deeper is rounder" and "p = 2 gives the sphere" judge sphericity errors of bounded bodies: the
   * atlas's (3, 2, 2, 1) and (3, 1, 2, 1) seeds, all UNBOUNDED (a first layer of two units in R^3),
   * had sampled errors of 55 and 93 and read "match, 3 of 3"; an unbounded seed now counts and
   * does not agree, its number shown as "- (UNBOUNDED)", and the L = 1 mean is over bounded seeds.
   */
  @Test
  void claimsOnRoundnessJudgeBoundedBodiesOnly() throws Exception {
    Object[] two = {RunsTable.UNITS, 2, RunsTable.STATUS, "UNBOUNDED", RunsTable.RADIUS_MIN, 0.9, RunsTable.RADIUS_MAX,
        60.0};
    List<TableRow> runs = new java.util.ArrayList<>();
    runs.add(run("s0", 0, concat(two, RunsTable.SPHERICITY_ERROR, 93.0)));
    runs.add(run("s1", 1, concat(two, RunsTable.SPHERICITY_ERROR, 90.0)));
    runs.add(run("d0", 0, concat(two, RunsTable.LAYERS, 2, RunsTable.SPHERICITY_ERROR, 55.0)));
    runs.add(run("d1", 1, concat(two, RunsTable.LAYERS, 2, RunsTable.SPHERICITY_ERROR, 50.0)));
    PaperClaims claims = new PaperClaims(HandMade.data(runs));
    ClaimCheck deeper = find(claims, ClaimCatalogue.DEEPER, "(3, 2, 2, 1)");
    assertEquals(ClaimCheck.Verdict.NO_MATCH, deeper.verdict(), deeper.measured());
    assertEquals("0 of 2", deeper.seedsText());
    assertEquals("sphericity_error L = 2: no bounded body vs L = 1: no bounded body", deeper.measured());

    // bounded deep seeds are judged against the bounded shallow ones only
    runs.add(run("s2", 2, RunsTable.UNITS, 2, RunsTable.SPHERICITY_ERROR, 0.4));
    runs.add(run("d2", 2, RunsTable.UNITS, 2, RunsTable.LAYERS, 2, RunsTable.SPHERICITY_ERROR, 0.3));
    deeper = find(new PaperClaims(HandMade.data(runs)), ClaimCatalogue.DEEPER, "(3, 2, 2, 1)");
    assertEquals("1 of 3", deeper.seedsText(), deeper.measured());
    assertTrue(deeper.criterion().endsWith("(0.4)"), deeper.criterion());

    PaperClaims sphere = new PaperClaims(HandMade.data(List.of(
        run("q0", 0, RunsTable.P, 2.0, RunsTable.STATUS, "UNBOUNDED", RunsTable.SPHERICITY_ERROR, 0.01),
        run("q1", 1, RunsTable.P, 2.0, RunsTable.SPHERICITY_ERROR, 0.01))));
    ClaimCheck ball = find(sphere, ClaimCatalogue.SPHERE, "(3, 1, 3, 2)");
    assertEquals("1 of 2", ball.seedsText());
    assertTrue(ball.measured().contains("- (UNBOUNDED)"), ball.measured());
  }

  private static Object[] concat(Object[] a, Object... b) {
    Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * A bounded p = 1 body in d = 5 whose cell walk stopped at max_cells (GEOMETRY_LIMIT) is a
   * 5-polytope all the same: a probe's (5, 3, 16, 1) seed read "no match, 0 of 1"; an unbounded one
   * still does not count.
   */
  @Test
  void aPolytopeWithMoreCellsThanTheWalkTookIsOneOfHigherDimension() throws Exception {
    Object[] five = {RunsTable.D, 5, RunsTable.LAYERS, 3, RunsTable.UNITS, 16, RunsTable.RADIUS_MIN, 0.95,
        RunsTable.RADIUS_MAX, 1.03, RunsTable.F_VECTOR, null, RunsTable.EULER_OK, null};
    PaperClaims claims = new PaperClaims(HandMade.data(List.of(
        run("h0", 0, concat(five, RunsTable.STATUS, "GEOMETRY_LIMIT")),
        run("h1", 1, concat(five, RunsTable.STATUS, "OK")),
        run("h2", 2, concat(five, RunsTable.STATUS, "UNBOUNDED")))));
    ClaimCheck higher = find(claims, ClaimCatalogue.HIGHER, "(5, 3, 16, 1)");
    assertEquals("2 of 3", higher.seedsText(), higher.measured());
    assertTrue(higher.criterion().contains("GEOMETRY_LIMIT"), higher.criterion());
  }

  @Test
  void lpBallClaimsAreJudgedOnTheMeasuredFrameDefect() throws Exception {
    PaperClaims claims = new PaperClaims(HandMade.data(List.of(run("a1", 0, RunsTable.FRAME_DEFECT, 0.01),
        run("a2", 1, RunsTable.FRAME_DEFECT, 0.447), run("a3", 2, RunsTable.FRAME_DEFECT, null))));
    ClaimCheck octahedron = find(claims, ClaimCatalogue.DUALITY, "(3, 1, 3, 1)");
    assertEquals(ClaimCheck.Verdict.PARTIAL, octahedron.verdict());
    assertEquals("1 of 3", octahedron.seedsText());
    assertTrue(octahedron.criterion().startsWith("frame_defect <= 0.05"), octahedron.criterion());
    assertTrue(octahedron.measured().startsWith("frame_defect 0.010, 0.447, - (OK);"), octahedron.measured());
  }

  @Test
  void anUnfinishedSweepIsSaidOnTheFirstScreen() throws Exception {
    List<TableRow> runs = List.of(run(ID, 0), run("ab", 1, RunsTable.STATUS, "FAILED", RunsTable.POLYTOPE_NAME, null));
    for (String state : List.of("running", "failed", "interrupted")) {
      SweepState s = new SweepState(state, 100L, runs.size(), SweepState.countByStatus(runs));
      Path dir = Files.createDirectories(tmp.resolve(state));
      Report.write(HandMade.data(runs, s, Map.of()), dir, 5, m -> { }, System.nanoTime());
      String html = Files.readString(dir.resolve("index.html"));
      int warning = html.indexOf("<div class=\"warning\" id=\"unfinished\">");
      assertTrue(warning > 0 && warning < html.indexOf("<nav>"), state + ": the warning comes before everything else");
      String text = html.substring(warning, html.indexOf("</div>", warning));
      assertTrue(text.contains("&quot;" + state + "&quot;"), text);
      assertTrue(text.contains("2 of 100 configurations have a row (2.0%): 1 FAILED, 1 OK"), text);
    }
    Path done = Files.createDirectories(tmp.resolve("finished"));
    Report.write(HandMade.data(runs), done, 5, m -> { }, System.nanoTime());
    assertFalse(Files.readString(done.resolve("index.html")).contains("class=\"warning\""), "a finished sweep has no warning");
    // refinement rounds add rows beyond the grid's configurations: not "1,833 of 924 configurations have a row"
    assertEquals("1,833 rows for the spec's grid of 924 configurations (refinement rounds and other specs add rows)",
        new SweepState("finished", 924L, 1833, Map.of()).coverage());
    // a compaction or duality stage interrupted after every run was written: not "only the runs written so far"
    String after = new SweepState("interrupted", 2L, 2, Map.of("OK", 2L)).warning();
    assertTrue(after.contains("Every configuration of its grid has a row") && !after.contains("written so far"), after);
  }

  static ClaimCheck find(PaperClaims claims, String claim, String type) {
    return claims.checks().stream().filter(c -> c.claim().equals(claim) && c.type().equals(type)).findFirst().orElseThrow();
  }
}
