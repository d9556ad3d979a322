package org.neuralpolytopes.schema;

import java.util.Objects;
import java.util.function.Function;

/**
 * One column of a table: name, type, unit, what it means (with a pointer into docs/metrics.md) and how
 * to read it off the record the table is made of. A getter returns null for "not measured".
 *
 * @param <T> the record type of the table's rows
 */
public record Column<T>(String name, ColumnType type, String unit, String definition, Function<T, Object> getter) {

  public Column {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(getter);
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("column names are snake_case: " + name);
    }
  }

  public Object valueOf(T row) {
    return getter.apply(row);
  }
}
