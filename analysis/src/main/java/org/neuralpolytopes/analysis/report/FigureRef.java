package org.neuralpolytopes.analysis.report;

import java.util.List;

/**
 * A figure written into the report: its page section, title, files (relative to the report
 * folder) and caption; {@code mesh} is the OBJ file of the body drawn, or null; {@code runs} are
 * the run_ids it shows (empty for charts).
 */
record FigureRef(String section, String title, String png, String svg, String caption, String mesh, List<String> runs) {

  FigureRef {
    runs = List.copyOf(runs);
  }
}
