package org.neuralpolytopes.schema;

import static org.neuralpolytopes.schema.ColumnType.BOOLEAN;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE;
import static org.neuralpolytopes.schema.ColumnType.INT;
import static org.neuralpolytopes.schema.ColumnType.STRING;

/**
 * The {@code transitions/} table: one row per located change of a body property along p at fixed
 * (d, layers, units, activation), written by a sweep with a refine block and recomputed whole
 * each time (docs/metrics.md, "Figures added for atlas scale").
 */
public final class TransitionsTable {

  /** One change of one property between two neighbouring exponents. */
  public record Row(int d, int layers, int units, String activation, String specName, double pLow, double pHigh,
      String property, String valueLow, String valueHigh, int seedsLow, int seedsHigh, int seeds, boolean resolved,
      int halvings) {}

  public static final TableSchema<Row> SCHEMA = TableSchema.<Row>builder("transitions",
          "one row per change of a body property between two neighbouring exponents p at fixed (d, layers, units, activation)")
      .stage(ColumnStage.MEASURING)
      .add("d", INT, "", "input dimension", Row::d)
      .add("layers", INT, "", "hidden layers", Row::layers)
      .add("units", INT, "", "units per layer", Row::units)
      .add("activation", STRING, "", "activation family", Row::activation)
      .add("spec_name", STRING, "", "the spec whose refinement located it (its training settings identify the runs)", Row::specName)
      .add("p_low", DOUBLE, "", "the largest exponent below the change that was trained", Row::pLow)
      .add("p_high", DOUBLE, "", "the smallest exponent above the change that was trained", Row::pHigh)
      .add("property", STRING, "", "the runs/ column that changes (polytope_name compared by kind: without its exponent)", Row::property)
      .add("value_low", STRING, "", "its modal value over the OK seeds at p_low; null when no value is held by more than half of them (scattered)", Row::valueLow)
      .add("value_high", STRING, "", "its modal value over the OK seeds at p_high; null when no value is held by more than half of them (scattered)", Row::valueHigh)
      .add("seeds_low", INT, "", "OK seeds at p_low whose value is the modal one (the largest share, when scattered)", Row::seedsLow)
      .add("seeds_high", INT, "", "OK seeds at p_high whose value is the modal one (the largest share, when scattered)", Row::seedsHigh)
      .add("seeds", INT, "", "seeds per grid point", Row::seeds)
      .add("resolved", BOOLEAN, "", "p_high - p_low is within the refine tolerance (false: max_rounds was reached first)", Row::resolved)
      .add("halvings", INT, "", "times the grid bracket around the change was halved", Row::halvings)
      .build();

  private TransitionsTable() {}
}
