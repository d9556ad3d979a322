package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The polar distance chart: a line per (d, L, n) while there are few, markers per (d, L) beyond. */
class PolarDistanceChartTest {

  @TempDir
  Path tmp;

  /** Conjugate pairs of (3, 1, n) for every n in units at p = 1, 4/3, 1.5 and 2 (distance 0.1 n / p). */
  static List<TableRow> pairs(int... units) {
    return pairs(new double[] {1, 4.0 / 3, 1.5, 2}, units);
  }

  static List<TableRow> pairs(double[] exponents, int... units) {
    List<TableRow> rows = new ArrayList<>();
    for (int n : units) {
      for (double p : exponents) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(RunsTable.D, 3);
        v.put(RunsTable.LAYERS, 1);
        v.put(RunsTable.UNITS, n);
        v.put(RunsTable.P, p);
        v.put(DualityColumns.POLAR_DISTANCE, p == 2 ? 0.0 : 0.1 * n / p);
        rows.add(TableRow.of(v));
      }
    }
    return rows;
  }

  /** The chart's caption and SVG text. */
  record Drawn(String caption, String svg) {}

  private Drawn chart(List<TableRow> duality) throws Exception {
    ReportData data = HandMade.data(List.of(run("a", 0)), Map.of(DetailTables.DUALITY, duality));
    Charts charts = new Charts(data, tmp);
    charts.drawAll(new PhaseDiagrams(data));
    FigureRef ref = charts.figures().stream().filter(f -> f.toString().contains("polar-distance-vs-p")).findFirst()
        .orElseThrow(() -> new AssertionError("no polar distance chart: " + charts.absent()));
    try (var files = Files.walk(tmp)) {
      return new Drawn(ref.caption(), Files.readString(files.filter(f -> f.getFileName().toString()
          .equals("polar-distance-vs-p.svg")).findFirst().orElseThrow(() -> new AssertionError("no SVG of " + ref))));
    }
  }

  @Test
  void fewShapesGetALineEachNamedByTheirUnits() throws Exception {
    Drawn d = chart(pairs(3, 4, 6));
    String svg = d.svg();
    assertTrue(d.caption().contains("a line per (d, L, n)"), d.caption());
    for (int n : new int[] {3, 4, 6}) {
      assertTrue(svg.contains(">d = 3, L = 1, n = " + n + "<"), "the legend names (3, 1, " + n + ")");
    }
    assertFalse(svg.contains(">d = 3, L = 1<"), "no series of all units together");
  }

  @Test
  void manyShapesGetMarkersByDepthWithoutLines() throws Exception {
    int[] units = new int[Charts.MAX_POLAR_LINES + 1];
    for (int i = 0; i < units.length; i++) {
      units[i] = 2 + i;
    }
    Drawn d = chart(pairs(units));
    assertTrue(d.caption().contains("markers by (d, L)"), d.caption());
    assertTrue(d.svg().contains(">d = 3, L = 1<"), "one series for (3, 1)");
    assertFalse(d.svg().contains("n = 2<"), "not one per units");
  }

  /**
   * A sweep whose only pairs are p = 1 with its largest p (as a grid without conjugate exponents
   * gives): every point at one p. The axis spans that p with room, its labels distinct; a plain
   * NumberAxis took a range of width 1e-8 around the one value and wrote "1E0" at every tick.
   */
  @Test
  void pairsAtOneExponentGetAReadableAxis() throws Exception {
    Drawn d = chart(pairs(new double[] {1}, 3, 4, 6));
    List<String> labels = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(">([-0-9.E]+)<").matcher(d.svg());
    while (m.find()) {
      labels.add(m.group(1));
    }
    assertTrue(labels.size() >= 4, "numbers on the axes: " + labels);
    assertFalse(labels.contains("1E0"), "the p axis reads 1E0: " + labels);
    assertTrue(labels.stream().distinct().count() == labels.size(), "a label repeated: " + labels);
    assertTrue(labels.contains("1") || labels.contains("1.0"), "p = 1 is labelled: " + labels);
  }
}
