package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neuralpolytopes.analysis.report.HandMade.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Which bodies the report draws: one representative per grid point, the seed closest to its modal
 * measurement; at most the budget; every distinct polytope kind, symmetry group and f-vector
 * shown while the budget allows, and the rest listed.
 */
class RepresentativesTest {

  @TempDir
  Path tmp;

  static final String[] NAMES = {"octahedron", "cuboctahedron", "unnamed", "icosidodecahedron (rounded, p=1.5)"};
  static final String[] GROUPS = {"O_h", "D_3d", "C_2h", "I_h", "D_2h"};

  /** 40 grid points (units 3..42) of 3 seeds; names, groups and f-vectors vary so that many distinct items exist. */
  static List<TableRow> sweep() {
    List<TableRow> runs = new ArrayList<>();
    for (int units = 3; units < 43; units++) {
      for (int s = 0; s < 3; s++) {
        int k = units * 3 + s;
        // seed 2 of every fifth point has an f-vector no other run has
        int[] f = s == 2 && units % 5 == 0 ? new int[] {units, 2 * units, units + 2} : new int[] {6, 12, 8};
        runs.add(run("u" + units + "s" + s, s, RunsTable.UNITS, units, RunsTable.WEIGHT_COUNT, 3 * units,
            RunsTable.POLYTOPE_NAME, s == 1 && units % 7 == 0 ? NAMES[k % NAMES.length] : "octahedron",
            RunsTable.SYMMETRY_GROUP, GROUPS[(units + (s == 0 ? 0 : s + 1)) % GROUPS.length],
            RunsTable.F_VECTOR, f, RunsTable.RADIUS_MAX, 1.0 + 0.1 * s,
            RunsTable.WEIGHTS, weights(units), RunsTable.WEIGHT_SHAPES, new int[] {units, 3}));
      }
    }
    return runs;
  }

  /** Weights of a bounded (3, 1, n, 1) body: e1, e2, e3 and then rows around the z axis. */
  static double[] weights(int units) {
    double[] w = new double[3 * units];
    for (int i = 0; i < units; i++) {
      if (i < 3) {
        w[3 * i + i] = 1;
      } else {
        w[3 * i] = Math.cos(i);
        w[3 * i + 1] = Math.sin(i);
        w[3 * i + 2] = 0.3;
      }
    }
    return w;
  }

  /** The items a run shows, as the report counts them. */
  static Set<String> items(TableRow r) {
    Set<String> out = new HashSet<>();
    out.add("k:" + PolytopeCatalogue.kind(r.getString(RunsTable.POLYTOPE_NAME)));
    out.add("g:" + r.getString(RunsTable.SYMMETRY_GROUP));
    out.add("f:" + Values.text(r, RunsTable.F_VECTOR));
    return out;
  }

  @Test
  void theRepresentativeIsTheSeedClosestToTheModalMeasurement() {
    List<TableRow> seeds = List.of(
        run("a", 0, RunsTable.RADIUS_MAX, 1.30, RunsTable.SYMMETRY_GROUP, "D_3d"),
        run("b", 1, RunsTable.RADIUS_MAX, 1.70),
        run("c", 2, RunsTable.RADIUS_MAX, 1.74),
        run("d", 3, RunsTable.RADIUS_MAX, 1.80),
        run("e", 4, RunsTable.STATUS, "NO_FIT", RunsTable.RADIUS_MAX, 1.76),
        run("f", 5, RunsTable.RADIUS_MAX, 1.90),
        run("g", 6, RunsTable.POLYTOPE_NAME, "cube", RunsTable.F_VECTOR, new int[] {8, 12, 6}, RunsTable.RADIUS_MAX, 1.74));
    // modal signature among the OK seeds: octahedron (6, 12, 8) (a's other group does not change its named kind);
    // its seeds' ratios a < b < c < d < f have the median c; g has the same ratio but another body, e is NO_FIT
    TableRow rep = Representatives.representative(seeds);
    assertEquals("c", rep.getString(RunsTable.RUN_ID));
    // a seed with another body is never the representative, however close its ratio
    List<TableRow> other = List.of(run("x", 0, RunsTable.POLYTOPE_NAME, "cube", RunsTable.F_VECTOR, new int[] {8, 12, 6}),
        run("y", 1, RunsTable.RADIUS_MAX, 3.0), run("z", 2, RunsTable.RADIUS_MAX, 3.2));
    assertTrue(Set.of("y", "z").contains(Representatives.representative(other).getString(RunsTable.RUN_ID)));
    // no drawable seed: no representative
    assertEquals(null, Representatives.representative(List.of(run("f", 0, RunsTable.STATUS, "DIVERGED"))));
  }

  @Test
  void aLargeBudgetShowsEveryDistinctItemAndEveryGridPoint() throws Exception {
    List<TableRow> runs = sweep();
    ReportData data = HandMade.data(runs);
    Representatives reps = new Representatives(data, 200);
    Set<String> all = new TreeSet<>();
    runs.forEach(r -> all.addAll(items(r)));
    Set<String> shown = new TreeSet<>();
    reps.picks().forEach(p -> shown.addAll(items(p.run())));
    assertEquals(all, shown, "every kind, group and f-vector is drawn");
    assertTrue(reps.left().values().stream().allMatch(Map::isEmpty));
    Set<GridPoint> points = new HashSet<>();
    reps.picks().stream().filter(Representatives.Pick::representative).forEach(p -> points.add(p.point()));
    assertEquals(data.byGridPoint().keySet(), points, "every grid point's representative is drawn");
    assertTrue(reps.picks().size() <= 200);
  }

  @Test
  void aSmallBudgetIsKeptAndCoversGreedily() throws Exception {
    List<TableRow> runs = sweep();
    ReportData data = HandMade.data(runs);
    Set<String> all = new TreeSet<>();
    runs.forEach(r -> all.addAll(items(r)));
    for (int budget : new int[] {0, 1, 5, 12, all.size()}) {
      Representatives reps = new Representatives(data, budget);
      assertTrue(reps.picks().size() <= budget, "at most the budget: " + budget);
      Set<String> shown = new TreeSet<>();
      reps.picks().forEach(p -> shown.addAll(items(p.run())));
      int left = reps.left().values().stream().mapToInt(Map::size).sum();
      assertEquals(all.size(), shown.size() + left, "every item is drawn or listed as left out (budget " + budget + ")");
      for (Map.Entry<String, Map<String, String>> e : reps.left().entrySet()) {
        for (Map.Entry<String, String> item : e.getValue().entrySet()) {
          TableRow example = runs.stream().filter(r -> r.getString(RunsTable.RUN_ID).equals(item.getValue())).findFirst().orElseThrow();
          String prefix = e.getKey().equals(Representatives.KIND) ? "k:" : e.getKey().equals(Representatives.GROUP) ? "g:" : "f:";
          assertTrue(items(example).contains(prefix + item.getKey()), "the run listed shows the item left out");
        }
      }
      if (budget >= all.size()) {
        // every pick shows at least one new item
        assertEquals(0, left, "budget " + budget);
      }
    }
  }

  @Test
  void theGreedyCoverTakesTheRunThatShowsMostFirst() throws Exception {
    // one run shows a new kind, group and f-vector at once; three others show one each
    List<TableRow> runs = List.of(
        run("one", 0, RunsTable.UNITS, 4, RunsTable.POLYTOPE_NAME, "octahedron"),
        run("two", 0, RunsTable.UNITS, 5, RunsTable.POLYTOPE_NAME, "cube"),
        run("three", 0, RunsTable.UNITS, 6, RunsTable.SYMMETRY_GROUP, "D_4h"),
        run("four", 0, RunsTable.UNITS, 7, RunsTable.F_VECTOR, new int[] {8, 12, 6}),
        run("all", 1, RunsTable.UNITS, 8, RunsTable.POLYTOPE_NAME, "cube", RunsTable.SYMMETRY_GROUP, "D_4h",
            RunsTable.F_VECTOR, new int[] {8, 12, 6}));
    Representatives reps = new Representatives(HandMade.data(runs), 2);
    assertEquals(List.of("all", "one"), reps.picks().stream().map(p -> p.run().getString(RunsTable.RUN_ID)).sorted().toList());
    assertTrue(reps.left().values().stream().allMatch(Map::isEmpty), "two drawings show all six items");
  }

  @Test
  void theReportDrawsAtMostTheBudget() throws Exception {
    ReportData data = HandMade.data(sweep());
    Path dir = Files.createDirectories(tmp.resolve("r"));
    Report.write(data, dir, 7, m -> { }, System.nanoTime());
    try (Stream<Path> s = Files.list(dir.resolve("bodies"))) {
      assertEquals(7, s.filter(p -> p.toString().endsWith(".png")).count());
    }
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("Not shown by any drawing (the budget of 7 drawings ran out)"), "the rest is listed");
  }

  @Test
  void spreadTakesPointsBetweenThoseAlreadyTaken() {
    List<GridPoint> points = new ArrayList<>();
    Schedule s = new Schedule("adam", 1, 1, 1, 1, 1, 1, 1, 0, 0, "random", "never", "constant");
    for (int i = 0; i < 8; i++) {
      points.add(new GridPoint(2, 1, i, 1, "abs_power", s, ""));
    }
    List<Integer> order = Representatives.spread(points).stream().map(GridPoint::units).toList();
    assertEquals(List.of(0, 4, 2, 6, 1, 5, 3, 7), order);
    assertEquals(5, Representatives.spread(points.subList(0, 5)).size());
  }
}
