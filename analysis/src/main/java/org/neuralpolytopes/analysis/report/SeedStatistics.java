package org.neuralpolytopes.analysis.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Statistics over the seeds of a grid point: modal values (all tied values when several are
 * equally frequent) and summaries of a number column over the runs that have it. The report's
 * tables, phase diagrams, claims and representatives all use these, so that they agree.
 */
final class SeedStatistics {

  private SeedStatistics() {}

  /**
   * The most frequent non-null values and how many runs have each: one value, or all values tied
   * for most frequent (in sorted order), so that a table never shows one seed's value as if it
   * were the others'.
   */
  record Mode(List<String> values, long count) {

    /** The modal value, or the tied values joined by " / ". */
    String value() {
      return String.join(" / ", values);
    }

    /** The first of the tied values (sorted order), or null when no run has one. */
    String first() {
      return values.isEmpty() ? null : values.get(0);
    }
  }

  static Mode mode(List<TableRow> rs, Function<TableRow, String> value) {
    Map<String, Long> counts = new TreeMap<>();
    for (TableRow r : rs) {
      String v = value.apply(r);
      if (v != null) {
        counts.merge(v, 1L, Long::sum);
      }
    }
    long n = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    List<String> best = counts.entrySet().stream().filter(e -> e.getValue() == n).map(Map.Entry::getKey).toList();
    return new Mode(best, n);
  }

  /** The modal value of a column, as the tables print it. */
  static Mode mode(List<TableRow> rs, String column) {
    return mode(rs, r -> Values.text(r, column));
  }

  /** radius_max / radius_min, null when either is missing. */
  static Double radiusRatio(TableRow r) {
    Double max = Values.number(r, RunsTable.RADIUS_MAX);
    Double min = Values.number(r, RunsTable.RADIUS_MIN);
    return max == null || min == null || min <= 0 ? null : max / min;
  }

  static Function<TableRow, Double> column(String name) {
    return r -> Values.number(r, name);
  }

  /**
   * A statistic of the body, null for a run without a bounded body that fits ({@link Representatives#drawable}):
   * an UNBOUNDED run's radii, sphericity and volume are those of the sampled directions only.
   */
  static Function<TableRow, Double> ofBoundedBody(Function<TableRow, Double> f) {
    return r -> Representatives.drawable(r) ? f.apply(r) : null;
  }

  /** The finite values of f over the runs. */
  static List<Double> finite(List<TableRow> rs, Function<TableRow, Double> f) {
    List<Double> xs = new ArrayList<>();
    for (TableRow r : rs) {
      Double x = f.apply(r);
      if (x != null && Double.isFinite(x)) {
        xs.add(x);
      }
    }
    return xs;
  }

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** The median (NaN for no values). */
  static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static double sd(List<Double> xs) {
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (xs.size() - 1));
  }

  enum Stat { MEAN, MEDIAN, SD, MIN, MAX }

  /** A statistic of f over the runs as the tables print it; empty when no run has a value. */
  static String stat(List<TableRow> rs, Function<TableRow, Double> f, Stat s) {
    List<Double> xs = finite(rs, f);
    if (xs.isEmpty() || (s == Stat.SD && xs.size() < 2)) {
      return "";
    }
    return Values.num(switch (s) {
      case MEAN -> mean(xs);
      case MEDIAN -> median(xs);
      case MIN -> Collections.min(xs);
      case MAX -> Collections.max(xs);
      case SD -> sd(xs);
    });
  }
}
