package org.neuralpolytopes.analysis.report;

import static org.neuralpolytopes.analysis.report.ClaimCatalogue.DUAL_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.FRAME_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.NEAR_DUAL_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.RATIO_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.SPHERE_TOLERANCE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.Status;

/**
 * Judges every claim of the {@link ClaimCatalogue} against the sweep: for each configuration of a
 * claim, the seeds that meet its criterion ({@link ClaimWording#criteria}), with what was measured
 * beside it. Every number judged is a runs/ or duality/ column; a claim whose configurations the
 * sweep did not run says "not in this sweep", one whose runs are all NO_FIT "no fit". NO_FIT seeds
 * are never counted.
 */
public final class PaperClaims {

  /**
   * The body statistics judged, of bounded bodies only: an UNBOUNDED seed has radii and a
   * sphericity error of its sampled directions (finite, meaningless), so it counts as a seed that
   * does not agree and its numbers read "- (UNBOUNDED)" (the atlas's (3, 2, 2) bodies, unbounded,
   * were "closer to the sphere" than the (3, 1, 2) ones by 55 against 93).
   */
  private static final Function<TableRow, Double> SPHERICITY =
      SeedStatistics.ofBoundedBody(SeedStatistics.column(RunsTable.SPHERICITY_ERROR));
  private static final Function<TableRow, Double> RATIO = SeedStatistics.ofBoundedBody(SeedStatistics::radiusRatio);

  private final ReportData data;
  private final Map<GridPoint, List<TableRow>> groups;
  private final List<ClaimCheck> checks = new ArrayList<>();

  PaperClaims(ReportData data) {
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

  public List<ClaimCheck> checks() {
    return List.copyOf(checks);
  }

  private void polygons() {
    List<GridPoint> points = points(g -> g.absPower() && g.d() == 2 && g.layers() == 1 && g.p() == 1.0);
    if (points.isEmpty()) {
      notInSweep(ClaimCatalogue.POLYGONS, "(2, 1, n, 1)", "regular 2n-gon");
      return;
    }
    for (GridPoint g : points) {
      int n = g.units();
      double ideal = ClaimCatalogue.polygonRatio(n);
      String fVector = "(" + 2 * n + ", " + 2 * n + ")";
      String criterion = "radius_max/radius_min within " + ClaimWording.percent(RATIO_TOLERANCE)
          + " of 1/cos(pi/2n) = " + Values.num(ideal) + "; f_vector = " + fVector + "; symmetry_order = " + 4 * n
          + " (D_" + 2 * n + ")";
      Predicate<TableRow> ok = r -> near(RATIO.apply(r), ideal)
          && fVector.equals(Values.text(r, RunsTable.F_VECTOR))
          && Double.valueOf(4 * n).equals(Values.number(r, RunsTable.SYMMETRY_ORDER));
      add(ClaimCatalogue.POLYGONS, g, "regular " + 2 * n + "-gon",
          ratios(g) + extras(g, RunsTable.F_VECTOR, RunsTable.SYMMETRY_GROUP), ok, criterion);
    }
  }

  private void polyhedra() {
    for (ClaimCatalogue.NamedPolyhedron e : ClaimCatalogue.POLYHEDRA_OF_THE_PAPER) {
      List<GridPoint> points = points(g -> g.absPower() && g.d() == 3 && g.layers() == 1 && g.units() == e.units()
          && g.p() == 1.0);
      if (points.isEmpty()) {
        notInSweep(ClaimCatalogue.POLYHEDRA, "(3, 1, " + e.units() + ", 1)", e.name());
        continue;
      }
      for (GridPoint g : points) {
        String indicator = ratios(g) + " (regular " + e.name() + ": " + Values.num(ClaimCatalogue.polyhedronRatio(e.units())) + ")";
        String criterion = "polytope_name = " + e.name() + " and symmetry_group = " + e.group();
        Predicate<TableRow> ok = r -> sameName(r.getString(RunsTable.POLYTOPE_NAME), e.name())
            && e.group().equals(r.getString(RunsTable.SYMMETRY_GROUP));
        add(ClaimCatalogue.POLYHEDRA, g, e.name() + " (" + e.group() + ")",
            indicator + extras(g, RunsTable.POLYTOPE_NAME, RunsTable.SYMMETRY_GROUP, RunsTable.F_VECTOR), ok, criterion);
      }
    }
  }

  private void deeperIsRounder() {
    boolean any = false;
    for (GridPoint deep : points(g -> g.absPower() && g.p() == 1.0 && g.layers() == 2)) {
      GridPoint shallow = deep.with(1, deep.units());
      if (!groups.containsKey(shallow)) {
        continue;
      }
      any = true;
      List<Double> se1 = SeedStatistics.finite(counted(groups.get(shallow)), SPHERICITY);
      double m1 = SeedStatistics.mean(se1);
      String criterion = "a deep seed agrees when its sphericity_error is below the mean over the L = 1 seeds ("
          + (se1.isEmpty() ? "none has a bounded body" : Values.num(m1)) + ")";
      List<Double> se2 = SeedStatistics.finite(counted(groups.get(deep)), SPHERICITY);
      String measured = "sphericity_error L = 2: " + meanOrNone(se2) + " vs L = 1: " + meanOrNone(se1);
      add(ClaimCatalogue.DEEPER, deep, "closer to the sphere than " + shallow.label(), measured, r -> {
        Double s = SPHERICITY.apply(r);
        return s != null && !se1.isEmpty() && s < m1;
      }, criterion);
    }
    if (!any) {
      notInSweep(ClaimCatalogue.DEEPER, "(3, 2, n, 1) vs (3, 1, n, 1)", "deeper net closer to the sphere at equal n");
    }
  }

  /** "mean 0.05" over the seeds' values, or "no bounded body" without any. */
  private static String meanOrNone(List<Double> values) {
    return values.isEmpty() ? "no bounded body" : "mean " + Values.num(SeedStatistics.mean(values));
  }

  private void higherDimension() {
    List<GridPoint> points = points(g -> g.d() >= 4 && g.piecewiseLinear());
    if (points.isEmpty()) {
      notInSweep(ClaimCatalogue.HIGHER, "(5, L, n, 1)", "a 5-polytope (shown by 3-D slices)");
      return;
    }
    for (GridPoint g : points) {
      // the f-vector, hence euler_ok, is not determined for non-convex bodies in d >= 4
      // a bounded piecewise-linear body is a polytope: a run whose cell walk stopped at max_cells
      // (GEOMETRY_LIMIT) still drew one, only its f-vector is partial (a (5, 3, 16, 1) seed read
      // "no match" for that)
      String criterion = "bounded body (status OK, or GEOMETRY_LIMIT: more cells than max_cells, the f-vector "
          + "partial) that is not a sphere: radius_max/radius_min > 1 + tol_sphere; euler_ok not false (null where the "
          + "f-vector is undetermined: non-convex, d >= 4, or partial); 3-D slices drawn";
      Predicate<TableRow> ok = r -> (Status.OK.name().equals(r.getString(RunsTable.STATUS))
          || Status.GEOMETRY_LIMIT.name().equals(r.getString(RunsTable.STATUS)))
          && SeedStatistics.radiusRatio(r) != null && SeedStatistics.radiusRatio(r) > 1 + r.getDouble(RunsTable.TOL_SPHERE)
          && !Boolean.FALSE.equals(Values.bool(r, RunsTable.EULER_OK));
      add(ClaimCatalogue.HIGHER, g, "a " + g.d() + "-polytope (3-D slices in the figures)",
          ratios(g) + extras(g, RunsTable.F_VECTOR), ok, criterion);
    }
  }

  private void edgeShape() {
    List<GridPoint> points = points(g -> g.absPower() && g.d() == 2 && g.layers() == 1 && g.units() == 2);
    if (points.isEmpty()) {
      notInSweep(ClaimCatalogue.EDGE, "(2, 1, 2, p)",
          "p = 1 square; rounded for 1 < p < 2; circle at p = 2; square again (rotated) as p grows; spiky for p < 1");
      return;
    }
    for (GridPoint g : points) {
      lpBall(ClaimCatalogue.EDGE, g, ClaimWording.edge(g.p(), "square (diamond)", "square, rotated (the dual)", "circle"));
    }
  }

  private void duality() {
    List<GridPoint> points = points(g -> g.absPower() && g.d() == 3 && g.layers() == 1 && g.units() == 3);
    if (points.isEmpty()) {
      notInSweep(ClaimCatalogue.DUALITY, "(3, 1, 3, p)", "p = 1 octahedron, large p cube: dual polyhedra; p = 2 sphere");
      return;
    }
    for (GridPoint g : points) {
      lpBall(ClaimCatalogue.DUALITY, g, ClaimWording.edge(g.p(), "octahedron", "cube", "sphere"));
    }
    boolean large = false;
    for (GridPoint one : points.stream().filter(g -> g.p() == 1.0).toList()) {
      List<GridPoint> larger = largerThanTwo(points, one);
      if (!larger.isEmpty()) {
        large = true;
        limitPairs(ClaimCatalogue.DUALITY, one, larger, "dual polyhedra: octahedron and cube", false);
      }
    }
    if (!large) {
      notInSweep(ClaimCatalogue.DUALITY, "(3, 1, 3, 1) vs (3, 1, 3, large p)", "dual polyhedra (octahedron and cube)");
      return;
    }
    // Conjugate pairs 1/p + 1/q = 1 with both in the grid: the l_p and l_q balls are exactly dual.
    data.table(DetailTables.DUALITY).ifPresent(rows -> rows.stream()
        .filter(r -> r.getInt(RunsTable.D) == 3 && r.getInt(RunsTable.LAYERS) == 1 && r.getInt(RunsTable.UNITS) == 3
            && GridPoint.ABS_POWER.equals(r.getString(RunsTable.ACTIVATION))
            && !Boolean.TRUE.equals(r.getBoolean(DualityColumns.Q_IS_LIMIT)))
        .map(r -> List.of(r.getDouble(RunsTable.P), r.getDouble(DualityColumns.Q))).distinct()
        .sorted((a, b) -> Double.compare(a.get(0), b.get(0)))
        .forEach(pq -> {
          for (GridPoint g : points) {
            if (g.p() == pq.get(0) && groups.containsKey(g.withP(pq.get(1)))) {
              dualPair(ClaimCatalogue.DUALITY, g, g.withP(pq.get(1)), "dual bodies: the l_p and l_q balls", false);
            }
          }
        }));
  }

  /**
   * The paper's footnote: the (3, 1, 4, p) and (3, 1, 6, p) bodies "do not exhibit the precise
   * duality, although close to it", the duality of its p = 1 and large-p bodies; judged on the
   * p = 1 pairs with a large p, as the duality claim. Their conjugate pairs ((4/3, 4), (1.5, 3)) are
   * in duality/ too, but the paper says nothing of them, so they are not judged
   * (docs/paper-claims.md).
   */
  private void nearDuality() {
    boolean any = false;
    for (int n : ClaimCatalogue.NEAR_DUAL_UNITS) {
      List<GridPoint> points = points(g -> g.absPower() && g.d() == 3 && g.layers() == 1 && g.units() == n);
      for (GridPoint one : points.stream().filter(g -> g.p() == 1.0).toList()) {
        List<GridPoint> larger = largerThanTwo(points, one);
        if (!larger.isEmpty()) {
          any = true;
          limitPairs(ClaimCatalogue.NEAR_DUALITY, one, larger, "close to, but not exactly, dual; discrete symmetry kept", true);
        }
      }
    }
    if (!any) {
      notInSweep(ClaimCatalogue.NEAR_DUALITY, "(3, 1, 4, p), (3, 1, 6, p)",
          "close to, but not exactly, dual; discrete symmetry kept");
    }
  }

  /** The points of {@code points} at p > 2 with the training schedule of {@code one}, by p. */
  private static List<GridPoint> largerThanTwo(List<GridPoint> points, GridPoint one) {
    return points.stream().filter(g -> g.schedule().equals(one.schedule()) && g.p() > 2)
        .sorted(java.util.Comparator.comparingDouble(GridPoint::p)).toList();
  }

  private void sphere() {
    List<GridPoint> points = points(g -> g.absPower() && g.layers() == 1 && g.p() == 2.0);
    if (points.isEmpty()) {
      notInSweep(ClaimCatalogue.SPHERE, "(d, 1, n, 2)", "the unit sphere");
      return;
    }
    for (GridPoint g : points) {
      add(ClaimCatalogue.SPHERE, g, "the unit sphere",
          "sphericity_error " + values(g, SPHERICITY),
          r -> {
            Double s = SPHERICITY.apply(r);
            return s != null && s <= SPHERE_TOLERANCE;
          }, "sphericity_error <= " + Values.num(SPHERE_TOLERANCE));
    }
  }

  /**
   * (d, 1, d, p) at its regular optimum is the l_p ball: f(x) = c ||Q x||_p^p with Q orthogonal,
   * i.e. weight rows that are orthogonal and of equal length; judged on the measured frame_defect,
   * because the radius ratio over a finite direction set misses the tips of spiky (p < 1) bodies.
   */
  private void lpBall(String claim, GridPoint g, String expected) {
    String criterion = "frame_defect <= " + Values.num(FRAME_TOLERANCE)
        + " (weight rows orthogonal and of equal length: the l_p ball up to rotation and scale)";
    String measured = "frame_defect " + groups.get(g).stream().map(r -> {
      Double x = Values.number(r, RunsTable.FRAME_DEFECT);
      return x == null ? "- (" + r.getString(RunsTable.STATUS) + ")" : String.format(Locale.ROOT, "%.3f", x) + noFitMark(r);
    }).collect(Collectors.joining(", ")) + "; " + ratios(g)
        + " (l_p ball: " + g.d() + "^|1/2 - 1/p| = " + Values.num(ClaimCatalogue.lpBallRatio(g.d(), g.p())) + ")"
        + extras(g, RunsTable.POLYTOPE_NAME, RunsTable.MORSE_COUNTS);
    add(claim, g, expected, measured, r -> {
      Double defect = Values.number(r, RunsTable.FRAME_DEFECT);
      return Status.OK.name().equals(r.getString(RunsTable.STATUS)) && defect != null && defect <= FRAME_TOLERANCE;
    }, criterion);
  }

  /**
   * p = 1 against a large p: the pairs duality/ holds for the p = 1 runs of {@code one}
   * ({@code q_is_limit}), one check per q. The duality stage pairs a seed's p = 1 run with the
   * largest p of that seed whose run is OK (docs/tables.md), so q is below the grid's largest p
   * where that p's run is not OK; the check says which q it compares and why (a grid whose
   * largest p was NO_FIT in every seed read "no pair in duality/, not in this sweep" while the table
   * held three pairs with q = 16). Without a pair, why there is none: runs that are not OK
   * ({@link #missingPair}).
   */
  private void limitPairs(String claim, GridPoint one, List<GridPoint> larger, String expected, boolean near) {
    GridPoint largest = larger.get(larger.size() - 1);
    if (data.table(DetailTables.DUALITY).isEmpty()) {
      String why = "needs polar_distance (duality/ table: " + data.absentTables().getOrDefault(DetailTables.DUALITY, "absent") + ")";
      checks.add(new ClaimCheck(claim, pairLabel(one, largest), expected, "", ClaimCheck.Verdict.NOT_MEASURABLE, 0, 0, why, 0));
      return;
    }
    java.util.Set<String> runsOne = ids(one);
    Map<Double, List<TableRow>> byQ = new java.util.TreeMap<>();
    for (TableRow r : data.table(DetailTables.DUALITY).get()) {
      if (Boolean.TRUE.equals(r.getBoolean(DualityColumns.Q_IS_LIMIT)) && runsOne.contains(r.getString(DualityColumns.RUN_ID_P))) {
        byQ.computeIfAbsent(r.getDouble(DualityColumns.Q), k -> new ArrayList<>()).add(r);
      }
    }
    if (byQ.isEmpty()) {
      missingPair(claim, one, larger, expected);
      return;
    }
    byQ.forEach((q, pairs) -> {
      GridPoint b = one.withP(q);
      StringBuilder note = new StringBuilder();
      List<GridPoint> above = larger.stream().filter(g -> g.p() > q).toList();
      if (!above.isEmpty()) {
        note.append("q = ").append(Values.p(q)).append(", the largest p whose run of the same seed is OK (");
        note.append(above.stream().map(g -> "p = " + Values.p(g.p()) + ": " + statuses(groups.get(g)))
            .collect(Collectors.joining("; ")));
        note.append("); ");
      }
      judgePairs(claim, one, b, expected, near, pairs, note.toString(), !near);
    });
  }

  /** "(3, 1, 3, 1) vs (3, 1, 3, 16)". */
  private static String pairLabel(GridPoint a, GridPoint b) {
    return a.label() + " vs " + b.label();
  }

  /** "3 NO_FIT", "2 OK, 1 UNBOUNDED": the runs by status. */
  private static String statuses(List<TableRow> runs) {
    Map<String, Long> n = new java.util.TreeMap<>();
    for (TableRow r : runs) {
      n.merge(r.getString(RunsTable.STATUS), 1L, Long::sum);
    }
    return n.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  /**
   * Runs at p ({@code one}) and at the q it pairs with ({@code larger}: p > 2 for p = 1, else the
   * conjugate) of which duality/ pairs none: only OK runs are paired. Every seed NO_FIT on one
   * side reads "no fit" (the runs exist, none counts); other statuses "not measurable", with the
   * runs' statuses; all OK, a table without their pairs (bin/polytopes duality DIR measures them).
   */
  private void missingPair(String claim, GridPoint one, List<GridPoint> larger, String expected) {
    GridPoint largest = larger.get(larger.size() - 1);
    List<TableRow> atOne = groups.get(one);
    List<TableRow> atLarge = larger.stream().flatMap(g -> groups.get(g).stream()).toList();
    String measured = "no pair in duality/: " + one.label() + " " + statuses(atOne) + "; "
        + larger.stream().map(g -> g.label() + " " + statuses(groups.get(g))).collect(Collectors.joining("; "));
    int noFit;
    if (counted(atOne).isEmpty()) {
      noFit = atOne.size();
    } else if (counted(atLarge).isEmpty()) {
      noFit = groups.get(largest).size();
    } else {
      boolean allOk = java.util.stream.Stream.concat(atOne.stream(), atLarge.stream())
          .allMatch(r -> Status.OK.name().equals(r.getString(RunsTable.STATUS)));
      String why = allOk ? "duality/ holds no pair of these OK runs (bin/polytopes duality DIR measures them)"
          : "only OK runs are paired (docs/tables.md), and no seed has an OK run on both sides";
      checks.add(new ClaimCheck(claim, pairLabel(one, largest), expected, measured, ClaimCheck.Verdict.NOT_MEASURABLE, 0, 0,
          why, 0));
      return;
    }
    checks.add(new ClaimCheck(claim, pairLabel(one, largest), expected, measured, ClaimCheck.Verdict.NO_FIT, 0, 0,
        "a NO_FIT run (" + ClaimWording.NO_FIT_MEANING + ") is not paired", noFit));
  }

  /** A conjugate pair p, q = p / (p - 1) of the grid: every pair of duality/ between the runs of a and b. */
  private void dualPair(String claim, GridPoint a, GridPoint b, String expected, boolean near) {
    java.util.Set<String> runsA = ids(a);
    java.util.Set<String> runsB = ids(b);
    List<TableRow> pairs = data.table(DetailTables.DUALITY).get().stream()
        .filter(r -> runsA.contains(r.getString(DualityColumns.RUN_ID_P)) && runsB.contains(r.getString(DualityColumns.RUN_ID_Q)))
        .toList();
    if (pairs.isEmpty()) {
      missingPair(claim, a, List.of(b), expected);
    } else {
      judgePairs(claim, a, b, expected, near, pairs, "", false);
    }
  }

  /**
   * Judges pairs of duality/ by their polar_distance: exact duality (<= DUAL_TOLERANCE) or near
   * (between it and NEAR_DUAL_TOLERANCE). For p = 1 against a finite q ({@code limit}) exact duality
   * holds only as q goes to infinity: the row gives the polar distance of the exact l_1 and l_q
   * balls ({@link ExactLimitPair}), and says when it is above the criterion, so that a "no match"
   * there is not read as a failure of training.
   */
  private void judgePairs(String claim, GridPoint a, GridPoint b, String expected, boolean near, List<TableRow> pairs,
      String note, boolean limit) {
    int agree = 0;
    List<String> ds = new ArrayList<>();
    for (TableRow r : pairs) {
      Double dist = Values.number(r, DualityColumns.POLAR_DISTANCE);
      ds.add(dist == null ? "-" : Values.num(dist));
      if (dist != null && (near ? dist > DUAL_TOLERANCE && dist <= NEAR_DUAL_TOLERANCE : dist <= DUAL_TOLERANCE)) {
        agree++;
      }
    }
    String criterion = near
        ? "polar_distance between " + Values.num(DUAL_TOLERANCE) + " and " + Values.num(NEAR_DUAL_TOLERANCE)
        : "polar_distance <= " + Values.num(DUAL_TOLERANCE);
    String measured = note + "polar_distance " + String.join(", ", ds);
    if (limit) {
      String exact = exactLimit(a, b, pairs);
      measured += " (" + exact + ")";
      criterion += "; " + exact;
      // the criterion cannot be met when the exact balls themselves are farther apart
      Double reference = exactLimitDistance(a, b, pairs);
      if (reference != null && reference > DUAL_TOLERANCE) {
        criterion += ": out of reach at q = " + Values.p(b.p()) + ", even for the exact bodies (exact duality is "
            + "that of p = 1 and q = infinity), so \"no match\" here is no training failure: compare the measured "
            + "distances with the exact one";
      }
    }
    checks.add(new ClaimCheck(claim, pairLabel(a, b), expected, measured,
        ClaimCheck.Verdict.of(agree, pairs.size(), 0), agree, pairs.size(), criterion, 0));
  }

  /** The directions of the pairs' polar distances: those of their runs at p = 1, at most the duality stage's. */
  private java.util.SortedSet<Integer> pairDirections(List<TableRow> pairs) {
    java.util.Set<String> ids = pairs.stream().map(r -> r.getString(DualityColumns.RUN_ID_P)).collect(Collectors.toSet());
    java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
    for (TableRow r : data.runs()) {
      if (ids.contains(r.getString(RunsTable.RUN_ID)) && Values.number(r, RunsTable.DIRECTIONS) != null) {
        out.add(Math.min(ExactLimitPair.MAX_DIRECTIONS, r.getInt(RunsTable.DIRECTIONS)));
      }
    }
    if (out.isEmpty()) {
      out.add(ExactLimitPair.MAX_DIRECTIONS);
    }
    return out;
  }

  /** The polar distance of the exact l_1 and l_q balls on the pairs' directions (the most when they differ), or null. */
  private Double exactLimitDistance(GridPoint a, GridPoint b, List<TableRow> pairs) {
    return ExactLimitPair.distance(a.d(), b.p(), pairDirections(pairs).last());
  }

  /** "the exact l_1 and l_16 balls of one frame: polar_distance 0.08852 (4000 directions)". */
  private String exactLimit(GridPoint a, GridPoint b, List<TableRow> pairs) {
    List<String> parts = new ArrayList<>();
    for (int n : pairDirections(pairs)) {
      Double x = ExactLimitPair.distance(a.d(), b.p(), n);
      parts.add((x == null ? "not computed" : Values.num(x)) + " (" + n + " directions)");
    }
    return "the exact l_1 and l_" + Values.p(b.p()) + " balls of one frame: polar_distance " + String.join(", ", parts);
  }

  /**
   * Which training setting the verdicts come from: the one schedule of the sweep in words, or,
   * when the output holds several, each schedule's tag (the "[schedule A]" of a configuration's
   * label) with its settings. Empty without runs.
   */
  String trainingSettings() {
    if (data.runs().isEmpty()) {
      return "";
    }
    Map<Schedule, String> tags = data.schedules().all();
    if (tags.isEmpty()) {
      return "Every verdict comes from runs trained with: " + Schedule.of(data.runs().get(0)).describe() + ".";
    }
    StringBuilder sb = new StringBuilder("Each verdict comes from the runs of one training schedule, named in its "
        + "configuration's label:");
    tags.forEach((s, tag) -> sb.append(" schedule ").append(tag).append(" = ").append(s.describe()).append(';'));
    sb.setLength(sb.length() - 1);
    return sb.append('.').toString();
  }

  /** The run_ids of a grid point's seeds that count (not NO_FIT). */
  private java.util.Set<String> ids(GridPoint g) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (TableRow r : counted(groups.getOrDefault(g, List.of()))) {
      out.add(r.getString(RunsTable.RUN_ID));
    }
    return out;
  }

  /** The seeds a check counts: every one but NO_FIT. */
  static List<TableRow> counted(List<TableRow> seeds) {
    return seeds.stream().filter(r -> !Status.NO_FIT.name().equals(r.getString(RunsTable.STATUS))).toList();
  }

  private void add(String claim, GridPoint g, String expected, String measured, Predicate<TableRow> agrees, String criterion) {
    List<TableRow> all = groups.get(g);
    List<TableRow> rs = counted(all);
    int agree = (int) rs.stream().filter(agrees).count();
    checks.add(new ClaimCheck(claim, g.label(), expected, measured, ClaimCheck.Verdict.of(agree, rs.size(), all.size() - rs.size()), agree,
        rs.size(), criterion, all.size() - rs.size()));
  }

  private void notInSweep(String claim, String type, String expected) {
    checks.add(new ClaimCheck(claim, type, expected, "", ClaimCheck.Verdict.NOT_IN_SWEEP, 0, 0,
        "no such configuration in this sweep", 0));
  }

  private List<GridPoint> points(Predicate<GridPoint> p) {
    return groups.keySet().stream().filter(p).toList();
  }

  private static boolean near(Double x, double ideal) {
    return x != null && Math.abs(x / ideal - 1) <= RATIO_TOLERANCE;
  }

  private String ratios(GridPoint g) {
    return "r_max/r_min " + values(g, RATIO);
  }

  private String values(GridPoint g, Function<TableRow, Double> f) {
    return groups.get(g).stream().map(r -> {
      Double x = f.apply(r);
      return x == null ? "- (" + r.getString(RunsTable.STATUS) + ")" : Values.num(x) + noFitMark(r);
    }).collect(Collectors.joining(", "));
  }

  /** " (NO_FIT)" after a NO_FIT seed's value, which the check does not count; "" otherwise. */
  private static String noFitMark(TableRow r) {
    return Representatives.noFit(r) ? " (NO_FIT)" : "";
  }

  private String extras(GridPoint g, String... columns) {
    StringBuilder sb = new StringBuilder();
    // modal over the seeds the check counts: a NO_FIT seed's body is no fit of the sphere
    List<TableRow> rs = counted(groups.get(g));
    for (String c : columns) {
      if (rs.isEmpty()) {
        sb.append("; ").append(c).append(" - (no seed counted)");
        continue;
      }
      SeedStatistics.Mode m = SeedStatistics.mode(rs, c);
      sb.append("; ").append(c).append(' ').append(m.value()).append(" (").append(m.count()).append('/')
          .append(rs.size()).append(')');
    }
    return sb.toString();
  }

  private static boolean sameName(String measured, String expected) {
    return measured != null && measured.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
        .equals(expected.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
  }
}
