package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neuralpolytopes.analysis.report.HandMade.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Phase diagrams on a hand-made (2, 1, n, p) sweep whose bodies are known: squares and octagons at
 * p = 1, their rounded kinds for 1 < p < 2, the circle at p = 2, one seed in three disagreeing.
 */
class PhaseDiagramsTest {

  @TempDir
  Path tmp;

  static final double[] PS = {1, 1.5, 1.6, 2};

  /** The body a (2, 1, n, p) net draws here: an n-dependent polygon, rounded, or the circle. */
  static String name(int units, double p) {
    String base = units == 2 ? "square" : "regular octagon";
    return p == 2 ? "sphere" : p == 1 ? base : base + " (rounded, p=" + Values.p(p) + ")";
  }

  static List<TableRow> sweep(int seeds) {
    return sweep(seeds, PS);
  }

  static List<TableRow> sweep(int seeds, double[] ps) {
    List<TableRow> runs = new ArrayList<>();
    for (int units : new int[] {2, 4}) {
      for (double p : ps) {
        for (int s = 0; s < seeds; s++) {
          boolean odd = units == 4 && p == 1.5 && s == 0;
          int[] counts = units == 2 ? new int[] {4, 4} : new int[] {8, 8};
          runs.add(run("r-" + units + "-" + p + "-" + s, s, RunsTable.D, 2, RunsTable.UNITS, units, RunsTable.P, p,
              RunsTable.WEIGHT_COUNT, 2 * units, RunsTable.POLYTOPE_NAME, odd ? "unnamed" : name(units, p),
              RunsTable.SYMMETRY_GROUP, odd ? "D_2" : p == 2 ? null : units == 2 ? "D_4" : "D_8",
              RunsTable.F_VECTOR, p == 1 ? counts : null, RunsTable.MORSE_COUNTS, p == 2 ? null : counts,
              RunsTable.WEIGHTS, units == 2 ? new double[] {1, 0, 0, 1} : new double[] {1, 0, 0, 1, 0.7, 0.7, 0.7, -0.7},
              RunsTable.WEIGHT_SHAPES, new int[] {units, 2}, RunsTable.RADIUS_MIN, 0.9, RunsTable.RADIUS_MAX, 1.1));
        }
      }
    }
    return runs;
  }

  @Test
  void cellsAreTheModalKindWithItsCountsAndTheSeedsThatAgree() throws Exception {
    PhaseDiagrams d = new PhaseDiagrams(HandMade.data(sweep(3)));
    assertEquals(List.of(List.of(2, 1)), new ArrayList<>(d.sections().keySet()), "one section: d = 2, L = 1");
    PhaseDiagrams.Diagram dg = d.sections().get(List.of(2, 1)).get(0);
    assertEquals("abs_power", dg.activation());
    assertEquals(List.of(2, 4), new ArrayList<>(dg.cells().keySet()));
    PhaseDiagrams.Cell square = dg.cells().get(2).get(1.0);
    assertEquals("square", square.signature().category());
    assertEquals("(4, 4)", square.signature().counts(), "the f-vector at p = 1");
    assertEquals("3/3", square.share());
    PhaseDiagrams.Cell rounded = dg.cells().get(4).get(1.5);
    assertEquals("regular octagon (rounded)", rounded.signature().category());
    assertEquals("(8, 8)", rounded.signature().counts(), "the Morse counts away from p = 1");
    assertEquals("2/3", rounded.share(), "one seed in three disagrees");
    assertEquals(rounded.signature(), dg.cells().get(4).get(1.6).signature(), "p = 1.5 and 1.6 are one kind");
    assertEquals("sphere", dg.cells().get(2).get(2.0).signature().category());
    // an unnamed body is told by its symmetry group
    assertEquals("unnamed, D_2", BodySignature.category("unnamed", "D_2"));
    // the same kind has the same colour in every diagram; different kinds differ
    assertEquals(d.colourOf("square"), d.colourOf(dg.cells().get(2).get(1.0).signature().category()));
    assertFalse(d.colourOf("square").equals(d.colourOf("regular octagon")));
  }

  @Test
  void everyCellIsInTheCsvAndTheDiagramIsDrawn() throws Exception {
    PhaseDiagrams d = new PhaseDiagrams(HandMade.data(sweep(2)));
    d.write(tmp);
    List<String> lines = Files.readAllLines(tmp.resolve("phase-diagrams.csv"));
    assertEquals(1 + 2 * PS.length, lines.size());
    assertTrue(lines.contains("2,1,abs_power,,2,1.5,square (rounded),\"(4, 4)\",2,2,false,0"), lines.toString());
    assertEquals(1, d.figures().size());
    assertTrue(Files.size(tmp.resolve("figures/phase-d2-L1-abs_power.png")) > 2000);
    assertTrue(Files.readString(tmp.resolve("figures/phase-d2-L1-abs_power.svg")).contains("square (rounded)"),
        "the legend names the kinds");
    assertFalse(d.hasTransitionsTable(), "no transitions/ table: none drawn, nothing said");
    assertTrue(d.sections().get(List.of(2, 1)).get(0).transitions().isEmpty());
  }

  @Test
  void everyCellHoldsItsTextOnTheLogarithmicAxisOfThePapersExponents() throws Exception {
    // 4/3 and 1.5 (and 2, 3) get about a fifth of the height of 0.5 to 1 on a logarithmic axis
    double[] paper = {0.5, 1, 4.0 / 3, 1.5, 2, 3, 4, 16};
    PhaseDiagrams d = new PhaseDiagrams(HandMade.data(sweep(2, paper)));
    d.write(tmp);
    String svg = Files.readString(tmp.resolve("figures/phase-d2-L1-abs_power.svg"));
    assertTrue(svg.contains(">p (log)<"), "a logarithmic axis");
    // each cell's second line is the share of the seeds that agree: 2/2, or 1/2 tie for the odd one
    long shares = java.util.regex.Pattern.compile(">(2/2|1/2 tie)<").matcher(svg).results().count();
    assertEquals(2 * paper.length, shares, "every cell of the two columns has its text");
    // a tie is drawn pale: its modal value is one seed's; a cell of two agreeing seeds in full colour
    int pale = 0;
    for (Map<Double, PhaseDiagrams.Cell> col : d.sections().get(List.of(2, 1)).get(0).cells().values()) {
      for (PhaseDiagrams.Cell c : col.values()) {
        java.awt.Color full = d.colourOf(c.signature().category());
        assertEquals(c.tied() ? PhaseDiagrams.pale(full) : full, d.fillOf(c), c.share());
        pale += c.tied() ? 1 : 0;
      }
    }
    assertTrue(pale > 0, "the sweep has ties");
    assertEquals(new java.awt.Color(0xff, 0xaa, 0xaa), PhaseDiagrams.pale(new java.awt.Color(0xff, 0, 0)),
        "two thirds of the way to white");
  }

  static TableRow transition(int units, double low, double high, String property, String below, String above) {
    return transition(units, low, high, property, below, above, "hand-made");
  }

  static TableRow transition(int units, double low, double high, String property, String below, String above, String spec) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put(TransitionColumns.D, 2);
    v.put(TransitionColumns.LAYERS, 1);
    v.put(TransitionColumns.UNITS, units);
    v.put(TransitionColumns.ACTIVATION, "abs_power");
    v.put(TransitionColumns.P_LOW, low);
    v.put(TransitionColumns.P_HIGH, high);
    v.put(TransitionColumns.PROPERTY, property);
    v.put(TransitionColumns.VALUE_LOW, below);
    v.put(TransitionColumns.VALUE_HIGH, above);
    v.put(TransitionColumns.SEEDS_LOW, 3);
    v.put(TransitionColumns.SEEDS_HIGH, 3);
    v.put(TransitionColumns.SEEDS, 3);
    v.put(TransitionColumns.SPEC_NAME, spec);
    v.put(TransitionColumns.RESOLVED, true);
    return TableRow.of(v);
  }

  @Test
  void transitionsFromTheTableAreMarkedAndListed() throws Exception {
    List<TableRow> runs = sweep(3);
    Map<String, List<TableRow>> tables = Map.of(DetailTables.TRANSITIONS, List.of(
        transition(2, 1.6, 2.0, "polytope_kind", "square (rounded)", "sphere"),
        transition(4, 1.0, 1.5, "polytope_kind", "regular octagon", "regular octagon (rounded)"),
        transition(7, 1.0, 1.5, "polytope_kind", "x", "y"),
        transition(2, 1.0, 1.5, "polytope_kind", "a", "b", "another spec"),
        transition(4, 2.0, 3.0, "polytope_kind", null, "sphere")));
    ReportData data = HandMade.data(runs, tables);
    PhaseDiagrams d = new PhaseDiagrams(data);
    assertTrue(d.hasTransitionsTable());
    List<PhaseDiagrams.Transition> marks = d.sections().get(List.of(2, 1)).get(0).transitions();
    assertEquals(3, marks.size(), "the transition at 7 units has no column here, and another spec's are not these runs'");
    assertEquals(1.6, marks.get(0).pLow());
    Path dir = Files.createDirectories(tmp.resolve("report"));
    Report.write(data, dir, 4, m -> { }, System.nanoTime());
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("<td>1.6 and 2</td><td>polytope_kind</td><td>square (rounded)</td><td>sphere</td><td>3 / 3 of 3</td>"
        + "<td>true</td>"), "listed");
    assertTrue(html.contains("<td>2 and 3</td><td>polytope_kind</td><td>scattered</td><td>sphere</td>"),
        "an end without a majority value (null in transitions/) reads scattered");
    assertTrue(html.contains("Black bars: transitions"), "and explained");
  }

  /** Morse counts whose Morse relation fails (morse_ok false) are marked and agree with no correct count. */
  @Test
  void morseCountsThatFailTheirCheckAreMarked() {
    TableRow good = run("m1", 0, RunsTable.P, 1.5, RunsTable.F_VECTOR, null, RunsTable.MORSE_OK, true);
    TableRow bad = run("m2", 1, RunsTable.P, 1.5, RunsTable.F_VECTOR, null, RunsTable.MORSE_COUNTS, new int[] {6, 13, 8},
        RunsTable.MORSE_OK, false);
    assertEquals("(6, 12, 8)", BodySignature.counts(good));
    assertEquals("(6, 13, 8)?", BodySignature.counts(bad));
    assertEquals("(6, 12, 8)", BodySignature.counts(run("m3", 2, RunsTable.MORSE_OK, false)),
        "an exact f-vector is not a Morse count");
  }

  /**
   * A NO_FIT seed's body (measured, but its output collapsed or is numerically zero) is no answer:
   * the cell's kind comes from the other seeds, and a cell of NO_FIT seeds only reads "no fit"
   * (an atlas's whole (3, 2, n, 16) row was NO_FIT and drawn as scattered unnamed bodies); the
   * summary's modal and body columns leave them out the same way.
   */
  @Test
  void noFitSeedsHoldNoBody() throws Exception {
    List<TableRow> runs = new ArrayList<>();
    for (TableRow r : sweep(3)) {
      double p = r.getDouble(RunsTable.P);
      boolean octagonOne = r.getInt(RunsTable.UNITS) == 4 && p == 1.0 && r.getInt(RunsTable.SEED_INDEX) > 0;
      if ((r.getInt(RunsTable.UNITS) == 2 && p == 1.6) || octagonOne) {
        runs.add(HandMade.with(r, r.getString(RunsTable.RUN_ID), RunsTable.STATUS, "NO_FIT", RunsTable.POLYTOPE_NAME,
            "unnamed", RunsTable.SYMMETRY_GROUP, "C_2", RunsTable.RADIUS_MAX, 5.0));
      } else {
        runs.add(r);
      }
    }
    PhaseDiagrams d = new PhaseDiagrams(HandMade.data(runs));
    Map<Integer, Map<Double, PhaseDiagrams.Cell>> cells = d.sections().get(List.of(2, 1)).get(0).cells();
    PhaseDiagrams.Cell allNoFit = cells.get(2).get(1.6);
    assertNull(allNoFit.signature());
    assertEquals("no fit", allNoFit.countsText());
    assertEquals(3, allNoFit.noFit());
    PhaseDiagrams.Cell oneFits = cells.get(4).get(1.0);
    assertEquals("regular octagon", oneFits.signature().category(), "the fitted seed's kind, not the NO_FIT seeds'");
    assertEquals("1/3", oneFits.share());
    assertFalse(oneFits.majority(), "pale: one seed in three holds it");
    d.write(tmp);
    assertTrue(Files.readAllLines(tmp.resolve("phase-diagrams.csv")).contains("2,1,abs_power,,2,1.6,,,0,3,false,3"));
    ReportData data = HandMade.data(runs);
    Summary summary = new Summary(data, new Representatives(data, 10));
    int kind = summary.header().indexOf("polytope_kind");
    int ratio = summary.header().indexOf("radius_ratio_mean");
    int noFit = summary.header().indexOf("no_fit");
    int rows = 0;
    for (List<String> row : summary.rows()) {
      if (row.get(summary.header().indexOf("units")).equals("2") && row.get(summary.header().indexOf("p")).equals("1.6")) {
        rows++;
        assertEquals("", row.get(kind), "no modal kind from NO_FIT seeds: " + row);
        assertEquals("", row.get(ratio), "no body statistic from NO_FIT seeds: " + row);
        assertEquals("3", row.get(noFit));
      }
    }
    assertEquals(1, rows);
  }

  @Test
  void aCellWithoutAMeasuredBodyHasNoSignature() throws Exception {
    List<TableRow> runs = List.of(run("x1", 0, RunsTable.STATUS, "DIVERGED", RunsTable.POLYTOPE_NAME, null,
        RunsTable.F_VECTOR, null, RunsTable.MORSE_COUNTS, null, RunsTable.SYMMETRY_GROUP, null));
    PhaseDiagrams d = new PhaseDiagrams(HandMade.data(runs));
    PhaseDiagrams.Cell c = d.sections().values().iterator().next().get(0).cells().get(3).get(1.0);
    assertNull(c.signature());
    assertEquals("0/1", c.share());
  }

  /**
   * Three seeds of three signatures (the paper grid's (3, 2, 3, 1): two unnamed bodies of f-vector
   * (30, 60, 32) and groups D_2h and C_i, one octahedron): the cell, and the representative drawn
   * for it, take an unnamed (30, 60, 32) body, as two of the three seeds drew, not the one
   * octahedron that alphabetical order put first. Then two seeds of one category against one of
   * another, with three different counts: the category of the two.
   */
  @Test
  void aTiedCellTakesTheKindMostSeedsDrew() throws Exception {
    List<TableRow> seeds = List.of(
        run("a", 0, RunsTable.POLYTOPE_NAME, "unnamed", RunsTable.SYMMETRY_GROUP, "D_2h", RunsTable.F_VECTOR,
            new int[] {30, 60, 32}),
        run("b", 1, RunsTable.POLYTOPE_NAME, "unnamed", RunsTable.SYMMETRY_GROUP, "C_i", RunsTable.F_VECTOR,
            new int[] {30, 60, 32}),
        run("c", 2));
    PhaseDiagrams.Cell cell = new PhaseDiagrams(HandMade.data(seeds)).sections().get(List.of(3, 1)).get(0).cells()
        .get(3).get(1.0);
    assertEquals("unnamed, C_i", cell.signature().category(), "unnamed, then the first of the two in order");
    assertEquals("(30, 60, 32)", cell.signature().counts());
    assertEquals("1/3", cell.share());
    assertTrue(cell.tied());
    assertFalse(cell.majority(), "a tie is pale");
    assertEquals("b", Representatives.representative(seeds).getString(RunsTable.RUN_ID));

    List<TableRow> groups = List.of(
        run("d", 0, RunsTable.POLYTOPE_NAME, "unnamed", RunsTable.SYMMETRY_GROUP, "C_2h", RunsTable.F_VECTOR, null,
            RunsTable.MORSE_COUNTS, new int[] {8, 14, 8}),
        run("e", 1, RunsTable.POLYTOPE_NAME, "unnamed", RunsTable.SYMMETRY_GROUP, "C_2h", RunsTable.F_VECTOR, null,
            RunsTable.MORSE_COUNTS, new int[] {10, 18, 10}),
        run("f", 2, RunsTable.POLYTOPE_NAME, "unnamed", RunsTable.SYMMETRY_GROUP, null, RunsTable.F_VECTOR, null,
            RunsTable.MORSE_COUNTS, new int[] {2, 6, 6}));
    BodySignature.Modal m = BodySignature.modal(groups);
    assertEquals("unnamed, C_2h", m.signature().category(), "two of three seeds are C_2h; alphabetically 'unnamed' came first");
    assertEquals(1, m.agree());
    assertTrue(m.tied());
  }

  /**
   * A column trained at one exponent of a diagram whose other columns span p = 0.5 to 16 is one
   * cell around that exponent, halfway to the diagram's next exponents, not the whole axis (the
   * paper grid's (2, 1, 3..6) columns were painted as polygons from 0.5 to 16); the end cells of a
   * column reach halfway to the next exponent of the diagram.
   */
  @Test
  void aColumnIsPaintedOnlyNearTheExponentsItTrained() {
    List<Double> all = List.of(0.5, 1.0, 2.0, 4.0, 16.0);
    PhaseDiagrams.Axis axis = new PhaseDiagrams.Axis(0.5, 16, true);
    double[] one = PhaseDiagrams.span(List.of(1.0), 0, axis, all);
    assertEquals((axis.at(0.5) + axis.at(1)) / 2, one[0], 1e-12);
    assertEquals((axis.at(1) + axis.at(2)) / 2, one[1], 1e-12);
    // the column of 1 and 4: 1 from halfway to 0.5 up to halfway to 4, 4 from there up to halfway to 16
    double[] low = PhaseDiagrams.span(List.of(1.0, 4.0), 0, axis, all);
    double[] high = PhaseDiagrams.span(List.of(1.0, 4.0), 1, axis, all);
    assertEquals(one[0], low[0], 1e-12);
    assertEquals((axis.at(1) + axis.at(4)) / 2, low[1], 1e-12);
    assertEquals(low[1], high[0], 1e-12);
    assertEquals((axis.at(4) + axis.at(16)) / 2, high[1], 1e-12);
    // the diagram's lowest and highest exponents reach the axis's ends; one exponent alone fills it
    assertEquals(0, PhaseDiagrams.span(all, 0, axis, all)[0], 1e-12);
    assertEquals(1, PhaseDiagrams.span(all, 4, axis, all)[1], 1e-12);
    double[] alone = PhaseDiagrams.span(List.of(1.0), 0, new PhaseDiagrams.Axis(1, 1, false), List.of(1.0));
    assertEquals(0, alone[0], 1e-12);
    assertEquals(1, alone[1], 1e-12);
    assertEquals("3 cells", PhaseDiagrams.legendCount(3, 0));
    assertEquals("3 cells, 1 pale", PhaseDiagrams.legendCount(3, 1));
    assertEquals("1 cell, pale", PhaseDiagrams.legendCount(1, 1));
  }
}
