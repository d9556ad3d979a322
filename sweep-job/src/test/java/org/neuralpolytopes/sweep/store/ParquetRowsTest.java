package org.neuralpolytopes.sweep.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.schema.ColumnType;
import org.neuralpolytopes.schema.TableSchema;

/** Files written before a column existed are read with that column null. */
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
}
