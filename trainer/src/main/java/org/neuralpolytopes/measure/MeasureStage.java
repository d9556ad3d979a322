package org.neuralpolytopes.measure;

import java.util.List;

/**
 * The stages of measuring one body, in the order {@link BodyMeasurement} runs them, each with the
 * {@code runs/} columns it fills. When the run's deadline cuts a stage, that stage and every later
 * one are skipped and their columns stay null; the row's {@code cut_stage} names the first
 * skipped stage and its {@code error} lists the columns.
 */
public enum MeasureStage {
  /** Radii over the direction set: always measured, it costs one pass over the directions. */
  SHAPE_STATISTICS("shape_statistics", List.of("radius_min", "radius_max", "radius_mean", "sphericity_error", "volume",
      "star_shaped")),
  /** The weights modulo the network's symmetries: always measured, it costs microseconds. */
  CANONICAL_FORM("canonical_form", List.of("effective_units", "canonical_weights", "frame_defect")),
  /** The exact cell walk and face complex of a piecewise-linear network. */
  EXACT_FACES("exact_faces", List.of("f_vector", "euler_ok", "convex", "activation_cells", "facet_count",
      "vertex_count", "exact_volume", "facets/", "vertices/")),
  /** Critical points of the radial function. */
  MORSE_COUNTS("morse_counts", List.of("sphere", "morse_counts", "morse_ok")),
  /** The point group of the vertex set, and the catalogue name. */
  SYMMETRY("symmetry", List.of("symmetry_order", "rotation_order", "symmetry_group", "vertex_orbits",
      "symmetry_defect", "radius_cv", "edge_cv", "valence", "polytope_name")),
  /** The volume product vol(K) vol(K°). */
  MAHLER_PRODUCT("mahler_product", List.of("polar_volume", "mahler_product", "mahler_ratio", "mahler_error",
      "mahler_method"));

  private final String label;
  private final List<String> columns;

  MeasureStage(String label, List<String> columns) {
    this.label = label;
    this.columns = columns;
  }

  /** The stage's name in rows and messages ({@code morse_counts}, ...). */
  public String label() {
    return label;
  }

  /** The columns (and detail tables, with a trailing slash) this stage fills. */
  public List<String> columns() {
    return columns;
  }

  /** The columns left null when the deadline cuts this stage: its own and every later stage's. */
  public List<String> columnsFromHereOn() {
    List<String> out = new java.util.ArrayList<>();
    for (MeasureStage s : values()) {
      if (s.ordinal() >= ordinal()) {
        out.addAll(s.columns);
      }
    }
    return out;
  }
}
