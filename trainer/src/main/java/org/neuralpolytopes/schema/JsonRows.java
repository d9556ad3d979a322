package org.neuralpolytopes.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Writes one row of a table as one JSON object, column by column in schema order. */
public final class JsonRows {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonRows() {}

  /** The row as a pretty-printed JSON object; non-finite doubles become null. */
  public static <T> String toJson(TableSchema<T> schema, T row) {
    return toJson(schema, schema.row(row));
  }

  /** A row given as its column values in schema order, as one JSON object. */
  public static <T> String toJson(TableSchema<T> schema, Object[] values) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      for (int i = 0; i < values.length; i++) {
        Column<T> c = schema.columns().get(i);
        g.writeFieldName(c.name());
        write(g, c.type(), values[i]);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, ColumnType type, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
      return;
    }
    switch (type) {
      case STRING -> g.writeString((String) v);
      case INT -> g.writeNumber((Integer) v);
      case LONG -> g.writeNumber((Long) v);
      case DOUBLE -> writeDouble(g, (Double) v);
      case BOOLEAN -> g.writeBoolean((Boolean) v);
      case INT_ARRAY -> {
        int[] a = (int[]) v;
        g.writeArray(a, 0, a.length);
      }
      case LONG_ARRAY -> {
        long[] a = (long[]) v;
        g.writeArray(a, 0, a.length);
      }
      case DOUBLE_ARRAY -> {
        g.writeStartArray();
        for (double x : (double[]) v) {
          writeDouble(g, x);
        }
        g.writeEndArray();
      }
      case TIMESTAMP -> g.writeString(((Instant) v).toString());
      default -> throw new IllegalStateException("unhandled column type " + type);
    }
  }

  private static void writeDouble(JsonGenerator g, double x) throws IOException {
    if (Double.isFinite(x)) {
      g.writeNumber(x);
    } else {
      g.writeNull();
    }
  }
}
