package org.neuralpolytopes.analysis.report;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.TableRow;

/**
 * The tables beside runs/'s report columns: small per-grid-point tables read whole (duality/,
 * transitions/), and per-run detail read only for the runs that are drawn (facets/, vertices/, and
 * the weights in runs/).
 */
interface DetailTables {

  /** The duality stage's table (folder name). */
  String DUALITY = "duality";
  /** The refinement rounds' table of where a property changes between two exponents (folder name). */
  String TRANSITIONS = "transitions";
  String FACETS = "facets";
  String VERTICES = "vertices";

  /** A whole per-grid-point table, when the output has it. */
  Optional<List<TableRow>> whole(String table);

  /** Detail tables that are not there, with why (transitions/ is optional and never listed). */
  Map<String, String> absent();

  /** The rows of a per-run table (facets/, vertices/) of these runs, by run_id. */
  Map<String, List<TableRow>> rowsOf(String table, Collection<TableRow> runs) throws AnalysisException;

  /**
   * The rows of runs/ with the trained network of these runs, by run_id: run_id, weights,
   * weight_shapes, and for era and era_even runs activation_coefficients and activation_shape.
   */
  Map<String, TableRow> networks(Collection<TableRow> runs) throws AnalysisException;
}
