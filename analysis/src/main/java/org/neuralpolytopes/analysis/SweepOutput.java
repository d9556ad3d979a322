package org.neuralpolytopes.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neuralpolytopes.schema.RunsTable;

/**
 * A sweep's output folder as the analysis sees it: the manifest {@code _sweep.json} (whose schema
 * version must be the one this build reads) and the Parquet tables, read through Arrow.
 */
public final class SweepOutput {

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
    } catch (IOException e) {
      throw new AnalysisException(name + "/_sweep.json: not readable JSON (" + e.getMessage() + ")");
    }
    int version = manifest.path("schema_version").asInt(-1);
    if (version != RunsTable.SCHEMA_VERSION) {
      throw new AnalysisException(name + ": schema_version " + manifest.path("schema_version")
          + " is not one this build reads (" + RunsTable.SCHEMA_VERSION + ")");
    }
    if (!Files.isDirectory(dir.resolve("runs"))) {
      throw new AnalysisException(name + ": no runs/ table yet (did the sweep commit anything?)");
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

  /** Every row of runs/, checked against the shared schema. */
  public List<TableRow> runs() throws AnalysisException {
    return ParquetTables.read(dir.resolve("runs"), RunsTable.SCHEMA);
  }

}
