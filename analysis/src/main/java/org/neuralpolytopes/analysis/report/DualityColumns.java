package org.neuralpolytopes.analysis.report;

import java.util.List;
import org.neuralpolytopes.schema.DualityTable;

/** The duality/ columns the report reads, checked against {@link DualityTable#SCHEMA} when first used. */
final class DualityColumns {

  static final String RUN_ID_P = "run_id_p";
  static final String RUN_ID_Q = "run_id_q";
  static final String Q = "q";
  static final String Q_IS_LIMIT = "q_is_limit";
  static final String POLAR_DISTANCE = "polar_distance";

  static {
    for (String c : List.of(RUN_ID_P, RUN_ID_Q, Q, Q_IS_LIMIT, POLAR_DISTANCE)) {
      DualityTable.SCHEMA.indexOf(c); // throws if the schema has no such column
    }
  }

  private DualityColumns() {}
}
