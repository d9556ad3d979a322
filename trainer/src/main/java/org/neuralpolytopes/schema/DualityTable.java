package org.neuralpolytopes.schema;

import static org.neuralpolytopes.schema.ColumnType.BOOLEAN;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE;
import static org.neuralpolytopes.schema.ColumnType.INT;
import static org.neuralpolytopes.schema.ColumnType.LONG;
import static org.neuralpolytopes.schema.ColumnType.STRING;

/**
 * The {@code duality/} table: one row per conjugate pair, written whole by the duality stage after a
 * sweep or measure (or by {@code polytopes duality DIR}); a pair whose {@code polar_inputs} are
 * unchanged keeps its polar distance, the rest of its row is taken from runs/ again.
 */
public final class DualityTable {

  /** The column added after the table's first version (absent, so null, in tables written before it). */
  public static final String POLAR_INPUTS = "polar_inputs";

  public static final TableSchema<DualityRow> SCHEMA = TableSchema.<DualityRow>builder("duality", "one row per conjugate pair (p, q = p/(p-1)) of runs that differ only in p")
      .stage(ColumnStage.MEASURING) // written when a network is measured (sweep, measure), not by training
      .add("run_id_p", STRING, "", "run_id of the body at p", DualityRow::runIdP)
      .add("run_id_q", STRING, "", "run_id of the body at q", DualityRow::runIdQ)
      .add("d", INT, "", "input dimension", DualityRow::d)
      .add("layers", INT, "", "hidden layers", DualityRow::layers)
      .add("units", INT, "", "units per layer", DualityRow::units)
      .add("activation", STRING, "", "activation family", DualityRow::activation)
      .add("seed_index", INT, "", "seed index shared by both runs", DualityRow::seedIndex)
      .add("seed", LONG, "", "random seed shared by both runs (same initial weights and samples)", DualityRow::seed)
      .add("p", DOUBLE, "", "exponent of the first body", DualityRow::p)
      .add("q", DOUBLE, "", "its conjugate p/(p-1), or the largest p of the group when p = 1", DualityRow::q)
      .add("q_is_limit", BOOLEAN, "", "true when p = 1 is paired with the largest p (q = infinity in the limit)", DualityRow::qIsLimit)
      .add("polar_distance", DOUBLE, "", "max over directions of abs(r(K_p polar) - r(K_q)), both scaled to mean radius 1 and aligned by the best rotation (0 = exact duality)", DualityRow::polarDistance)
      .add("alignment_residual", DOUBLE, "", "root mean square of the same differences at that rotation", DualityRow::alignmentResidual)
      .add("fvector_dual", BOOLEAN, "", "whether the face counts of K_p reversed equal those of K_q (false when a count known on both sides differs; null when either has none, or when the known counts agree but some are unknown: the middle Morse counts of d = 4, 5)", DualityRow::fvectorDual)
      .add("mahler_ratio_p", DOUBLE, "", "mahler_ratio of the body at p (null until runs/ has it)", DualityRow::mahlerRatioP)
      .add("mahler_ratio_q", DOUBLE, "", "mahler_ratio of the body at q", DualityRow::mahlerRatioQ)
      .add("error", STRING, "", "why a pair could not be measured (null when it was)", DualityRow::error)
      .add(POLAR_INPUTS, STRING, "", "fingerprint of what the polar distance was measured from (both networks, p, q, the directions, the algorithm's version): a later duality stage keeps polar_distance, alignment_residual and error while it is unchanged", DualityRow::polarInputs)
      .build();

  private DualityTable() {}
}
