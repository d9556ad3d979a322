package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The p axis of the charts against p: labelled at the sweep's exponents, the ends always, none overlapping. */
class ExponentAxisTest {

  @TempDir
  Path tmp;

  static final List<Double> PAPER = List.of(0.5, 1.0, 4.0 / 3, 1.5, 2.0, 3.0, 4.0, 16.0);

  /** The labelled ticks of the axis over [0.45, 18] drawn {@code width} pixels wide. */
  private static List<ValueTick> labels(int width, Graphics2D g) {
    LabelledLogAxis axis = LabelledLogAxis.exponents("p", PAPER);
    axis.setRange(0.45, 18);
    List<ValueTick> labelled = new ArrayList<>();
    for (Object o : axis.refreshTicks(g, new AxisState(), new Rectangle2D.Double(0, 0, width, 300), RectangleEdge.BOTTOM)) {
      ValueTick t = (ValueTick) o;
      if (!t.getText().isEmpty()) {
        labelled.add(t);
      }
    }
    labelled.sort(java.util.Comparator.comparingDouble(ValueTick::getValue));
    return labelled;
  }

  /**
   * The charts against n draw the exponents most units columns hold: an atlas's d = 3, L = 1
   * charts drew refinement midpoints that one column had (4.414 only at n = 5: a line of one
   * point) and left the grid's 4 and 8 out.
   */
  @Test
  void chartsAgainstUnitsTakeTheGridsExponents() {
    TreeMap<Double, Integer> columns = new TreeMap<>();
    for (double p : new double[] {0.5, 0.7071, 1, 1.414, 2, 2.828, 4, 5.657, 8, 11.31, 16}) {
      columns.put(p, 7);
    }
    columns.put(4.414, 1);
    columns.put(5.624, 1);
    columns.put(7.414, 1);
    columns.put(1.207, 6); // a midpoint that six of the seven columns share
    List<Double> chosen = Charts.pickP(columns);
    assertEquals(Charts.MAX_SERIES, chosen.size(), chosen.toString());
    assertTrue(chosen.contains(1.0) && chosen.contains(2.0) && chosen.contains(0.5) && chosen.contains(16.0), chosen.toString());
    assertTrue(chosen.stream().allMatch(p -> columns.get(p) == 7), "no refinement midpoint: " + chosen);
  }

  /**
   * A units column whose seeds are all unbounded (n = 2 < d = 3, trained at p = 1 and 3 only) does
   * not decide the exponents: the columns with bodies (n = 3, 4 at p = 0.7, 1, 2, 3, 4) are drawn
   * at all five (before, only at p = 1 and 3, the exponents the unbounded column also held).
   */
  @Test
  void unboundedColumnsDoNotChooseTheExponents() {
    Map<Integer, Map<Double, List<org.neuralpolytopes.analysis.TableRow>>> seeds = new TreeMap<>();
    for (double p : new double[] {1, 3}) {
      seeds.computeIfAbsent(2, k -> new TreeMap<>()).put(p, List.of(HandMade.run("u" + p, 0,
          org.neuralpolytopes.schema.RunsTable.UNITS, 2, org.neuralpolytopes.schema.RunsTable.STATUS, "UNBOUNDED",
          org.neuralpolytopes.schema.RunsTable.P, p)));
    }
    for (int n : new int[] {3, 4}) {
      for (double p : new double[] {0.7, 1, 2, 3, 4}) {
        seeds.computeIfAbsent(n, k -> new TreeMap<>()).put(p, List.of(HandMade.run("b" + n + p, 0,
            org.neuralpolytopes.schema.RunsTable.UNITS, n, org.neuralpolytopes.schema.RunsTable.P, p)));
      }
    }
    TreeMap<Double, Integer> drawable = Charts.drawableColumns(seeds);
    assertEquals(Map.of(0.7, 2, 1.0, 2, 2.0, 2, 3.0, 2, 4.0, 2), drawable);
    assertEquals(List.of(0.7, 1.0, 2.0, 3.0, 4.0), Charts.pickP(drawable));
  }

  @Test
  void theEndsAndAsManyExponentsAsFitAreLabelledWithoutOverlapping() {
    Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
    LabelledLogAxis axis = LabelledLogAxis.exponents("p", PAPER);
    FontMetrics metrics = g.getFontMetrics(axis.getTickLabelFont());
    for (int width : new int[] {120, 300, 650, 2000}) {
      axis.setRange(0.45, 18);
      List<ValueTick> labelled = labels(width, g);
      List<String> texts = labelled.stream().map(ValueTick::getText).toList();
      assertEquals("0.5", texts.get(0), width + " px: " + texts);
      assertEquals("16", texts.get(texts.size() - 1), width + " px: " + texts);
      Rectangle2D area = new Rectangle2D.Double(0, 0, width, 300);
      for (int i = 1; i < labelled.size(); i++) {
        double gap = axis.valueToJava2D(labelled.get(i).getValue(), area, RectangleEdge.BOTTOM)
            - axis.valueToJava2D(labelled.get(i - 1).getValue(), area, RectangleEdge.BOTTOM);
        double needed = (metrics.stringWidth(texts.get(i)) + metrics.stringWidth(texts.get(i - 1))) / 2.0;
        assertTrue(gap >= needed, width + " px: " + texts.get(i - 1) + " and " + texts.get(i) + " overlap");
      }
      if (width >= 2000) {
        assertEquals(List.of("0.5", "1", "1.333", "1.5", "2", "3", "4", "16"), texts, "room for every exponent");
      }
      if (width == 650) {
        assertTrue(texts.containsAll(List.of("0.5", "1", "2", "4", "16")) && texts.size() >= 6, texts.toString());
      }
    }
  }

  /**
   * An atlas: 11 grid exponents a factor sqrt 2 apart that every units column holds, and the
   * refinement rounds' midpoints that only some columns hold. The grid's are labelled; before, the
   * midpoints came first from the smallest and took their places (0.9359 and 1.214, not 1 and 1.414).
   */
  @Test
  void theGridsExponentsComeBeforeTheRefinementsMidpoints() {
    Map<Double, Integer> columns = new TreeMap<>();
    List<String> grid = new ArrayList<>();
    for (int j = 0; j <= 10; j++) {
      double p = 0.5 * Math.pow(Math.sqrt(2), j);
      columns.put(p, 7);
      grid.add(Values.p(p));
    }
    for (double mid : new double[] {0.62, 0.9359, 1.214, 1.707, 2.414, 3.121, 4.828, 6.096, 7.707}) {
      columns.put(mid, 2);
    }
    Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
    LabelledLogAxis axis = LabelledLogAxis.exponents("p", columns);
    axis.setRange(0.45, 18);
    List<String> texts = new ArrayList<>();
    for (Object o : axis.refreshTicks(g, new AxisState(), new Rectangle2D.Double(0, 0, 700, 300), RectangleEdge.BOTTOM)) {
      ValueTick t = (ValueTick) o;
      if (!t.getText().isEmpty()) {
        texts.add(t.getText());
      }
    }
    assertTrue(texts.containsAll(grid), "every grid exponent labelled: " + texts);
  }

  @Test
  void theReportsChartAgainstPLabelsThePapersExponentsAtBothEnds() throws Exception {
    double[] paper = PAPER.stream().mapToDouble(Double::doubleValue).toArray();
    ReportData data = HandMade.data(PhaseDiagramsTest.sweep(2, paper));
    Charts charts = new Charts(data, tmp);
    charts.drawAll(new PhaseDiagrams(data));
    Path svg;
    try (var files = Files.walk(tmp)) {
      svg = files.filter(f -> f.getFileName().toString().equals("phase-d2-L1-abs_power-vs-p.svg")).findFirst()
          .orElseThrow(() -> new AssertionError("no chart against p: " + charts.absent()));
    }
    String text = Files.readString(svg);
    for (String label : new String[] {"0.5", "1", "2", "4", "16"}) {
      assertTrue(text.contains(">" + label + "<"), "the p axis labels " + label);
    }
    assertTrue(!text.contains(">10<"), "no label at 10, which is no exponent of the sweep");
  }
}
