package org.neuralpolytopes.analysis.report;

import java.util.Comparator;
import org.neuralpolytopes.analysis.TableRow;

/** One point of a sweep's grid: a configuration up to its seed. */
record GridPoint(int d, int layers, int units, double p, String activation) implements Comparable<GridPoint> {

  static final Comparator<GridPoint> ORDER = Comparator.comparingInt(GridPoint::d)
      .thenComparingInt(GridPoint::layers)
      .thenComparing(GridPoint::activation)
      .thenComparingInt(GridPoint::units)
      .thenComparingDouble(GridPoint::p);

  static GridPoint of(TableRow r) {
    return new GridPoint(r.getInt("d"), r.getInt("layers"), r.getInt("units"), r.getDouble("p"), r.getString("activation"));
  }

  boolean absPower() {
    return "abs_power".equals(activation);
  }

  /** Piecewise linear: |t| or relu, whose bodies are polytopes. */
  boolean piecewiseLinear() {
    return "relu".equals(activation) || (absPower() && p == 1.0);
  }

  /** The paper's type notation: (d, L, n, p), with relu named. */
  String label() {
    return "(" + d + ", " + layers + ", " + units + ", " + ("relu".equals(activation) ? "relu" : Values.p(p)) + ")";
  }

  @Override
  public int compareTo(GridPoint o) {
    return ORDER.compare(this, o);
  }
}
