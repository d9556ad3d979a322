package org.neuralpolytopes.schema;

import java.util.List;
import org.neuralpolytopes.train.RunResult;

/**
 * Every table of a sweep output, in the order they are committed: detail tables first,
 * {@code runs/} last, because a run_id in {@code runs/} is what marks a configuration as done.
 * Adding a table is one {@link TableSpec} here. Tables derived from {@code runs/} after the
 * runs are written (duality/, transitions/) are {@link #DERIVED}.
 */
public final class SweepTables {

  public static final TableSpec<RunResult> RUNS = new TableSpec<>(RunsTable.SCHEMA, List::of);

  public static final TableSpec<FacetsTable.Row> FACETS = new TableSpec<>(FacetsTable.SCHEMA, FacetsTable::rowsOf);

  public static final TableSpec<VerticesTable.Row> VERTICES = new TableSpec<>(VerticesTable.SCHEMA, VerticesTable::rowsOf);

  public static final List<TableSpec<?>> ALL = List.of(FACETS, VERTICES, RUNS);

  /** Tables recomputed from runs/ as a whole after runs are written. */
  public static final List<TableSchema<?>> DERIVED = List.of(DualityTable.SCHEMA, TransitionsTable.SCHEMA);

  private SweepTables() {}

  /** Every table's schema, runs/ first: the order of the column reference in docs/tables.md. */
  public static List<TableSchema<?>> schemas() {
    List<TableSchema<?>> out = new java.util.ArrayList<>();
    out.add(RUNS.schema());
    out.add(FACETS.schema());
    out.add(VERTICES.schema());
    out.addAll(DERIVED);
    return out;
  }

  /** The schema of a table by folder name. */
  public static java.util.Optional<TableSchema<?>> schema(String name) {
    return schemas().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ALL.stream().map(TableSpec::name).toList();
  }
}
