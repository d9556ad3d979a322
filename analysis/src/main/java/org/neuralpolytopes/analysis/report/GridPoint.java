package org.neuralpolytopes.analysis.report;

import java.util.Comparator;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * One point of a sweep's grid: a trained network's full identity up to its seed (architecture,
 * activation and every training setting). {@code tag} names the schedule when the output holds
 * several ("A", "B", ...; empty when there is one), so that labels tell such points apart.
 */
record GridPoint(int d, int layers, int units, double p, String activation, Schedule schedule, String tag)
    implements Comparable<GridPoint> {

  static final String ABS_POWER = "abs_power";
  static final String RELU = "relu";

  /** Sections (d, L), then activation, schedule, units and p. */
  static final Comparator<GridPoint> ORDER = Comparator.comparingInt(GridPoint::d)
      .thenComparingInt(GridPoint::layers)
      .thenComparing(GridPoint::activation)
      .thenComparing(GridPoint::schedule)
      .thenComparingInt(GridPoint::units)
      .thenComparingDouble(GridPoint::p);

  /** The grid point of a run, its schedule tagged by {@code tags}. */
  static GridPoint of(TableRow r, ScheduleTags tags) {
    Schedule s = Schedule.of(r);
    return new GridPoint(r.getInt(RunsTable.D), r.getInt(RunsTable.LAYERS), r.getInt(RunsTable.UNITS),
        r.getDouble(RunsTable.P), r.getString(RunsTable.ACTIVATION), s, tags.tag(s));
  }

  boolean absPower() {
    return ABS_POWER.equals(activation);
  }

  /** Piecewise linear: |t| or relu, whose bodies are polytopes. */
  boolean piecewiseLinear() {
    return RELU.equals(activation) || (absPower() && p == 1.0);
  }

  /** The same configuration at another exponent. */
  GridPoint withP(double q) {
    return new GridPoint(d, layers, units, q, activation, schedule, tag);
  }

  /** The same configuration with other layers and units. */
  GridPoint with(int newLayers, int newUnits) {
    return new GridPoint(d, newLayers, newUnits, p, activation, schedule, tag);
  }

  /** The paper's type notation (d, L, n, p), relu named, and the schedule when there are several. */
  String label() {
    return "(" + d + ", " + layers + ", " + units + ", " + (RELU.equals(activation) ? "relu" : Values.p(p)) + ")"
        + (tag.isEmpty() ? "" : " [schedule " + tag + "]");
  }

  @Override
  public int compareTo(GridPoint o) {
    return ORDER.compare(this, o);
  }
}
