package org.neuralpolytopes.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neuralpolytopes.train.RunResult;

/**
 * A table a sweep writes: its schema and how to get its rows from one run's result (one row per
 * run for {@code runs/}, one per facet for {@code facets/}, ...).
 *
 * @param <T> the record type of the table's rows
 */
public record TableSpec<T>(TableSchema<T> schema, Function<RunResult, List<T>> rowsOf) {

  public String name() {
    return schema.name();
  }

  /** Every row of this table for a batch of results, in result order. */
  public List<T> rows(List<RunResult> results) {
    List<T> out = new ArrayList<>();
    for (RunResult r : results) {
      out.addAll(rowsOf.apply(r));
    }
    return out;
  }
}
