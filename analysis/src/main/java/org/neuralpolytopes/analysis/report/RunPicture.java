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
import java.util.Arrays;
import java.util.List;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.BodyRenderer;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.analysis.render.MeshFiles;
import org.neuralpolytopes.analysis.render.RadialSurface;
import org.neuralpolytopes.analysis.render.UnboundedBodyException;
import org.neuralpolytopes.analysis.render.View;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.Status;

/**
 * The picture of one run, for the report and for {@code bin/polytopes draw}: a d = 2 body as its
 * level set f(x) = 1, a d = 3 body as a shaded solid in three views, a d >= 4 body by three 3-D
 * slices through the origin (the paper's Fig. 5); PNG and SVG from the same Java2D code, and the
 * surface as Wavefront OBJ. A p = 1 / relu body whose faces the measurement stored (facets/ and
 * vertices/) is drawn from them ({@link ExactFaces}); every other body from its radial function
 * r(u) = f(u)^(-1/p^L) on an icosphere ({@link RadialSurface}), rebuilt from the run's weights
 * (nothing is re-trained).
 */
public final class RunPicture {

  /** Icosphere level of the surface meshes: 5,120 triangles before cutting along the walls. */
  static final int MESH_LEVEL = 4;
  /** Level of the raster copy of deeper nets, whose creases are not cut: 20,480 triangles. */
  static final int DEEP_MESH_LEVEL = 5;
  /** Level of the vector (SVG) copies of smooth bodies: 1,280 triangles, to keep the files small. */
  static final int SVG_MESH_LEVEL = 3;
  /** Size of one view (pixels). */
  static final int PANEL = 270;
  /** Samples of r(theta) along a polygon's boundary (a quarter degree apart). */
  static final int POLYGON_SAMPLES = 1440;
  /** Samples of the vector copy: half as many, which at the panels' size still reads as the same curve. */
  static final int SVG_POLYGON_SAMPLES = 720;
  /** Largest frame half-width of a polygon gallery: bodies larger than this are cut at its edge. */
  static final double MAX_POLYGON_FRAME = 4;

  private static final Color BODY = new Color(104, 150, 214);
  private static final Color FACETED = new Color(236, 164, 84);
  private static final Color SLICE = new Color(96, 180, 160);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private final TableRow run;
  private final String title;
  private final Network net;
  private final Mesh exact;
  private final List<double[]> vertices;
  private final java.util.Map<Integer, Mesh> meshes = new java.util.HashMap<>();
  /** Slice meshes made so far, by slice index * 16 + level (the figure and the OBJ files share them). */
  private final java.util.Map<Integer, Mesh> sliceMeshes = new java.util.HashMap<>();

  /**
   * @param run the run's report columns (d, layers, units, p, activation, seed_index, status, radii)
   * @param network its row with weights and weight_shapes (null: none stored)
   * @param facets its facets/ rows (empty when none)
   * @param vertices its vertices/ rows (empty when none)
   * @param title the title of its figures
   */
  RunPicture(TableRow run, TableRow network, List<TableRow> facets, List<TableRow> vertices, String title) {
    this.run = run;
    this.title = title;
    this.net = network == null ? null : network(run, network);
    this.exact = d() == 3 ? ExactFaces.mesh(facets, vertices) : null;
    this.vertices = new ArrayList<>();
    for (TableRow v : vertices) {
      double[] x = Values.doubles(v.get(ExactFaces.X));
      if (x != null) {
        this.vertices.add(x);
      }
    }
  }

  /**
   * The network of a run from its stored weights (and, for era and era_even, its trained
   * activation_coefficients and activation_shape), or null when they are missing or not finite.
   */
  static Network network(TableRow run, TableRow network) {
    double[] w = network.getDoubles(RunsTable.WEIGHTS);
    if (w == null || w.length == 0 || Arrays.stream(w).anyMatch(x -> !Double.isFinite(x))) {
      return null;
    }
    // era and era_even: the trained coefficients and their shape are part of the network
    String activation = run.getString(RunsTable.ACTIVATION);
    boolean learnable = Activations.isLearnable(activation);
    int layers = run.getInt(RunsTable.LAYERS);
    Architecture arch = new Architecture(run.getInt(RunsTable.D), layers, run.getInt(RunsTable.UNITS),
        Activations.stored(activation, run.getDouble(RunsTable.P), layers,
            learnable ? network.getInts(RunsTable.ACTIVATION_SHAPE) : null));
    int[] shapes = network.getInts(RunsTable.WEIGHT_SHAPES);
    if (shapes != null && !Arrays.equals(shapes, arch.weightShapes())) {
      throw new IllegalArgumentException("run " + run.getString(RunsTable.RUN_ID) + ": weight_shapes "
          + Arrays.toString(shapes) + " do not match (d, layers, units) = " + Arrays.toString(arch.weightShapes()));
    }
    return learnable ? Network.stored(arch, w, network.getDoubles(RunsTable.ACTIVATION_COEFFICIENTS)) : new Network(arch, w);
  }

  int d() {
    return run.getInt(RunsTable.D);
  }

  String id() {
    return run.getString(RunsTable.RUN_ID);
  }

  /** Why the run cannot be drawn, or null when it can. */
  String problem() {
    if (net == null) {
      return "no weights (" + run.getString(RunsTable.STATUS) + ")";
    }
    return null;
  }

  /**
   * The title of its figures, with the run's status when it is not OK: "(5, 3, 16, 1) seed 0
   * (GEOMETRY_LIMIT)", "(3, 1, 3, 24) seed 1 (NO_FIT)" (bin/polytopes draw draws any run). A
   * GEOMETRY_LIMIT body drawn by the report was titled as an OK one; only the polygon panels,
   * whose second line gives the status instead of the radius ratio, named it.
   */
  String title() {
    String status = run.getString(RunsTable.STATUS);
    return status == null || Status.OK.name().equals(status) ? title : title + " (" + status + ")";
  }

  /** "TITLE (run ID): why it is not drawn". */
  String problemNote() {
    return title() + " (run " + id() + "): " + problem();
  }

  /** Whether the d = 3 body is drawn from its stored exact faces. */
  boolean exactFaces() {
    return exact != null;
  }

  /** What the mesh of a d = 3 body is, in words. */
  String meshKind() {
    return exact != null ? "exact faces from facets/ and vertices/" : "surface mesh of r(u)";
  }

  /** The d = 3 surface: the stored exact faces, or the radial function's mesh at a level (made once per level). */
  Mesh body(int level) throws UnboundedBodyException {
    if (exact != null) {
      return exact;
    }
    Mesh m = meshes.get(level);
    if (m == null) {
      m = RadialSurface.of(net, level);
      meshes.put(level, m);
    }
    return m;
  }

  /** The d >= 4 body's slice k ({@link #sliceBases}) at a mesh level (made once per slice and level). */
  private Mesh slice(int k, int level) throws UnboundedBodyException {
    Integer key = k * 16 + level;
    Mesh m = sliceMeshes.get(key);
    if (m == null) {
      m = RadialSurface.slice(net, sliceBases(d()).get(k), level);
      sliceMeshes.put(key, m);
    }
    return m;
  }

  private int rasterLevel() {
    return run.getInt(RunsTable.LAYERS) > 1 ? DEEP_MESH_LEVEL : MESH_LEVEL;
  }

  /**
   * A rough measure of the work of drawing this body, for drawing the dearest first: the
   * triangles of its raster mesh (one per stored face when it is drawn from its exact faces).
   */
  long drawingCost() {
    if (net == null || d() == 2) {
      return 0;
    }
    if (exact != null) {
      return exact.faces().size();
    }
    return 20L << (2 * rasterLevel());
  }

  // ---- d = 2 ----------------------------------------------------------------------------------

  /** The polygon's boundary in the frame of a panel: one closed curve, or null when it is unbounded. */
  private Path2D.Double polygon(double cx, double cy, double k, int samples) {
    RadialFunction rf = new RadialFunction(net);
    Path2D.Double curve = new Path2D.Double();
    double[] u = new double[2];
    for (int i = 0; i <= samples; i++) {
      double t = 2 * Math.PI * i / samples;
      u[0] = Math.cos(t);
      u[1] = Math.sin(t);
      double rad = rf.radius(u);
      if (!Double.isFinite(rad)) {
        return null;
      }
      if (i == 0) {
        curve.moveTo(cx + k * rad * u[0], cy - k * rad * u[1]);
      } else {
        curve.lineTo(cx + k * rad * u[0], cy - k * rad * u[1]);
      }
    }
    return curve;
  }

  /** Paints a d = 2 run into a panel at (x0, y0) of size w x h, frame half-width {@code world}. */
  void paintPolygonPanel(Graphics2D g, FigureFile.Target target, int x0, int y0, int w, int h, double world) {
    int size = Math.min(w - 20, h - 50);
    double cx = x0 + w / 2.0;
    double cy = y0 + 40 + size / 2.0;
    double k = size / 2.0 / world;
    g.setColor(new Color(245, 246, 250));
    g.fillRect((int) (cx - size / 2.0), y0 + 40, size, size);
    g.setColor(new Color(215, 218, 228));
    g.setStroke(new BasicStroke(0.8f));
    g.draw(new Line2D.Double(cx - size / 2.0, cy, cx + size / 2.0, cy));
    g.draw(new Line2D.Double(cx, y0 + 40, cx, y0 + 40 + size));
    g.setColor(new Color(140, 140, 140));
    g.setStroke(new BasicStroke(0.9f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
    g.draw(new Ellipse2D.Double(cx - k, cy - k, 2 * k, 2 * k));
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    centered(g, title, cx, y0 + 16);
    g.setFont(SMALL);
    g.setColor(new Color(70, 70, 70));
    Double ratio = SeedStatistics.radiusRatio(run);
    String status = run.getString(RunsTable.STATUS);
    centered(g, "OK".equals(status) && ratio != null ? "r_max/r_min " + Values.num(ratio) : status, cx, y0 + 32);
    if (net == null) {
      centered(g, "no weights", cx, cy);
      return;
    }
    Path2D.Double curve = polygon(cx, cy, k, target == FigureFile.Target.SVG ? SVG_POLYGON_SAMPLES : POLYGON_SAMPLES);
    if (curve == null) {
      centered(g, "unbounded body", cx, cy);
      return;
    }
    java.awt.Shape clip = g.getClip();
    g.clipRect((int) (cx - size / 2.0), y0 + 40, size, size);
    g.setColor(new Color(104, 150, 214, 90));
    g.fill(curve);
    g.setColor(new Color(30, 70, 150));
    g.setStroke(new BasicStroke(1.7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(curve);
    g.setColor(new Color(200, 60, 40));
    for (double[] x : vertices) {
      if (x.length == 2) {
        g.fill(new Ellipse2D.Double(cx + k * x[0] - 3, cy - k * x[1] - 3, 6, 6));
      }
    }
    g.setClip(clip);
  }

  /** The frame half-width of a polygon panel: the body's largest radius, at least the unit circle's. */
  double polygonFrame() {
    Double m = Values.number(run, RunsTable.RADIUS_MAX);
    double scale = m != null && Double.isFinite(m) ? Math.max(1, Math.min(m, MAX_POLYGON_FRAME)) : 1;
    return scale * 1.08;
  }

  // ---- figures --------------------------------------------------------------------------------

  /** A figure ready to be written as PNG or SVG: its size, its drawing code and a caption. */
  record Drawing(int width, int height, FigureFile.Painter painter, String caption) {}

  /** The run's figure: the polygon (d = 2), three views (d = 3) or three slices (d >= 4). */
  Drawing figure() throws UnboundedBodyException {
    if (d() == 2) {
      double world = polygonFrame();
      return new Drawing(2 * PANEL, 2 * PANEL + 50, (g, target) -> paintPolygonPanel(g, target, 0, 0, 2 * PANEL, 2 * PANEL + 50, world),
          "level set f(x) = 1 from the weights" + (vertices.isEmpty() ? "" : "; dots: exact vertices")
              + "; dashed: the unit circle; frame half-width " + Values.num(world));
    }
    if (d() == 3) {
      Mesh mesh = body(rasterLevel());
      Mesh coarse = mesh.faceted() ? mesh : body(SVG_MESH_LEVEL);
      return new Drawing(3 * PANEL, PANEL + 56, threeViews(mesh, coarse, exact != null ? FACETED : BODY),
          meshKind() + ", " + mesh.faces().size() + " faces");
    }
    List<Mesh> meshes = new ArrayList<>();
    List<Mesh> coarse = new ArrayList<>();
    for (int k = 0; k < sliceBases(d()).size(); k++) {
      meshes.add(slice(k, rasterLevel()));
      coarse.add(slice(k, SVG_MESH_LEVEL));
    }
    return new Drawing(3 * PANEL, PANEL + 56, slices(meshes, coarse),
        "the body restricted to span(e1, e2, e3), span(e" + (d() - 2) + ", e" + (d() - 1) + ", e" + d()
            + ") and a fixed oblique 3-D subspace; same scale in all three");
  }

  /**
   * Writes the OBJ files of the run's surface: {@code base.obj} (d = 3), or one
   * {@code base-slice-NAME.obj} per slice (d >= 4, in the slice's basis) and a flat
   * {@code base.obj} polygon (d = 2); returns the files written.
   */
  List<Path> writeObj(Path dir, String base) throws IOException, UnboundedBodyException {
    List<Path> out = new ArrayList<>();
    String header = title() + ", run " + id();
    if (d() == 2) {
      Path file = dir.resolve(base + ".obj");
      MeshFiles.writeObj(file, flatPolygon(), header + ": the level set f(x) = 1 in the plane z = 0");
      out.add(file);
    } else if (d() == 3) {
      Mesh mesh = body(MESH_LEVEL);
      Path file = dir.resolve(base + ".obj");
      MeshFiles.writeObj(file, mesh, header + ": " + meshKind());
      out.add(file);
    } else {
      List<double[][]> bases = sliceBases(d());
      for (int k = 0; k < bases.size(); k++) {
        Path file = dir.resolve(base + "-slice-" + sliceName(bases.get(k), k) + ".obj");
        MeshFiles.writeObj(file, slice(k, MESH_LEVEL),
            header + ": slice " + sliceName(bases.get(k), k) + " (coordinates in the slice's basis)");
        out.add(file);
      }
    }
    return out;
  }

  /** A d = 2 body as one flat face in z = 0: its exact vertices, or its boundary sampled. */
  private Mesh flatPolygon() throws UnboundedBodyException {
    RadialFunction rf = new RadialFunction(net);
    List<double[]> points = new ArrayList<>();
    if (!vertices.isEmpty()) {
      points.addAll(vertices);
      points.sort((a, b) -> Double.compare(Math.atan2(a[1], a[0]), Math.atan2(b[1], b[0])));
    } else {
      for (int i = 0; i < POLYGON_SAMPLES; i++) {
        double t = 2 * Math.PI * i / POLYGON_SAMPLES;
        double rad = rf.radius(new double[] {Math.cos(t), Math.sin(t)});
        if (!Double.isFinite(rad)) {
          throw new UnboundedBodyException("r = " + rad + " at theta = " + t);
        }
        points.add(new double[] {rad * Math.cos(t), rad * Math.sin(t)});
      }
    }
    double[] xyz = new double[3 * points.size()];
    int[] face = new int[points.size()];
    for (int i = 0; i < points.size(); i++) {
      xyz[3 * i] = points.get(i)[0];
      xyz[3 * i + 1] = points.get(i)[1];
      face[i] = i;
    }
    return new Mesh(xyz, List.of(face), !vertices.isEmpty());
  }

  private FigureFile.Painter threeViews(Mesh mesh, Mesh vector, Color color) {
    // Every body at least at the unit sphere's scale; larger ones just fit (the dashed unit
    // circle in each view is the common reference).
    double scale = Math.max(1.0, mesh.maxRadius()) * 1.08;
    double pixels = 0.46 * PANEL / scale;
    BodyRenderer renderer = new BodyRenderer(mesh);
    BodyRenderer coarse = vector == mesh ? renderer : new BodyRenderer(vector);
    Double ratio = SeedStatistics.radiusRatio(run);
    String sub = "run " + id() + (ratio == null ? "" : " · r_max/r_min " + Values.num(ratio))
        + " · frame ±" + Values.num(Math.round(scale * 100) / 100.0);
    return (g, target) -> {
      header(g, title(), sub, 3 * PANEL);
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
    };
  }

  private FigureFile.Painter slices(List<Mesh> meshes, List<Mesh> coarse) {
    List<double[][]> bases = sliceBases(d());
    double world = 1.0;
    for (Mesh m : meshes) {
      world = Math.max(world, m.maxRadius());
    }
    double scale = world * 1.1;
    View view = View.STANDARD.get(0);
    String heading = title() + ": 3-D slices through the origin";
    return (g, target) -> {
      header(g, heading, "run " + id() + " · frame ±" + Values.num(Math.round(scale * 100) / 100.0), 3 * PANEL);
      for (int k = 0; k < meshes.size(); k++) {
        double cx = k * PANEL + PANEL / 2.0;
        double cy = 36 + PANEL / 2.0;
        boolean png = target == FigureFile.Target.PNG;
        new BodyRenderer((png ? meshes : coarse).get(k)).draw(g, view, cx, cy, 0.46 * PANEL / scale, SLICE, png);
        BodyRenderer.drawAxes(g, view, k * PANEL + 22, 36 + PANEL - 14, 14);
        g.setFont(SMALL);
        g.setColor(new Color(60, 60, 60));
        centered(g, "slice " + sliceName(bases.get(k), k) + " · " + view.caption(), cx, PANEL + 50);
      }
    };
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

  /** "e123" for a coordinate subspace, "oblique" for the third. */
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

  private static void header(Graphics2D g, String title, String sub, int width) {
    g.setColor(Color.BLACK);
    g.setFont(TITLE);
    g.drawString(title, 12, 24);
    g.setFont(SMALL);
    g.setColor(new Color(90, 90, 90));
    FontMetrics fm = g.getFontMetrics();
    g.drawString(sub, width - 12 - fm.stringWidth(sub), 24);
  }

  static void centered(Graphics2D g, String s, double cx, double y) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) y);
  }
}
