package org.neuralpolytopes.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table's columns in order: the one definition that the Parquet writer (sweep-job), the Arrow
 * reader (analysis), the train command's JSON and the column reference of docs/tables.md all follow.
 *
 * @param <T> the record type of the rows
 */
public final class TableSchema<T> {

  private final String name;
  private final List<Column<T>> columns;

  private TableSchema(String name, List<Column<T>> columns) {
    this.name = name;
    this.columns = Collections.unmodifiableList(columns);
  }

  /** The table's folder name under a sweep output, e.g. {@code runs}. */
  public String name() {
    return name;
  }

  public List<Column<T>> columns() {
    return columns;
  }

  public Optional<Column<T>> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public static <T> Builder<T> builder(String name) {
    return new Builder<>(name);
  }

  /** Collects columns in order and refuses duplicate names. */
  public static final class Builder<T> {
    private final String name;
    private final List<Column<T>> columns = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder<T> add(String column, ColumnType type, String unit, String definition,
        java.util.function.Function<T, Object> getter) {
      if (!names.add(column)) {
        throw new IllegalArgumentException("duplicate column " + column + " in " + name);
      }
      columns.add(new Column<>(column, type, unit, definition, getter));
      return this;
    }

    public TableSchema<T> build() {
      return new TableSchema<>(name, new ArrayList<>(columns));
    }
  }
}
