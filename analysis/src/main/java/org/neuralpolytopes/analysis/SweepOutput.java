package org.neuralpolytopes.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.TableSchema;
import org.neuralpolytopes.train.LearningRateSchedule;
import org.neuralpolytopes.train.TrainingPoints;

/**
 * A sweep's output folder as the analysis sees it: the manifest {@code _sweep.json} (whose schema
 * version must be the one this build reads) and the Parquet tables, read through Arrow, only the
 * columns asked for.
 */
public final class SweepOutput {

  /** The manifest's state of a sweep that completed. */
  public static final String FINISHED = "finished";

  private final Path dir;
  private final String name;
  private final JsonNode manifest;

  private SweepOutput(Path dir, String name, JsonNode manifest) {
    this.dir = dir;
    this.name = name;
    this.manifest = manifest;
  }

  /**
   * Opens a sweep output folder.
   *
   * @throws AnalysisException (one line) for a missing folder, a folder that is not a sweep
   *     output, or a schema version this build does not read
   */
  public static SweepOutput open(Path dir) throws AnalysisException {
    return open(dir, dir.toAbsolutePath().normalize().toString());
  }

  /**
   * Opens a local folder that holds the sweep output {@code name} (itself, or a copy of an output
   * on another file system: {@link SweepOutputCopy}); messages name {@code name}.
   */
  public static SweepOutput open(Path dir, String name) throws AnalysisException {
    if (!Files.isDirectory(dir)) {
      throw new AnalysisException(name + ": no such folder");
    }
    Path m = dir.resolve("_sweep.json");
    if (!Files.isRegularFile(m)) {
      throw new AnalysisException(name + ": not a sweep output (no _sweep.json); give the folder passed to sweep --out");
    }
    JsonNode manifest;
    try {
      manifest = new ObjectMapper().readTree(m.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // the parser's own message, without its location line (" at [Source: REDACTED ...]"): one line
      throw new AnalysisException(name + "/_sweep.json: not readable JSON (" + e.getOriginalMessage().lines().findFirst()
          .orElse("") + "); restore it, or bin/polytopes check " + name + " --repair sets it aside and writes a new one");
    } catch (IOException e) {
      throw new AnalysisException(name + "/_sweep.json: cannot read (" + e.getMessage() + ")");
    }
    int version = manifest.path("schema_version").asInt(-1);
    if (version != RunsTable.SCHEMA_VERSION) {
      throw new AnalysisException(name + ": schema_version " + manifest.path("schema_version")
          + " is not one this build reads (" + RunsTable.SCHEMA_VERSION + ")");
    }
    if (!Files.isDirectory(dir.resolve(RunsTable.SCHEMA.name()))) {
      throw new AnalysisException(name + ": no runs/ table yet (did the sweep commit anything?)");
    }
    // the quick check every command that reads an output runs first (docs/reliability.md): a
    // damaged file is one line naming it and the repair, not the Parquet reader's message
    try {
      List<org.neuralpolytopes.schema.SweepFolderCheck.Finding> damage = org.neuralpolytopes.schema.SweepFolderCheck
          .damage(org.neuralpolytopes.schema.SweepFolderCheck.quick(org.neuralpolytopes.schema.SweepFolderCheck.local(dir)));
      if (!damage.isEmpty()) {
        throw new AnalysisException(damage.get(0).message(name));
      }
    } catch (IOException e) {
      throw new AnalysisException(name + ": cannot check its files (" + e.getMessage() + ")");
    }
    return new SweepOutput(dir, name, manifest);
  }

  /** The local folder the tables are read from. */
  public Path dir() {
    return dir;
  }

  /** The sweep output as the user named it: a local folder's absolute path, or a URI. */
  public String name() {
    return name;
  }

  public JsonNode manifest() {
    return manifest;
  }

  public String specName() {
    return manifest.path("spec_name").asText("?");
  }

  /** The manifest's state: running, finished, failed or interrupted ("unknown" when it has none). */
  public String state() {
    return manifest.path("state").asText("unknown");
  }

  public boolean finished() {
    return FINISHED.equals(state());
  }

  /** Configurations of the latest spec's grid, when the manifest says (null otherwise). */
  public Long configurations() {
    JsonNode c = manifest.path("configurations");
    return c.isNumber() ? c.asLong() : null;
  }

  /** Counts by status the manifest recorded when the sweep last finished (empty when none). */
  public Map<String, Long> manifestCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    manifest.path("counts").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  /** The data files of a table (empty when the table does not exist). */
  public List<Path> files(String table) throws AnalysisException {
    return ParquetTables.files(dir.resolve(table));
  }

  public boolean hasTable(String table) {
    return Files.isDirectory(dir.resolve(table));
  }

  /** Every row and column of runs/ (small outputs and tests: the report reads projections, {@link #runs(Collection)}). */
  public List<TableRow> runs() throws AnalysisException {
    return whole(RunsTable.SCHEMA);
  }

  /**
   * runs/ columns added after schema version 2 was first written, with the value they stand for in
   * files written before them (the training settings' defaults, which is also how the run's
   * identity reads their absence), or null for a measurement those files lack.
   */
  public static final Map<String, Object> LATER_RUN_COLUMNS = laterRunColumns();

  private static Map<String, Object> laterRunColumns() {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put(RunsTable.POINTS, TrainingPoints.RANDOM);
    m.put(RunsTable.RESAMPLE, TrainingPoints.NEVER);
    m.put(RunsTable.LR_SCHEDULE, LearningRateSchedule.CONSTANT);
    m.put(RunsTable.REGION_BOUND_CENTRAL, null); // not measured then: null
    m.put(RunsTable.COOLING_STEPS, null); // not recorded then: null
    m.put(RunsTable.COOLING_TEMPERATURES, null);
    m.put(RunsTable.VANISHING_CANCELLATION, null); // not recorded before measuring version 10: null
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * duality/ columns added after its first version, null in tables written before them (the
   * duality stage measures such a table's pairs again, and then writes them).
   */
  public static final Map<String, Object> LATER_DUALITY_COLUMNS = nulls(org.neuralpolytopes.schema.DualityTable.POLAR_INPUTS);

  private static Map<String, Object> nulls(String... columns) {
    Map<String, Object> m = new java.util.HashMap<>();
    for (String c : columns) {
      m.put(c, null);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The columns of a table that files written before them lack, with the value they read as. */
  public static Map<String, Object> laterColumns(TableSchema<?> schema) {
    return schema == RunsTable.SCHEMA ? LATER_RUN_COLUMNS
        : schema == org.neuralpolytopes.schema.DualityTable.SCHEMA ? LATER_DUALITY_COLUMNS : Map.of();
  }

  /** Every row and column of a table ({@link #laterColumns} as they read in older files). */
  public <T> List<TableRow> whole(TableSchema<T> schema) throws AnalysisException {
    return ParquetTables.read(files(schema.name()), schema, schema.columnNames(), null, null, laterColumns(schema)).rows();
  }

  /** The named columns of every row of runs/, columnar. */
  public ColumnTable runs(Collection<String> columns) throws AnalysisException {
    return ParquetTables.read(files(RunsTable.SCHEMA.name()), RunsTable.SCHEMA, columns, null, null, LATER_RUN_COLUMNS);
  }

  /**
   * The named columns of the rows of a table whose run_id column ({@code keyColumn}) is one of
   * {@code runIds}; {@code files} narrows the files read (null: all of the table's).
   */
  public <T> ColumnTable rowsOf(TableSchema<T> schema, Collection<String> columns, String keyColumn,
      Set<String> runIds, List<Path> files) throws AnalysisException {
    return ParquetTables.read(files == null ? files(schema.name()) : files, schema, columns, keyColumn, runIds,
        laterColumns(schema));
  }
}
