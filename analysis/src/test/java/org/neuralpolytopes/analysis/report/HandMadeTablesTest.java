package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.schema.RunsTable;

/**
 * The sections that wait for columns and tables other issues add (polytope_name, symmetry_group,
 * f_vector, mahler_ratio, facets/ and vertices/), on hand-made rows that use docs/metrics.md's column
 * names: an exact octahedron (weights e1, e2, e3, p = 1, whose body has its vertices at +-e_i).
 */
class HandMadeTablesTest {

  @TempDir
  Path tmp;

  static final String ID = "00000000000000aa";
  static final List<String> EXTRA = List.of("polytope_name", "symmetry_group", "symmetry_order", "f_vector",
      "morse_counts", "region_bound", "mahler_ratio");

  static TableRow run(String id, int seedIndex, String name, boolean extras) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("run_id", id);
    v.put("d", 3);
    v.put("layers", 1);
    v.put("units", 3);
    v.put("p", 1.0);
    v.put("activation", "abs_power");
    v.put("seed_index", seedIndex);
    v.put("status", "OK");
    v.put("error", null);
    v.put("weights", new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    v.put("weight_shapes", new int[] {3, 3});
    v.put("weight_count", 9);
    v.put("radius_min", 1 / Math.sqrt(3));
    v.put("radius_max", 1.0);
    v.put("sphericity_error", 1 - 1 / Math.sqrt(3));
    v.put("final_loss", 0.01);
    v.put("train_seconds", 1.5);
    v.put("code_version", "test");
    v.put("tol_sphere", 1e-3);
    if (extras) {
      v.put("polytope_name", name);
      v.put("symmetry_group", "O_h");
      v.put("symmetry_order", 48);
      v.put("f_vector", new int[] {6, 12, 8});
      v.put("morse_counts", new int[] {6, 12, 8});
      v.put("region_bound", 8L);
      v.put("mahler_ratio", 0.608);
    }
    return TableRow.of(v);
  }

  /** The octahedron's faces as the faces issue would write them: vertex ids in no particular order. */
  static Map<String, List<TableRow>> octahedronTables() {
    List<TableRow> vertices = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      double[] x = new double[3];
      x[i / 2] = i % 2 == 0 ? 1 : -1;
      vertices.add(TableRow.of(Map.of("run_id", ID, "vertex", i, "x", x, "radius", 1.0, "valence", 4, "orbit", 0)));
    }
    List<TableRow> facets = new ArrayList<>();
    int k = 0;
    for (int sx = 0; sx < 2; sx++) {
      for (int sy = 0; sy < 2; sy++) {
        for (int sz = 0; sz < 2; sz++) {
          double[] a = {sx == 0 ? 1 : -1, sy == 0 ? 1 : -1, sz == 0 ? 1 : -1};
          int[] ids = {4 + sz, sx, 2 + sy};
          facets.add(TableRow.of(Map.of("run_id", ID, "facet", k++, "a", a, "area", Math.sqrt(3) / 2, "vertex_ids", ids)));
        }
      }
    }
    return Map.of("facets", facets, "vertices", vertices);
  }

  static ReportData data(List<TableRow> runs, boolean extras, Map<String, List<TableRow>> tables) throws Exception {
    Set<String> columns = new LinkedHashSet<>(RunsTable.SCHEMA.columnNames());
    if (extras) {
      columns.addAll(EXTRA);
    } else {
      columns.removeAll(EXTRA); // as a runs/ table written before those columns existed
    }
    Map<String, String> absent = new LinkedHashMap<>();
    for (String t : ReportData.DETAIL_TABLES) {
      if (!tables.containsKey(t)) {
        absent.put(t, "not in this test");
      }
    }
    return new ReportData("hand-made", new ObjectMapper().readTree("{\"schema_version\": 1}"), "hand-made",
        runs, columns, tables, absent);
  }

  @Test
  void exactFacesFromTheFacetsAndVerticesTablesMakeTheOctahedron() {
    Map<String, List<TableRow>> t = octahedronTables();
    Mesh m = ExactFaces.mesh(t.get("facets"), t.get("vertices"));
    assertEquals(6, m.vertexCount());
    assertEquals(12, m.edgeCount());
    assertEquals(8, m.faces().size());
    for (int[] f : m.faces()) {
      double[] n = m.normal(f);
      double s = n[0] * m.x(f[0]) + n[1] * m.y(f[0]) + n[2] * m.z(f[0]);
      assertTrue(s > 0, "faces point outward");
    }
  }

  @Test
  void summaryColumnsAppearWithTheirColumns() throws Exception {
    List<TableRow> runs = List.of(run(ID, 0, "octahedron", true), run("00000000000000ab", 1, "unnamed", true));
    Summary s = new Summary(data(runs, true, Map.of()));
    List<String> h = s.header();
    for (String c : List.of("polytope_name", "polytope_name_seeds", "f_vector", "f_vector_seeds", "morse_counts",
        "symmetry_group", "symmetry_order", "mahler_ratio_mean")) {
      assertTrue(h.contains(c), c);
    }
    assertTrue(s.absentColumns().isEmpty());
    List<String> row = s.rows().get(0);
    assertEquals("(6, 12, 8)", row.get(h.indexOf("f_vector")));
    assertEquals("2/2", row.get(h.indexOf("f_vector_seeds")));
    assertEquals("1/2", row.get(h.indexOf("polytope_name_seeds")));
    assertEquals("octahedron / unnamed", row.get(h.indexOf("polytope_name")), "a tie shows every tied value");
    assertEquals("O_h", row.get(h.indexOf("symmetry_group")));
    assertEquals("0.608", row.get(h.indexOf("mahler_ratio_mean")));

    Summary without = new Summary(data(List.of(run(ID, 0, null, false)), false, Map.of()));
    for (String c : List.of("polytope_name", "f_vector", "symmetry_group", "mahler_ratio_mean")) {
      assertFalse(without.header().contains(c), c);
    }
    assertEquals(List.of("polytope_name", "f_vector", "morse_counts", "symmetry_group", "mahler_ratio"), without.absentColumns());
  }

  static TableRow withGroup(TableRow r, String id, String group, int order) {
    return with(r, id, "symmetry_group", group, "symmetry_order", order);
  }

  @Test
  void theSymmetryOrderIsThatOfTheModalGroup() throws Exception {
    TableRow base = run(ID, 0, "octahedron", true);
    List<String> h = new Summary(data(List.of(base), true, Map.of())).header();
    // three seeds, three groups: all tied, each order beside its group
    List<String> tied = new Summary(data(List.of(withGroup(base, "00000000000000b1", "O_h", 48),
        withGroup(run(ID, 1, "x", true), "00000000000000b2", "D_3d", 12),
        withGroup(run(ID, 2, "x", true), "00000000000000b3", "C_2h", 4)), true, Map.of())).rows().get(0);
    assertEquals("C_2h / D_3d / O_h", tied.get(h.indexOf("symmetry_group")));
    assertEquals("4 / 12 / 48", tied.get(h.indexOf("symmetry_order")));
    assertEquals("1/3", tied.get(h.indexOf("symmetry_group_seeds")));
    // a majority group: its order alone
    List<String> major = new Summary(data(List.of(withGroup(base, "00000000000000c1", "O_h", 48),
        withGroup(run(ID, 1, "x", true), "00000000000000c2", "O_h", 48),
        withGroup(run(ID, 2, "x", true), "00000000000000c3", "D_3d", 12)), true, Map.of())).rows().get(0);
    assertEquals("O_h", major.get(h.indexOf("symmetry_group")));
    assertEquals("48", major.get(h.indexOf("symmetry_order")));
    assertEquals("2/3", major.get(h.indexOf("symmetry_group_seeds")));
  }

  @Test
  void namedPolyhedraAreJudgedByPolytopeNameWhenItExists() throws Exception {
    PaperClaims named = new PaperClaims(data(List.of(run(ID, 0, "octahedron", true), run("00000000000000ab", 1, "Octahedron", true)),
        true, Map.of()));
    PaperClaims.Check c = find(named, "neural polyhedra", "(3, 1, 3, 1)");
    assertEquals(PaperClaims.Verdict.MATCH, c.verdict());
    assertEquals("2 of 2", c.seedsText());
    assertTrue(c.criterion().contains("symmetry_group = O_h"), c.criterion());

    PaperClaims wrong = new PaperClaims(data(List.of(run(ID, 0, "octahedron", true), run("00000000000000ab", 1, "unnamed", true)),
        true, Map.of()));
    assertEquals(PaperClaims.Verdict.PARTIAL, find(wrong, "neural polyhedra", "(3, 1, 3, 1)").verdict());

    PaperClaims none = new PaperClaims(data(List.of(run(ID, 0, null, false)), false, Map.of()));
    PaperClaims.Check n = find(none, "neural polyhedra", "(3, 1, 3, 1)");
    assertEquals(PaperClaims.Verdict.NOT_MEASURABLE, n.verdict());
    assertTrue(n.criterion().startsWith("needs polytope_name"), n.criterion());
    // the exact octahedron's radius ratio, as the indicator
    assertTrue(n.measured().contains("1.732"), n.measured());
    assertEquals(PaperClaims.Verdict.NOT_IN_SWEEP, find(none, "neural polyhedra", "(3, 1, 6, 1)").verdict());
  }

  /** A copy of the row with another run_id and the given values. */
  static TableRow with(TableRow r, String id, Object... columnValues) {
    Map<String, Object> v = new LinkedHashMap<>(r.values());
    v.put("run_id", id);
    for (int i = 0; i < columnValues.length; i += 2) {
      v.put((String) columnValues[i], columnValues[i + 1]);
    }
    return TableRow.of(v);
  }

  static TableRow withWeights(TableRow r, String id, double[] w) {
    return with(r, id, "weights", w);
  }

  @Test
  void lpBallClaimsAreJudgedOnTheWeightFrame() throws Exception {
    // a rotated and scaled orthonormal frame: rows of 2.5 R, R a rotation about (1, 1, 1)
    double c = Math.cos(0.7);
    double s = Math.sin(0.7);
    double[][] rot = {{c + (1 - c) / 3, (1 - c) / 3 - s / Math.sqrt(3), (1 - c) / 3 + s / Math.sqrt(3)},
        {(1 - c) / 3 + s / Math.sqrt(3), c + (1 - c) / 3, (1 - c) / 3 - s / Math.sqrt(3)},
        {(1 - c) / 3 - s / Math.sqrt(3), (1 - c) / 3 + s / Math.sqrt(3), c + (1 - c) / 3}};
    double[] frame = new double[9];
    for (int i = 0; i < 9; i++) {
      frame[i] = 2.5 * rot[i / 3][i % 3];
    }
    // a skewed frame: rows e1, e2 and (0.5, 0, 1) / |.|: cos between rows 1 and 3 = 0.5 / sqrt(1.25)
    double[] skew = {1, 0, 0, 0, 1, 0, 0.5 / Math.sqrt(1.25), 0, 1 / Math.sqrt(1.25)};
    TableRow base = run(ID, 0, "octahedron", true);
    assertEquals(0, PaperClaims.frameDefect(base), 1e-12);
    assertEquals(0, PaperClaims.frameDefect(withWeights(base, "r", frame)), 1e-12);
    assertEquals(0.5 / Math.sqrt(1.25), PaperClaims.frameDefect(withWeights(base, "s", skew)), 1e-12);
    // unequal lengths: rows e1, 1.1 e2, e3
    assertEquals(0.1, PaperClaims.frameDefect(withWeights(base, "l", new double[] {1, 0, 0, 0, 1.1, 0, 0, 0, 1})), 1e-12);

    PaperClaims claims = new PaperClaims(data(List.of(withWeights(base, "00000000000000a1", frame),
        withWeights(run(ID, 1, "octahedron", true), "00000000000000a2", skew)), true, Map.of()));
    PaperClaims.Check octahedron = find(claims, "duality", "(3, 1, 3, 1)");
    assertEquals(PaperClaims.Verdict.PARTIAL, octahedron.verdict());
    assertEquals("1 of 2", octahedron.seedsText());
    assertTrue(octahedron.criterion().startsWith("frame_defect <= 0.05"), octahedron.criterion());
    assertTrue(octahedron.measured().startsWith("frame_defect 0.000, 0.447;"), octahedron.measured());
  }

  @Test
  void idealRatiosOfTheRegularPolyhedra() {
    assertEquals(Math.sqrt(3), PaperClaims.IdealShapes.radiusRatio(3), 1e-9);
    assertEquals(Math.sqrt(2), PaperClaims.IdealShapes.radiusRatio(4), 1e-9);
    // icosidodecahedron: circumradius phi, pentagon inradius sqrt((5 + 2 sqrt 5) / 5) * ... from the weights
    double r = PaperClaims.IdealShapes.radiusRatio(6);
    assertTrue(r > 1.05 && r < 1.2, "icosidodecahedron ratio " + r);
  }

  @Test
  void figuresAndChartsOfTheNewColumnsAndTables() throws Exception {
    ReportData d = data(List.of(run(ID, 0, "octahedron", true)), true, octahedronTables());
    Figures f = new Figures(d, tmp, m -> { });
    f.drawAll();
    assertTrue(Files.size(tmp.resolve("faces/" + ID + ".png")) > 1000);
    assertTrue(Files.exists(tmp.resolve("faces/" + ID + ".svg")));
    List<String> obj = Files.readAllLines(tmp.resolve("meshes/" + ID + "-faces.obj"));
    assertEquals(6, obj.stream().filter(l -> l.startsWith("v ")).count());
    assertEquals(8, obj.stream().filter(l -> l.startsWith("f ")).count());
    assertTrue(f.figures().stream().anyMatch(r -> r.section().equals(Figures.FACES)));
    // the radial-function body of the same weights is the same octahedron
    List<String> radial = Files.readAllLines(tmp.resolve("meshes/" + ID + ".obj"));
    assertEquals(6, radial.stream().filter(l -> l.startsWith("v ")).count());

    Charts c = new Charts(d, tmp, m -> { });
    c.drawAll();
    assertTrue(Files.exists(tmp.resolve("figures/faces-vs-units.png")));
    assertTrue(Files.exists(tmp.resolve("figures/mahler-vs-p.svg")));
    assertTrue(c.absent().stream().anyMatch(a -> a.startsWith("Polar distance")), c.absent().toString());
  }

  static PaperClaims.Check find(PaperClaims claims, String claim, String type) {
    return claims.checks().stream().filter(c -> c.claim().equals(claim) && c.type().equals(type)).findFirst().orElseThrow();
  }
}
