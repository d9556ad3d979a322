package org.neuralpolytopes.analysis.report;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A logarithmic axis that chooses its own labels: candidate values in tiers, most important first,
 * each placed where its label does not come within a few pixels of one already placed, and the next
 * tier tried only while fewer than {@link #ENOUGH} labels stand. LogarithmicAxis's own ticks stay,
 * unlabelled, for the gridlines.
 *
 * <p>Why: LogarithmicAxis labels powers of ten only (and on a horizontal axis 1, 2, ..., 9 between
 * them), so a vertical axis over less than a decade had no label at all (the sphericity errors of
 * a sweep, 2e-4 to 8e-4), and one over a little more than a decade one; and a p axis left the
 * sweep's own exponents unlabelled.
 */
final class LabelledLogAxis extends LogarithmicAxis {

  private static final long serialVersionUID = 1L;
  /** Pixels kept clear between two labels. */
  private static final int GAP = 6;
  /** Labels wanted before a value axis stops trying finer tiers. */
  static final int ENOUGH = 3;

  /** The candidates of an axis over [lower, upper], tier by tier. */
  @FunctionalInterface
  interface Tiers {
    /** The candidates over [lower, upper] on an axis with room for about {@code room} labels. */
    List<double[]> of(double lower, double upper, int room);
  }

  // transient: JFreeChart's axes are Serializable, these charts are never serialised
  private final transient Tiers tiers;
  private final transient DoubleFunction<String> text;

  private LabelledLogAxis(String label, Tiers tiers, DoubleFunction<String> text) {
    super(label);
    this.tiers = tiers;
    this.text = text;
    setStrictValuesFlag(false);
    setExpTickLabelsFlag(false);
    setAutoRangeNextLogFlag(false);
  }

  /**
   * A p axis labelled at the sweep's own exponents: the two ends first, then the others from the
   * smallest (LogarithmicAxis's 1, 2, ..., 10 left the paper grid's 0.5 and 16 unlabelled, and 4/3
   * and 1.5 among unlabelled minor lines).
   */
  static LabelledLogAxis exponents(String label, Collection<Double> exponents) {
    Map<Double, Integer> once = new TreeMap<>();
    exponents.forEach(p -> once.put(p, 1));
    return exponents(label, once);
  }

  /**
   * A p axis labelled at the sweep's exponents, those held by more of the chart's columns first
   * (the grid's exponents before the refinement rounds' midpoints, which only the columns with a
   * change of type have: an atlas chart labelled 0.9359 and 1.214 and not 1 and 1.414): the two
   * ends, then by that count, ties from the smallest.
   */
  static LabelledLogAxis exponents(String label, Map<Double, Integer> counts) {
    double[] ps = counts.keySet().stream().mapToDouble(Double::doubleValue).filter(p -> p > 0).sorted().toArray();
    int n = ps.length;
    List<Double> rest = new ArrayList<>();
    for (int i = 1; i < n - 1; i++) {
      rest.add(ps[i]);
    }
    rest.sort(Comparator.comparing((Double p) -> -counts.get(p)).thenComparing(p -> p));
    double[] order = new double[n];
    for (int i = 0; i < n; i++) {
      order[i] = i == 0 ? ps[0] : i == 1 ? ps[n - 1] : rest.get(i - 2);
    }
    return new LabelledLogAxis(label, (lower, upper, room) -> List.of(order), Values::p);
  }

  /**
   * A value axis: powers of ten (every s-th where more than fit, s = 1, 2, 5, 10, 20, ...); while
   * fewer than {@link #ENOUGH} labels stand, 2 and 5 times them, then the other multiples 3, 4, 6,
   * 7, 8, 9, then (a range of less than a factor of about 3) evenly spaced round values, 1, 2 or 5
   * times a power of ten apart.
   */
  static LabelledLogAxis values(String label) {
    return new LabelledLogAxis(label, LabelledLogAxis::valueTiers, LabelledLogAxis::compact);
  }

  static List<double[]> valueTiers(double lower, double upper, int room) {
    List<double[]> tiers = new ArrayList<>();
    if (!(lower > 0) || !(upper > lower) || !Double.isFinite(upper)) {
      return tiers;
    }
    int first = (int) Math.floor(Math.log10(lower));
    int last = (int) Math.ceil(Math.log10(upper));
    // over many decades every s-th power of ten, s 1, 2 or 5 times a power of ten, so that they fit
    int stride = (int) roundStep(Math.max(1, (last - first) / (double) Math.max(1, room)));
    List<Double> decades = new ArrayList<>();
    for (int e = Math.floorDiv(first, stride) * stride; e <= last; e += stride) {
      decades.add(Double.parseDouble("1e" + e));
    }
    tiers.add(decades.stream().mapToDouble(Double::doubleValue).toArray());
    tiers.add(multiples(first, last, new int[] {2, 5}));
    tiers.add(multiples(first, last, new int[] {3, 4, 6, 7, 8, 9}));
    double step = roundStep((upper - lower) / 4);
    List<Double> even = new ArrayList<>();
    for (double k = Math.ceil(lower / step); k * step <= upper && even.size() < 12; k++) {
      even.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", k * step))); // no 0.30000000000000004
    }
    tiers.add(even.stream().mapToDouble(Double::doubleValue).toArray());
    return tiers;
  }

  /** m 10^e for every e in [first, last] and m in {@code factors}. */
  private static double[] multiples(int first, int last, int[] factors) {
    List<Double> out = new ArrayList<>();
    for (int e = first; e <= last; e++) {
      for (int m : factors) {
        out.add(Double.parseDouble(m + "e" + e)); // exactly the double nearest m 10^e
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** 1, 2 or 5 times a power of ten, the least of them at least x. */
  static double roundStep(double x) {
    double decade = Math.pow(10, Math.floor(Math.log10(x)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * decade >= x * (1 - 1e-9)) {
        return m * decade;
      }
    }
    return 10 * decade;
  }

  /** A tick label: plain from 0.001 to below 10^6 (as tables show numbers), else 2e-5, 1.5e-7. */
  static String compact(double v) {
    double a = Math.abs(v);
    if (a == 0 || (a >= 1e-3 && a < 1e6) || !Double.isFinite(v)) {
      return Values.num(v);
    }
    String[] parts = String.format(Locale.ROOT, "%.2e", v).split("e");
    String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
    return mantissa + "e" + Integer.parseInt(parts[1]);
  }

  @Override
  @SuppressWarnings("rawtypes")
  protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return labelled(super.refreshTicksHorizontal(g2, dataArea, edge), g2, dataArea, edge, true);
  }

  @Override
  @SuppressWarnings("rawtypes")
  protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return labelled(super.refreshTicksVertical(g2, dataArea, edge), g2, dataArea, edge, false);
  }

  /** LogarithmicAxis's ticks without their labels, and the chosen labels as major ticks. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private List labelled(List own, Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge, boolean horizontal) {
    FontMetrics metrics = g2.getFontMetrics(getTickLabelFont());
    List<ValueTick> labels = new ArrayList<>();
    List<double[]> taken = new ArrayList<>();
    double length = horizontal ? dataArea.getWidth() : dataArea.getHeight();
    double extent = (horizontal ? metrics.stringWidth("1e-300") : metrics.getHeight()) + GAP;
    for (double[] tier : tiers.of(getLowerBound(), getUpperBound(), (int) (length / extent))) {
      if (labels.size() >= ENOUGH) {
        break;
      }
      for (double v : tier) {
        if (v < getLowerBound() || v > getUpperBound()) {
          continue;
        }
        String label = text.apply(v);
        double at = valueToJava2D(v, dataArea, edge);
        double half = (horizontal ? metrics.stringWidth(label) : metrics.getHeight()) / 2.0 + GAP / 2.0;
        if (taken.stream().noneMatch(t -> at + half > t[0] && at - half < t[1])) {
          taken.add(new double[] {at - half, at + half});
          labels.add(horizontal
              ? new NumberTick(TickType.MAJOR, v, label, TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0)
              : edge == RectangleEdge.LEFT
                  ? new NumberTick(TickType.MAJOR, v, label, TextAnchor.CENTER_RIGHT, TextAnchor.CENTER_RIGHT, 0.0)
                  : new NumberTick(TickType.MAJOR, v, label, TextAnchor.CENTER_LEFT, TextAnchor.CENTER_LEFT, 0.0));
        }
      }
    }
    List ticks = new ArrayList<>();
    for (Object o : own) {
      ValueTick t = (ValueTick) o;
      ticks.add(new NumberTick(TickType.MINOR, t.getValue(), "", t.getTextAnchor(), t.getRotationAnchor(), t.getAngle()));
    }
    ticks.addAll(labels);
    return ticks;
  }
}
