package org.neuralpolytopes.schema;

import static org.neuralpolytopes.schema.ColumnType.DOUBLE;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE_ARRAY;
import static org.neuralpolytopes.schema.ColumnType.INT;
import static org.neuralpolytopes.schema.ColumnType.STRING;

import java.util.ArrayList;
import java.util.List;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.train.RunResult;

/**
 * The {@code vertices/} table: one row per vertex of K of every run whose exact faces are
 * complete (p = 1 and relu), with its orbit under the body's symmetry group.
 */
public final class VerticesTable {

  /** One vertex of one run. */
  public record Row(String runId, int vertex, PolytopeFaces.Vertex value, Integer orbit) {}

  public static final TableSchema<Row> SCHEMA = TableSchema.<Row>builder("vertices", "one row per vertex of every body whose exact face complex is complete (p = 1, relu)")
      .stage(ColumnStage.MEASURING) // written when a network is measured (sweep, measure), not by training
      .add("run_id", STRING, "", "the run (runs/ run_id)", Row::runId)
      .add("vertex", INT, "", "vertex id within the run, 0-based (facets/ vertex_ids refer to it)", Row::vertex)
      .add("x", DOUBLE_ARRAY, "", "coordinates of the vertex, on K (f(x) = 1)", r -> r.value().x())
      .add("radius", DOUBLE, "", "Euclidean norm of x", r -> r.value().radius())
      .add("valence", INT, "", "edges at the vertex (null when edges are not determined: d >= 4 and not convex)", r -> r.value().valence())
      .add("orbit", INT, "", "orbit of the vertex under the body's symmetry group (runs/ symmetry_group), 0-based; null when no group was found", Row::orbit)
      .build();

  private VerticesTable() {}

  /** The rows of one run: none unless its face complex is complete. */
  public static List<Row> rowsOf(RunResult r) {
    PolytopeFaces f = r.faces();
    if (f == null || f.outcome() != PolytopeFaces.Outcome.COMPLETE) {
      return List.of();
    }
    List<Row> rows = new ArrayList<>(f.vertices().size());
    for (int i = 0; i < f.vertices().size(); i++) {
      int[] orbit = r.symmetry() == null ? null : r.symmetry().orbit();
      rows.add(new Row(r.runId(), i, f.vertices().get(i), orbit == null ? null : orbit[i]));
    }
    return rows;
  }
}
