package org.neuralpolytopes.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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
 * Reads Parquet table files through Apache Arrow's dataset API (C++ Parquet reader over JNI, no
 * Spark), only the columns asked for (Arrow's projection: the other columns are never decoded),
 * into a {@link ColumnTable}. Every column read is checked against the shared schema for presence
 * and type, so a renamed or retyped column fails here with its name instead of surfacing as a wrong
 * figure. A table folder's files are the {@code .parquet} files directly in it, not hidden: names
 * starting with "_" or "." (Spark's _SUCCESS, staging folders) are not part of the table.
 */
public final class ParquetTables {

  /** Rows per Arrow batch. */
  private static final int BATCH_ROWS = 4096;

  /** Arrow's scan field that holds the path of the file a row came from. */
  static final String FILENAME = "__filename";

  private ParquetTables() {}

  /**
   * Loads Arrow's native dataset library (unpacked from its jar on first use) and its allocator:
   * what the first read would otherwise spend its first few tenths of a second on, for a caller
   * with a spare core before it reads.
   */
  public static void preload() {
    NativeMemoryPool.getDefault();
    new RootAllocator().close();
    deleteUnpackedLibraries();
  }

  /** An unpacked copy of a native library, as Arrow names it in java.io.tmpdir, at the end of a line of /proc/self/maps. */
  private static final java.util.regex.Pattern UNPACKED = java.util.regex.Pattern.compile("\\s(/\\S*/jnilib-\\d+\\.tmp)$");

  /**
   * Arrow unpacks its JNI libraries from its jar into java.io.tmpdir ({@code jnilib-*.tmp}, about
   * 76 MB) at every start, the dataset library when the memory pool is first used and the C data
   * library at the first scan, and deletes the copies only at a normal exit: a report killed with
   * SIGKILL (or by the out-of-memory killer) left them behind. Once loaded they are mapped into the
   * process and their files are not needed, so on Linux the copies this JVM has mapped (found in
   * /proc/self/maps) are deleted after the preload and after every read. Elsewhere, and if that
   * fails, Arrow's own deletion at exit remains.
   */
  static void deleteUnpackedLibraries() {
    for (Path copy : mappedUnpackedLibraries()) {
      try {
        Files.deleteIfExists(copy);
      } catch (IOException | SecurityException e) {
        // Arrow deletes it at exit
      }
    }
  }

  /** The unpacked Arrow libraries this JVM has mapped and that are still on disk (none where /proc is absent). */
  static List<Path> mappedUnpackedLibraries() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(maps)) {
      return lines.map(UNPACKED::matcher).filter(java.util.regex.Matcher::find).map(m -> Path.of(m.group(1)))
          .distinct().filter(Files::exists).toList();
    } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
      return List.of();
    }
  }

  /** The data files of a table folder, by name; empty when the folder does not exist. */
  public static List<Path> files(Path folder) throws AnalysisException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(f -> {
        String name = f.getFileName().toString();
        return name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".") && Files.isRegularFile(f);
      }).sorted().toList();
    } catch (IOException e) {
      throw new AnalysisException(folder + ": cannot list the table's files (" + e.getMessage() + ")", e);
    }
  }

  /** Every row and column of a table folder (small tables and tests; the report reads projections). */
  public static <T> List<TableRow> read(Path folder, TableSchema<T> schema) throws AnalysisException {
    return read(files(folder), schema, schema.columnNames(), null, null).rows();
  }

  /**
   * The named columns of the files; with a {@code keyColumn}, only the rows whose string value
   * there is one of {@code keys}. The files are scanned as one dataset (Arrow reads them in
   * parallel, only the projected columns); each row remembers its file (Arrow's
   * {@value #FILENAME} field).
   */
  public static <T> ColumnTable read(List<Path> files, TableSchema<T> schema, Collection<String> columns,
      String keyColumn, Set<String> keys) throws AnalysisException {
    return read(files, schema, columns, keyColumn, keys, Map.of());
  }

  /**
   * As {@link #read(List, TableSchema, Collection, String, Set)}; a column of {@code absentAs} that
   * the files do not have (they were written before it existed), or that is null in a row, reads as
   * its value there.
   */
  public static <T> ColumnTable read(List<Path> files, TableSchema<T> schema, Collection<String> columns,
      String keyColumn, Set<String> keys, Map<String, Object> absentAs) throws AnalysisException {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (String c : columns) {
      Column<T> col = schema.column(c).orElseThrow(() -> new IllegalArgumentException(schema.name() + "/ has no column " + c));
      types.put(c, col.type());
    }
    if (keyColumn != null && !types.containsKey(keyColumn)) {
      throw new IllegalArgumentException("the key column " + keyColumn + " must be read");
    }
    ColumnTable.Builder out = new ColumnTable.Builder(types);
    if (files.isEmpty()) {
      return out.build(files);
    }
    Map<String, Integer> fileIndex = new HashMap<>();
    String[] uris = new String[files.size()];
    for (int i = 0; i < files.size(); i++) {
      Path abs = files.get(i).toAbsolutePath();
      uris[i] = abs.toUri().toString();
      fileIndex.put(abs.toString(), i);
    }
    try (BufferAllocator allocator = new RootAllocator();
        DatasetFactory factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(),
            FileFormat.PARQUET, uris)) {
      Schema found = factory.inspect();
      Set<String> read = new java.util.LinkedHashSet<>(types.keySet());
      for (String c : absentAs.keySet()) {
        if (found.getFields().stream().noneMatch(f -> f.getName().equals(c))) {
          read.remove(c);
        }
      }
      check(files.get(0).getParent(), schema, read, found);
      List<String> projection = new ArrayList<>(read);
      projection.add(FILENAME);
      try (Dataset dataset = factory.finish();
          Scanner scanner = dataset.newScan(new ScanOptions(BATCH_ROWS, Optional.of(projection.toArray(new String[0]))));
          ArrowReader reader = scanner.scanBatches()) {
        while (reader.loadNextBatch()) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          FieldVector key = keyColumn == null ? null : root.getVector(keyColumn);
          FieldVector file = root.getVector(FILENAME);
          String lastName = null;
          int lastIndex = -1;
          for (int i = 0; i < root.getRowCount(); i++) {
            if (key != null && !keys.contains(value(key, ColumnType.STRING, i))) {
              continue;
            }
            for (Map.Entry<String, ColumnType> c : types.entrySet()) {
              Object v = read.contains(c.getKey()) ? value(root.getVector(c.getKey()), c.getValue(), i) : null;
              out.add(c.getKey(), v == null ? absentAs.get(c.getKey()) : v);
            }
            String name = (String) value(file, ColumnType.STRING, i);
            if (name != null && !name.equals(lastName)) {
              lastName = name;
              lastIndex = fileIndex.getOrDefault(Path.of(name).toAbsolutePath().toString(), -1);
            }
            out.endRow(lastIndex);
          }
        }
      }
    } catch (AnalysisException e) {
      throw e;
    } catch (Exception e) {
      java.nio.file.Path table = files.get(0).getParent();
      String folder = table.getParent() == null ? table.toString() : table.getParent().toString();
      throw new AnalysisException(table + ": cannot read the Parquet files (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); when a file"
          + " is damaged, " + org.neuralpolytopes.schema.SweepFolderCheck.repairCommand(folder) + " moves it aside", e);
    } finally {
      deleteUnpackedLibraries();
    }
    return out.build(files);
  }

  private static <T> void check(Path folder, TableSchema<T> schema, Set<String> columns, Schema found)
      throws AnalysisException {
    for (Column<T> c : schema.columns()) {
      if (!columns.contains(c.name())) {
        continue;
      }
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
