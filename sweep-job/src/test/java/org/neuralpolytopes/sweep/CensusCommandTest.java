package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.census.CensusTable;

/** The census command: its table, its Parquet file, and its refusals. */
class CensusCommandTest {

  @TempDir
  Path dir;

  @Test
  void writesOneParquetFileWithTheCensusSchema() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path file = dir.resolve("census.parquet");
    CommandRun run = CommandRun.of("census", "--d", "2", "--layers", "1", "--units", "2", "--p", "4", "--starts", "64",
        "--out", file.toString());
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("square (rounded, p=4)"), run.out());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList(), "one file, no staging folder or checksum left");
    }
    Dataset<Row> rows = spark.read().parquet(file.toString());
    assertEquals(CensusTable.SCHEMA.columnNames(), List.of(rows.columns()));
    List<Row> sorted = rows.orderBy("point").collectAsList();
    assertTrue(sorted.size() >= 2);
    Row min = sorted.get(0);
    assertEquals(1.0 / 19, min.getDouble(min.fieldIndex("loss")), 1e-14);
    assertEquals("minimum", min.getString(min.fieldIndex("kind")));
    assertEquals(64, min.getInt(min.fieldIndex("census_starts")));
    long starts = 0;
    for (Row r : sorted) {
      starts += r.getInt(r.fieldIndex("starts"));
    }
    assertEquals(min.getInt(min.fieldIndex("census_converged")), starts);

    // Again into the same file: replaced, still one file.
    assertEquals(0, CommandRun.of("census", "--d", "2", "--layers", "1", "--units", "2", "--p", "4", "--starts", "16",
        "--out", file.toString()).exit());
    assertEquals(16, spark.read().parquet(file.toString()).first().getInt(min.fieldIndex("census_starts")));
  }

  @Test
  void badInputIsOneLineAndExitTwoWithNothingWritten() throws Exception {
    Path file = dir.resolve("x.parquet");
    String[][] bad = {
        {"--p", "3", "--starts", "64"},
        {"--p", "4.5", "--starts", "64"},
        {"--p", "4", "--starts", "8"},
    };
    String[] expected = {"--p must be an even integer", "--p must be an even integer", "--starts 8 is below 2^4 = 16"};
    for (int i = 0; i < bad.length; i++) {
      String[] args = Stream.concat(Stream.of("census", "--d", "2", "--layers", "1", "--units", "2", "--out", file.toString()),
          Stream.of(bad[i])).toArray(String[]::new);
      CommandRun run = CommandRun.of(args);
      assertEquals(2, run.exit(), run.toString());
      assertEquals(1, run.err().lines().count(), run.err());
      assertTrue(run.err().startsWith("error: ") && run.err().contains(expected[i]), run.err());
    }
    CommandRun folder = CommandRun.of("census", "--d", "2", "--layers", "1", "--units", "2", "--p", "4", "--starts", "16",
        "--out", dir.toString());
    assertEquals(2, folder.exit(), folder.toString());
    assertTrue(folder.err().contains("a folder"), folder.err());
    assertFalse(Files.exists(file));
    // a file of the user's is not replaced (an earlier census's Parquet file is)
    Path notes = Files.writeString(dir.resolve("notes.txt"), "mine\n");
    CommandRun mine = CommandRun.of("census", "--d", "2", "--layers", "1", "--units", "2", "--p", "4", "--starts", "16",
        "--out", notes.toString());
    assertEquals(2, mine.exit(), mine.toString());
    assertTrue(mine.err().contains("exists and is not a Parquet file"), mine.err());
    assertEquals("mine\n", Files.readString(notes));
  }
}
