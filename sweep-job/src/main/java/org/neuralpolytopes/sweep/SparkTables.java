package org.neuralpolytopes.sweep;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.neuralpolytopes.schema.Column;
import org.neuralpolytopes.schema.ColumnType;
import org.neuralpolytopes.schema.TableSchema;

/**
 * Maps the project's one table schema ({@link TableSchema}) to Spark: column types to Spark SQL
 * types in schema order, records to {@link Row}s. Every column is nullable (a value not measured
 * is null) except the first, the row's key.
 */
public final class SparkTables {

  private SparkTables() {}

  public static <T> StructType structType(TableSchema<T> schema) {
    List<StructField> fields = new ArrayList<>();
    boolean first = true;
    for (Column<T> c : schema.columns()) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), !first));
      first = false;
    }
    return DataTypes.createStructType(fields);
  }

  static DataType sparkType(ColumnType type) {
    return switch (type) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case INT_ARRAY -> DataTypes.createArrayType(DataTypes.IntegerType, false);
      case LONG_ARRAY -> DataTypes.createArrayType(DataTypes.LongType, false);
      case DOUBLE_ARRAY -> DataTypes.createArrayType(DataTypes.DoubleType, false);
      case TIMESTAMP -> DataTypes.TimestampType;
    };
  }

  public static <T> List<Row> rows(TableSchema<T> schema, List<T> records) {
    List<Row> rows = new ArrayList<>(records.size());
    List<Column<T>> columns = schema.columns();
    for (T r : records) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = sparkValue(columns.get(i).type(), columns.get(i).valueOf(r));
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  private static Object sparkValue(ColumnType type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type) {
      case INT_ARRAY -> box((int[]) v);
      case LONG_ARRAY -> box((long[]) v);
      case DOUBLE_ARRAY -> box((double[]) v);
      case TIMESTAMP -> Timestamp.from((Instant) v);
      default -> v;
    };
  }

  private static List<Integer> box(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int x : a) {
      l.add(x);
    }
    return l;
  }

  private static List<Long> box(long[] a) {
    List<Long> l = new ArrayList<>(a.length);
    for (long x : a) {
      l.add(x);
    }
    return l;
  }

  private static List<Double> box(double[] a) {
    List<Double> l = new ArrayList<>(a.length);
    for (double x : a) {
      l.add(x);
    }
    return l;
  }
}
