package org.neuralpolytopes.schema;

/** The value types a table column may have; the writer and reader map each to their own types. */
public enum ColumnType {
  STRING("string"),
  INT("int32"),
  LONG("int64"),
  DOUBLE("float64"),
  BOOLEAN("boolean"),
  INT_ARRAY("list<int32>"),
  LONG_ARRAY("list<int64>"),
  DOUBLE_ARRAY("list<float64>"),
  /** Microseconds since the epoch, UTC; values are {@link java.time.Instant}s. */
  TIMESTAMP("timestamp[us, UTC]");

  private final String parquetName;

  ColumnType(String parquetName) {
    this.parquetName = parquetName;
  }

  /** How docs/tables.md and error messages name the type. */
  public String displayName() {
    return parquetName;
  }
}
