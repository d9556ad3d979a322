package org.neuralpolytopes.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.TrainingSettings;

class RunsTableTest {

  private static final List<String> METRICS_MD_RUNS_COLUMNS = List.of(
      "run_id", "spec_name", "d", "layers", "units", "p", "activation", "seed", "status", "error",
      "stop_reason", "final_loss", "epochs_run", "steps", "train_seconds", "geometry_seconds",
      "weights", "weight_shapes", "radius_min", "radius_max", "radius_mean", "sphericity_error",
      "volume", "f_vector", "euler_ok", "convex", "activation_cells", "region_bound",
      "morse_counts", "morse_ok", "symmetry_order", "rotation_order", "symmetry_group",
      "vertex_orbits", "symmetry_defect", "radius_cv", "edge_cv", "valence", "polytope_name",
      "effective_units", "canonical_weights", "host", "code_version");

  private static final List<String> METRICS_MD_FACETS_COLUMNS = List.of("run_id", "facet", "a", "area", "vertex_ids");

  private static final List<String> METRICS_MD_VERTICES_COLUMNS =
      List.of("run_id", "vertex", "x", "radius", "valence", "orbit");

  private static final String BEGIN_COLUMN_REFERENCE = "<!-- BEGIN COLUMN REFERENCE -->";
  private static final String END_COLUMN_REFERENCE = "<!-- END COLUMN REFERENCE -->";

  @Test
  void carriesTheColumnsOfMetricsMdThatThisVersionMeasures() {
    List<String> names = RunsTable.SCHEMA.columnNames();
    for (String c : METRICS_MD_RUNS_COLUMNS) {
      assertTrue(names.contains(c), "runs/ lacks " + c);
    }
  }

  @Test
  void detailTablesCarryTheirColumnsOfMetricsMd() {
    assertTrue(FacetsTable.SCHEMA.columnNames().containsAll(METRICS_MD_FACETS_COLUMNS));
    assertTrue(VerticesTable.SCHEMA.columnNames().containsAll(METRICS_MD_VERTICES_COLUMNS));
    assertEquals(List.of("facets", "vertices", "runs"), SweepTables.names(), "runs/ is committed last");
  }

  /** The column reference of docs/tables.md: the block between its BEGIN and END markers. */
  static String columnReference() throws IOException {
    String text = Files.readString(Path.of("..", "docs", "tables.md"));
    int start = text.indexOf(BEGIN_COLUMN_REFERENCE);
    int end = text.indexOf(END_COLUMN_REFERENCE);
    assertTrue(start >= 0 && end > start, "docs/tables.md lacks its delimited column reference");
    return text.substring(start + BEGIN_COLUMN_REFERENCE.length(), end);
  }

  @Test
  void theColumnReferenceDocumentsEveryColumn() throws IOException {
    String text = columnReference();
    List<String> missing = new ArrayList<>();
    for (Column<RunResult> c : RunsTable.SCHEMA.columns()) {
      if (!text.contains("| `" + c.name() + "` |")) {
        missing.add(c.name());
      }
    }
    assertEquals(List.of(), missing, "columns missing from the column reference of docs/tables.md");
    String duality = text.substring(text.indexOf("### `duality/`"));
    for (Column<DualityRow> c : DualityTable.SCHEMA.columns()) {
      assertTrue(duality.contains("| `" + c.name() + "` | " + c.type().displayName() + " |"),
          "duality/ column " + c.name() + " (" + c.type().displayName() + ") missing from the duality/ section of docs/tables.md");
    }
  }

  /** Every table of a sweep has a section "### `name/`" in the column reference whose table lists each column. */
  @Test
  void theColumnReferenceDocumentsEveryTableInItsOwnSection() throws IOException {
    String text = columnReference();
    for (TableSpec<?> t : SweepTables.ALL) {
      String heading = "### `" + t.name() + "/`";
      int start = text.indexOf(heading);
      assertTrue(start >= 0, "the column reference of docs/tables.md lacks a section " + heading);
      int end = text.indexOf("\n#", start + heading.length());
      String section = text.substring(start, end < 0 ? text.length() : end);
      List<String> missing = new ArrayList<>();
      for (Column<?> c : t.schema().columns()) {
        // the row "| `name` | type |": the documented type is the one written
        if (!section.contains("| `" + c.name() + "` | " + c.type().displayName() + " |")) {
          missing.add(c.name() + " (" + c.type().displayName() + ")");
        }
      }
      assertEquals(List.of(), missing, "columns of " + t.name() + "/ missing from its section of docs/tables.md, or with another type");
    }
  }

  @Test
  void jsonHasEveryColumnInSchemaOrder() throws IOException {
    RunConfig c = new RunConfig(2, 1, 3, 1, "abs_power", 3, 0,
        new TrainingSettings("adam", 300, 100, 3, 0.01, 0.9, 0.999, 1e-8, 60),
        new GeometrySettings(200, Tolerances.DEFAULT));
    RunResult r = Runs.run(c);
    JsonNode json = new ObjectMapper().readTree(JsonRows.toJson(RunsTable.SCHEMA, r));
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertEquals(RunsTable.SCHEMA.columnNames(), fields);
    assertEquals(r.runId(), json.get("run_id").asText());
    assertEquals(6, json.get("weights").size());
    assertEquals("OK", json.get("status").asText());
    assertTrue(json.get("error").isNull());
    assertEquals(r.shape().volume(), json.get("volume").asDouble());
    // p = 1, L = 1, 3 units: a hexagon whatever the weights.
    assertEquals("[6,6]", json.get("f_vector").toString());
    assertTrue(json.get("euler_ok").asBoolean());
    assertTrue(json.get("convex").asBoolean());
    assertEquals(6, json.get("activation_cells").asInt());
    assertEquals(1 + 3 + 3, json.get("region_bound").asInt());
    assertEquals(r.faces().volume(), json.get("exact_volume").asDouble());
    // Morse counts of the same hexagon (after 3 epochs, not a regular one).
    assertEquals(2, json.get("morse_counts").size());
    assertEquals(json.get("morse_counts").get(0).asInt(), json.get("morse_counts").get(1).asInt());
    assertTrue(json.get("morse_ok").asBoolean());
    assertTrue(json.get("symmetry_group").asText().matches("[CD]_[0-9]+"), json.get("symmetry_group").asText());
    // the exact hexagon: six vertices of degree 2; its volume product exactly
    assertEquals("[0,0,6]", json.get("valence").toString());
    assertEquals("exact", json.get("mahler_method").asText());
    assertEquals(r.faces().volume() * json.get("polar_volume").asDouble(), json.get("mahler_product").asDouble(), 1e-12);
    assertEquals(1, json.get("effective_units").size());
    assertEquals(6, json.get("canonical_weights").size());
  }
}
