package org.neuralpolytopes.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The column reference of docs/tables.md, generated from the schema classes (the one definition
 * of every column). The generated part sits between {@link #BEGIN} and {@link #END}; a test fails
 * when the committed copy differs, and {@code main} rewrites it:
 *
 * <pre>
 * java -cp trainer/target/classes org.neuralpolytopes.schema.TableDocs docs/tables.md
 * </pre>
 */
public final class TableDocs {

  public static final String BEGIN = "<!-- BEGIN GENERATED COLUMN REFERENCE: edit the schema classes, then run TableDocs -->";
  public static final String END = "<!-- END GENERATED COLUMN REFERENCE -->";

  private TableDocs() {}

  /** The generated block, markers included. */
  public static String generate() {
    StringBuilder sb = new StringBuilder(BEGIN).append("\n\n");
    for (TableSchema<?> t : SweepTables.schemas()) {
      sb.append("### `").append(t.name()).append("/`\n\n");
      sb.append(Character.toUpperCase(t.description().charAt(0))).append(t.description().substring(1)).append(".\n\n");
      sb.append("| column | type | unit | written by | definition |\n|---|---|---|---|---|\n");
      for (Column<?> c : t.columns()) {
        sb.append("| `").append(c.name()).append("` | ").append(c.type().displayName()).append(" | ")
            .append(c.unit().isEmpty() ? "" : c.unit()).append(" | ").append(stage(c.stage())).append(" | ")
            .append(c.definition().replace("|", "\\|")).append(" |\n");
      }
      sb.append('\n');
    }
    return sb.append(END).toString();
  }

  private static String stage(ColumnStage s) {
    return switch (s) {
      case TRAINING -> "training";
      case MEASURING -> "measuring";
      case COMBINED -> "both";
    };
  }

  /** The file's text with its generated block replaced (or appended when it has none). */
  public static String updated(String text) {
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      return text + (text.endsWith("\n") ? "\n" : "\n\n") + generate() + "\n";
    }
    return text.substring(0, b) + generate() + text.substring(e + END.length());
  }

  /** Rewrites the generated block of the file given (docs/tables.md). */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: TableDocs docs/tables.md");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Tables\n";
    Files.writeString(file, updated(text), StandardCharsets.UTF_8);
  }
}
