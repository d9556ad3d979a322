package org.neuralpolytopes.analysis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
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

/**
 * The report's charts (JFreeChart, drawn through the same Java2D code into PNG and SVG): sphericity
 * error against parameter count by depth (the paper's "deeper is rounder"), faces against units
 * per depth with the region bound (when f_vector / region_bound exist), and the Mahler ratio and
 * polar distance against p (when mahler_ratio / duality's polar_distance exist). A chart whose
 * columns do not exist is not drawn and the page says why.
 */
final class Charts {

  static final String SECTION = "Charts";
  private static final int W = 760;
  private static final int H = 470;

  private final ReportData data;
  private final Path out;
  private final Consumer<String> progress;
  private final List<FigureRef> figures = new ArrayList<>();
  private final List<String> absent = new ArrayList<>();

  Charts(ReportData data, Path out, Consumer<String> progress) {
    this.data = data;
    this.out = out;
    this.progress = progress;
  }

  List<FigureRef> figures() {
    return figures;
  }

  /** Charts not drawn, with why. */
  List<String> absent() {
    return absent;
  }

  void drawAll() throws IOException {
    progress.accept("drawing charts");
    sphericity();
    faces();
    mahler();
    polarDistance();
  }

  private void sphericity() throws IOException {
    Map<String, XYSeries> series = new TreeMap<>();
    for (TableRow r : data.runs()) {
      GridPoint g = GridPoint.of(r);
      Double se = Values.number(r, "sphericity_error");
      if (!(g.absPower() && g.p() == 1.0) || se == null || !(se > 0)) {
        continue;
      }
      series.computeIfAbsent("d = " + g.d() + ", L = " + g.layers(), k -> new XYSeries(k, true, true))
          .add(r.getInt("weight_count").doubleValue(), se);
    }
    if (series.isEmpty()) {
      absent.add("Sphericity error against parameter count: no p = 1 run with a sphericity error in this sweep.");
      return;
    }
    XYPlot plot = plot(series.values(), log("parameters (weight_count)"), log("sphericity error max |r(u) - 1|"), false);
    write("sphericity-vs-weights", chart("Deeper is rounder? Sphericity error against parameters (p = 1, every seed)", plot),
        "Each point is a run (p = 1, |x|); series by input dimension and depth. At an equal parameter count a "
            + "deeper net should sit lower (closer to the sphere).");
  }

  private void faces() throws IOException {
    if (!data.has("f_vector")) {
      absent.add("Faces against units: needs the f_vector column (exact faces, p = 1), not in this build's schema yet.");
      return;
    }
    Map<String, XYSeries> series = new TreeMap<>();
    Map<String, XYSeries> bounds = new TreeMap<>();
    for (TableRow r : data.runs()) {
      GridPoint g = GridPoint.of(r);
      long[] f = Values.longs(r.get("f_vector"));
      if (!g.piecewiseLinear() || f == null || f.length == 0 || f[f.length - 1] <= 0) {
        continue;
      }
      String key = "d = " + g.d() + ", L = " + g.layers();
      series.computeIfAbsent("facets, " + key, k -> new XYSeries(k, true, true)).add((double) g.units(), (double) f[f.length - 1]);
      if (data.has("region_bound")) {
        Double b = Values.number(r, "region_bound");
        if (b != null && b > 0) {
          bounds.computeIfAbsent("region bound, " + key, k -> new XYSeries(k, true, false)).addOrUpdate((double) g.units(), b.doubleValue());
        }
      }
    }
    if (series.isEmpty()) {
      absent.add("Faces against units: no run with an f_vector in this sweep.");
      return;
    }
    List<XYSeries> all = new ArrayList<>(series.values());
    all.addAll(bounds.values());
    XYPlot plot = plot(all, new NumberAxis("units n per layer"), log("count"), false);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    for (int i = series.size(); i < all.size(); i++) {
      renderer.setSeriesLinesVisible(i, true);
      renderer.setSeriesShapesVisible(i, false);
      renderer.setSeriesStroke(i, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    }
    write("faces-vs-units", chart("Facets against units per depth" + (bounds.isEmpty() ? "" : ", with the region bound"), plot),
        "Facets (last entry of f_vector) of every p = 1 / relu run; dashed: region_bound, the bound on activation "
            + "regions for (d, L, n) (Serra et al. 2018).");
  }

  private void mahler() throws IOException {
    if (!data.has("mahler_ratio")) {
      absent.add("Mahler ratio against p: needs the mahler_ratio column (volume products), not in this build's schema yet.");
      return;
    }
    Map<String, XYSeries> series = new TreeMap<>();
    Map<Integer, Boolean> dims = new TreeMap<>();
    for (TableRow r : data.runs()) {
      GridPoint g = GridPoint.of(r);
      Double m = Values.number(r, "mahler_ratio");
      if (!g.absPower() || m == null || !Double.isFinite(m)) {
        continue;
      }
      dims.put(g.d(), true);
      series.computeIfAbsent("(" + g.d() + ", " + g.layers() + ", " + g.units() + ", p)", k -> new XYSeries(k, true, true))
          .add(g.p(), m);
    }
    if (series.isEmpty()) {
      absent.add("Mahler ratio against p: no run with a Mahler ratio in this sweep.");
      return;
    }
    XYPlot plot = plot(series.values(), log("p"), new NumberAxis("Mahler ratio vol(K) vol(K°) / omega_d^2"), false);
    marker(plot, 1.0, "ball (1)");
    for (int d : dims.keySet()) {
      double cube = Math.pow(4, d) / factorial(d) / Math.pow(DirectionSet.ballVolume(d), 2);
      marker(plot, cube, "cube / cross-polytope, d = " + d + " (" + Values.num(cube) + ")");
    }
    write("mahler-vs-p", chart("Mahler ratio against p", plot),
        "Every abs_power run (one point per seed), series by (d, L, n). Origin-symmetric convex bodies lie between "
            + "the cube's value and the ball's (1).");
  }

  private void polarDistance() throws IOException {
    if (data.table("duality").isEmpty()) {
      absent.add("Polar distance against p: needs the duality/ table (" + data.absentTables().getOrDefault("duality", "") + ").");
      return;
    }
    Map<String, XYSeries> series = new TreeMap<>();
    for (TableRow r : data.table("duality").get()) {
      Double dist = Values.number(r, "polar_distance");
      Double p = Values.number(r, "p");
      if (dist == null || p == null || !Double.isFinite(dist)) {
        continue;
      }
      String key = "(" + Values.text(r, "d") + ", " + Values.text(r, "layers") + ", " + Values.text(r, "units") + ", p)";
      series.computeIfAbsent(key, k -> new XYSeries(k, true, true)).add(p.doubleValue(), dist.doubleValue());
    }
    if (series.isEmpty()) {
      absent.add("Polar distance against p: no pair with a polar distance in duality/.");
      return;
    }
    XYPlot plot = plot(series.values(), new NumberAxis("p (paired with q = p / (p - 1); p = 1 with the largest p)"), new NumberAxis("polar distance"), false);
    write("polar-distance-vs-p", chart("Polar distance of K_p° and K_q against p", plot),
        "One point per conjugate pair and seed; 0 = exact duality (docs/metrics.md, duality metrics).");
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private static XYPlot plot(java.util.Collection<XYSeries> series, ValueAxis x, ValueAxis y, boolean lines) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    series.forEach(dataset::addSeries);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(lines, true);
    Color[] palette = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};
    // ten colours, then the same colours with another marker: no two series look alike
    java.awt.Shape[] markers = {new java.awt.geom.Ellipse2D.Double(-4, -4, 8, 8),
        new java.awt.geom.Rectangle2D.Double(-3.5, -3.5, 7, 7),
        new java.awt.Polygon(new int[] {-5, 0, 5}, new int[] {4, -5, 4}, 3),
        new java.awt.Polygon(new int[] {0, 5, 0, -5}, new int[] {-5, 0, 5, 0}, 4),
        new java.awt.Polygon(new int[] {-5, 0, 5}, new int[] {-4, 5, -4}, 3)};
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, palette[i % palette.length]);
      renderer.setSeriesShape(i, markers[(i / palette.length) % markers.length]);
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

  private static LogarithmicAxis log(String label) {
    LogarithmicAxis a = new LogarithmicAxis(label);
    a.setStrictValuesFlag(false);
    a.setExpTickLabelsFlag(false);
    a.setAutoRangeNextLogFlag(false);
    return a;
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

  private static double factorial(int d) {
    double f = 1;
    for (int i = 2; i <= d; i++) {
      f *= i;
    }
    return f;
  }

  private static JFreeChart chart(String title, XYPlot plot) {
    JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    c.setBackgroundPaint(Color.WHITE);
    c.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return c;
  }

  private void write(String name, JFreeChart chart, String caption) throws IOException {
    FigureFile.write(out.resolve("figures"), name, W, H, (g, target) -> chart.draw(g, new Rectangle2D.Double(0, 0, W, H)));
    figures.add(new FigureRef(SECTION, chart.getTitle().getText(), "figures/" + name + ".png", "figures/" + name + ".svg",
        caption, null));
  }
}
