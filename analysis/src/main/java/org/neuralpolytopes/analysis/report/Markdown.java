package org.neuralpolytopes.analysis.report;

import java.util.List;

/** Pipe tables for the Markdown files. */
final class Markdown {

  private Markdown() {}

  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(line(header));
    sb.append(line(header.stream().map(h -> "---").toList()));
    for (List<String> r : rows) {
      sb.append(line(r));
    }
    return sb.toString();
  }

  /** One table line, with pipes in cells escaped. */
  static String line(List<String> cells) {
    StringBuilder sb = new StringBuilder("|");
    for (String c : cells) {
      sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    return sb.append('\n').toString();
  }
}
