package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.analysis.render.RadialSurface;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The claims table of docs/paper-claims.md with what the sweep measured beside each claim. Every check
 * states its criterion; a claim that needs a column this build does not have yet says so
 * ("not measurable yet: needs polytope_name") instead of guessing, and a claim whose
 * configurations the sweep did not run says "not in this sweep".
 *
 * <p>Shape criteria: the ratio radius_max / radius_min of the regular 2n-gon, 1/cos(pi/(2n)); for
 * the (d, 1, d, p) bodies, which are l_p balls at their regular optimum, the weight frame itself
 * (orthogonal rows of equal length, {@link #frameDefect}), with the ratio against d^|1/2 - 1/p|
 * shown beside it; and the sphericity error.
 */
public final class PaperClaims {

  /** Relative tolerance on radius_max / radius_min against the regular shape's value. */
  public static final double RATIO_TOLERANCE = 0.02;
  /**
   * frame_defect (largest |cos| between weight rows, or their relative length spread) under which a
   * (d, 1, d, p) body counts as the l_p ball: 5%, as the default tol_symmetry, because trained
   * bodies are regular only to within a few percent (flat losses for p < 1 leave 3-6%).
   */
  public static final double FRAME_TOLERANCE = 0.05;
  /** sphericity_error below which a body counts as the unit sphere. */
  public static final double SPHERE_TOLERANCE = 0.01;
  /** polar_distance below which two bodies count as exactly dual. */
  public static final double DUAL_TOLERANCE = 0.02;
  /** polar_distance below which two bodies count as close to dual. */
  public static final double NEAR_DUAL_TOLERANCE = 0.15;

  public enum Verdict {
    MATCH("match"), PARTIAL("partial"), NO_MATCH("no match"), NOT_IN_SWEEP("not in this sweep"),
    NOT_MEASURABLE("not measurable yet");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** One line of the claims table. */
  public record Check(String claim, String type, String expected, String measured, Verdict verdict,
      int agree, int seeds, String criterion) {

    public String seedsText() {
      return seeds == 0 ? "" : agree + " of " + seeds;
    }
  }

  private final ReportData data;
  private final Map<GridPoint, List<TableRow>> groups;
  private final List<Check> checks = new ArrayList<>();

  public PaperClaims(ReportData data) {
    this.data = data;
    this.groups = data.byGridPoint();
    polygons();
    polyhedra();
    deeperIsRounder();
    higherDimension();
    edgeShape();
    duality();
    nearDuality();
    sphere();
  }

  public List<Check> checks() {
    return List.copyOf(checks);
  }

  // ---- claims ---------------------------------------------------------------------------------

  private void polygons() {
    List<GridPoint> points = points(g -> g.absPower() && g.d() == 2 && g.layers() == 1 && g.p() == 1.0);
    if (points.isEmpty()) {
      notInSweep("neural polygons", "(2, 1, n, 1)", "regular 2n-gon");
      return;
    }
    for (GridPoint g : points) {
      int n = g.units();
      double ideal = 1 / Math.cos(Math.PI / (2 * n));
      String criterion = "radius_max/radius_min within " + pct(RATIO_TOLERANCE) + " of 1/cos(pi/2n) = " + Values.num(ideal);
      Predicate<TableRow> ok = r -> near(Summary.ratio(r), ideal);
      if (data.has("f_vector")) {
        criterion += "; f_vector = (" + 2 * n + ", " + 2 * n + ")";
        ok = ok.and(r -> ("(" + 2 * n + ", " + 2 * n + ")").equals(Values.text(r, "f_vector")));
      }
      if (data.has("symmetry_order")) {
        criterion += "; symmetry_order = " + 4 * n + " (D_" + 2 * n + ")";
        ok = ok.and(r -> Double.valueOf(4 * n).equals(Values.number(r, "symmetry_order")));
      }
      add("neural polygons", g, "regular " + 2 * n + "-gon", ratios(g) + extras(g, "f_vector", "symmetry_group"), ok, criterion);
    }
  }

  private void polyhedra() {
    String[][] expected = {{"3", "octahedron", "O_h"}, {"4", "cuboctahedron", "O_h"}, {"6", "icosidodecahedron", "I_h"}};
    for (String[] e : expected) {
      int n = Integer.parseInt(e[0]);
      GridPoint g = new GridPoint(3, 1, n, 1.0, "abs_power");
      String name = e[1];
      if (!groups.containsKey(g)) {
        notInSweep("neural polyhedra", g.label(), name);
        continue;
      }
      double ideal = IdealShapes.radiusRatio(n);
      String indicator = ratios(g) + " (regular " + name + ": " + Values.num(ideal) + ")";
      if (!data.has("polytope_name")) {
        checks.add(new Check("neural polyhedra", g.label(), name, indicator, Verdict.NOT_MEASURABLE, 0, 0,
            "needs polytope_name (the ratio beside it is an indicator, not a test: every generic L = 1 net has "
                + "this f-vector; the claim is regularity)"));
        continue;
      }
      String criterion = "polytope_name = " + name;
      Predicate<TableRow> ok = r -> sameName(Values.text(r, "polytope_name"), name);
      if (data.has("symmetry_group")) {
        criterion += " and symmetry_group = " + e[2];
        ok = ok.and(r -> e[2].equals(Values.text(r, "symmetry_group")));
      }
      add("neural polyhedra", g, name + " (" + e[2] + ")", indicator + extras(g, "polytope_name", "symmetry_group", "f_vector"),
          ok, criterion);
    }
  }

  private void deeperIsRounder() {
    boolean any = false;
    for (GridPoint deep : points(g -> g.absPower() && g.p() == 1.0 && g.layers() == 2)) {
      GridPoint shallow = new GridPoint(deep.d(), 1, deep.units(), 1.0, "abs_power");
      if (!groups.containsKey(shallow)) {
        continue;
      }
      any = true;
      List<Double> se1 = Summary.finite(groups.get(shallow), r -> Values.number(r, "sphericity_error"));
      double m1 = Summary.mean(se1);
      String criterion = "a deep seed agrees when its sphericity_error is below the mean over the L = 1 seeds ("
          + Values.num(m1) + ")";
      List<Double> se2 = Summary.finite(groups.get(deep), r -> Values.number(r, "sphericity_error"));
      String measured = "sphericity_error L = 2: mean " + Values.num(Summary.mean(se2)) + " vs L = 1: mean " + Values.num(m1);
      add("deeper is rounder", deep, "closer to the sphere than " + shallow.label(), measured,
          r -> {
            Double s = Values.number(r, "sphericity_error");
            return s != null && se1.size() > 0 && s < m1;
          }, criterion);
    }
    if (!any) {
      notInSweep("deeper is rounder", "(3, 2, n, 1) vs (3, 1, n, 1)", "deeper net closer to the sphere at equal n");
    }
  }

  private void higherDimension() {
    List<GridPoint> points = points(g -> g.d() >= 4 && g.piecewiseLinear());
    if (points.isEmpty()) {
      notInSweep("higher dimension", "(5, L, n, 1)", "a 5-polytope (shown by 3-D slices)");
      return;
    }
    for (GridPoint g : points) {
      String criterion = "bounded body (status OK) that is not a sphere: radius_max/radius_min > 1 + tol_sphere; "
          + "3-D slices drawn";
      Predicate<TableRow> ok = r -> "OK".equals(r.getString("status")) && Summary.ratio(r) != null
          && Summary.ratio(r) > 1 + r.getDouble("tol_sphere");
      if (data.has("euler_ok")) {
        // the f-vector, hence euler_ok, is not determined for non-convex bodies in d >= 4
        criterion += "; euler_ok not false (null where the f-vector is undetermined: non-convex, d >= 4)";
        ok = ok.and(r -> !Boolean.FALSE.equals(Values.bool(r, "euler_ok")));
      }
      add("higher dimension", g, "a " + g.d() + "-polytope (3-D slices in the figures)",
          ratios(g) + extras(g, "f_vector"), ok, criterion);
    }
  }

  private void edgeShape() {
    List<GridPoint> points = points(g -> g.absPower() && g.d() == 2 && g.layers() == 1 && g.units() == 2);
    if (points.isEmpty()) {
      notInSweep("p changes the edge", "(2, 1, 2, p)", "p = 1 square; rounded for 1 < p < 2; circle at p = 2; square again (rotated) as p grows; spiky for p < 1");
      return;
    }
    for (GridPoint g : points) {
      lpBall("p changes the edge", g, edgeWords(g.p(), "square (diamond)", "square, rotated (the dual)", "circle"));
    }
  }

  private void duality() {
    List<GridPoint> points = points(g -> g.absPower() && g.d() == 3 && g.layers() == 1 && g.units() == 3);
    if (points.isEmpty()) {
      notInSweep("duality", "(3, 1, 3, p)", "p = 1 octahedron, large p cube: dual polyhedra; p = 2 sphere");
      return;
    }
    for (GridPoint g : points) {
      lpBall("duality", g, edgeWords(g.p(), "octahedron", "cube", "sphere"));
    }
    double pMax = points.stream().mapToDouble(GridPoint::p).max().orElse(1);
    GridPoint one = new GridPoint(3, 1, 3, 1.0, "abs_power");
    GridPoint big = new GridPoint(3, 1, 3, pMax, "abs_power");
    if (!groups.containsKey(one) || pMax <= 2) {
      notInSweep("duality", "(3, 1, 3, 1) vs (3, 1, 3, large p)", "dual polyhedra (octahedron and cube)");
      return;
    }
    dualPair("duality", one, big, "dual polyhedra: octahedron and cube", false);
    // Conjugate pairs 1/p + 1/q = 1 with both in the grid: the l_p and l_q balls are exactly dual.
    if (data.table("duality").isPresent()) {
      data.table("duality").get().stream()
          .filter(r -> r.getInt("d") == 3 && r.getInt("layers") == 1 && r.getInt("units") == 3
              && "abs_power".equals(r.getString("activation")) && !Boolean.TRUE.equals(r.getBoolean("q_is_limit")))
          .map(r -> r.getDouble("p")).distinct().sorted()
          .forEach(pp -> {
            GridPoint a = new GridPoint(3, 1, 3, pp, "abs_power");
            double q = data.table("duality").get().stream().filter(r -> r.getDouble("p").equals(pp))
                .mapToDouble(r -> r.getDouble("q")).findFirst().orElse(Double.NaN);
            dualPair("duality", a, new GridPoint(3, 1, 3, q, "abs_power"), "dual bodies: the l_p and l_q balls", false);
          });
    }
  }

  private void nearDuality() {
    boolean any = false;
    for (int n : new int[] {4, 6}) {
      List<GridPoint> points = points(g -> g.absPower() && g.d() == 3 && g.layers() == 1 && g.units() == n);
      GridPoint one = new GridPoint(3, 1, n, 1.0, "abs_power");
      double pMax = points.stream().mapToDouble(GridPoint::p).max().orElse(1);
      if (groups.containsKey(one) && pMax > 2) {
        any = true;
        dualPair("near duality", one, new GridPoint(3, 1, n, pMax, "abs_power"),
            "close to, but not exactly, dual; discrete symmetry kept", true);
      }
    }
    if (!any) {
      notInSweep("near duality", "(3, 1, 4, p), (3, 1, 6, p)", "close to, but not exactly, dual; discrete symmetry kept");
    }
  }

  private void sphere() {
    List<GridPoint> points = points(g -> g.absPower() && g.layers() == 1 && g.p() == 2.0);
    if (points.isEmpty()) {
      notInSweep("p = 2 gives the sphere", "(d, 1, n, 2)", "the unit sphere");
      return;
    }
    for (GridPoint g : points) {
      add("p = 2 gives the sphere", g, "the unit sphere",
          "sphericity_error " + values(g, r -> Values.number(r, "sphericity_error")),
          r -> {
            Double s = Values.number(r, "sphericity_error");
            return s != null && s <= SPHERE_TOLERANCE;
          }, "sphericity_error <= " + Values.num(SPHERE_TOLERANCE));
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * (d, 1, d, p) at its regular optimum is the l_p ball: f(x) = c ||Q x||_p^p with Q orthogonal,
   * i.e. weight rows that are orthogonal and of equal length. That is judged on the weights
   * themselves ({@link #frameDefect}), because the radius ratio over a finite direction set
   * misses the tips of spiky (p < 1) bodies; the ratio against d^|1/2 - 1/p| is shown beside it.
   */
  private void lpBall(String claim, GridPoint g, String expected) {
    double ideal = Math.pow(g.d(), Math.abs(0.5 - 1 / g.p()));
    String criterion = "frame_defect <= " + Values.num(FRAME_TOLERANCE)
        + " (weight rows orthogonal and of equal length: the l_p ball up to rotation and scale)";
    String measured = "frame_defect " + groups.get(g).stream().map(r -> {
      Double x = frameDefect(r);
      return x == null ? "- (" + r.getString("status") + ")" : String.format(Locale.ROOT, "%.3f", x);
    }).collect(Collectors.joining(", ")) + "; " + ratios(g)
        + " (l_p ball: " + g.d() + "^|1/2 - 1/p| = " + Values.num(ideal) + ")" + extras(g, "polytope_name", "morse_counts");
    add(claim, g, expected, measured, r -> {
      Double defect = frameDefect(r);
      return "OK".equals(r.getString("status")) && defect != null && defect <= FRAME_TOLERANCE;
    }, criterion);
  }

  /**
   * How far the first layer of a (d, 1, d, p) net is from a scaled orthogonal frame: the largest
   * |cos| of the angle between two weight rows, or the relative spread max|w_i| / min|w_i| - 1 of
   * their lengths, whichever is larger (0 exactly for the l_p ball's weights c Q). Null when the
   * row has no weights or the first layer is not square.
   */
  static Double frameDefect(TableRow r) {
    double[] w = r.isNull("weights") ? null : r.getDoubles("weights");
    Integer d = r.getInt("d");
    if (w == null || d == null || w.length < d * d || r.getInt("units") == null || r.getInt("units") != d.intValue()) {
      return null;
    }
    double[] norm = new double[d];
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int k = 0; k < d; k++) {
        s += w[i * d + k] * w[i * d + k];
      }
      norm[i] = Math.sqrt(s);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double n : norm) {
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
    if (!(min > 0)) {
      return null;
    }
    double defect = max / min - 1;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += w[i * d + k] * w[j * d + k];
        }
        defect = Math.max(defect, Math.abs(dot) / (norm[i] * norm[j]));
      }
    }
    return defect;
  }

  private static String edgeWords(double p, String atOne, String large, String atTwo) {
    if (p < 1) {
      return "spiky " + atOne;
    } else if (p == 1) {
      return atOne;
    } else if (p < 2) {
      return "rounded " + atOne;
    } else if (p == 2) {
      return atTwo;
    } else if (p < 8) {
      return "rounded " + large;
    }
    return large + " (nearly)";
  }

  private void dualPair(String claim, GridPoint a, GridPoint b, String expected, boolean near) {
    String type = a.label() + " vs " + b.label();
    if (data.table("duality").isEmpty() || !hasColumn("duality", "polar_distance")) {
      String why = "needs polar_distance (duality/ table: " + data.absentTables().getOrDefault("duality", "no such column") + ")";
      checks.add(new Check(claim, type, expected, "", Verdict.NOT_MEASURABLE, 0, 0, why));
      return;
    }
    List<TableRow> pairs = data.table("duality").get().stream()
        .filter(r -> r.getInt("d") == a.d() && r.getInt("layers") == a.layers() && r.getInt("units") == a.units()
            && "abs_power".equals(r.getString("activation"))
            && r.getDouble("p") == a.p() && r.getDouble("q") == b.p())
        .toList();
    if (pairs.isEmpty()) {
      checks.add(new Check(claim, type, expected, "no pair in duality/", Verdict.NOT_IN_SWEEP, 0, 0, ""));
      return;
    }
    int agree = 0;
    List<String> ds = new ArrayList<>();
    for (TableRow r : pairs) {
      Double dist = Values.number(r, "polar_distance");
      ds.add(dist == null ? "-" : Values.num(dist));
      if (dist != null && (near ? dist > DUAL_TOLERANCE && dist <= NEAR_DUAL_TOLERANCE : dist <= DUAL_TOLERANCE)) {
        agree++;
      }
    }
    String criterion = near
        ? "polar_distance between " + Values.num(DUAL_TOLERANCE) + " and " + Values.num(NEAR_DUAL_TOLERANCE)
        : "polar_distance <= " + Values.num(DUAL_TOLERANCE);
    checks.add(new Check(claim, type, expected, "polar_distance " + String.join(", ", ds), verdict(agree, pairs.size()),
        agree, pairs.size(), criterion));
  }

  private boolean hasColumn(String table, String column) {
    return data.table(table).map(rows -> rows.isEmpty() || rows.get(0).values().containsKey(column)).orElse(false);
  }

  private void add(String claim, GridPoint g, String expected, String measured, Predicate<TableRow> agrees, String criterion) {
    List<TableRow> rs = groups.get(g);
    int agree = (int) rs.stream().filter(agrees).count();
    checks.add(new Check(claim, g.label(), expected, measured, verdict(agree, rs.size()), agree, rs.size(), criterion));
  }

  private void notInSweep(String claim, String type, String expected) {
    checks.add(new Check(claim, type, expected, "", Verdict.NOT_IN_SWEEP, 0, 0, "no such configuration in this sweep"));
  }

  static Verdict verdict(int agree, int seeds) {
    if (seeds == 0) {
      return Verdict.NOT_IN_SWEEP;
    }
    return agree == seeds ? Verdict.MATCH : agree == 0 ? Verdict.NO_MATCH : Verdict.PARTIAL;
  }

  private List<GridPoint> points(Predicate<GridPoint> p) {
    return groups.keySet().stream().filter(p).toList();
  }

  private static boolean near(Double x, double ideal) {
    return x != null && Math.abs(x / ideal - 1) <= RATIO_TOLERANCE;
  }

  private String ratios(GridPoint g) {
    return "r_max/r_min " + values(g, Summary::ratio);
  }

  private String values(GridPoint g, java.util.function.Function<TableRow, Double> f) {
    return groups.get(g).stream().map(r -> {
      Double x = f.apply(r);
      return x == null ? "- (" + r.getString("status") + ")" : Values.num(x);
    }).collect(Collectors.joining(", "));
  }

  private String extras(GridPoint g, String... columns) {
    StringBuilder sb = new StringBuilder();
    for (String c : columns) {
      if (data.has(c)) {
        Summary.Mode m = Summary.mode(groups.get(g), c);
        sb.append("; ").append(c).append(' ').append(m.value()).append(" (").append(m.count()).append('/')
            .append(groups.get(g).size()).append(')');
      }
    }
    return sb.toString();
  }

  private static boolean sameName(String measured, String expected) {
    return measured != null && measured.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
        .equals(expected.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
  }

  private static String pct(double x) {
    return Values.num(100 * x) + "%";
  }

  /** The criteria in force, for the page and the Markdown file. */
  public static List<String> criteria() {
    return List.of(
        "Seeds: a check counts the runs (seeds) of its configuration that meet its criterion; a run without "
            + "geometry (DIVERGED, FAILED) never does. match = every seed, partial = some, no match = none.",
        "Regular polygon (2, 1, n, 1): radius_max/radius_min within " + pct(RATIO_TOLERANCE)
            + " of 1/cos(pi/(2n)) (necessary for regularity), plus f_vector and symmetry_order when those columns exist.",
        "l_p ball (d, 1, d, p): the body is the l_p ball up to rotation and scale exactly when the d weight rows are "
            + "orthogonal and of equal length; frame_defect = max(largest |cos| between two rows, max|w_i|/min|w_i| - 1) <= "
            + Values.num(FRAME_TOLERANCE) + ". The radius ratio against the l_p ball's d^|1/2 - 1/p| is shown beside it, "
            + "not judged: over a finite direction set it misses the tips of spiky (p < 1) bodies.",
        "Sphere: sphericity_error <= " + Values.num(SPHERE_TOLERANCE) + ".",
        "Deeper is rounder: an L = 2 seed agrees when its sphericity_error is below the mean of the L = 1 seeds at equal (d, n).",
        "Named polyhedra need polytope_name (and symmetry_group when it exists); without them the radius ratio is shown "
            + "as an indicator only.",
        "Duality needs polar_distance from duality/: exact when <= " + Values.num(DUAL_TOLERANCE) + ", near when between "
            + Values.num(DUAL_TOLERANCE) + " and " + Values.num(NEAR_DUAL_TOLERANCE) + ".");
  }

  public void writeMarkdown(Path file, String title) throws IOException {
    StringBuilder sb = new StringBuilder("# " + title + "\n\n");
    sb.append("Every claim of docs/paper-claims.md (Hashimoto, Naito, Naito, *Neural Polytopes*, 2023) with what this sweep "
        + "measured beside it.\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (Check c : checks) {
      rows.add(List.of(c.claim(), c.type(), c.expected(), c.measured(), c.verdict().text(), c.seedsText(), c.criterion()));
    }
    sb.append(Markdown.table(List.of("claim", "(d, L, n, p)", "paper", "measured", "verdict", "seeds agreeing", "criterion"), rows));
    sb.append("\n## Criteria\n\n");
    for (String c : criteria()) {
      sb.append("- ").append(c).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** radius_max / radius_min of the regular polyhedra, from their analytic weights (docs/paper-claims.md). */
  static final class IdealShapes {

    private IdealShapes() {}

    static double radiusRatio(int units) {
      double phi = (1 + Math.sqrt(5)) / 2;
      double[][] rows = switch (units) {
        case 3 -> new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        case 4 -> new double[][] {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}};
        case 6 -> new double[][] {{0, 1, phi}, {0, 1, -phi}, {1, phi, 0}, {1, -phi, 0}, {phi, 0, 1}, {-phi, 0, 1}};
        default -> throw new IllegalArgumentException("no regular shape for " + units + " units");
      };
      double[] w = new double[rows.length * 3];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, w, 3 * i, 3);
      }
      try {
        Mesh m = RadialSurface.of(new Network(new Architecture(3, 1, rows.length, Activations.of("abs_power", 1)), w), 1, true);
        double inner = Double.POSITIVE_INFINITY;
        for (int[] f : m.faces()) {
          double[] n = m.normal(f);
          double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
          inner = Math.min(inner, (n[0] * m.x(f[0]) + n[1] * m.y(f[0]) + n[2] * m.z(f[0])) / len);
        }
        return m.maxRadius() / inner;
      } catch (org.neuralpolytopes.analysis.render.UnboundedBodyException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
