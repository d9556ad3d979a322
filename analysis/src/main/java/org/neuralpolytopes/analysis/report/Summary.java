package org.neuralpolytopes.analysis.report;

import static org.neuralpolytopes.analysis.report.SeedStatistics.column;
import static org.neuralpolytopes.analysis.report.SeedStatistics.stat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.Status;

/**
 * One row per grid point (its full training identity) over its seeds: counts by status, the modal
 * polytope name and kind, f-vector, Morse counts and symmetry group with how many seeds agree (all
 * tied values when several are equally frequent), sphericity error (mean, standard deviation,
 * range), Mahler ratio, mean train time, and the run that represents the grid point in the
 * pictures ({@link Representatives}).
 */
public final class Summary {

  /** A summary column: its header, what it is, and its value for a grid point. */
  private record Field(String header, String meaning, Function<Map.Entry<GridPoint, List<TableRow>>, String> value) {}

  private final List<Field> fields = new ArrayList<>();
  private final Map<GridPoint, List<TableRow>> groups;

  Summary(ReportData data, Representatives representatives) {
    this.groups = data.byGridPoint();
    field("d", "input dimension", g -> Integer.toString(g.d()));
    field("layers", "hidden layers L", g -> Integer.toString(g.layers()));
    field("units", "units n per layer", g -> Integer.toString(g.units()));
    field("p", "activation exponent", g -> Values.p(g.p()));
    field("activation", "activation family", GridPoint::activation);
    if (!data.schedules().all().isEmpty()) {
      field("schedule", "training schedule (the page lists each)", GridPoint::tag);
    }
    seeds("weight_count", "weights of the layers (no biases; a rational activation's trained coefficients not counted)", rs -> Values.text(rs.get(0), RunsTable.WEIGHT_COUNT));
    seeds("seeds", "runs of this grid point", rs -> Integer.toString(rs.size()));
    for (Status s : Status.values()) {
      String name = s.name();
      seeds(name.toLowerCase(Locale.ROOT), "runs with status " + name,
          rs -> Long.toString(rs.stream().filter(r -> name.equals(r.getString(RunsTable.STATUS))).count()));
    }
    modal("polytope_kind", "kind of body: polytope_name without the exponent of a rounded or spiky body",
        r -> PolytopeCatalogue.kind(r.getString(RunsTable.POLYTOPE_NAME)));
    modal(RunsTable.POLYTOPE_NAME, "catalogue name of the body", r -> Values.text(r, RunsTable.POLYTOPE_NAME));
    modal(RunsTable.F_VECTOR, "f-vector of the exact faces", r -> Values.text(r, RunsTable.F_VECTOR));
    modal(RunsTable.MORSE_COUNTS, "Morse counts of the radial function", r -> Values.text(r, RunsTable.MORSE_COUNTS));
    modal(RunsTable.SYMMETRY_GROUP, "point group of the vertices", r -> r.getString(RunsTable.SYMMETRY_GROUP));
    seeds(RunsTable.SYMMETRY_ORDER, "order of the modal symmetry group", Summary::orderOfModalGroup);
    // the body's statistics over the seeds that have a bounded body (an UNBOUNDED run's radii come
    // from the sampled directions only)
    bodies("radius_ratio_mean", "mean of radius_max / radius_min", rs -> stat(rs, SeedStatistics::radiusRatio, SeedStatistics.Stat.MEAN));
    bodies("sphericity_error_mean", "mean of max |r(u) - 1|", rs -> stat(rs, column(RunsTable.SPHERICITY_ERROR), SeedStatistics.Stat.MEAN));
    bodies("sphericity_error_sd", "standard deviation", rs -> stat(rs, column(RunsTable.SPHERICITY_ERROR), SeedStatistics.Stat.SD));
    bodies("sphericity_error_min", "smallest", rs -> stat(rs, column(RunsTable.SPHERICITY_ERROR), SeedStatistics.Stat.MIN));
    bodies("sphericity_error_max", "largest", rs -> stat(rs, column(RunsTable.SPHERICITY_ERROR), SeedStatistics.Stat.MAX));
    seeds("final_loss_mean", "mean final training loss (MSE)", rs -> stat(rs, column(RunsTable.FINAL_LOSS), SeedStatistics.Stat.MEAN));
    bodies("mahler_ratio_mean", "mean of vol(K) vol(K°) / omega_d^2", rs -> stat(rs, column(RunsTable.MAHLER_RATIO), SeedStatistics.Stat.MEAN));
    bodies("mahler_ratio_sd", "standard deviation", rs -> stat(rs, column(RunsTable.MAHLER_RATIO), SeedStatistics.Stat.SD));
    seeds("train_seconds_mean", "mean training wall time (s)", rs -> stat(rs, column(RunsTable.TRAIN_SECONDS), SeedStatistics.Stat.MEAN));
    Map<GridPoint, TableRow> reps = representatives.representatives();
    field("representative", "run_id of the seed closest to the modal measurement (the one drawn for this point)",
        g -> reps.containsKey(g) ? reps.get(g).getString(RunsTable.RUN_ID) : "");
  }

  private void field(String header, String meaning, Function<GridPoint, String> value) {
    fields.add(new Field(header, meaning, e -> value.apply(e.getKey())));
  }

  private void seeds(String header, String meaning, Function<List<TableRow>, String> value) {
    fields.add(new Field(header, meaning, e -> value.apply(e.getValue())));
  }

  /** A statistic of the body over the seeds with a bounded body ({@link Representatives#drawable}). */
  private void bodies(String header, String meaning, Function<List<TableRow>, String> value) {
    seeds(header, meaning + " over the seeds with a bounded body that fits (not UNBOUNDED or NO_FIT)",
        rs -> value.apply(rs.stream().filter(Representatives::drawable).toList()));
  }

  /** A modal column over the seeds; a NO_FIT seed's body holds no value (it is not a fit of the sphere). */
  private void modal(String header, String meaning, Function<TableRow, String> value) {
    Function<TableRow, String> fitted = r -> Representatives.noFit(r) ? null : value.apply(r);
    seeds(header, meaning + " (modal over seeds; NO_FIT seeds hold none)", rs -> SeedStatistics.mode(rs, fitted).value());
    seeds(header + "_seeds", "seeds that agree with the modal " + header + " (with each, when several tie)",
        rs -> SeedStatistics.mode(rs, fitted).count() + "/" + rs.size());
  }

  public List<String> header() {
    return fields.stream().map(Field::header).toList();
  }

  /** What each column means, by header. */
  public Map<String, String> meanings() {
    Map<String, String> m = new LinkedHashMap<>();
    fields.forEach(f -> m.put(f.header(), f.meaning()));
    return m;
  }

  /** Number of rows (grid points). */
  public int size() {
    return groups.size();
  }

  public List<List<String>> rows() {
    List<List<String>> out = new ArrayList<>(groups.size());
    for (Map.Entry<GridPoint, List<TableRow>> e : groups.entrySet()) {
      out.add(row(e));
    }
    return out;
  }

  private List<String> row(Map.Entry<GridPoint, List<TableRow>> e) {
    List<String> row = new ArrayList<>(fields.size());
    for (Field f : fields) {
      row.add(f.value().apply(e));
    }
    return row;
  }

  /**
   * symmetry_order of the modal symmetry_group (of each tied group, in the same order), so that
   * the two columns always describe the same runs (NO_FIT seeds left out, as there).
   */
  static String orderOfModalGroup(List<TableRow> seeds) {
    List<TableRow> rs = seeds.stream().filter(r -> !Representatives.noFit(r)).toList();
    SeedStatistics.Mode groups = SeedStatistics.mode(rs, RunsTable.SYMMETRY_GROUP);
    if (groups.values().isEmpty()) {
      return SeedStatistics.mode(rs, RunsTable.SYMMETRY_ORDER).value();
    }
    List<String> orders = new ArrayList<>();
    for (String g : groups.values()) {
      orders.add(SeedStatistics.mode(rs.stream().filter(r -> g.equals(r.getString(RunsTable.SYMMETRY_GROUP))).toList(),
          RunsTable.SYMMETRY_ORDER).value());
    }
    return String.join(" / ", orders);
  }

  /** Writes summary.csv, row by row (a 10^4-point grid is not held as text). */
  public void writeCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(Csv.line(header()));
      for (Map.Entry<GridPoint, List<TableRow>> e : groups.entrySet()) {
        w.write(Csv.line(row(e)));
      }
    }
  }

  public void writeMarkdown(Path file, String title) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# " + title + "\n\n");
      w.write("One row per grid point (architecture, activation and every training setting) over its seeds. "
          + "Statistics are over runs that have the value (a diverged run has no geometry).\n\n");
      w.write(Markdown.line(header()));
      w.write(Markdown.line(header().stream().map(h -> "---").toList()));
      for (Map.Entry<GridPoint, List<TableRow>> e : groups.entrySet()) {
        w.write(Markdown.line(row(e)));
      }
      w.write("\nColumns:\n\n");
      for (Map.Entry<String, String> m : meanings().entrySet()) {
        w.write("- `" + m.getKey() + "`: " + m.getValue() + "\n");
      }
    }
  }
}
