package org.neuralpolytopes.sweep.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.neuralpolytopes.schema.Column;
import org.neuralpolytopes.schema.ColumnType;
import org.neuralpolytopes.schema.TableSchema;

/**
 * Table files on any Hadoop file system, written and read by the driver directly with Parquet's
 * own writer and reader (no Spark job per file: a wave's commit costs milliseconds). Rows are
 * {@code Object[]} of column values in schema order ({@link TableSchema#row}); the file layout is
 * the one Spark writes and every Parquet reader reads: strings as UTF-8 binary, int32, int64,
 * double, boolean, arrays as standard three-level LISTs of required elements, timestamps as int64
 * TIMESTAMP(MICROS, UTC); every column optional except the first (the row's key).
 */
public final class ParquetRows {

  private ParquetRows() {}

  /** The Parquet schema of a table. */
  public static MessageType messageType(TableSchema<?> schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    boolean first = true;
    for (Column<?> c : schema.columns()) {
      b.addField(field(c.name(), c.type(), first ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL));
      first = false;
    }
    return b.named("spark_schema");
  }

  private static Type field(String name, ColumnType type, Type.Repetition rep) {
    return switch (type) {
      case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
      case INT -> Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
      case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
      case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
      case INT_ARRAY -> list(name, PrimitiveTypeName.INT32, rep);
      case LONG_ARRAY -> list(name, PrimitiveTypeName.INT64, rep);
      case DOUBLE_ARRAY -> list(name, PrimitiveTypeName.DOUBLE, rep);
    };
  }

  private static Type list(String name, PrimitiveTypeName element, Type.Repetition rep) {
    return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
        .repeatedGroup().required(element).named("element").named("list")
        .named(name);
  }

  /**
   * Writes rows to a new file (refused when it exists). The caller writes into a staging folder
   * and publishes by rename, so a reader never sees a file being written.
   */
  public static <T> void write(TableSchema<T> schema, List<Object[]> rows, Path file, Configuration conf)
      throws IOException {
    try {
      writeRows(schema, rows, file, conf);
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      throw e instanceof StorageFailure f ? f : new StorageFailure(file, e);
    }
  }

  private static <T> void writeRows(TableSchema<T> schema, List<Object[]> rows, Path file, Configuration conf)
      throws IOException {
    MessageType type = messageType(schema);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    List<Column<T>> columns = schema.columns();
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf))
        .withType(type)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withPageWriteChecksumEnabled(true)
        .build()) {
      for (Object[] row : rows) {
        Group g = groups.newGroup();
        for (int i = 0; i < row.length; i++) {
          if (row[i] != null) {
            put(g, i, columns.get(i).type(), row[i]);
          }
        }
        w.write(g);
      }
    }
  }

  private static void put(Group g, int field, ColumnType type, Object v) {
    switch (type) {
      case STRING -> g.add(field, Binary.fromString((String) v));
      case INT -> g.add(field, ((Number) v).intValue());
      case LONG -> g.add(field, ((Number) v).longValue());
      case DOUBLE -> g.add(field, ((Number) v).doubleValue());
      case BOOLEAN -> g.add(field, (Boolean) v);
      case TIMESTAMP -> {
        Instant t = (Instant) v;
        g.add(field, Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
      }
      case INT_ARRAY -> {
        Group list = g.addGroup(field);
        for (int x : (int[]) v) {
          list.addGroup(0).add(0, x);
        }
      }
      case LONG_ARRAY -> {
        Group list = g.addGroup(field);
        for (long x : (long[]) v) {
          list.addGroup(0).add(0, x);
        }
      }
      case DOUBLE_ARRAY -> {
        Group list = g.addGroup(field);
        for (double x : (double[]) v) {
          list.addGroup(0).add(0, x);
        }
      }
    }
  }

  /** Every row of a file, all columns of the schema (values as {@link #write} takes them). */
  public static <T> List<Object[]> read(TableSchema<T> schema, Path file, Configuration conf) throws IOException {
    return read(schema, schema.columnNames(), file, conf);
  }

  /**
   * Every row of a file, only the named columns, in the order given (Parquet reads only those
   * column chunks). A column the file lacks (the file was written before the column existed)
   * reads as null in every row, as a column added to the schema is null for what came before.
   */
  public static <T> List<Object[]> read(TableSchema<T> schema, List<String> columns, Path file, Configuration conf)
      throws IOException {
    MessageType full = messageType(schema);
    // one open of the file: the footer's schema, then the row groups of the projection
    try (ParquetFileReader f = open(file, conf)) {
      MessageType inFile = f.getFooter().getFileMetaData().getSchema();
      // a table's first two columns (its keys, run_id first) are in every file it ever wrote: a
      // file without them is another table's or a stranger's (a facets/ file copied into runs/
      // read with null counts and statuses, and a repair then replaced good rows with them)
      for (int k = 0; k < Math.min(2, schema.columns().size()); k++) {
        String key = schema.columns().get(k).name();
        if (!inFile.containsField(key)) {
          throw new IOException("it has no column " + key + ", which every " + schema.name()
              + "/ file has: a file of another table?");
        }
      }
      List<Type> fields = new ArrayList<>();
      ColumnType[] types = new ColumnType[columns.size()];
      int[] position = new int[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.get(i);
        types[i] = schema.column(name).orElseThrow(() -> new IllegalArgumentException(schema.name() + "/ has no column " + name)).type();
        if (inFile.containsField(name)) {
          position[i] = fields.size();
          fields.add(full.getType(name));
        } else {
          position[i] = -1;
        }
      }
      List<Object[]> out = new ArrayList<>();
      if (fields.isEmpty()) {
        for (long k = f.getRecordCount(); k > 0; k--) {
          out.add(new Object[types.length]);
        }
        return out;
      }
      MessageType projection = new MessageType(full.getName(), fields);
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, inFile); // throws for a type the file does not have
      f.setRequestedSchema(projection);
      PageReadStore pages;
      while ((pages = f.readNextRowGroup()) != null) {
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(projection));
        for (long k = pages.getRowCount(); k > 0; k--) {
          Group g = records.read();
          Object[] row = new Object[types.length];
          for (int i = 0; i < types.length; i++) {
            row[i] = position[i] < 0 ? null : get(g, position[i], types[i]);
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  /**
   * A reader of a file with read options taken from {@code conf}. ParquetFileReader.open(InputFile)
   * and ParquetReader's builder make their options from a fresh Hadoop configuration, which parses
   * Hadoop's default XML resources again: 5-10 ms a file, most of a small file's read, and so most
   * of a compaction and of the footer check of a folder with many files.
   */
  private static ParquetFileReader open(Path file, Configuration conf) throws IOException {
    return ParquetFileReader.open(HadoopInputFile.fromPath(file, conf), HadoopReadOptions.builder(conf, file).build());
  }

  private static Object get(Group g, int field, ColumnType type) {
    if (g.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    return switch (type) {
      case STRING -> new String(g.getBinary(field, 0).getBytes(), StandardCharsets.UTF_8);
      case INT -> g.getInteger(field, 0);
      case LONG -> g.getLong(field, 0);
      case DOUBLE -> g.getDouble(field, 0);
      case BOOLEAN -> g.getBoolean(field, 0);
      case TIMESTAMP -> {
        long micros = g.getLong(field, 0);
        yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
      }
      case INT_ARRAY -> {
        Group list = g.getGroup(field, 0);
        int n = list.getFieldRepetitionCount(0);
        int[] a = new int[n];
        for (int k = 0; k < n; k++) {
          a[k] = list.getGroup(0, k).getInteger(0, 0);
        }
        yield a;
      }
      case LONG_ARRAY -> {
        Group list = g.getGroup(field, 0);
        int n = list.getFieldRepetitionCount(0);
        long[] a = new long[n];
        for (int k = 0; k < n; k++) {
          a[k] = list.getGroup(0, k).getLong(0, 0);
        }
        yield a;
      }
      case DOUBLE_ARRAY -> {
        Group list = g.getGroup(field, 0);
        int n = list.getFieldRepetitionCount(0);
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
          a[k] = list.getGroup(0, k).getDouble(0, 0);
        }
        yield a;
      }
    };
  }

  /**
   * Reads a file's footer: its row count. Throws for a file that is not Parquet or is truncated
   * (the footer sits at the end, behind the magic bytes), which is what the quick check of a
   * folder looks at.
   */
  public static long rowCount(Path file, Configuration conf) throws IOException {
    try (ParquetFileReader r = open(file, conf)) {
      ParquetMetadata footer = r.getFooter();
      return footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
    }
  }

  /**
   * What a file's footer says of it: its row count and the range of its first column (the key,
   * run_id), from the column statistics the writer keeps; null bounds when the footer has none.
   */
  public record Footer(long rows, String minKey, String maxKey) {}

  /** Reads a file's footer (see {@link #rowCount} for what it throws). */
  public static Footer footer(Path file, Configuration conf) throws IOException {
    try (ParquetFileReader r = open(file, conf)) {
      long rows = 0;
      String min = null;
      String max = null;
      boolean bounded = true;
      for (org.apache.parquet.hadoop.metadata.BlockMetaData b : r.getFooter().getBlocks()) {
        rows += b.getRowCount();
        if (b.getRowCount() == 0) {
          continue;
        }
        org.apache.parquet.column.statistics.Statistics<?> st = b.getColumns().get(0).getStatistics();
        if (st == null || !st.hasNonNullValue() || !(st.genericGetMin() instanceof Binary lo)
            || !(st.genericGetMax() instanceof Binary hi)) {
          bounded = false;
          continue;
        }
        String l = lo.toStringUsingUTF8();
        String h = hi.toStringUsingUTF8();
        min = min == null || l.compareTo(min) < 0 ? l : min;
        max = max == null || h.compareTo(max) > 0 ? h : max;
      }
      return bounded ? new Footer(rows, min, max) : new Footer(rows, null, null);
    }
  }

  /** Whether a file's columns include every column of the schema (by name). */
  public static boolean hasColumns(TableSchema<?> schema, Path file, Configuration conf) throws IOException {
    try (ParquetFileReader r = open(file, conf)) {
      MessageType found = r.getFooter().getFileMetaData().getSchema();
      for (Column<?> c : schema.columns()) {
        if (!found.containsField(c.name())) {
          return false;
        }
      }
      return true;
    }
  }
}
