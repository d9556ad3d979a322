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
  private final JsonNode manifest;

  private SweepOutput(Path dir, JsonNode manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /**
   * Opens a sweep output folder.
   *
   * @throws AnalysisException (one line) for a missing folder, a folder that is not a sweep
   *     output, or a schema version this build does not read
   */
  public static SweepOutput open(Path dir) throws AnalysisException {
    if (!Files.isDirectory(dir)) {
      throw new AnalysisException(dir + ": no such folder");
    }
    Path m = dir.resolve("_sweep.json");
    if (!Files.isRegularFile(m)) {
      throw new AnalysisException(dir + ": not a sweep output (no _sweep.json); give the folder passed to sweep --out");
    }
    JsonNode manifest;
    try {
      manifest = new ObjectMapper().readTree(m.toFile());
    } catch (IOException e) {
      throw new AnalysisException(m + ": not readable JSON (" + e.getMessage() + ")");
    }
    int version = manifest.path("schema_version").asInt(-1);
    if (version != RunsTable.SCHEMA_VERSION) {
      throw new AnalysisException(dir + ": schema_version " + manifest.path("schema_version")
          + " is not one this build reads (" + RunsTable.SCHEMA_VERSION + ")");
    }
    if (!Files.isDirectory(dir.resolve("runs"))) {
      throw new AnalysisException(dir + ": no runs/ table yet (did the sweep commit anything?)");
    }
    return new SweepOutput(dir, manifest);
  }

  public Path dir() {
    return dir;
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
