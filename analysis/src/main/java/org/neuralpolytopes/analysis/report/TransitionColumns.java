package org.neuralpolytopes.analysis.report;

import java.util.List;
import org.neuralpolytopes.schema.TransitionsTable;

/**
 * The columns of the {@code transitions/} table ({@link TransitionsTable}) the phase diagrams
 * read, checked against its schema when first used: where, between two exponents of one (d, L,
 * n, activation) of one spec, a property of the body changes, with its values and the seeds that
 * agree on each side. The table is optional: an output without it has diagrams without marks.
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
  static final String SEEDS = "seeds";
  static final String SPEC_NAME = "spec_name";
  static final String RESOLVED = "resolved";

  static {
    for (String c : List.of(D, LAYERS, UNITS, ACTIVATION, P_LOW, P_HIGH, PROPERTY, VALUE_LOW, VALUE_HIGH, SEEDS_LOW,
        SEEDS_HIGH, SEEDS, SPEC_NAME, RESOLVED)) {
      TransitionsTable.SCHEMA.indexOf(c); // throws if the schema has no such column
    }
  }

  private TransitionColumns() {}
}
