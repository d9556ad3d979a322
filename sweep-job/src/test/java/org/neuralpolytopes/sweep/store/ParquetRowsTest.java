package org.neuralpolytopes.sweep.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.schema.ColumnType;
import org.neuralpolytopes.schema.TableSchema;

/**
 * Rows written and read back: every column type, nulls, projections in any order, and files
 * written before a column existed (that column reads as null).
 */
class ParquetRowsTest {

  @TempDir
  java.nio.file.Path tmp;

  private static TableSchema<Object> schema(boolean withNewColumn) {
    TableSchema.Builder<Object> b = TableSchema.builder("t", "a test table")
        .add("run_id", ColumnType.STRING, "", "key", r -> null)
        .add("loss", ColumnType.DOUBLE, "", "a value", r -> null);
    if (withNewColumn) {
      b.add("coefficients", ColumnType.DOUBLE_ARRAY, "", "added later", r -> null);
    }
    return b.build();
  }

  @Test
  void aColumnTheFileLacksReadsAsNull() throws Exception {
    Configuration conf = new Configuration();
    Path file = new Path(tmp.resolve("old.parquet").toUri());
    ParquetRows.write(schema(false), List.of(new Object[] {"a", 0.5}, new Object[] {"b", 0.25}), file, conf);

    List<Object[]> rows = ParquetRows.read(schema(true), file, conf);
    assertEquals(2, rows.size());
    assertEquals("a", rows.get(0)[0]);
    assertEquals(0.25, rows.get(1)[1]);
    assertNull(rows.get(0)[2]);
    assertNull(rows.get(1)[2]);

    List<Object[]> onlyNew = ParquetRows.read(schema(true), List.of("coefficients"), file, conf);
    assertEquals(2, onlyNew.size());
    assertNull(onlyNew.get(0)[0]);

    Path current = new Path(tmp.resolve("new.parquet").toUri());
    ParquetRows.write(schema(true), List.<Object[]>of(new Object[] {"c", 1.0, new double[] {1, 2}}), current, conf);
    assertArrayEquals(new double[] {1, 2}, (double[]) ParquetRows.read(schema(true), current, conf).get(0)[2]);
  }

  private static final TableSchema<Object> ALL_TYPES = TableSchema.builder("all", "every column type")
      .add("run_id", ColumnType.STRING, "", "key", r -> null)
      .add("i", ColumnType.INT, "", "", r -> null)
      .add("l", ColumnType.LONG, "", "", r -> null)
      .add("x", ColumnType.DOUBLE, "", "", r -> null)
      .add("b", ColumnType.BOOLEAN, "", "", r -> null)
      .add("at", ColumnType.TIMESTAMP, "", "", r -> null)
      .add("ia", ColumnType.INT_ARRAY, "", "", r -> null)
      .add("la", ColumnType.LONG_ARRAY, "", "", r -> null)
      .add("xa", ColumnType.DOUBLE_ARRAY, "", "", r -> null)
      .build();

  private static Object[] row(int k) {
    if (k % 3 == 2) {
      return new Object[] {"r" + (1000 + k), null, null, null, null, null, null, null, null};
    }
    return new Object[] {"r" + (1000 + k), k, -7L * k, k / 3.0, k % 2 == 0, Instant.ofEpochSecond(1_700_000_000L + k, 123_456_000),
        new int[] {k, -k}, new long[k % 4], new double[] {Math.PI * k, -0.0, Double.MIN_VALUE}};
  }

  @Test
  void everyColumnTypeAndNullReadsBackAsWritten() throws Exception {
    Configuration conf = new Configuration();
    Path file = new Path(tmp.resolve("all.parquet").toUri());
    List<Object[]> written = new ArrayList<>();
    for (int k = 0; k < 2500; k++) {
      written.add(row(k));
    }
    ParquetRows.write(ALL_TYPES, written, file, conf);

    List<Object[]> read = ParquetRows.read(ALL_TYPES, file, conf);
    assertEquals(written.size(), read.size());
    for (int k = 0; k < written.size(); k++) {
      assertArrayEquals(written.get(k), read.get(k), "row " + k);
    }
    assertEquals(2500, ParquetRows.rowCount(file, conf));
    ParquetRows.Footer footer = ParquetRows.footer(file, conf);
    assertEquals(new ParquetRows.Footer(2500, "r1000", "r3499"), footer);

    // a projection in another order than the file's: each value under its own name
    List<Object[]> some = ParquetRows.read(ALL_TYPES, List.of("xa", "run_id", "i"), file, conf);
    for (int k = 0; k < written.size(); k++) {
      Object[] w = written.get(k);
      assertArrayEquals(new Object[] {w[8], w[0], w[1]}, some.get(k), "row " + k);
    }
  }

  /** A list of doubles keeps NaN and the infinities (cooling_temperatures stores a step's tau as computed). */
  @Test
  void nonFiniteDoublesOfAListReadBackAsWritten() throws Exception {
    Configuration conf = new Configuration();
    Path file = new Path(tmp.resolve("nonfinite.parquet").toUri());
    double[] values = {Double.NaN, 1.25, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.5, 0.0};
    ParquetRows.write(schema(true), List.<Object[]>of(new Object[] {"a", Double.NaN, values}), file, conf);
    Object[] read = ParquetRows.read(schema(true), file, conf).get(0);
    assertArrayEquals(values, (double[]) read[2], 0.0);
    assertEquals(Double.NaN, (Double) read[1]);
  }

  @Test
  void aColumnOfAnotherTypeInTheFileIsAnErrorNotAValue() throws Exception {
    Configuration conf = new Configuration();
    Path file = new Path(tmp.resolve("typed.parquet").toUri());
    TableSchema<Object> asText = TableSchema.builder("t", "a test table")
        .add("run_id", ColumnType.STRING, "", "key", r -> null)
        .add("loss", ColumnType.STRING, "", "a value", r -> null)
        .build();
    ParquetRows.write(asText, List.<Object[]>of(new Object[] {"a", "0.5"}), file, conf);
    assertThrows(RuntimeException.class, () -> ParquetRows.read(schema(false), file, conf));
  }
}
