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
      "volume", "host", "code_version");

  @Test
  void carriesTheColumnsOfMetricsMdThatThisVersionMeasures() {
    List<String> names = RunsTable.SCHEMA.columnNames();
    for (String c : METRICS_MD_RUNS_COLUMNS) {
      assertTrue(names.contains(c), "runs/ lacks " + c);
    }
  }

  @Test
  void theReadmeDocumentsEveryColumn() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    List<String> missing = new ArrayList<>();
    for (Column<RunResult> c : RunsTable.SCHEMA.columns()) {
      if (!text.contains("| `" + c.name() + "` |")) {
        missing.add(c.name());
      }
    }
    assertEquals(List.of(), missing, "columns missing from the README's schema table");
    for (Column<DualityRow> c : DualityTable.SCHEMA.columns()) {
      assertTrue(text.contains("| `" + c.name() + "` |"), "duality/ column " + c.name() + " missing from the README");
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
  }
}
