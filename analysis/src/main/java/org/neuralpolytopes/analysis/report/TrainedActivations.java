package org.neuralpolytopes.analysis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.BodyRenderer;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.analysis.render.RadialSurface;
import org.neuralpolytopes.analysis.render.UnboundedBodyException;
import org.neuralpolytopes.analysis.render.View;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Network;

/**
 * The report's figures of the learnable rational activations (era, era_even; docs/training.md,
 * "Rational activations"): one figure per grid point and seed that has a rational run, with the
 * body of every activation of that point side by side (abs_power, relu, era_even, era; one
 * oblique view of d = 3 bodies) and, beside them, each trained activation R(t) plotted with
 * |t|^p.
 *
 * <ol>
 *   <li>Runs are grouped by (d, L, n, p, seed index): a rational run's p is the exponent of its
 *       abs_power initialisation, so it meets the |t|^p run it started from.
 *   <li>The plotted range of t is [-A, A], A the largest |pre-activation| of any layer of the
 *       group's rational networks over {@link #RANGE_DIRECTIONS} directions of the unit sphere: the
 *       values the activations take on the body's scale.
 *   <li>Each trained set (one per layer, or one shared) is one curve; the legend gives the
 *       least-squares multiple c |t|^p of it over [-A, A] and the relative L2 distance from that
 *       multiple (0: the shape of |t|^p up to a scale, which the weights absorb).
 * </ol>
 */
final class TrainedActivations {

  static final String SECTION = "Trained activations";
  /** Directions of the unit sphere on which the pre-activations' range is taken. */
  static final int RANGE_DIRECTIONS = 2000;
  /** Points of each plotted curve. */
  static final int CURVE_POINTS = 241;
  private static final int PANEL = 230;
  private static final int CHART_WIDTH = 470;
  private static final int HEADER = 34;
  private static final int FOOTER = 44;
  private static final Color BODY = new Color(104, 150, 214);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final List<String> ORDER = List.of("abs_power", "relu", "era_even", "era");

  private TrainedActivations() {}

  /** Draws every figure into {@code out}/activations/ and returns them, in grid order. */
  static List<FigureRef> draw(ReportData data, Path out, Consumer<String> progress) throws IOException, AnalysisException {
    Map<String, List<TableRow>> groups = new TreeMap<>();
    for (TableRow r : data.runs()) {
      groups.computeIfAbsent(String.format(Locale.ROOT, "%02d-%02d-%04d-%s-s%d", r.getInt("d"), r.getInt("layers"),
          r.getInt("units"), Values.p(r.getDouble("p")), r.getInt("seed_index")), k -> new ArrayList<>()).add(r);
    }
    groups.values().removeIf(rows -> rows.stream().noneMatch(r -> Activations.isLearnable(r.getString("activation"))));
    if (groups.isEmpty()) {
      return List.of();
    }
    List<TableRow> drawn = groups.values().stream().flatMap(List::stream).toList();
    progress.accept("reading the weights and activations of the " + drawn.size() + " runs beside rational ones");
    Map<String, TableRow> networks = data.details().networks(drawn);
    List<FigureRef> figures = new ArrayList<>();
    for (Map.Entry<String, List<TableRow>> e : groups.entrySet()) {
      List<TableRow> rows = new ArrayList<>(e.getValue());
      rows.sort(Comparator.comparingInt(r -> ORDER.indexOf(r.getString("activation"))));
      progress.accept("drawing trained activations " + data.pointOf(rows.get(0)).label() + " seed "
          + rows.get(0).getInt("seed_index"));
      List<Network> nets = new ArrayList<>();
      for (TableRow r : rows) {
        TableRow stored = networks.get(r.getString("run_id"));
        nets.add(stored == null ? null : RunPicture.network(r, stored));
      }
      figures.add(figure(rows, nets, out, "activations-" + e.getKey().replace('.', '_')));
    }
    return figures;
  }

  static FigureRef figure(List<TableRow> rows, List<Network> nets, Path out, String name) throws IOException {
    TableRow first = rows.get(0);
    int d = first.getInt("d");
    double p = first.getDouble("p");
    List<Mesh> meshes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Network net : nets) {
      Mesh mesh = null;
      String note = null;
      if (net == null) {
        note = "no weights";
      } else if (d != 3) {
        note = "d = " + d + ": no 3-D view";
      } else {
        try {
          mesh = RadialSurface.of(net, RunPicture.MESH_LEVEL);
        } catch (UnboundedBodyException ex) {
          note = "unbounded";
        }
      }
      meshes.add(mesh);
      notes.add(note);
    }
    JFreeChart chart = chart(rows, nets, p);
    int width = rows.size() * PANEL + CHART_WIDTH;
    int height = HEADER + PANEL + FOOTER;
    String title = "(" + d + ", " + first.getInt("layers") + ", " + first.getInt("units") + ", " + Values.p(p)
        + ") seed " + first.getInt("seed_index") + ": bodies and trained activations";
    FigureFile.write(out.resolve("activations"), name, width, height, (g, target) -> {
      g.setColor(Color.BLACK);
      g.setFont(TITLE);
      g.drawString(title, 12, 22);
      double scale = 1.08;
      for (Mesh m : meshes) {
        if (m != null) {
          scale = Math.max(scale, m.maxRadius() * 1.08);
        }
      }
      double pixels = 0.46 * PANEL / scale;
      for (int i = 0; i < rows.size(); i++) {
        double cx = i * PANEL + PANEL / 2.0;
        double cy = HEADER + PANEL / 2.0;
        if (meshes.get(i) != null) {
          new BodyRenderer(meshes.get(i)).draw(g, View.STANDARD.get(0), cx, cy, pixels, BODY,
              target == FigureFile.Target.PNG);
        } else {
          g.setFont(SMALL);
          g.setColor(new Color(120, 120, 120));
          centered(g, notes.get(i), cx, cy);
        }
        TableRow r = rows.get(i);
        g.setFont(SMALL);
        g.setColor(Color.BLACK);
        centered(g, r.getString("activation") + " · " + r.getString("status"), cx, HEADER + PANEL + 16);
        g.setColor(new Color(90, 90, 90));
        String named = r.getString("polytope_name");
        centered(g, (named == null ? "" : named + " · ") + "loss " + Values.text(r, "final_loss"), cx,
            HEADER + PANEL + 32);
      }
      chart.draw(g, new Rectangle2D.Double(rows.size() * PANEL, HEADER - 6, CHART_WIDTH, PANEL + FOOTER));
    });
    return new FigureRef(SECTION, title, "activations/" + name + ".png", "activations/" + name + ".svg",
        "Left: the body of each activation, oblique view, common scale (dashed: the unit sphere). Right: each trained "
            + "rational activation R(t) (one curve per set of coefficients) and |t|^p (dashed), over the range the "
            + "pre-activations take on the unit sphere; the legend gives the best multiple c |t|^p of each curve and "
            + "its relative L2 distance from it.", null, rows.stream().map(r -> r.getString("run_id")).toList());
  }

  /** The activation plot: every trained set of every rational run, and |t|^p. */
  private static JFreeChart chart(List<TableRow> rows, List<Network> nets, double p) {
    double range = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (nets.get(i) != null && Activations.isLearnable(rows.get(i).getString("activation"))) {
        range = Math.max(range, preActivationRange(nets.get(i)));
      }
    }
    if (!(range > 0) || Double.isInfinite(range)) {
      range = 1;
    }
    XYSeriesCollection dataset = new XYSeriesCollection();
    XYSeries reference = new XYSeries("|t|^" + Values.p(p), false, true);
    for (int k = 0; k < CURVE_POINTS; k++) {
      double t = -range + 2 * range * k / (CURVE_POINTS - 1);
      reference.add(t, Math.pow(Math.abs(t), p));
    }
    dataset.addSeries(reference);
    for (int i = 0; i < rows.size(); i++) {
      Network net = nets.get(i);
      String act = rows.get(i).getString("activation");
      if (net == null || !Activations.isLearnable(act)) {
        continue;
      }
      int layers = net.architecture().layers();
      int sets = net.architecture().coefficientSets();
      for (int s = 0; s < sets; s++) {
        int layer = 0;
        while (net.architecture().coefficientSet(layer) != s) {
          layer++;
        }
        Activation sigma = net.activation(layer);
        double[] fit = fit(sigma, p, range);
        String label = act + (sets > 1 ? " layer " + (s + 1) : layers > 1 ? " (shared)" : "")
            + String.format(Locale.ROOT, ": %s|t|^%s, dist %s", Values.num(fit[0]), Values.p(p), Values.num(fit[1]));
        XYSeries curve = new XYSeries(label, false, true);
        for (int k = 0; k < CURVE_POINTS; k++) {
          double t = -range + 2 * range * k / (CURVE_POINTS - 1);
          double v = sigma.value(t);
          if (Double.isFinite(v)) {
            curve.add(t, v);
          }
        }
        dataset.addSeries(curve);
      }
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    Color[] palette = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};
    renderer.setSeriesPaint(0, new Color(110, 110, 110));
    renderer.setSeriesStroke(0, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
        new float[] {6, 4}, 0));
    for (int i = 1; i < dataset.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, palette[(i - 1) % palette.length]);
      renderer.setSeriesStroke(i, new BasicStroke(1.8f));
    }
    NumberAxis x = new NumberAxis("t (pre-activation)");
    NumberAxis y = new NumberAxis("activation");
    y.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(dataset, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(220, 220, 220));
    plot.setRangeGridlinePaint(new Color(220, 220, 220));
    JFreeChart chart = new JFreeChart(null, SMALL, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    return chart;
  }

  /** The largest |pre-activation| of any layer over {@link #RANGE_DIRECTIONS} unit directions. */
  static double preActivationRange(Network net) {
    int d = net.architecture().d();
    DirectionSet dirs = DirectionSet.of(d, RANGE_DIRECTIONS);
    double[] u = new double[d];
    double[] z = new double[net.architecture().layers() * net.architecture().units()];
    double max = 0;
    for (int i = 0; i < dirs.size(); i++) {
      dirs.direction(i, u);
      net.preActivations(u, z);
      for (double v : z) {
        if (Double.isFinite(v)) {
          max = Math.max(max, Math.abs(v));
        }
      }
    }
    return max;
  }

  /**
   * {c, dist}: the least-squares multiple c |t|^p of sigma over [-range, range] ({@link #CURVE_POINTS}
   * evenly spaced points) and the relative L2 distance |sigma - c |t|^p| / |sigma|.
   */
  static double[] fit(Activation sigma, double p, double range) {
    double sv = 0;
    double vv = 0;
    double ss = 0;
    for (int k = 0; k < CURVE_POINTS; k++) {
      double t = -range + 2 * range * k / (CURVE_POINTS - 1);
      double v = sigma.value(t);
      double s = Math.pow(Math.abs(t), p);
      sv += s * v;
      vv += v * v;
      ss += s * s;
    }
    double c = ss > 0 ? sv / ss : 0;
    double residual = Math.max(0, vv - c * sv);
    return new double[] {c, vv > 0 ? Math.sqrt(residual / vv) : Double.NaN};
  }

  private static void centered(Graphics2D g, String s, double cx, double y) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) y);
  }
}
