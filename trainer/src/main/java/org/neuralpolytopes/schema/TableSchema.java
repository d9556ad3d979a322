package org.neuralpolytopes.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table's columns in order: the one definition that the Parquet writer and reader (sweep-job),
 * the Arrow reader (analysis), the train command's JSON and the generated column reference
 * (docs/tables.md) all follow. A row travels as an {@code Object[]} of the columns' values in
 * this order ({@link #row}): that is what executors send back and what gets written.
 *
 * @param <T> the record type of the rows
 */
public final class TableSchema<T> {

  private final String name;
  private final String description;
  private final List<Column<T>> columns;
  private final Map<String, Integer> index = new HashMap<>();

  private TableSchema(String name, String description, List<Column<T>> columns) {
    this.name = name;
    this.description = description;
    this.columns = Collections.unmodifiableList(columns);
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
    }
  }

  /** The table's folder name under a sweep output, e.g. {@code runs}. */
  public String name() {
    return name;
  }

  /** One sentence: what a row of the table is. */
  public String description() {
    return description;
  }

  public List<Column<T>> columns() {
    return columns;
  }

  public Optional<Column<T>> column(String columnName) {
    Integer i = index.get(columnName);
    return i == null ? Optional.empty() : Optional.of(columns.get(i));
  }

  /** The position of a column in a row. */
  public int indexOf(String columnName) {
    Integer i = index.get(columnName);
    if (i == null) {
      throw new IllegalArgumentException(name + "/ has no column " + columnName);
    }
    return i;
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** The values of a record's columns, in column order. */
  public Object[] row(T record) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = columns.get(i).valueOf(record);
    }
    return values;
  }

  /** The rows of several records. */
  public List<Object[]> rows(List<T> records) {
    List<Object[]> out = new ArrayList<>(records.size());
    for (T r : records) {
      out.add(row(r));
    }
    return out;
  }

  public static <T> Builder<T> builder(String name, String description) {
    return new Builder<>(name, description);
  }

  /** Collects columns in order and refuses duplicate names. */
  public static final class Builder<T> {
    private final String name;
    private final String description;
    private final List<Column<T>> columns = new ArrayList<>();
    private final java.util.Set<String> names = new java.util.HashSet<>();
    private ColumnStage stage = ColumnStage.TRAINING;

    private Builder(String name, String description) {
      this.name = name;
      this.description = description;
    }

    /** The stage of the columns added from here on (TRAINING at first). */
    public Builder<T> stage(ColumnStage s) {
      this.stage = s;
      return this;
    }

    public Builder<T> add(String column, ColumnType type, String unit, String definition,
        java.util.function.Function<T, Object> getter) {
      if (!names.add(column)) {
        throw new IllegalArgumentException("duplicate column " + column + " in " + name);
      }
      columns.add(new Column<>(column, type, unit, definition, stage, getter));
      return this;
    }

    public TableSchema<T> build() {
      return new TableSchema<>(name, description, new ArrayList<>(columns));
    }
  }
}
