package org.neuralpolytopes.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.ParquetTables;
import org.neuralpolytopes.analysis.SweepOutput;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.DualityTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSchema;
import org.neuralpolytopes.schema.TableSpec;

/**
 * What the report is made from: the rows of {@code runs/}, the names of the columns this build's
 * shared schema has (a metric whose column does not exist yet is left out of the report, never
 * faked), and the detail tables (facets/, vertices/, duality/) that exist both in the schema
 * ({@link SweepTables}) and in the output folder.
 */
public final class ReportData {

  /** Detail tables the report uses when the schema and the output have them. */
  static final List<String> DETAIL_TABLES = List.of("facets", "vertices", "duality");

  private final String source;
  private final JsonNode manifest;
  private final String specName;
  private final List<TableRow> runs;
  private final Set<String> columns;
  private final Map<String, List<TableRow>> tables;
  private final Map<String, String> absentTables;

  ReportData(String source, JsonNode manifest, String specName, List<TableRow> runs, Set<String> columns,
      Map<String, List<TableRow>> tables, Map<String, String> absentTables) {
    this.source = source;
    this.manifest = manifest;
    this.specName = specName;
    List<TableRow> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparing(GridPoint::of).thenComparing(r -> r.getInt("seed_index")));
    this.runs = Collections.unmodifiableList(sorted);
    this.columns = Collections.unmodifiableSet(new LinkedHashSet<>(columns));
    this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    this.absentTables = Collections.unmodifiableMap(new LinkedHashMap<>(absentTables));
  }

  /** Reads a sweep output through the Arrow reader, each table checked against the shared schema. */
  public static ReportData load(SweepOutput output, java.util.function.Consumer<String> progress) throws AnalysisException {
    progress.accept("reading runs/");
    List<TableRow> runs = output.runs();
    progress.accept("read " + runs.size() + " rows of runs/");
    Map<String, List<TableRow>> tables = new LinkedHashMap<>();
    Map<String, String> absent = new LinkedHashMap<>();
    for (String name : DETAIL_TABLES) {
      Optional<TableSchema<?>> schema = schema(name);
      Path folder = output.dir().resolve(name);
      if (schema.isEmpty()) {
        absent.put(name, "not in this build's schema yet");
      } else if (!Files.isDirectory(folder)) {
        absent.put(name, "not in this sweep output (for duality/: run bin/polytopes duality DIR)");
      } else {
        progress.accept("reading " + name + "/");
        tables.put(name, ParquetTables.read(folder, schema.get()));
      }
    }
    return new ReportData(output.name(), output.manifest(), output.specName(), runs,
        new LinkedHashSet<>(RunsTable.SCHEMA.columnNames()), tables, absent);
  }

  /**
   * The shared schema of a detail table: the per-run tables of {@link SweepTables}, and the
   * duality stage's {@link DualityTable}.
   */
  static Optional<TableSchema<?>> schema(String name) {
    if (name.equals(DualityTable.SCHEMA.name())) {
      return Optional.of(DualityTable.SCHEMA);
    }
    return SweepTables.ALL.stream().filter(t -> t.name().equals(name)).<TableSchema<?>>map(TableSpec::schema).findFirst();
  }

  /** The sweep output as the user named it (a local folder's absolute path, or a URI). */
  public String source() {
    return source;
  }

  public JsonNode manifest() {
    return manifest;
  }

  public String specName() {
    return specName;
  }

  /** Every row of runs/, in grid order then seed. */
  public List<TableRow> runs() {
    return runs;
  }

  /** Whether runs/ has this column (docs/metrics.md name). */
  public boolean has(String column) {
    return columns.contains(column);
  }

  public Optional<List<TableRow>> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  /** Detail tables that are not there, with why. */
  public Map<String, String> absentTables() {
    return absentTables;
  }

  /** Runs grouped by grid point, in grid order. */
  Map<GridPoint, List<TableRow>> byGridPoint() {
    Map<GridPoint, List<TableRow>> out = new TreeMap<>();
    for (TableRow r : runs) {
      out.computeIfAbsent(GridPoint.of(r), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** Rows of a detail table by run_id. */
  Map<String, List<TableRow>> byRun(String table) {
    Map<String, List<TableRow>> out = new LinkedHashMap<>();
    for (TableRow r : tables.getOrDefault(table, List.of())) {
      out.computeIfAbsent(r.getString("run_id"), k -> new ArrayList<>()).add(r);
    }
    return out;
  }
}
