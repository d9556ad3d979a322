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

  /**
   * docs/tables.md carries the column reference generated from the schema classes: the committed
   * copy must be what {@link TableDocs} generates now.
   */
  @Test
  void theGeneratedColumnReferenceIsCommitted() throws IOException {
    Path docs = Path.of("..", "docs", "tables.md");
    assertTrue(Files.exists(docs), "docs/tables.md is missing");
    String text = Files.readString(docs);
    assertEquals(TableDocs.updated(text), text,
        "docs/tables.md differs from the schema classes; regenerate it: "
            + "java -cp trainer/target/classes org.neuralpolytopes.schema.TableDocs docs/tables.md");
    for (TableSchema<?> t : SweepTables.schemas()) {
      assertTrue(text.contains("### `" + t.name() + "/`"), "docs/tables.md lacks the section of " + t.name() + "/");
    }
  }

  @Test
  void remeasuringKeepsEveryTrainingValueAndReplacesTheMeasurement() {
    RunConfig c = new RunConfig(2, 1, 3, 1, "abs_power", 3, 0,
        new TrainingSettings("adam", 300, 100, 3, 0.01, 0.9, 0.999, 1e-8, 60),
        new GeometrySettings(200, Tolerances.DEFAULT));
    RunResult r = Runs.run(c);
    Object[] stored = RunsTable.row(r);
    GeometrySettings other = new GeometrySettings(300, new Tolerances(1e-6, 0.08, 1e-3, 1e6));
    org.neuralpolytopes.measure.Measurement m = org.neuralpolytopes.measure.BodyMeasurement.of(
        new org.neuralpolytopes.net.Network(c.architecture(), r.weights()), other,
        org.neuralpolytopes.geometry.Deadline.NONE);
    Object[] again = RunsTable.remeasured(stored, m);
    for (int i = 0; i < stored.length; i++) {
      Column<RunResult> col = RunsTable.SCHEMA.columns().get(i);
      if (col.stage() == ColumnStage.TRAINING) {
        assertTrue(java.util.Objects.deepEquals(stored[i], again[i]), col.name() + " changed");
      }
    }
    assertEquals(300, again[RunsTable.SCHEMA.indexOf(RunsTable.DIRECTIONS)]);
    assertEquals(0.08, again[RunsTable.SCHEMA.indexOf(RunsTable.TOL_SYMMETRY)]);
    assertEquals(other.measureId(), again[RunsTable.SCHEMA.indexOf(RunsTable.MEASURE_ID)]);
    assertTrue(!other.measureId().equals(stored[RunsTable.SCHEMA.indexOf(RunsTable.MEASURE_ID)]));
    assertEquals("OK", again[RunsTable.SCHEMA.indexOf(RunsTable.STATUS)]);
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
