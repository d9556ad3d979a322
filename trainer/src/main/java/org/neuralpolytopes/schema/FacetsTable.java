package org.neuralpolytopes.schema;

import static org.neuralpolytopes.schema.ColumnType.DOUBLE;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE_ARRAY;
import static org.neuralpolytopes.schema.ColumnType.INT;
import static org.neuralpolytopes.schema.ColumnType.INT_ARRAY;
import static org.neuralpolytopes.schema.ColumnType.STRING;

import java.util.ArrayList;
import java.util.List;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.train.RunResult;

/**
 * The {@code facets/} table: one row per facet of every run whose exact faces are complete (p = 1
 * and relu, status OK or TIMEOUT; docs/metrics.md, "Exact faces of piecewise-linear networks").
 */
public final class FacetsTable {

  /** One facet of one run. */
  public record Row(String runId, int facet, PolytopeFaces.Facet value) {}

  public static final TableSchema<Row> SCHEMA = TableSchema.<Row>builder("facets", "one row per facet of every body whose exact face complex is complete (p = 1, relu)")
      .stage(ColumnStage.MEASURING) // written when a network is measured (sweep, measure), not by training
      .add("run_id", STRING, "", "the run (runs/ run_id)", Row::runId)
      .add("facet", INT, "", "facet id within the run, 0-based", Row::facet)
      .add("a", DOUBLE_ARRAY, "", "linear term: f(x) = a . x on the facet's cone; the facet lies in the hyperplane a . x = 1", r -> r.value().a())
      .add("area", DOUBLE, "", "(d-1)-volume of the facet (its length in d = 2)", r -> r.value().area())
      .add("vertex_ids", INT_ARRAY, "", "its vertices (vertices/ vertex); in d = 2, 3 in boundary order, counter-clockwise seen from outside, when the boundary is one cycle; ascending otherwise", r -> r.value().vertexIds())
      .add("cells", INT, "", "activation cells merged into the facet", r -> r.value().cells())
      .build();

  private FacetsTable() {}

  /** The rows of one run: none unless its face complex is complete. */
  public static List<Row> rowsOf(RunResult r) {
    PolytopeFaces f = r.faces();
    if (f == null || f.outcome() != PolytopeFaces.Outcome.COMPLETE) {
      return List.of();
    }
    List<Row> rows = new ArrayList<>(f.facets().size());
    for (int i = 0; i < f.facets().size(); i++) {
      rows.add(new Row(r.runId(), i, f.facets().get(i)));
    }
    return rows;
  }
}
