package org.neuralpolytopes.analysis;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.dataset.source.DatasetFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.neuralpolytopes.schema.Column;
import org.neuralpolytopes.schema.ColumnType;
import org.neuralpolytopes.schema.TableSchema;

/**
 * Reads a Parquet table folder through Apache Arrow's dataset API (C++ Parquet reader over JNI,
 * no Spark), checking every column of the shared schema for presence and type, so a renamed or
 * retyped column fails here with its name instead of surfacing as a wrong figure. Files starting
 * with "_" or "." (Spark's _SUCCESS, uncommitted _temporary) are not part of the table.
 */
public final class ParquetTables {

  private ParquetTables() {}

  public static <T> List<TableRow> read(Path folder, TableSchema<T> schema) throws AnalysisException {
    List<TableRow> rows = new ArrayList<>();
    String uri = folder.toAbsolutePath().toUri().toString();
    try (BufferAllocator allocator = new RootAllocator();
        DatasetFactory factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(),
            FileFormat.PARQUET, uri)) {
      Schema found = factory.inspect();
      check(folder, schema, found);
      try (Dataset dataset = factory.finish();
          Scanner scanner = dataset.newScan(new ScanOptions(4096));
          ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          for (int i = 0; i < root.getRowCount(); i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Column<T> c : schema.columns()) {
              values.put(c.name(), value(root.getVector(c.name()), c.type(), i));
            }
            rows.add(new TableRow(values));
          }
        }
      }
    } catch (AnalysisException e) {
      throw e;
    } catch (Exception e) {
      throw new AnalysisException(folder + ": cannot read the Parquet files (" + e.getMessage() + ")", e);
    }
    return rows;
  }

  private static <T> void check(Path folder, TableSchema<T> schema, Schema found) throws AnalysisException {
    for (Column<T> c : schema.columns()) {
      Field f;
      try {
        f = found.findField(c.name());
      } catch (IllegalArgumentException e) {
        throw new AnalysisException(folder + ": column " + c.name() + " is missing (expected "
            + c.type().displayName() + "); was this table written by another version?");
      }
      if (!matches(c.type(), f)) {
        throw new AnalysisException(folder + ": column " + c.name() + " has type " + f.getType()
            + ", expected " + c.type().displayName());
      }
    }
  }

  static boolean matches(ColumnType type, Field f) {
    ArrowType t = f.getType();
    return switch (type) {
      case STRING -> t instanceof ArrowType.Utf8;
      case INT -> t instanceof ArrowType.Int i && i.getBitWidth() == 32;
      case LONG -> t instanceof ArrowType.Int i && i.getBitWidth() == 64;
      case DOUBLE -> t instanceof ArrowType.FloatingPoint;
      case BOOLEAN -> t instanceof ArrowType.Bool;
      case INT_ARRAY -> isList(f) && matches(ColumnType.INT, f.getChildren().get(0));
      case LONG_ARRAY -> isList(f) && matches(ColumnType.LONG, f.getChildren().get(0));
      case DOUBLE_ARRAY -> isList(f) && matches(ColumnType.DOUBLE, f.getChildren().get(0));
      case TIMESTAMP -> t instanceof ArrowType.Timestamp;
    };
  }

  private static boolean isList(Field f) {
    return f.getType() instanceof ArrowType.List && f.getChildren().size() == 1;
  }

  private static Object value(FieldVector v, ColumnType type, int i) {
    if (v.isNull(i)) {
      return null;
    }
    switch (type) {
      case STRING:
        return new String(((VarCharVector) v).get(i), java.nio.charset.StandardCharsets.UTF_8);
      case INT:
        return ((IntVector) v).get(i);
      case LONG:
        return ((BigIntVector) v).get(i);
      case DOUBLE:
        return ((Float8Vector) v).get(i);
      case BOOLEAN:
        return ((BitVector) v).get(i) != 0;
      case TIMESTAMP: {
        TimeStampVector ts = (TimeStampVector) v;
        long raw = ts.get(i);
        TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
        return switch (unit) {
          case SECOND -> Instant.ofEpochSecond(raw);
          case MILLISECOND -> Instant.ofEpochMilli(raw);
          case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000L), Math.floorMod(raw, 1_000_000L) * 1000);
          case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000_000L), Math.floorMod(raw, 1_000_000_000L));
        };
      }
      default: {
        ListVector list = (ListVector) v;
        int start = list.getElementStartIndex(i);
        int end = list.getElementEndIndex(i);
        FieldVector data = list.getDataVector();
        int n = end - start;
        if (type == ColumnType.DOUBLE_ARRAY) {
          double[] out = new double[n];
          for (int k = 0; k < n; k++) {
            out[k] = ((Float8Vector) data).get(start + k);
          }
          return out;
        } else if (type == ColumnType.INT_ARRAY) {
          int[] out = new int[n];
          for (int k = 0; k < n; k++) {
            out[k] = ((IntVector) data).get(start + k);
          }
          return out;
        } else {
          long[] out = new long[n];
          for (int k = 0; k < n; k++) {
            out[k] = ((BigIntVector) data).get(start + k);
          }
          return out;
        }
      }
    }
  }
}
