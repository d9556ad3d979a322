package org.neuralpolytopes.analysis.report;

/**
 * A figure written into the report: its page section, title, files (relative to the report
 * folder) and caption; {@code mesh} is the OBJ file of the body drawn, or null.
 */
record FigureRef(String section, String title, String png, String svg, String caption, String mesh) {}
