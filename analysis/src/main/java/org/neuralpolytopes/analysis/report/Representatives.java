package org.neuralpolytopes.analysis.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.Status;

/**
 * Which bodies the report draws: a bounded number, chosen so that the pictures show every kind of
 * body the sweep found.
 *
 * <ol>
 *   <li>Each grid point's representative is the seed closest to the grid point's modal
 *       measurement: among its drawable seeds (bounded, with weights; OK seeds when there are any),
 *       those with the modal {@link BodySignature}, and among them the one whose
 *       radius_max / radius_min is nearest their median (lowest seed index on ties).
 *   <li>The items to show are every distinct polytope kind ({@link PolytopeCatalogue#kind}),
 *       symmetry group and f-vector of a drawable run. They are covered greedily (the classic
 *       greedy set cover, Chvátal 1979): repeatedly the run that shows the most items not shown
 *       yet, a grid point's representative before another seed, earlier grid points first.
 *   <li>The rest of the budget goes to representatives of grid points not drawn yet, spread over
 *       the grid: the sections (d, L, activation, schedule) take turns, and within a section the
 *       points are taken in bit-reversed order of their position, so that each new drawing falls
 *       between those already taken.
 * </ol>
 *
 * When the budget is smaller than the cover, the items left out are listed with a run that
 * shows each (for {@code bin/polytopes draw}).
 */
final class Representatives {

  /** Default of {@code --max-drawings}. */
  static final int DEFAULT_MAX_DRAWINGS = 200;

  /** Item kinds, as the page names them. */
  static final String KIND = "polytope kind";
  static final String GROUP = "symmetry group";
  static final String F_VECTOR = "f-vector";

  /** A run to draw, the grid point it belongs to, and the items it is the first to show. */
  record Pick(TableRow run, GridPoint point, boolean representative, List<String> shows) {}

  private final Map<GridPoint, TableRow> representatives = new LinkedHashMap<>();
  private final List<Pick> picks;
  private final Map<String, Set<String>> items = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> left = new LinkedHashMap<>();

  Representatives(ReportData data, int maxDrawings) {
    if (maxDrawings < 0) {
      throw new IllegalArgumentException("maxDrawings must be >= 0");
    }
    for (String kind : List.of(KIND, GROUP, F_VECTOR)) {
      items.put(kind, new java.util.TreeSet<>());
      left.put(kind, new TreeMap<>());
    }
    Map<GridPoint, List<TableRow>> groups = data.byGridPoint();
    // one candidate per distinct item set: the first representative, else the first run, in grid order
    Map<Set<String>, TableRow> bySet = new LinkedHashMap<>();
    Map<Set<String>, Boolean> setIsRepresentative = new HashMap<>();
    Map<TableRow, GridPoint> pointOf = new HashMap<>();
    Map<String, TableRow> example = new HashMap<>();
    for (Map.Entry<GridPoint, List<TableRow>> e : groups.entrySet()) {
      TableRow rep = representative(e.getValue());
      if (rep != null) {
        representatives.put(e.getKey(), rep);
      }
      for (TableRow r : e.getValue()) {
        if (!drawable(r)) {
          continue;
        }
        pointOf.put(r, e.getKey());
        Set<String> its = itemsOf(r);
        for (String i : its) {
          items.get(kindOf(i)).add(valueOf(i));
          example.putIfAbsent(i, r);
        }
        boolean isRep = r == rep;
        if (!bySet.containsKey(its) || (isRep && !setIsRepresentative.get(its))) {
          bySet.put(its, r);
          setIsRepresentative.put(its, isRep);
        }
      }
    }
    List<Pick> chosen = new ArrayList<>();
    Set<TableRow> taken = new HashSet<>();
    // 2. greedy cover
    Set<String> uncovered = new LinkedHashSet<>();
    bySet.keySet().forEach(uncovered::addAll);
    List<Map.Entry<Set<String>, TableRow>> candidates = new ArrayList<>(bySet.entrySet());
    while (!uncovered.isEmpty() && chosen.size() < maxDrawings) {
      Map.Entry<Set<String>, TableRow> best = null;
      int bestGain = 0;
      boolean bestRep = false;
      for (Map.Entry<Set<String>, TableRow> c : candidates) {
        int gain = 0;
        for (String i : c.getKey()) {
          gain += uncovered.contains(i) ? 1 : 0;
        }
        boolean rep = setIsRepresentative.get(c.getKey());
        if (gain > bestGain || (gain == bestGain && gain > 0 && rep && !bestRep)) {
          best = c;
          bestGain = gain;
          bestRep = rep;
        }
      }
      if (best == null) {
        break;
      }
      List<String> shows = best.getKey().stream().filter(uncovered::contains).sorted().toList();
      uncovered.removeAll(best.getKey());
      TableRow r = best.getValue();
      chosen.add(new Pick(r, pointOf.get(r), bestRep, shows));
      taken.add(r);
    }
    for (String i : uncovered) {
      left.get(kindOf(i)).put(valueOf(i), example.get(i).getString(RunsTable.RUN_ID));
    }
    // 3. spread the rest of the budget over the grid points not drawn yet
    Set<GridPoint> drawnPoints = new HashSet<>();
    for (Pick p : chosen) {
      if (p.representative()) {
        drawnPoints.add(p.point());
      }
    }
    Map<List<Object>, List<GridPoint>> sections = new LinkedHashMap<>();
    for (GridPoint g : representatives.keySet()) {
      if (!drawnPoints.contains(g) && !taken.contains(representatives.get(g))) {
        sections.computeIfAbsent(List.of(g.d(), g.layers(), g.activation(), g.schedule()), k -> new ArrayList<>()).add(g);
      }
    }
    List<List<GridPoint>> queues = new ArrayList<>();
    for (List<GridPoint> s : sections.values()) {
      queues.add(spread(s));
    }
    int[] next = new int[queues.size()];
    boolean more = true;
    while (chosen.size() < maxDrawings && more) {
      more = false;
      for (int q = 0; q < queues.size() && chosen.size() < maxDrawings; q++) {
        if (next[q] < queues.get(q).size()) {
          GridPoint g = queues.get(q).get(next[q]++);
          chosen.add(new Pick(representatives.get(g), g, true, List.of()));
          more = true;
        }
      }
    }
    chosen.sort(Comparator.comparing((Pick p) -> p.point())
        .thenComparing(p -> p.run().getInt(RunsTable.SEED_INDEX)));
    this.picks = List.copyOf(chosen);
  }

  /**
   * A run the report draws and takes body statistics of: it has a bounded, measured body that
   * fits the sphere (not NO_FIT: a collapsed or numerically zero output draws a body that is no
   * answer to what a network fitted to the sphere draws; {@code bin/polytopes draw} still draws it).
   */
  static boolean drawable(TableRow r) {
    String s = r.getString(RunsTable.STATUS);
    return !Status.DIVERGED.name().equals(s) && !Status.FAILED.name().equals(s) && !Status.UNBOUNDED.name().equals(s)
        && !noFit(r) && SeedStatistics.radiusRatio(r) != null;
  }

  /** Whether the run's status is NO_FIT (docs/training.md). */
  static boolean noFit(TableRow r) {
    return Status.NO_FIT.name().equals(r.getString(RunsTable.STATUS));
  }

  /** The seed closest to the grid point's modal measurement (step 1), or null when no seed is drawable. */
  static TableRow representative(List<TableRow> seeds) {
    List<TableRow> drawable = seeds.stream().filter(Representatives::drawable).toList();
    List<TableRow> ok = drawable.stream().filter(r -> Status.OK.name().equals(r.getString(RunsTable.STATUS))).toList();
    List<TableRow> pool = ok.isEmpty() ? drawable : ok;
    if (pool.isEmpty()) {
      return null;
    }
    BodySignature modal = BodySignature.modal(pool).signature();
    List<TableRow> candidates = modal == null ? pool : pool.stream().filter(r -> modal.equals(BodySignature.of(r))).toList();
    double median = SeedStatistics.median(SeedStatistics.finite(candidates, SeedStatistics::radiusRatio));
    TableRow best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (TableRow r : candidates) {
      double distance = Math.abs(SeedStatistics.radiusRatio(r) - median);
      if (best == null || distance < bestDistance) {
        best = r;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** The items a run shows: "KIND\tvalue". */
  private static Set<String> itemsOf(TableRow r) {
    Set<String> out = new LinkedHashSet<>();
    String kind = PolytopeCatalogue.kind(r.getString(RunsTable.POLYTOPE_NAME));
    if (kind != null) {
      out.add(KIND + "\t" + kind);
    }
    String group = r.getString(RunsTable.SYMMETRY_GROUP);
    if (group != null) {
      out.add(GROUP + "\t" + group);
    }
    String f = Values.text(r, RunsTable.F_VECTOR);
    if (f != null) {
      out.add(F_VECTOR + "\t" + f);
    }
    return out;
  }

  private static String kindOf(String item) {
    return item.substring(0, item.indexOf('\t'));
  }

  private static String valueOf(String item) {
    return item.substring(item.indexOf('\t') + 1);
  }

  /** The points in bit-reversed order of their index: 0, n/2, n/4, 3n/4, ... */
  static List<GridPoint> spread(List<GridPoint> points) {
    int n = points.size();
    int bits = 1;
    while ((1 << bits) < n) {
      bits++;
    }
    List<GridPoint> out = new ArrayList<>(n);
    for (int i = 0; i < (1 << bits); i++) {
      int j = Integer.reverse(i) >>> (32 - bits);
      if (j < n) {
        out.add(points.get(j));
      }
    }
    return out;
  }

  /** Each grid point's representative (grid points without a drawable seed have none). */
  Map<GridPoint, TableRow> representatives() {
    return representatives;
  }

  /** The runs to draw, at most the budget, in grid order. */
  List<Pick> picks() {
    return picks;
  }

  /** Every distinct item of each kind (polytope kind, symmetry group, f-vector). */
  Map<String, Set<String>> items() {
    return items;
  }

  /** Items no drawing shows (the budget ran out), each with a run that shows it. */
  Map<String, Map<String, String>> left() {
    return left;
  }
}
