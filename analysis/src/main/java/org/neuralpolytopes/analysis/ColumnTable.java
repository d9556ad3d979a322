package org.neuralpolytopes.analysis;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neuralpolytopes.schema.ColumnType;

/**
 * Some columns of a table, stored column by column: numbers in primitive arrays with a null
 * mask, repeated strings and small integer vectors (status, activation, polytope_name, f_vector)
 * shared between rows, so that 10^5 rows of a few dozen columns take a few tens of megabytes
 * instead of a map per row. {@link #row(int)} is a view of one row with {@link TableRow}'s getters;
 * a table is filled once ({@link Builder}) and then read only.
 */
public final class ColumnTable {

  /**
   * Distinct values a string or vector column shares before it stops looking for repeats (a
   * column of unique values, run_id, would only fill the lookup).
   */
  static final int MAX_SHARED_VALUES = 4096;

  private final Map<String, Store> columns;
  private final int rows;
  private final int[] source;
  private final List<Path> files;

  private ColumnTable(Map<String, Store> columns, int rows, int[] source, List<Path> files) {
    this.columns = columns;
    this.rows = rows;
    this.source = source;
    this.files = files;
  }

  /** A table of hand-made rows (tests, tools): each row's values by column name, typed as the reader types them. */
  public static ColumnTable of(Map<String, ColumnType> types, List<Map<String, Object>> rows) {
    Builder b = new Builder(types);
    for (Map<String, Object> r : rows) {
      for (Map.Entry<String, ColumnType> c : types.entrySet()) {
        b.add(c.getKey(), r.get(c.getKey()));
      }
      b.endRow(-1);
    }
    return b.build(List.of());
  }

  public int size() {
    return rows;
  }

  public Set<String> columnNames() {
    return Collections.unmodifiableSet(columns.keySet());
  }

  public boolean has(String column) {
    return columns.containsKey(column);
  }

  /** The value at a row, typed as {@link TableRow} documents; null where the writer wrote null. */
  public Object get(String column, int row) {
    Store s = columns.get(column);
    if (s == null) {
      throw new IllegalArgumentException("column " + column + " was not read (read columns: " + columns.keySet() + ")");
    }
    return s.get(row);
  }

  /** The file a row was read from (null for rows made by hand). */
  public Path sourceFile(int row) {
    return source[row] < 0 ? null : files.get(source[row]);
  }

  /** A view of one row. */
  public TableRow row(int row) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException(row);
    }
    return new TableRow(this, row);
  }

  /** Views of every row, in table order. */
  public List<TableRow> rows() {
    List<TableRow> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(new TableRow(this, i));
    }
    return out;
  }

  /** The storage of one column. */
  private abstract static class Store {
    abstract void add(Object v);

    abstract Object get(int row);

    abstract void trim(int rows);
  }

  private static final class IntStore extends Store {
    int[] values = new int[1024];
    final BitSet nulls = new BitSet();
    int n;

    @Override
    void add(Object v) {
      if (n == values.length) {
        values = Arrays.copyOf(values, 2 * n);
      }
      if (v == null) {
        nulls.set(n);
      } else {
        values[n] = ((Number) v).intValue();
      }
      n++;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : values[row];
    }

    @Override
    void trim(int rows) {
      values = Arrays.copyOf(values, rows);
    }
  }

  private static final class LongStore extends Store {
    long[] values = new long[1024];
    final BitSet nulls = new BitSet();
    int n;

    @Override
    void add(Object v) {
      if (n == values.length) {
        values = Arrays.copyOf(values, 2 * n);
      }
      if (v == null) {
        nulls.set(n);
      } else {
        values[n] = ((Number) v).longValue();
      }
      n++;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : values[row];
    }

    @Override
    void trim(int rows) {
      values = Arrays.copyOf(values, rows);
    }
  }

  private static final class DoubleStore extends Store {
    double[] values = new double[1024];
    final BitSet nulls = new BitSet();
    int n;

    @Override
    void add(Object v) {
      if (n == values.length) {
        values = Arrays.copyOf(values, 2 * n);
      }
      if (v == null) {
        nulls.set(n);
      } else {
        values[n] = ((Number) v).doubleValue();
      }
      n++;
    }

    @Override
    Object get(int row) {
      return nulls.get(row) ? null : values[row];
    }

    @Override
    void trim(int rows) {
      values = Arrays.copyOf(values, rows);
    }
  }

  /**
   * Objects (strings, vectors, booleans, instants), equal values shared until the column has
   * {@link #MAX_SHARED_VALUES} distinct ones.
   */
  private static final class ObjectStore extends Store {
    Object[] values = new Object[1024];
    Map<Object, Object> shared = new HashMap<>();
    int n;

    @Override
    void add(Object v) {
      if (n == values.length) {
        values = Arrays.copyOf(values, 2 * n);
      }
      values[n++] = share(v);
    }

    private Object share(Object v) {
      if (v == null || shared == null || v instanceof Boolean) {
        return v;
      }
      Object key = v;
      if (v instanceof int[] a) {
        key = new IntVector(a);
      } else if (v instanceof long[] a) {
        key = new LongVector(a);
      } else if (v instanceof double[] a) {
        key = new DoubleVector(a);
      }
      Object known = shared.get(key);
      if (known != null) {
        return known;
      }
      if (shared.size() >= MAX_SHARED_VALUES) {
        shared = null;
      } else {
        shared.put(key, v);
      }
      return v;
    }

    @Override
    Object get(int row) {
      Object v = values[row];
      // vectors are shared between rows: hand out copies
      if (v instanceof int[] a) {
        return a.clone();
      } else if (v instanceof long[] a) {
        return a.clone();
      } else if (v instanceof double[] a) {
        return a.clone();
      }
      return v;
    }

    @Override
    void trim(int rows) {
      values = Arrays.copyOf(values, rows);
      shared = null;
    }
  }

  private record IntVector(int[] a) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IntVector v && Arrays.equals(a, v.a);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(a);
    }
  }

  private record LongVector(long[] a) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LongVector v && Arrays.equals(a, v.a);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(a);
    }
  }

  private record DoubleVector(double[] a) {
    @Override
    public boolean equals(Object o) {
      return o instanceof DoubleVector v && Arrays.equals(a, v.a);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(a);
    }
  }

  /** Fills a table row by row: {@link #add} every column of the row in any order, then {@link #endRow}. */
  public static final class Builder {
    private final Map<String, Store> stores = new LinkedHashMap<>();
    private int[] source = new int[1024];
    private int rows;

    public Builder(Map<String, ColumnType> types) {
      types.forEach((name, type) -> stores.put(name, switch (type) {
        case INT -> new IntStore();
        case LONG -> new LongStore();
        case DOUBLE -> new DoubleStore();
        default -> new ObjectStore();
      }));
    }

    public Builder add(String column, Object value) {
      if (value instanceof Instant || value == null || value instanceof Number || value instanceof String
          || value instanceof Boolean || value instanceof int[] || value instanceof long[] || value instanceof double[]) {
        stores.get(column).add(value);
        return this;
      }
      throw new IllegalArgumentException(column + ": values of type " + value.getClass().getSimpleName() + " are not stored");
    }

    /** Closes the row; {@code file} is the index of the scanned file it came from (-1: none). */
    public void endRow(int file) {
      if (rows == source.length) {
        source = Arrays.copyOf(source, 2 * rows);
      }
      source[rows++] = file;
    }

    /** The table; {@code files} are the scanned files, in the order of the indices given to {@link #endRow}. */
    public ColumnTable build(List<Path> files) {
      stores.values().forEach(s -> s.trim(rows));
      return new ColumnTable(stores, rows, Arrays.copyOf(source, rows), List.copyOf(files));
    }
  }
}
