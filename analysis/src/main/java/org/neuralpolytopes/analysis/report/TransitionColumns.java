package org.neuralpolytopes.analysis.report;

/**
 * The columns of the {@code transitions/} table the phase diagrams read: where, between two
 * exponents of one (d, L, n, activation), a property of the body (its kind, counts, group)
 * changes, with its values and the seeds that agree on each side. The table is optional: an output
 * without it has diagrams without transition marks.
 */
final class TransitionColumns {

  static final String D = "d";
  static final String LAYERS = "layers";
  static final String UNITS = "units";
  static final String ACTIVATION = "activation";
  static final String P_LOW = "p_low";
  static final String P_HIGH = "p_high";
  static final String PROPERTY = "property";
  static final String VALUE_LOW = "value_low";
  static final String VALUE_HIGH = "value_high";
  static final String SEEDS_LOW = "seeds_low";
  static final String SEEDS_HIGH = "seeds_high";

  private TransitionColumns() {}
}
