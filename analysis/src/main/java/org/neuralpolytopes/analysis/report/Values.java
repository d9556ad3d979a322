package org.neuralpolytopes.analysis.report;

import java.util.Locale;
import org.neuralpolytopes.analysis.TableRow;

/**
 * Reads a column's value whatever numeric type the shared schema gives it (a count may be int32
 * or int64, a vector list of int32, int64 or float64), and formats values for tables.
 */
final class Values {

  private Values() {}

  static Double number(TableRow r, String column) {
    Object v = r.get(column);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  static String text(TableRow r, String column) {
    Object v = r.get(column);
    return v == null ? null : format(v);
  }

  static Boolean bool(TableRow r, String column) {
    Object v = r.get(column);
    return v instanceof Boolean b ? b : null;
  }

  /** An integer vector (f-vector, Morse counts, vertex ids) from any list type; null if absent. */
  static long[] longs(Object v) {
    if (v instanceof int[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    if (v instanceof long[] a) {
      return a.clone();
    }
    if (v instanceof double[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = Math.round(a[i]);
      }
      return out;
    }
    return null;
  }

  static double[] doubles(Object v) {
    if (v instanceof double[] a) {
      return a.clone();
    }
    long[] l = longs(v);
    if (l == null) {
      return null;
    }
    double[] out = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = l[i];
    }
    return out;
  }

  /** How a value appears in a table: vectors as (a, b, c), numbers compactly. */
  static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return num(d);
    }
    if (v instanceof double[] a) {
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(num(a[i]));
      }
      return sb.append(')').toString();
    }
    long[] l = longs(v);
    if (l != null) {
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < l.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(l[i]);
      }
      return sb.append(')').toString();
    }
    return v.toString();
  }

  /** A number with 4 significant digits, plain when that is readable. */
  static String num(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e9) {
      return Long.toString((long) x);
    }
    double a = Math.abs(x);
    if (a >= 1e-3 && a < 1e6) {
      String s = String.format(Locale.ROOT, "%.4g", x);
      if (s.contains(".") && !s.contains("e")) {
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
      }
      return s;
    }
    return String.format(Locale.ROOT, "%.3e", x);
  }

  /** The exponent p as written in specs (4/3 shows as 1.333). */
  static String p(double p) {
    return num(p);
  }
}
