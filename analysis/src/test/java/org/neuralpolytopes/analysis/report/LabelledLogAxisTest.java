package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/**
 * The report's logarithmic value axes: labelled over any range, a fraction of a decade included
 * (LogarithmicAxis alone labels powers of ten only, so a sphericity error from 2e-4 to 8e-4 had
 * an axis without a number), the labels inside the range, apart, and readable back as their values.
 */
class LabelledLogAxisTest {

  private static final Graphics2D G = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();

  /** The labelled ticks of a value axis over [lower, upper], {@code length} pixels long. */
  private static List<ValueTick> labels(double lower, double upper, int length, RectangleEdge edge) {
    LabelledLogAxis axis = LabelledLogAxis.values("y");
    axis.setRange(lower, upper);
    Rectangle2D area = edge == RectangleEdge.LEFT ? new Rectangle2D.Double(0, 0, 400, length)
        : new Rectangle2D.Double(0, 0, length, 300);
    List<ValueTick> labelled = new ArrayList<>();
    for (Object o : axis.refreshTicks(G, new AxisState(), area, edge)) {
      ValueTick t = (ValueTick) o;
      if (!t.getText().isEmpty()) {
        labelled.add(t);
      }
    }
    labelled.sort(Comparator.comparingDouble(ValueTick::getValue));
    return labelled;
  }

  @Test
  void everyRangeGetsApartLabelsInsideIt() {
    LabelledLogAxis axis = LabelledLogAxis.values("y");
    FontMetrics metrics = G.getFontMetrics(axis.getTickLabelFont());
    double[][] ranges = {{2e-4, 8e-4}, {1.2e-3, 1.9e-3}, {3e-6, 2e-5}, {1e-7, 1e-2}, {5, 40}, {0.3, 0.9},
        {1e-300, 1e300}, {0.999, 1.001}};
    for (double[] r : ranges) {
      for (int length : new int[] {150, 300}) {
        List<ValueTick> labelled = labels(r[0], r[1], length, RectangleEdge.LEFT);
        String where = r[0] + " to " + r[1] + " on " + length + " px: " + labelled.stream().map(ValueTick::getText).toList();
        assertTrue(labelled.size() >= 2, where);
        if (length == 300 && r[1] / r[0] > 1.01) {
          assertTrue(labelled.size() >= LabelledLogAxis.ENOUGH, where);
        }
        Rectangle2D area = new Rectangle2D.Double(0, 0, 400, length);
        axis.setRange(r[0], r[1]);
        for (int i = 0; i < labelled.size(); i++) {
          ValueTick t = labelled.get(i);
          assertTrue(t.getValue() >= r[0] && t.getValue() <= r[1], where);
          // the text reads back as the value (to its 3 significant digits)
          double read = Double.parseDouble(t.getText());
          assertEquals(t.getValue(), read, Math.abs(t.getValue()) * 5e-3, where);
          if (i > 0) {
            double gap = axis.valueToJava2D(labelled.get(i - 1).getValue(), area, RectangleEdge.LEFT)
                - axis.valueToJava2D(t.getValue(), area, RectangleEdge.LEFT);
            assertTrue(Math.abs(gap) >= metrics.getHeight(), where + ": " + labelled.get(i - 1).getText() + " and "
                + t.getText() + " overlap");
          }
        }
      }
    }
  }

  @Test
  void powersOfTenComeFirstAndFinerValuesOnlyWhenTooFewStand() {
    List<String> wide = labels(1e-7, 1e-2, 300, RectangleEdge.LEFT).stream().map(ValueTick::getText).toList();
    assertEquals(List.of("1e-7", "1e-6", "1e-5", "1e-4", "0.001", "0.01"), wide);
    // over many decades every s-th, evenly
    List<ValueTick> huge = labels(1e-300, 1e300, 300, RectangleEdge.LEFT);
    double step = Math.log10(huge.get(1).getValue()) - Math.log10(huge.get(0).getValue());
    assertTrue(huge.size() >= 5, huge.toString());
    for (int i = 1; i < huge.size(); i++) {
      assertEquals(step, Math.log10(huge.get(i).getValue()) - Math.log10(huge.get(i - 1).getValue()), 1e-9,
          huge.stream().map(ValueTick::getText).toList().toString());
    }
    List<String> narrow = labels(2e-4, 8e-4, 300, RectangleEdge.LEFT).stream().map(ValueTick::getText).toList();
    assertTrue(narrow.containsAll(List.of("2e-4", "5e-4")) && narrow.size() >= 3, narrow.toString());
    // a horizontal axis of parameter counts, labels as wide as their text apart
    List<String> counts = labels(40, 5000, 600, RectangleEdge.BOTTOM).stream().map(ValueTick::getText).toList();
    assertTrue(counts.containsAll(List.of("100", "1000")), counts.toString());
  }

  @Test
  void labelsAreCompact() {
    assertEquals("2e-4", LabelledLogAxis.compact(2e-4));
    assertEquals("1.5e-7", LabelledLogAxis.compact(1.5e-7));
    assertEquals("0.0012", LabelledLogAxis.compact(0.0012));
    assertEquals("20000", LabelledLogAxis.compact(20000));
    assertEquals("1e7", LabelledLogAxis.compact(1e7));
    assertEquals(0.2, LabelledLogAxis.roundStep(0.15), 0.0);
    assertEquals(5e-5, LabelledLogAxis.roundStep(3e-5), 0.0);
  }
}
