package org.neuralpolytopes.analysis.report;

import java.util.List;

/** CSV lines (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled). */
final class Csv {

  private Csv() {}

  static String line(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i) == null ? "" : cells.get(i);
      if (i > 0) {
        sb.append(',');
      }
      if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    return sb.append('\n').toString();
  }
}
