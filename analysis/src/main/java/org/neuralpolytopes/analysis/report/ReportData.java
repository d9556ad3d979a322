package org.neuralpolytopes.analysis.report;

import static org.neuralpolytopes.schema.RunsTable.ACTIVATION_CELLS;
import static org.neuralpolytopes.schema.RunsTable.CODE_VERSION;
import static org.neuralpolytopes.schema.RunsTable.D;
import static org.neuralpolytopes.schema.RunsTable.ERROR;
import static org.neuralpolytopes.schema.RunsTable.EULER_OK;
import static org.neuralpolytopes.schema.RunsTable.FACET_COUNT;
import static org.neuralpolytopes.schema.RunsTable.FINAL_LOSS;
import static org.neuralpolytopes.schema.RunsTable.FRAME_DEFECT;
import static org.neuralpolytopes.schema.RunsTable.F_VECTOR;
import static org.neuralpolytopes.schema.RunsTable.GEOMETRY_SECONDS;
import static org.neuralpolytopes.schema.RunsTable.LAYERS;
import static org.neuralpolytopes.schema.RunsTable.MAHLER_RATIO;
import static org.neuralpolytopes.schema.RunsTable.MORSE_COUNTS;
import static org.neuralpolytopes.schema.RunsTable.P;
import static org.neuralpolytopes.schema.RunsTable.POLYTOPE_NAME;
import static org.neuralpolytopes.schema.RunsTable.RADIUS_MAX;
import static org.neuralpolytopes.schema.RunsTable.RADIUS_MIN;
import static org.neuralpolytopes.schema.RunsTable.REGION_BOUND;
import static org.neuralpolytopes.schema.RunsTable.RUN_ID;
import static org.neuralpolytopes.schema.RunsTable.SEED_INDEX;
import static org.neuralpolytopes.schema.RunsTable.SPHERICITY_ERROR;
import static org.neuralpolytopes.schema.RunsTable.STATUS;
import static org.neuralpolytopes.schema.RunsTable.SYMMETRY_GROUP;
import static org.neuralpolytopes.schema.RunsTable.SYMMETRY_ORDER;
import static org.neuralpolytopes.schema.RunsTable.TOL_SPHERE;
import static org.neuralpolytopes.schema.RunsTable.TRAIN_SECONDS;
import static org.neuralpolytopes.schema.RunsTable.UNITS;
import static org.neuralpolytopes.schema.RunsTable.VERTEX_COUNT;
import static org.neuralpolytopes.schema.RunsTable.WEIGHT_COUNT;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Consumer;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.SweepOutput;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * What the report is made from: the columns of {@code runs/} it needs (read column by column,
 * never the weights of every run), grouped by grid point, the sweep's state, and the detail
 * tables, read only for the runs drawn (facets/, vertices/, the weights) or whole when they are
 * per grid point (duality/, transitions/).
 */
public final class ReportData {

  /** The runs/ columns every report reads. */
  public static final List<String> RUN_COLUMNS;

  static {
    List<String> c = new ArrayList<>(List.of(RUN_ID, RunsTable.SPEC_NAME, D, LAYERS, UNITS, P, RunsTable.ACTIVATION,
        SEED_INDEX));
    c.addAll(Schedule.COLUMNS);
    c.addAll(List.of(STATUS, ERROR, FINAL_LOSS, TRAIN_SECONDS, GEOMETRY_SECONDS, WEIGHT_COUNT, CODE_VERSION,
        RADIUS_MIN, RADIUS_MAX, SPHERICITY_ERROR, TOL_SPHERE, FRAME_DEFECT, F_VECTOR, EULER_OK, ACTIVATION_CELLS,
        REGION_BOUND, RunsTable.REGION_BOUND_CENTRAL, FACET_COUNT, VERTEX_COUNT, MORSE_COUNTS, RunsTable.MORSE_OK, SYMMETRY_GROUP, SYMMETRY_ORDER, POLYTOPE_NAME,
        MAHLER_RATIO, RunsTable.DIRECTIONS));
    RUN_COLUMNS = List.copyOf(c);
  }

  private final String source;
  private final JsonNode manifest;
  private final String specName;
  private final SweepState state;
  private final List<TableRow> runs;
  private final ScheduleTags tags;
  private final Map<GridPoint, List<TableRow>> groups;
  private final DetailTables details;

  ReportData(String source, JsonNode manifest, String specName, SweepState state, List<TableRow> runs,
      DetailTables details) {
    this.source = source;
    this.manifest = manifest;
    this.specName = specName;
    this.state = state;
    Set<Schedule> schedules = new LinkedHashSet<>();
    for (TableRow r : runs) {
      schedules.add(Schedule.of(r));
    }
    this.tags = new ScheduleTags(schedules);
    Map<GridPoint, List<TableRow>> byPoint = new TreeMap<>();
    for (TableRow r : runs) {
      byPoint.computeIfAbsent(GridPoint.of(r, tags), k -> new ArrayList<>()).add(r);
    }
    List<TableRow> sorted = new ArrayList<>(runs.size());
    Map<GridPoint, List<TableRow>> frozen = new LinkedHashMap<>();
    for (Map.Entry<GridPoint, List<TableRow>> e : byPoint.entrySet()) {
      List<TableRow> seeds = new ArrayList<>(e.getValue());
      seeds.sort(Comparator.comparing((TableRow r) -> r.getInt(SEED_INDEX)).thenComparing(r -> r.getString(RUN_ID)));
      sorted.addAll(seeds);
      frozen.put(e.getKey(), Collections.unmodifiableList(seeds));
    }
    this.runs = Collections.unmodifiableList(sorted);
    this.groups = Collections.unmodifiableMap(frozen);
    this.details = details;
  }

  /** Reads a sweep output: the report's runs/ columns, and the detail tables on demand. */
  public static ReportData load(SweepOutput output, Consumer<String> progress) throws AnalysisException {
    progress.accept("reading runs/ (" + RUN_COLUMNS.size() + " of " + RunsTable.SCHEMA.columns().size() + " columns)");
    List<TableRow> runs = output.runs(RUN_COLUMNS).rows();
    progress.accept("read " + runs.size() + " rows of runs/");
    SweepState state = SweepState.of(output, runs);
    return new ReportData(output.name(), output.manifest(), output.specName(), state, runs, new StoredTables(output));
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

  public SweepState state() {
    return state;
  }

  /** Every row of runs/ (the report's columns), in grid order then seed. */
  public List<TableRow> runs() {
    return runs;
  }

  /** Runs grouped by grid point (full training identity), in grid order; seeds in order. */
  Map<GridPoint, List<TableRow>> byGridPoint() {
    return groups;
  }

  ScheduleTags schedules() {
    return tags;
  }

  GridPoint pointOf(TableRow r) {
    return GridPoint.of(r, tags);
  }

  DetailTables details() {
    return details;
  }

  /** A whole per-grid-point table (duality/, transitions/), when the output has it. */
  Optional<List<TableRow>> table(String name) {
    return details.whole(name);
  }

  /** Detail tables that are not there, with why. */
  Map<String, String> absentTables() {
    return details.absent();
  }
}
