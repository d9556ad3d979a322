package org.neuralpolytopes.analysis;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * One row of a table as read back: values by column name, typed as the shared schema says
 * (int, long, double, String, boolean, int[], long[], double[], Instant), null where the writer
 * wrote null.
 */
public final class TableRow {

  private final Map<String, Object> values;

  TableRow(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * A row made by hand (tests, tools): values by column name, typed as {@link ParquetTables} would
   * return them.
   */
  public static TableRow of(Map<String, Object> values) {
    return new TableRow(new java.util.LinkedHashMap<>(values));
  }

  public Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  public boolean isNull(String column) {
    return get(column) == null;
  }

  public Object get(String column) {
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
    return values.toString();
  }
}
