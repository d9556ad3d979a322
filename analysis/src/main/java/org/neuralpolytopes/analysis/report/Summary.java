package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.train.Status;

/**
 * One row per grid point (d, layers, units, p, activation) over its seeds: counts by status, the
 * modal polytope name / f-vector / Morse counts / symmetry group with how many seeds agree (all
 * tied values when several are equally frequent),
 * sphericity error (mean, standard deviation, range), Mahler ratio and mean train time. Each
 * metric column appears only when its runs/ column exists in the shared schema.
 */
public final class Summary {

  /** A summary column: its header, what it is, and its value for a grid point's runs. */
  private record Field(String header, String meaning, Function<List<TableRow>, String> value) {}

  private final List<Field> fields = new ArrayList<>();
  private final List<String> absent = new ArrayList<>();
  private final Map<GridPoint, List<TableRow>> groups;

  public Summary(ReportData data) {
    this.groups = data.byGridPoint();
    fields.add(new Field("d", "input dimension", rs -> Integer.toString(GridPoint.of(rs.get(0)).d())));
    fields.add(new Field("layers", "hidden layers L", rs -> Integer.toString(GridPoint.of(rs.get(0)).layers())));
    fields.add(new Field("units", "units n per layer", rs -> Integer.toString(GridPoint.of(rs.get(0)).units())));
    fields.add(new Field("p", "activation exponent", rs -> Values.p(GridPoint.of(rs.get(0)).p())));
    fields.add(new Field("activation", "activation family", rs -> GridPoint.of(rs.get(0)).activation()));
    fields.add(new Field("weight_count", "parameters (no biases)", rs -> Values.text(rs.get(0), "weight_count")));
    fields.add(new Field("seeds", "runs of this grid point", rs -> Integer.toString(rs.size())));
    for (Status s : Status.values()) {
      String name = s.name();
      fields.add(new Field(name.toLowerCase(java.util.Locale.ROOT), "runs with status " + name,
          rs -> Long.toString(rs.stream().filter(r -> name.equals(r.getString("status"))).count())));
    }
    modal(data, "polytope_name", "catalogue name of the body (modal over seeds)");
    modal(data, "f_vector", "f-vector of the exact faces (modal over seeds)");
    modal(data, "morse_counts", "Morse counts of the radial function (modal over seeds)");
    modal(data, "symmetry_group", "point group of the vertices (modal over seeds)");
    if (data.has("symmetry_order")) {
      fields.add(new Field("symmetry_order", "order of the modal symmetry group",
          rs -> data.has("symmetry_group") ? orderOfModalGroup(rs) : mode(rs, "symmetry_order").value()));
    }
    fields.add(new Field("radius_ratio_mean", "mean of radius_max / radius_min",
        rs -> stat(rs, r -> ratio(r), Stat.MEAN)));
    fields.add(new Field("sphericity_error_mean", "mean of max |r(u) - 1|", rs -> stat(rs, col("sphericity_error"), Stat.MEAN)));
    fields.add(new Field("sphericity_error_sd", "standard deviation over seeds", rs -> stat(rs, col("sphericity_error"), Stat.SD)));
    fields.add(new Field("sphericity_error_min", "smallest over seeds", rs -> stat(rs, col("sphericity_error"), Stat.MIN)));
    fields.add(new Field("sphericity_error_max", "largest over seeds", rs -> stat(rs, col("sphericity_error"), Stat.MAX)));
    fields.add(new Field("final_loss_mean", "mean final training loss (MSE)", rs -> stat(rs, col("final_loss"), Stat.MEAN)));
    if (data.has("mahler_ratio")) {
      fields.add(new Field("mahler_ratio_mean", "mean of vol(K) vol(K°) / omega_d^2", rs -> stat(rs, col("mahler_ratio"), Stat.MEAN)));
      fields.add(new Field("mahler_ratio_sd", "standard deviation over seeds", rs -> stat(rs, col("mahler_ratio"), Stat.SD)));
    } else {
      absent.add("mahler_ratio");
    }
    fields.add(new Field("train_seconds_mean", "mean training wall time (s)", rs -> stat(rs, col("train_seconds"), Stat.MEAN)));
  }

  private void modal(ReportData data, String column, String meaning) {
    if (!data.has(column)) {
      absent.add(column);
      return;
    }
    fields.add(new Field(column, meaning, rs -> mode(rs, column).value()));
    fields.add(new Field(column + "_seeds", "seeds that agree with the modal " + column + " (with each, when several tie)",
        rs -> mode(rs, column).count() + "/" + rs.size()));
  }

  /** The runs/ columns whose summary columns are left out because the schema lacks them. */
  public List<String> absentColumns() {
    return Collections.unmodifiableList(absent);
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

  public List<List<String>> rows() {
    List<List<String>> out = new ArrayList<>();
    for (List<TableRow> rs : groups.values()) {
      out.add(fields.stream().map(f -> f.value().apply(rs)).toList());
    }
    return out;
  }

  /**
   * The most frequent non-null values of a column and how many runs have each: one value, or all
   * values tied for most frequent (in sorted order), so that a summary row never shows one seed's
   * value as if it were the others'.
   */
  record Mode(List<String> values, long count) {

    /** The modal value, or the tied values joined by " / ". */
    String value() {
      return String.join(" / ", values);
    }
  }

  static Mode mode(List<TableRow> rs, String column) {
    Map<String, Long> counts = new TreeMap<>();
    for (TableRow r : rs) {
      if (!r.isNull(column)) {
        counts.merge(Values.text(r, column), 1L, Long::sum);
      }
    }
    long n = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    List<String> best = counts.entrySet().stream().filter(e -> e.getValue() == n).map(Map.Entry::getKey).toList();
    return new Mode(best, n);
  }

  /**
   * symmetry_order of the modal symmetry_group (of each tied group, in the same order), so that
   * the two columns always describe the same runs.
   */
  static String orderOfModalGroup(List<TableRow> rs) {
    Mode groups = mode(rs, "symmetry_group");
    if (groups.values().isEmpty()) {
      return mode(rs, "symmetry_order").value();
    }
    List<String> orders = new ArrayList<>();
    for (String g : groups.values()) {
      orders.add(mode(rs.stream().filter(r -> g.equals(Values.text(r, "symmetry_group"))).toList(), "symmetry_order").value());
    }
    return String.join(" / ", orders);
  }

  static Double ratio(TableRow r) {
    Double max = Values.number(r, "radius_max");
    Double min = Values.number(r, "radius_min");
    return max == null || min == null || min <= 0 ? null : max / min;
  }

  private static Function<TableRow, Double> col(String column) {
    return r -> Values.number(r, column);
  }

  enum Stat { MEAN, SD, MIN, MAX }

  static List<Double> finite(List<TableRow> rs, Function<TableRow, Double> f) {
    List<Double> xs = new ArrayList<>();
    for (TableRow r : rs) {
      Double x = f.apply(r);
      if (x != null && Double.isFinite(x)) {
        xs.add(x);
      }
    }
    return xs;
  }

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static String stat(List<TableRow> rs, Function<TableRow, Double> f, Stat s) {
    List<Double> xs = finite(rs, f);
    if (xs.isEmpty() || (s == Stat.SD && xs.size() < 2)) {
      return "";
    }
    return switch (s) {
      case MEAN -> Values.num(mean(xs));
      case MIN -> Values.num(Collections.min(xs));
      case MAX -> Values.num(Collections.max(xs));
      case SD -> {
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
          ss += (x - m) * (x - m);
        }
        yield Values.num(Math.sqrt(ss / (xs.size() - 1)));
      }
    };
  }

  public void writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(csvLine(header()));
    for (List<String> row : rows()) {
      sb.append(csvLine(row));
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  public void writeMarkdown(Path file, String title) throws IOException {
    StringBuilder sb = new StringBuilder("# " + title + "\n\n");
    sb.append("One row per grid point over its seeds. Statistics are over runs that have the value "
        + "(a diverged run has no geometry).\n\n");
    sb.append(Markdown.table(header(), rows()));
    sb.append("\nColumns:\n\n");
    meanings().forEach((h, m) -> sb.append("- `").append(h).append("`: ").append(m).append('\n'));
    if (!absent.isEmpty()) {
      sb.append("\nLeft out (no such runs/ column in this build's schema yet): ")
          .append(String.join(", ", absent.stream().map(a -> "`" + a + "`").toList())).append(".\n");
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  private static String csvLine(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i > 0) {
        sb.append(',');
      }
      if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    return sb.append('\n').toString();
  }
}
