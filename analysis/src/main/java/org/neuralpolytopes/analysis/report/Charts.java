package org.neuralpolytopes.analysis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.schema.RunsTable;

/**
 * The report's charts (JFreeChart, drawn through the same Java2D code into PNG and SVG). Every
 * point is a grid point (the median over its seeds), so a chart's size follows the grid, not the
 * runs. Across the sweep: sphericity error against parameter count by depth (the paper's "deeper
 * is rounder"), facets against units with the region bound, the polar distance of conjugate pairs
 * against p. Beside each phase diagram: sphericity error and Mahler ratio against p (a few units)
 * and against n (a few exponents), and activation cells against the region bound.
 */
final class Charts {

  static final String SECTION = "Charts";
  /** Series of a chart against p or n at most: that many units or exponents, spread over the grid. */
  static final int MAX_SERIES = 8;
  /** Points per series above which a series is a line without markers (markers would only cover it, and fill an SVG). */
  static final int MAX_MARKERS = 40;
  /** Most (d, L, n) shapes the polar distance chart draws a line each for. */
  static final int MAX_POLAR_LINES = 10;
  private static final int W = 760;
  private static final int H = 470;

  private final ReportData data;
  private final Path out;
  private final List<FigureRef> figures = new ArrayList<>();
  private final Map<String, List<FigureRef>> bySection = new TreeMap<>();
  private final List<String> absent = new ArrayList<>();

  Charts(ReportData data, Path out) {
    this.data = data;
    this.out = out;
  }

  /** The sweep-wide charts. */
  List<FigureRef> figures() {
    return figures;
  }

  /** The charts beside a phase diagram, by its figure file name. */
  List<FigureRef> beside(PhaseDiagrams.Diagram dg) {
    return bySection.getOrDefault(dg.file(), List.of());
  }

  /** Charts not drawn, with why. */
  List<String> absent() {
    return absent;
  }

  void drawAll(PhaseDiagrams diagrams) throws IOException {
    sphericity();
    faces();
    polarDistance();
    for (List<PhaseDiagrams.Diagram> section : diagrams.sections().values()) {
      for (PhaseDiagrams.Diagram dg : section) {
        besideDiagram(dg);
      }
    }
  }

  /** Median of a column over a grid point's seeds, or null when no seed has it. */
  private static Double median(List<TableRow> seeds, Function<TableRow, Double> f) {
    List<Double> xs = SeedStatistics.finite(seeds, f);
    return xs.isEmpty() ? null : SeedStatistics.median(xs);
  }

  /**
   * Median of a body's measurement (sphericity error, Mahler ratio) over the seeds that have a
   * bounded body ({@link Representatives#drawable}): an UNBOUNDED run's radii come from the sampled
   * directions only (a (3, 1, 2) net's "sphericity error" of 30 sat on the charts), or null.
   */
  static Double bodyMedian(List<TableRow> seeds, String column) {
    return median(seeds.stream().filter(Representatives::drawable).toList(), SeedStatistics.column(column));
  }

  private void sphericity() throws IOException {
    Map<String, XYSeries> series = new TreeMap<>();
    for (Map.Entry<GridPoint, List<TableRow>> e : data.byGridPoint().entrySet()) {
      GridPoint g = e.getKey();
      Double se = bodyMedian(e.getValue(), RunsTable.SPHERICITY_ERROR);
      Double weights = Values.number(e.getValue().get(0), RunsTable.WEIGHT_COUNT);
      if (!(g.absPower() && g.p() == 1.0) || se == null || !(se > 0) || weights == null) {
        continue;
      }
      series.computeIfAbsent("d = " + g.d() + ", L = " + g.layers() + tagged(g), k -> new XYSeries(k, true, true))
          .add(weights, se);
    }
    if (series.isEmpty()) {
      absent.add("Sphericity error against parameter count: no p = 1 run with a sphericity error in this sweep.");
      return;
    }
    XYPlot plot = plot(series.values(), log("parameters (weight_count)"), log("sphericity error max |r(u) - 1|"));
    write(figures, "sphericity-vs-weights", chart("Deeper is rounder? Sphericity error against parameters (p = 1)", plot),
        "Each point is a grid point (p = 1, |x|; median over its seeds); series by input dimension and depth. At an "
            + "equal parameter count a deeper net should sit lower (closer to the sphere).");
  }

  private void faces() throws IOException {
    Map<String, XYSeries> series = new TreeMap<>();
    Map<String, XYSeries> bounds = new TreeMap<>();
    for (Map.Entry<GridPoint, List<TableRow>> e : data.byGridPoint().entrySet()) {
      GridPoint g = e.getKey();
      Double facets = median(e.getValue(), r -> {
        long[] f = Values.longs(r.get(RunsTable.F_VECTOR));
        return f == null || f.length == 0 || f[f.length - 1] <= 0 ? null : (double) f[f.length - 1];
      });
      if (!g.piecewiseLinear() || facets == null) {
        continue;
      }
      String key = "d = " + g.d() + ", L = " + g.layers() + (g.absPower() ? "" : ", relu") + tagged(g);
      series.computeIfAbsent("facets, " + key, k -> new XYSeries(k, true, true)).add(g.units(), facets);
      Double b = Values.number(e.getValue().get(0), RunsTable.REGION_BOUND);
      if (b != null && b > 0 && Double.isFinite(b)) {
        bounds.computeIfAbsent("region bound, " + key, k -> new XYSeries(k, true, false)).addOrUpdate((double) g.units(), b.doubleValue());
      }
    }
    if (series.isEmpty()) {
      absent.add("Faces against units: no run with an f_vector in this sweep.");
      return;
    }
    List<XYSeries> all = new ArrayList<>(series.values());
    all.addAll(bounds.values());
    XYPlot plot = plot(all, unitsAxis("units n per layer"), log("count"));
    dashed(plot, series.size(), all.size());
    write(figures, "faces-vs-units", chart("Facets against units per depth" + (bounds.isEmpty() ? "" : ", with the region bound"), plot),
        "Facets (last entry of f_vector, median over seeds) of every p = 1 / relu grid point; dashed: region_bound, the "
            + "bound on activation regions of a relu network with biases for (d, L, n) (Serra et al. 2018); two-layer |t| "
            + "nets can exceed it (a |t| layer of n units is a relu layer of 2n), region_bound_central bounds them.");
  }

  private void polarDistance() throws IOException {
    if (data.table(DetailTables.DUALITY).isEmpty()) {
      absent.add("Polar distance against p: needs the duality/ table ("
          + data.absentTables().getOrDefault(DetailTables.DUALITY, "") + ").");
      return;
    }
    // median over seeds of each (d, L, n, p) pair, series by (d, L)
    Map<List<Object>, List<Double>> byPair = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    Map<List<Object>, double[]> coordinates = new java.util.HashMap<>();
    for (TableRow r : data.table(DetailTables.DUALITY).get()) {
      Double dist = Values.number(r, DualityColumns.POLAR_DISTANCE);
      Double p = Values.number(r, RunsTable.P);
      if (dist == null || p == null || !Double.isFinite(dist)) {
        continue;
      }
      List<Object> key = List.of(Values.text(r, RunsTable.D), Values.text(r, RunsTable.LAYERS), Values.text(r, RunsTable.UNITS), p);
      byPair.computeIfAbsent(key, k -> new ArrayList<>()).add(dist);
      coordinates.put(key, new double[] {p});
    }
    // a line per (d, L, n) while there are few; else a series of markers per (d, L), no lines
    // (a line through the units at one p would draw vertical strokes that mean nothing)
    long shapes = byPair.keySet().stream().map(k -> k.subList(0, 3)).distinct().count();
    boolean perUnits = shapes <= MAX_POLAR_LINES;
    Map<String, XYSeries> series = new TreeMap<>(java.util.Comparator.comparing(Charts::shapeOrder));
    for (Map.Entry<List<Object>, List<Double>> e : byPair.entrySet()) {
      List<Object> k = e.getKey();
      String name = "d = " + k.get(0) + ", L = " + k.get(1) + (perUnits ? ", n = " + k.get(2) : "");
      series.computeIfAbsent(name, x -> new XYSeries(x, true, true))
          .add(coordinates.get(k)[0], SeedStatistics.median(e.getValue()));
    }
    if (series.isEmpty()) {
      absent.add("Polar distance against p: no pair with a polar distance in duality/.");
      return;
    }
    NumberAxis x = linear("p (paired with q = p / (p - 1); p = 1 with the largest p)", 1);
    NumberAxis y = linear("polar distance", 0.1);
    y.setAutoRangeIncludesZero(true);
    XYPlot plot = plot(series.values(), x, y);
    if (!perUnits) {
      XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
      for (int i = 0; i < series.size(); i++) {
        renderer.setSeriesLinesVisible(i, false);
        renderer.setSeriesShapesVisible(i, true);
      }
    }
    write(figures, "polar-distance-vs-p", chart("Polar distance of K_p° and K_q against p", plot),
        "One point per (d, L, n, p) conjugate pair, the median over seeds; "
            + (perUnits ? "a line per (d, L, n)" : "markers by (d, L), one per units n")
            + "; 0 = exact duality (docs/metrics.md, duality metrics).");
  }

  /** A key that orders series names such as "d = 2, L = 1, n = 10" by their numbers, not as text. */
  private static String shapeOrder(String name) {
    return java.util.regex.Pattern.compile("\\d+").matcher(name)
        .replaceAll(m -> String.format(java.util.Locale.ROOT, "%010d", Long.parseLong(m.group())));
  }

  /** The charts beside one phase diagram. */
  private void besideDiagram(PhaseDiagrams.Diagram dg) throws IOException {
    List<FigureRef> mine = bySection.computeIfAbsent(dg.file(), k -> new ArrayList<>());
    Map<Integer, Map<Double, List<TableRow>>> seeds = new TreeMap<>();
    for (Map<Double, PhaseDiagrams.Cell> col : dg.cells().values()) {
      for (PhaseDiagrams.Cell c : col.values()) {
        seeds.computeIfAbsent(c.point().units(), k -> new TreeMap<>()).put(c.point().p(), data.byGridPoint().get(c.point()));
      }
    }
    TreeMap<Double, Integer> columns = new TreeMap<>(); // every exponent, and how many units columns hold it
    seeds.values().forEach(m -> m.keySet().forEach(p -> columns.merge(p, 1, Integer::sum)));
    Set<Double> ps = columns.keySet();
    String where = dg.title();
    if (ps.size() > 1) {
      List<Integer> units = pick(new ArrayList<>(seeds.keySet()), List.of());
      Map<String, XYSeries> s1 = new TreeMap<>(java.util.Comparator.comparingInt(Charts::leadingNumber));
      Map<String, XYSeries> s2 = new TreeMap<>(java.util.Comparator.comparingInt(Charts::leadingNumber));
      for (int n : units) {
        for (Map.Entry<Double, List<TableRow>> e : seeds.get(n).entrySet()) {
          add(s1, n + " units", e.getKey(), bodyMedian(e.getValue(), RunsTable.SPHERICITY_ERROR), true);
          add(s2, n + " units", e.getKey(), bodyMedian(e.getValue(), RunsTable.MAHLER_RATIO), false);
        }
      }
      XYPlot sph = plot(s1.values(), log("p"), log("sphericity error"));
      XYPlot mah = plot(s2.values(), log("p"), ratioAxis());
      marker(mah, 1.0, "ball (1)");
      marker(mah, cubeRatio(dg.d()), "cube / cross-polytope");
      int drawn = (int) units.stream().filter(n -> s1.containsKey(n + " units") || s2.containsKey(n + " units")).count();
      write(mine, dg.file() + "-vs-p", combined(LabelledLogAxis.exponents("p", columns), "Against p: " + where, sph, mah),
          "Median over seeds of each grid point, for " + drawn + " of the " + seeds.size()
              + " units values (spread over the grid" + (drawn < units.size() ? "; a units value whose seeds have no"
              + " bounded body has no line" : "") + "): the sphericity error max |r(u) - 1| and the Mahler ratio "
              + "vol(K) vol(K°) / omega_d^2 (1 = ball).");
    }
    if (seeds.size() > 1) {
      TreeMap<Double, Integer> drawable = drawableColumns(seeds);
      List<Double> chosen = pickP(drawable.isEmpty() ? columns : drawable);
      Map<String, XYSeries> s1 = new TreeMap<>(java.util.Comparator.comparingDouble(Charts::leadingDouble));
      Map<String, XYSeries> s2 = new TreeMap<>(java.util.Comparator.comparingDouble(Charts::leadingDouble));
      for (double p : chosen) {
        for (Map.Entry<Integer, Map<Double, List<TableRow>>> e : seeds.entrySet()) {
          List<TableRow> rs = e.getValue().get(p);
          if (rs == null) {
            continue;
          }
          String name = "p = " + Values.p(p);
          add(s1, name, e.getKey(), bodyMedian(rs, RunsTable.SPHERICITY_ERROR), true);
          add(s2, name, e.getKey(), bodyMedian(rs, RunsTable.MAHLER_RATIO), false);
        }
      }
      XYPlot sph = plot(s1.values(), unitsAxis("units n"), log("sphericity error"));
      XYPlot mah = plot(s2.values(), unitsAxis("units n"), ratioAxis());
      marker(mah, 1.0, "ball (1)");
      marker(mah, cubeRatio(dg.d()), "cube / cross-polytope");
      write(mine, dg.file() + "-vs-n", combined(unitsAxis("units n"), "Against n: " + where, sph, mah),
          "Median over seeds of each grid point, for " + chosen.size() + " of the " + ps.size() + " exponents.");
      // activation cells against the region bound (p = 1 and relu bodies)
      XYSeries cells = new XYSeries("activation cells (median)", true, true);
      XYSeries bound = new XYSeries("region bound", true, false);
      XYSeries central = new XYSeries("bias-free bound", true, false);
      for (Map.Entry<Integer, Map<Double, List<TableRow>>> e : seeds.entrySet()) {
        for (Map.Entry<Double, List<TableRow>> q : e.getValue().entrySet()) {
          GridPoint g = data.pointOf(q.getValue().get(0));
          if (!g.piecewiseLinear()) {
            continue;
          }
          Double c = median(q.getValue(), SeedStatistics.column(RunsTable.ACTIVATION_CELLS));
          if (c != null && c > 0) {
            cells.add(e.getKey().doubleValue(), c);
          }
          Double b = Values.number(q.getValue().get(0), RunsTable.REGION_BOUND);
          if (b != null && b > 0 && Double.isFinite(b)) {
            bound.addOrUpdate(e.getKey().doubleValue(), b.doubleValue());
          }
          Double c0 = Values.number(q.getValue().get(0), RunsTable.REGION_BOUND_CENTRAL);
          if (c0 != null && c0 > 0 && Double.isFinite(c0)) {
            central.addOrUpdate(e.getKey().doubleValue(), c0.doubleValue());
          }
        }
      }
      if (cells.getItemCount() > 0) {
        List<XYSeries> all = new ArrayList<>(List.of(cells));
        for (XYSeries s : List.of(bound, central)) {
          if (s.getItemCount() > 0) {
            all.add(s);
          }
        }
        XYPlot plot = plot(all, unitsAxis("units n"), log("activation cells"));
        dashed(plot, 1, all.size());
        // the bounds over the cells: for one layer the cells reach the bias-free bound, on the same points
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
        write(mine, dg.file() + "-cells", chart("Activation cells against the region bound: " + where, plot),
            "Activation cells walked by the exact faces (p = 1, relu; median over seeds) against Serra et al.'s bound on "
                + "activation regions for (d, L, n) (region_bound; a |t| layer of n units is a relu layer of 2n, so for "
                + "|t| it is a reference) and the bias-free bound on cells on the sphere (region_bound_central, exact "
                + "for one layer).");
      }
    }
  }

  private static int leadingNumber(String s) {
    return Integer.parseInt(s.substring(0, s.indexOf(' ')));
  }

  private static double leadingDouble(String s) {
    return Double.parseDouble(s.substring(s.indexOf('=') + 1).trim());
  }

  private static void add(Map<String, XYSeries> series, String name, double x, Double y, boolean positive) {
    if (y != null && Double.isFinite(y) && (!positive || y > 0)) {
      series.computeIfAbsent(name, k -> new XYSeries(k, true, true)).add(x, y);
    }
  }

  /** At most {@link #MAX_SERIES} values spread evenly over the sorted list, the {@code keep} ones among them. */
  static <T extends Comparable<T>> List<T> pick(List<T> sorted, List<T> keep) {
    if (sorted.size() <= MAX_SERIES) {
      return sorted;
    }
    TreeSet<T> out = new TreeSet<>();
    for (T k : keep) {
      if (sorted.contains(k)) {
        out.add(k);
      }
    }
    // the others spread over what is left, so that none repeats a kept one (MAX_SERIES in all)
    List<T> rest = sorted.stream().filter(t -> !out.contains(t)).toList();
    int room = MAX_SERIES - out.size();
    for (int i = 0; i < room; i++) {
      out.add(rest.get((int) Math.round(i * (rest.size() - 1) / (double) Math.max(1, room - 1))));
    }
    return new ArrayList<>(out);
  }

  /**
   * Exponents for the charts against n: those that the most units columns hold (the grid's, not a
   * refinement round's midpoint that one column has, a line of one point, or that several share),
   * p = 1 and p = 2 among them when present, the rest spread; {@code columns} counts the units
   * columns of each exponent.
   */
  /**
   * Every exponent with the number of units columns that have a bounded body to draw there: a
   * column whose seeds are all unbounded (n < d) must not decide which exponents the charts against
   * n draw (its p = 1 and 3 alone were drawn, and 0.7, 2 and 4 of the columns with bodies left out).
   */
  static TreeMap<Double, Integer> drawableColumns(Map<Integer, Map<Double, List<TableRow>>> seeds) {
    TreeMap<Double, Integer> drawable = new TreeMap<>();
    seeds.values().forEach(m -> m.forEach((p, rs) -> {
      if (bodyMedian(rs, RunsTable.SPHERICITY_ERROR) != null || bodyMedian(rs, RunsTable.MAHLER_RATIO) != null) {
        drawable.merge(p, 1, Integer::sum);
      }
    }));
    return drawable;
  }

  static List<Double> pickP(java.util.SortedMap<Double, Integer> columns) {
    int most = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<Double> common = new ArrayList<>();
    columns.forEach((p, n) -> {
      if (n == most) {
        common.add(p); // in every units column that has the most: the grid's (a midpoint that many columns share is not)
      }
    });
    return pick(common, List.of(1.0, 2.0));
  }

  private String tagged(GridPoint g) {
    return g.tag().isEmpty() ? "" : ", schedule " + g.tag();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  /** A small chart in the report's style (a log axis, a series with markers, a legend), drawn by {@link Preload}. */
  static void drawSample(Graphics2D g) {
    XYSeries s = new XYSeries("sample", true, true);
    s.add(1, 2);
    s.add(10, 30);
    chart("sample", plot(List.of(s), log("x"), new NumberAxis("y"))).draw(g, new Rectangle2D.Double(0, 0, 200, 150));
  }

  private static XYPlot plot(Collection<XYSeries> series, ValueAxis x, ValueAxis y) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    series.forEach(dataset::addSeries);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    Color[] palette = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};
    // ten colours, then the same colours with another marker: no two series look alike
    java.awt.Shape[] markers = {new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6),
        new java.awt.geom.Rectangle2D.Double(-3, -3, 6, 6),
        new java.awt.Polygon(new int[] {-4, 0, 4}, new int[] {3, -4, 3}, 3),
        new java.awt.Polygon(new int[] {0, 4, 0, -4}, new int[] {-4, 0, 4, 0}, 4),
        new java.awt.Polygon(new int[] {-4, 0, 4}, new int[] {-3, 4, -3}, 3)};
    int i = 0;
    for (XYSeries s : series) {
      renderer.setSeriesPaint(i, palette[i % palette.length]);
      renderer.setSeriesShape(i, markers[(i / palette.length) % markers.length]);
      renderer.setSeriesStroke(i, new BasicStroke(1.25f));
      renderer.setSeriesShapesVisible(i, s.getItemCount() <= MAX_MARKERS);
      i++;
    }
    XYPlot plot = new XYPlot(dataset, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(220, 220, 220));
    plot.setRangeGridlinePaint(new Color(220, 220, 220));
    Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    for (ValueAxis a : new ValueAxis[] {x, y}) {
      a.setTickLabelFont(tick);
      a.setLabelFont(label);
    }
    return plot;
  }

  /** Series from index {@code from} on as dashed lines without markers (bounds). */
  private static void dashed(XYPlot plot, int from, int to) {
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    for (int i = from; i < to; i++) {
      renderer.setSeriesLinesVisible(i, true);
      renderer.setSeriesShapesVisible(i, false);
      renderer.setSeriesStroke(i, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    }
  }

  /**
   * A linear axis over the data (not from 0) at least {@code minimumSize} wide: with one value
   * JFreeChart's NumberAxis spans 1e-8 around it and writes the same label ("1E0") at every tick.
   */
  static NumberAxis linear(String label, double minimumSize) {
    NumberAxis a = new NumberAxis(label);
    a.setAutoRangeIncludesZero(false);
    a.setAutoRangeMinimumSize(minimumSize);
    return a;
  }

  /** A units axis: whole numbers, over the data's units (not from 0). */
  private static NumberAxis unitsAxis(String label) {
    NumberAxis a = linear(label, 2);
    a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return a;
  }

  /** The Mahler ratio's axis: its data and markers, not down to 0, with room above the ball's line for its label. */
  private static NumberAxis ratioAxis() {
    NumberAxis a = linear("Mahler ratio", 0.1);
    a.setUpperMargin(0.08);
    return a;
  }

  private static LabelledLogAxis log(String label) {
    return LabelledLogAxis.values(label);
  }

  private static void marker(XYPlot plot, double y, String label) {
    ValueMarker m = new ValueMarker(y, new Color(120, 120, 120),
        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
    m.setLabel(label);
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(m);
  }

  /** Cube / cross-polytope's Mahler ratio 4^d / d! / omega_d^2, the lower end for symmetric convex bodies. */
  static double cubeRatio(int d) {
    double f = 1;
    for (int i = 2; i <= d; i++) {
      f *= i;
    }
    return Math.pow(4, d) / f / Math.pow(DirectionSet.ballVolume(d), 2);
  }

  /** Plots stacked over one shared x axis, the legend of the first. */
  private static JFreeChart combined(ValueAxis x, String title, XYPlot... plots) {
    CombinedDomainXYPlot c = new CombinedDomainXYPlot(x);
    c.setGap(8);
    x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    x.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int i = 0; i < plots.length; i++) {
      plots[i].setDomainAxis(null);
      if (i > 0) {
        // the same series in every plot: one legend entry each
        ((XYLineAndShapeRenderer) plots[i].getRenderer()).setDefaultSeriesVisibleInLegend(false);
      }
      c.add(plots[i], 1);
    }
    return chart(title, c);
  }

  private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
    JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
    c.setBackgroundPaint(Color.WHITE);
    c.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return c;
  }

  private void write(List<FigureRef> into, String name, JFreeChart chart, String caption) throws IOException {
    int height = chart.getPlot() instanceof CombinedDomainXYPlot ? H + 160 : H;
    FigureFile.write(out.resolve("figures"), name, W, height, (g, target) -> chart.draw(g, new Rectangle2D.Double(0, 0, W, height)));
    into.add(new FigureRef(SECTION, chart.getTitle().getText(), "figures/" + name + ".png", "figures/" + name + ".svg",
        caption, null, List.of()));
  }
}
