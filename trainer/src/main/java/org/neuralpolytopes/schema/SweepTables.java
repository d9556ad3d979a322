package org.neuralpolytopes.schema;

import java.util.List;
import org.neuralpolytopes.train.RunResult;

/**
 * Every table of a sweep output, in the order they are committed: detail tables first,
 * {@code runs/} last, because a run_id in {@code runs/} is what marks a configuration as done.
 * Adding a table is one {@link TableSpec} here.
 */
public final class SweepTables {

  public static final TableSpec<RunResult> RUNS = new TableSpec<>(RunsTable.SCHEMA, List::of);

  public static final TableSpec<FacetsTable.Row> FACETS = new TableSpec<>(FacetsTable.SCHEMA, FacetsTable::rowsOf);

  public static final TableSpec<VerticesTable.Row> VERTICES = new TableSpec<>(VerticesTable.SCHEMA, VerticesTable::rowsOf);

  public static final List<TableSpec<?>> ALL = List.of(FACETS, VERTICES, RUNS);

  private SweepTables() {}

  public static List<String> names() {
    return ALL.stream().map(TableSpec::name).toList();
  }
}
