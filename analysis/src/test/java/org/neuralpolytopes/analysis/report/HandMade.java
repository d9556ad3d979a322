package org.neuralpolytopes.analysis.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Report inputs made by hand: runs/ rows with every column the report reads (typed as the reader
 * types them), detail tables as maps, and the exact faces of analytic weights as the measurement
 * would store them.
 */
final class HandMade {

  private HandMade() {}

  /** The octahedron's weights: e1, e2, e3 (docs/paper-claims.md, analytic weights). */
  static final double[] OCTAHEDRON = {1, 0, 0, 0, 1, 0, 0, 0, 1};

  /** A run row: an OK (3, 1, 3, 1) octahedron at the paper's schedule, then the given column values. */
  static TableRow run(String id, int seedIndex, Object... columnValues) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put(RunsTable.RUN_ID, id);
    v.put(RunsTable.SPEC_NAME, "hand-made");
    v.put(RunsTable.D, 3);
    v.put(RunsTable.LAYERS, 1);
    v.put(RunsTable.UNITS, 3);
    v.put(RunsTable.P, 1.0);
    v.put(RunsTable.ACTIVATION, "abs_power");
    v.put(RunsTable.SEED_INDEX, seedIndex);
    v.put(RunsTable.OPTIMIZER, "adam");
    v.put(RunsTable.SAMPLES, 10000);
    v.put(RunsTable.BATCH_SIZE, 1000);
    v.put(RunsTable.EPOCHS, 10000);
    v.put(RunsTable.LEARNING_RATE, 0.001);
    v.put(RunsTable.BETA1, 0.9);
    v.put(RunsTable.BETA2, 0.999);
    v.put(RunsTable.EPSILON, 1e-8);
    v.put(RunsTable.PLATEAU_WINDOW, 500);
    v.put(RunsTable.PLATEAU_TOLERANCE, 1e-3);
    v.put(RunsTable.POINTS, "random");
    v.put(RunsTable.RESAMPLE, "never");
    v.put(RunsTable.LR_SCHEDULE, "constant");
    v.put(RunsTable.STATUS, "OK");
    v.put(RunsTable.ERROR, null);
    v.put(RunsTable.FINAL_LOSS, 0.01);
    v.put(RunsTable.TRAIN_SECONDS, 1.5);
    v.put(RunsTable.GEOMETRY_SECONDS, 0.1);
    v.put(RunsTable.WEIGHT_COUNT, 9);
    v.put(RunsTable.CODE_VERSION, "test");
    v.put(RunsTable.RADIUS_MIN, 1 / Math.sqrt(3));
    v.put(RunsTable.RADIUS_MAX, 1.0);
    v.put(RunsTable.SPHERICITY_ERROR, 1 - 1 / Math.sqrt(3));
    v.put(RunsTable.TOL_SPHERE, 1e-3);
    v.put(RunsTable.FRAME_DEFECT, 0.0);
    v.put(RunsTable.F_VECTOR, new int[] {6, 12, 8});
    v.put(RunsTable.EULER_OK, true);
    v.put(RunsTable.ACTIVATION_CELLS, 8);
    v.put(RunsTable.REGION_BOUND, 8.0);
    v.put(RunsTable.REGION_BOUND_CENTRAL, 8.0); // 2 (C(2,0) + C(2,1) + C(2,2)) for three units in d = 3
    v.put(RunsTable.FACET_COUNT, 8);
    v.put(RunsTable.VERTEX_COUNT, 6);
    v.put(RunsTable.MORSE_COUNTS, new int[] {6, 12, 8});
    v.put(RunsTable.MORSE_OK, true);
    v.put(RunsTable.SYMMETRY_GROUP, "O_h");
    v.put(RunsTable.SYMMETRY_ORDER, 48);
    v.put(RunsTable.POLYTOPE_NAME, "octahedron");
    v.put(RunsTable.MAHLER_RATIO, 0.608);
    v.put(RunsTable.DIRECTIONS, 4000);
    v.put(RunsTable.WEIGHTS, OCTAHEDRON.clone());
    v.put(RunsTable.WEIGHT_SHAPES, new int[] {3, 3});
    for (int i = 0; i < columnValues.length; i += 2) {
      String c = (String) columnValues[i];
      if (!v.containsKey(c)) {
        throw new IllegalArgumentException("not a report column: " + c);
      }
      v.put(c, columnValues[i + 1]);
    }
    return TableRow.of(v);
  }

  /** A copy of a row with another run_id and the given values. */
  static TableRow with(TableRow r, String id, Object... columnValues) {
    Map<String, Object> v = new LinkedHashMap<>(r.values());
    v.put(RunsTable.RUN_ID, id);
    for (int i = 0; i < columnValues.length; i += 2) {
      v.put((String) columnValues[i], columnValues[i + 1]);
    }
    return TableRow.of(v);
  }

  static ReportData data(List<TableRow> runs) throws Exception {
    return data(runs, SweepState.finished(runs), Map.of());
  }

  static ReportData data(List<TableRow> runs, Map<String, List<TableRow>> tables) throws Exception {
    return data(runs, SweepState.finished(runs), tables);
  }

  static ReportData data(List<TableRow> runs, SweepState state, Map<String, List<TableRow>> tables) throws Exception {
    return new ReportData("hand-made", new ObjectMapper().readTree("{\"schema_version\": 2, \"state\": \""
        + state.state() + "\"}"), "hand-made", state, runs, new Tables(runs, tables));
  }

  /** Detail tables held in memory; a run's network is its own row (it has the weights). */
  static final class Tables implements DetailTables {
    private final Map<String, TableRow> runs = new LinkedHashMap<>();
    private final Map<String, List<TableRow>> tables;

    Tables(List<TableRow> runs, Map<String, List<TableRow>> tables) {
      runs.forEach(r -> this.runs.put(r.getString(RunsTable.RUN_ID), r));
      this.tables = tables;
    }

    @Override
    public Optional<List<TableRow>> whole(String table) {
      return Optional.ofNullable(tables.get(table));
    }

    @Override
    public Map<String, String> absent() {
      Map<String, String> out = new LinkedHashMap<>();
      for (String t : List.of(DUALITY, FACETS, VERTICES)) {
        if (!tables.containsKey(t)) {
          out.put(t, "not in this test");
        }
      }
      return out;
    }

    @Override
    public Map<String, List<TableRow>> rowsOf(String table, Collection<TableRow> of) {
      Map<String, List<TableRow>> out = new LinkedHashMap<>();
      for (TableRow r : of) {
        String id = r.getString(RunsTable.RUN_ID);
        for (TableRow t : tables.getOrDefault(table, List.of())) {
          if (id.equals(t.getString(RunsTable.RUN_ID))) {
            out.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
          }
        }
      }
      return out;
    }

    @Override
    public Map<String, TableRow> networks(Collection<TableRow> of) {
      Map<String, TableRow> out = new LinkedHashMap<>();
      for (TableRow r : of) {
        out.put(r.getString(RunsTable.RUN_ID), runs.get(r.getString(RunsTable.RUN_ID)));
      }
      return out;
    }
  }

  /** A one-layer |x| network of the given weight rows. */
  static Network net(int d, double p, double[][] rows) {
    double[] w = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, w, i * d, d);
    }
    return new Network(new Architecture(d, 1, rows.length, Activations.of("abs_power", p)), w);
  }

  /** The facets/ and vertices/ rows the measurement stores for a p = 1 network (FacetsTable, VerticesTable). */
  static Map<String, List<TableRow>> storedFaces(String runId, Network net) {
    PolytopeFaces faces = PolytopeFaces.measure(net, GeometrySettings.DEFAULT);
    if (faces.outcome() != PolytopeFaces.Outcome.COMPLETE) {
      throw new IllegalStateException("not a complete face complex: " + faces.outcome());
    }
    List<TableRow> facets = new ArrayList<>();
    for (int i = 0; i < faces.facets().size(); i++) {
      PolytopeFaces.Facet f = faces.facets().get(i);
      facets.add(TableRow.of(Map.of("run_id", runId, "facet", i, "a", f.a(), "area", f.area(), "vertex_ids", f.vertexIds(),
          "cells", f.cells())));
    }
    List<TableRow> vertices = new ArrayList<>();
    for (int i = 0; i < faces.vertices().size(); i++) {
      PolytopeFaces.Vertex v = faces.vertices().get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run_id", runId);
      m.put("vertex", i);
      m.put("x", v.x());
      m.put("radius", v.radius());
      m.put("valence", v.valence());
      m.put("orbit", null);
      vertices.add(TableRow.of(m));
    }
    return Map.of(DetailTables.FACETS, facets, DetailTables.VERTICES, vertices);
  }
}
