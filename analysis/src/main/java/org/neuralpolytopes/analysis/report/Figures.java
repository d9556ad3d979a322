package org.neuralpolytopes.analysis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.BodyRenderer;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.analysis.render.MeshFiles;
import org.neuralpolytopes.analysis.render.RadialSurface;
import org.neuralpolytopes.analysis.render.UnboundedBodyException;
import org.neuralpolytopes.analysis.render.View;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.net.Network;

/**
 * The pictures of the bodies: the gallery of 2-D polygons (the level set r(theta) of every d = 2
 * run), every 3-D body as a shaded solid in three views from the radial function, the exact faces
 * when facets/ and vertices/ exist, and 3-D slices of d >= 4 bodies (the paper's Fig. 5). Every 3-D
 * body is also written to {@code meshes/} as OBJ.
 */
final class Figures {

  static final String POLYGONS = "Neural polygons";
  static final String BODIES = "Neural polyhedra";
  static final String FACES = "Exact faces";
  static final String SLICES = "Slices of higher-dimensional bodies";

  /** Icosphere level of the surface meshes: 5,120 triangles before cutting along the walls. */
  static final int MESH_LEVEL = 4;
  /** Level for deeper nets, whose creases are not cut exactly: 20,480 triangles. */
  static final int DEEP_MESH_LEVEL = 5;
  /** Level of the vector (SVG) copies of smooth bodies: 1,280 triangles, to keep the files small. */
  static final int SVG_MESH_LEVEL = 3;
  static final int PANEL = 270;
  static final int GALLERY_PAGE = 36;
  /** Threads drawing figures (each figure is independent of the others). */
  static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  private static final Color BODY = new Color(104, 150, 214);
  private static final Color FACETED = new Color(236, 164, 84);
  private static final Color SLICE = new Color(96, 180, 160);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private final ReportData data;
  private final Path out;
  private final Consumer<String> progress;
  private final List<FigureRef> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Figures(ReportData data, Path out, Consumer<String> progress) {
    this.data = data;
    this.out = out;
    this.progress = progress;
  }

  List<FigureRef> figures() {
    return figures;
  }

  /** Runs that could not be drawn, with why. */
  List<String> notes() {
    return notes;
  }

  void drawAll() throws IOException {
    polygons();
    bodies();
    exactFaces();
    slices();
  }

  // ---- 2-D -------------------------------------------------------------------------------------

  private void polygons() throws IOException {
    List<TableRow> runs = data.runs().stream().filter(r -> r.getInt("d") == 2).toList();
    if (runs.isEmpty()) {
      return;
    }
    Map<String, List<TableRow>> exact = data.byRun("vertices");
    double scale = 1.0;
    for (TableRow r : runs) {
      Double m = Values.number(r, "radius_max");
      if (m != null && Double.isFinite(m)) {
        scale = Math.max(scale, Math.min(m, 4));
      }
    }
    double world = scale * 1.08;
    int pages = (runs.size() + GALLERY_PAGE - 1) / GALLERY_PAGE;
    for (int page = 0; page < pages; page++) {
      List<TableRow> part = runs.subList(page * GALLERY_PAGE, Math.min(runs.size(), (page + 1) * GALLERY_PAGE));
      int cols = Math.min(6, part.size());
      int rows = (part.size() + cols - 1) / cols;
      int pw = 210;
      int ph = 236;
      int head = 34;
      String name = pages == 1 ? "polygons" : "polygons-" + (page + 1);
      progress.accept("drawing the polygon gallery " + (page + 1) + "/" + pages + " (" + part.size() + " runs)");
      String title = "Neural polygons: level sets f(x) = 1 of the d = 2 runs" + (pages > 1 ? " (" + (page + 1) + "/" + pages + ")" : "");
      FigureFile.write(out.resolve("figures"), name, cols * pw, head + rows * ph, (g, target) -> {
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, 10, 22);
        for (int i = 0; i < part.size(); i++) {
          polygonPanel(g, part.get(i), (i % cols) * pw, head + (i / cols) * ph, pw, ph, world,
              exact.getOrDefault(part.get(i).getString("run_id"), List.of()));
        }
      });
      figures.add(new FigureRef(POLYGONS, title, "figures/" + name + ".png", "figures/" + name + ".svg",
          "One panel per run, all at the same scale (frame half-width " + Values.num(world)
              + "); dashed: the unit circle the nets were trained to draw" + (exact.isEmpty() ? "" : "; dots: exact vertices")
              + ".", null));
    }
  }

  private void polygonPanel(Graphics2D g, TableRow r, int x0, int y0, int w, int h, double world, List<TableRow> vertices) {
    int size = w - 20;
    double cx = x0 + w / 2.0;
    double cy = y0 + 40 + size / 2.0;
    double k = size / 2.0 / world;
    g.setColor(new Color(245, 246, 250));
    g.fillRect(x0 + 10, y0 + 40, size, size);
    g.setColor(new Color(215, 218, 228));
    g.setStroke(new BasicStroke(0.8f));
    g.draw(new Line2D.Double(x0 + 10, cy, x0 + 10 + size, cy));
    g.draw(new Line2D.Double(cx, y0 + 40, cx, y0 + 40 + size));
    g.setColor(new Color(140, 140, 140));
    g.setStroke(new BasicStroke(0.9f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
    g.draw(new Ellipse2D.Double(cx - k, cy - k, 2 * k, 2 * k));
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    centered(g, Bodies.title(r), cx, y0 + 16);
    g.setFont(SMALL);
    g.setColor(new Color(70, 70, 70));
    Double ratio = Summary.ratio(r);
    String status = r.getString("status");
    centered(g, "OK".equals(status) && ratio != null ? "r_max/r_min " + Values.num(ratio) : status, cx, y0 + 32);
    Network net = Bodies.network(r);
    if (net == null) {
      centered(g, "no weights", cx, cy);
      return;
    }
    RadialFunction rf = new RadialFunction(net);
    int samples = 1440;
    Path2D.Double curve = new Path2D.Double();
    boolean bounded = true;
    double[] u = new double[2];
    for (int i = 0; i <= samples; i++) {
      double t = 2 * Math.PI * i / samples;
      u[0] = Math.cos(t);
      u[1] = Math.sin(t);
      double rad = rf.radius(u);
      if (!Double.isFinite(rad)) {
        bounded = false;
        break;
      }
      double px = cx + k * rad * u[0];
      double py = cy - k * rad * u[1];
      if (i == 0) {
        curve.moveTo(px, py);
      } else {
        curve.lineTo(px, py);
      }
    }
    if (!bounded) {
      centered(g, "unbounded body", cx, cy);
      return;
    }
    java.awt.Shape clip = g.getClip();
    g.clipRect(x0 + 10, y0 + 40, size, size);
    g.setColor(new Color(104, 150, 214, 90));
    g.fill(curve);
    g.setColor(new Color(30, 70, 150));
    g.setStroke(new BasicStroke(1.7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(curve);
    g.setColor(new Color(200, 60, 40));
    for (TableRow v : vertices) {
      double[] x = Values.doubles(v.get("x"));
      if (x != null && x.length == 2) {
        g.fill(new Ellipse2D.Double(cx + k * x[0] - 3, cy - k * x[1] - 3, 6, 6));
      }
    }
    g.setClip(clip);
  }

  // ---- 3-D -------------------------------------------------------------------------------------

  /** What drawing one run gave: a figure, or a note on why there is none. */
  private record Outcome(FigureRef figure, String note) {}

  /** Draws one run's figure; may run on any thread (it builds its own network). */
  @FunctionalInterface
  private interface Drawing {
    Outcome draw(TableRow r) throws IOException;
  }

  /**
   * Draws every run on up to {@link #THREADS} threads (each figure is independent), keeping the
   * figures and notes in run order.
   */
  private void inParallel(List<TableRow> runs, String what, Drawing drawing) throws IOException {
    if (runs.isEmpty()) {
      return;
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.min(THREADS, runs.size()), r -> {
          Thread t = new Thread(r, "report-figures");
          t.setDaemon(true);
          return t;
        });
    try {
      java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
      List<java.util.concurrent.Future<Outcome>> futures = new ArrayList<>();
      for (TableRow r : runs) {
        futures.add(pool.submit(() -> {
          Outcome o = drawing.draw(r);
          progress.accept("drew " + what + " " + done.incrementAndGet() + "/" + runs.size() + ": " + Bodies.title(r));
          return o;
        }));
      }
      for (java.util.concurrent.Future<Outcome> f : futures) {
        Outcome o;
        try {
          o = f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        }
        if (o.figure() != null) {
          figures.add(o.figure());
        }
        if (o.note() != null) {
          notes.add(o.note());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void bodies() throws IOException {
    List<TableRow> runs = data.runs().stream().filter(r -> r.getInt("d") == 3).toList();
    inParallel(runs, "3-D body", this::body);
  }

  private Outcome body(TableRow r) throws IOException {
    Network net = Bodies.network(r);
    if (net == null) {
      return new Outcome(null, Bodies.title(r) + " (run " + r.getString("run_id") + "): no weights (" + r.getString("status") + ")");
    }
    Mesh mesh;
    Mesh coarse;
    try {
      mesh = RadialSurface.of(net, r.getInt("layers") > 1 ? DEEP_MESH_LEVEL : MESH_LEVEL, GridPoint.of(r).piecewiseLinear());
      coarse = mesh.faceted() ? mesh : RadialSurface.of(net, SVG_MESH_LEVEL, false);
    } catch (UnboundedBodyException e) {
      return new Outcome(null, Bodies.title(r) + " (run " + r.getString("run_id") + "): unbounded body, not drawn");
    }
    String id = r.getString("run_id");
    String kind = mesh.faceted() ? "exact facets from the radial function (one layer, piecewise linear)" : "surface mesh of r(u)";
    threeViews(r, mesh, coarse, "bodies", id, BODY, kind);
    String obj = "meshes/" + id + ".obj";
    MeshFiles.writeObj(out.resolve(obj), mesh, Bodies.title(r) + ", run " + id + ": " + kind);
    return new Outcome(new FigureRef(BODIES, Bodies.title(r), "bodies/" + id + ".png", "bodies/" + id + ".svg",
        kind + ", " + mesh.faces().size() + " faces; run " + id, obj), null);
  }

  private void exactFaces() throws IOException {
    if (data.table("facets").isEmpty() || data.table("vertices").isEmpty()) {
      return;
    }
    Map<String, List<TableRow>> facets = data.byRun("facets");
    Map<String, List<TableRow>> vertices = data.byRun("vertices");
    List<TableRow> runs = data.runs().stream()
        .filter(r -> r.getInt("d") == 3 && facets.containsKey(r.getString("run_id")))
        .toList();
    for (TableRow r : runs) {
      String id = r.getString("run_id");
      Mesh mesh = ExactFaces.mesh(facets.get(id), vertices.getOrDefault(id, List.of()));
      if (mesh == null) {
        notes.add(Bodies.title(r) + " (run " + id + "): facets/ and vertices/ rows do not make a polytope");
        continue;
      }
      progress.accept("drawing exact faces of " + Bodies.title(r));
      threeViews(r, mesh, mesh, "faces", id, FACETED, "exact faces from facets/ and vertices/");
      String obj = "meshes/" + id + "-faces.obj";
      MeshFiles.writeObj(out.resolve(obj), mesh, Bodies.title(r) + ", run " + id + ": exact faces (facets/, vertices/)");
      figures.add(new FigureRef(FACES, Bodies.title(r), "faces/" + id + ".png", "faces/" + id + ".svg",
          mesh.vertexCount() + " vertices, " + mesh.edgeCount() + " edges, " + mesh.faces().size() + " facets; run " + id, obj));
    }
  }

  /** The 3-D subspaces of the slices: two coordinate subspaces and one fixed oblique one. */
  static List<double[][]> sliceBases(int d) {
    List<double[][]> bases = new ArrayList<>();
    bases.add(new double[][] {unit(d, 0), unit(d, 1), unit(d, 2)});
    bases.add(new double[][] {unit(d, d - 3), unit(d, d - 2), unit(d, d - 1)});
    // Gram-Schmidt on three fixed vectors that mix every coordinate.
    double[][] v = new double[3][d];
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < d; j++) {
        v[k][j] = Math.cos(1.0 + 2.3 * k + 1.7 * j + 0.37 * k * j);
      }
      for (int m = 0; m < k; m++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += v[k][j] * v[m][j];
        }
        for (int j = 0; j < d; j++) {
          v[k][j] -= s * v[m][j];
        }
      }
      double n = 0;
      for (int j = 0; j < d; j++) {
        n += v[k][j] * v[k][j];
      }
      for (int j = 0; j < d; j++) {
        v[k][j] /= Math.sqrt(n);
      }
    }
    bases.add(v);
    return bases;
  }

  static String sliceName(double[][] basis, int index) {
    if (index == 2) {
      return "oblique";
    }
    StringBuilder sb = new StringBuilder("e");
    for (double[] b : basis) {
      for (int j = 0; j < b.length; j++) {
        if (b[j] == 1) {
          sb.append(j + 1);
        }
      }
    }
    return sb.toString();
  }

  private static double[] unit(int d, int i) {
    double[] e = new double[d];
    e[i] = 1;
    return e;
  }

  private void slices() throws IOException {
    List<TableRow> runs = data.runs().stream().filter(r -> r.getInt("d") >= 4).toList();
    inParallel(runs, "slices", this::slice);
  }

  private Outcome slice(TableRow r) throws IOException {
    Network net = Bodies.network(r);
    if (net == null) {
      return new Outcome(null, Bodies.title(r) + " (run " + r.getString("run_id") + "): no weights (" + r.getString("status") + ")");
    }
    int d = r.getInt("d");
    List<double[][]> bases = sliceBases(d);
    List<Mesh> meshes = new ArrayList<>();
    List<Mesh> coarse = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      for (int k = 0; k < bases.size(); k++) {
        int level = r.getInt("layers") > 1 ? DEEP_MESH_LEVEL : MESH_LEVEL;
        meshes.add(RadialSurface.slice(net, bases.get(k), level, GridPoint.of(r).piecewiseLinear()));
        coarse.add(meshes.get(k).faceted() ? meshes.get(k)
            : RadialSurface.slice(net, bases.get(k), SVG_MESH_LEVEL, GridPoint.of(r).piecewiseLinear()));
        names.add(sliceName(bases.get(k), k));
      }
    } catch (UnboundedBodyException e) {
      return new Outcome(null, Bodies.title(r) + " (run " + r.getString("run_id") + "): unbounded body, no slices");
    }
    String id = r.getString("run_id");
    double world = 1.0;
    for (Mesh m : meshes) {
      world = Math.max(world, m.maxRadius());
    }
    double scale = world * 1.1;
    View view = View.STANDARD.get(0);
    String title = Bodies.title(r) + ": 3-D slices through the origin";
    FigureFile.write(out.resolve("slices"), id, 3 * PANEL, PANEL + 56, (g, target) -> {
      header(g, title, "run " + id + " · frame ±" + Values.num(Math.round(scale * 100) / 100.0), 3 * PANEL);
      for (int k = 0; k < meshes.size(); k++) {
        double cx = k * PANEL + PANEL / 2.0;
        double cy = 36 + PANEL / 2.0;
        boolean png = target == FigureFile.Target.PNG;
        new BodyRenderer((png ? meshes : coarse).get(k)).draw(g, view, cx, cy, 0.46 * PANEL / scale, SLICE, png);
        BodyRenderer.drawAxes(g, view, k * PANEL + 22, 36 + PANEL - 14, 14);
        g.setFont(SMALL);
        g.setColor(new Color(60, 60, 60));
        centered(g, "slice " + names.get(k) + " · " + view.caption(), cx, PANEL + 50);
      }
    });
    StringBuilder meshes3 = new StringBuilder();
    for (int k = 0; k < meshes.size(); k++) {
      String obj = "meshes/" + id + "-slice-" + names.get(k) + ".obj";
      MeshFiles.writeObj(out.resolve(obj), meshes.get(k), Bodies.title(r) + ", run " + id + ": slice " + names.get(k)
          + " (coordinates in the slice's basis)");
      if (k == 0) {
        meshes3.append(obj);
      }
    }
    return new Outcome(new FigureRef(SLICES, Bodies.title(r), "slices/" + id + ".png", "slices/" + id + ".svg",
        "the body restricted to span(e1, e2, e3), span(e" + (d - 2) + ", e" + (d - 1) + ", e" + d
            + ") and a fixed oblique 3-D subspace; same scale in all three; run " + id, meshes3.toString()), null);
  }

  private void threeViews(TableRow r, Mesh mesh, Mesh vector, String dir, String id, Color color, String kind)
      throws IOException {
    // Every body at least at the unit sphere's scale; larger ones just fit (the dashed unit
    // circle in each view is the common reference).
    double scale = Math.max(1.0, mesh.maxRadius()) * 1.08;
    double pixels = 0.46 * PANEL / scale;
    BodyRenderer renderer = new BodyRenderer(mesh);
    BodyRenderer coarse = vector == mesh ? renderer : new BodyRenderer(vector);
    String title = Bodies.title(r);
    Double ratio = Summary.ratio(r);
    String sub = "run " + id + (ratio == null ? "" : " · r_max/r_min " + Values.num(ratio))
        + " · frame ±" + Values.num(Math.round(scale * 100) / 100.0);
    FigureFile.write(out.resolve(dir), id, 3 * PANEL, PANEL + 56, (g, target) -> {
      header(g, title, sub, 3 * PANEL);
      for (int k = 0; k < View.STANDARD.size(); k++) {
        View view = View.STANDARD.get(k);
        double cx = k * PANEL + PANEL / 2.0;
        double cy = 36 + PANEL / 2.0;
        boolean png = target == FigureFile.Target.PNG;
        (png ? renderer : coarse).draw(g, view, cx, cy, pixels, color, png);
        BodyRenderer.drawAxes(g, view, k * PANEL + 22, 36 + PANEL - 14, 14);
        g.setFont(SMALL);
        g.setColor(new Color(60, 60, 60));
        centered(g, view.caption(), cx, PANEL + 50);
      }
    });
  }

  private static void header(Graphics2D g, String title, String sub, int width) {
    g.setColor(Color.BLACK);
    g.setFont(TITLE);
    g.drawString(title, 12, 24);
    g.setFont(SMALL);
    g.setColor(new Color(90, 90, 90));
    FontMetrics fm = g.getFontMetrics();
    g.drawString(sub, width - 12 - fm.stringWidth(sub), 24);
  }

  private static void centered(Graphics2D g, String s, double cx, double y) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) y);
  }
}
