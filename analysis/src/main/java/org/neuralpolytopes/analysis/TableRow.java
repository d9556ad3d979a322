package org.neuralpolytopes.analysis;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a table as read back: values by column name, typed as the shared schema says
 * (int, long, double, String, boolean, int[], long[], double[], Instant), null where the writer
 * wrote null. A row read from Parquet is a view of a {@link ColumnTable} (nothing is copied); a row
 * made by hand ({@link #of}) holds its own values. Asking for a column that was not read is an
 * error, not a null.
 */
public final class TableRow {

  private final Map<String, Object> values;
  private final ColumnTable table;
  private final int index;

  private TableRow(Map<String, Object> values) {
    this.values = values;
    this.table = null;
    this.index = -1;
  }

  TableRow(ColumnTable table, int index) {
    this.values = null;
    this.table = table;
    this.index = index;
  }

  /**
   * A row made by hand (tests, tools): values by column name, typed as {@link ParquetTables} would
   * return them.
   */
  public static TableRow of(Map<String, Object> values) {
    return new TableRow(new LinkedHashMap<>(values));
  }

  /** Every column of the row with its value, in column order. */
  public Map<String, Object> values() {
    if (table == null) {
      return Collections.unmodifiableMap(values);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String c : table.columnNames()) {
      out.put(c, table.get(c, index));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The Parquet file the row was read from; null for a row made by hand. */
  public java.nio.file.Path sourceFile() {
    return table == null ? null : table.sourceFile(index);
  }

  /** Whether this row has the column at all (read, or given by hand). */
  public boolean has(String column) {
    return table == null ? values.containsKey(column) : table.has(column);
  }

  public boolean isNull(String column) {
    return get(column) == null;
  }

  public Object get(String column) {
    if (table != null) {
      return table.get(column, index);
    }
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException("no column " + column);
    }
    return values.get(column);
  }

  public String getString(String column) {
    return (String) get(column);
  }

  public Integer getInt(String column) {
    return (Integer) get(column);
  }

  public Long getLong(String column) {
    return (Long) get(column);
  }

  public Double getDouble(String column) {
    return (Double) get(column);
  }

  public Boolean getBoolean(String column) {
    return (Boolean) get(column);
  }

  public double[] getDoubles(String column) {
    return (double[]) get(column);
  }

  public int[] getInts(String column) {
    return (int[]) get(column);
  }

  public Instant getInstant(String column) {
    return (Instant) get(column);
  }

  @Override
  public String toString() {
    return values().toString();
  }
}
