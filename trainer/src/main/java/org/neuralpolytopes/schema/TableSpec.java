package org.neuralpolytopes.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neuralpolytopes.train.RunResult;

/**
 * A table a run writes rows into: its schema and how to get its records from one run's result
 * (one row per run for {@code runs/}, one per facet for {@code facets/}, ...).
 *
 * @param <T> the record type of the table's rows
 */
public record TableSpec<T>(TableSchema<T> schema, Function<RunResult, List<T>> recordsOf) {

  public String name() {
    return schema.name();
  }

  /** This table's rows of one run, as column values in schema order. */
  public List<Object[]> rows(RunResult r) {
    List<T> records = recordsOf.apply(r);
    List<Object[]> out = new ArrayList<>(records.size());
    for (T rec : records) {
      out.add(schema.row(rec));
    }
    return out;
  }
}
