package org.neuralpolytopes.analysis.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Mesh} as a shaded solid with its edges, with the painter's algorithm in plain
 * Java2D (so the same code paints a PNG and, through SVGGraphics2D, an SVG):
 *
 * <ol>
 *   <li>Vertices are rotated into view coordinates (orthographic camera, {@link View}).
 *   <li>Faces whose normal points away from the viewer are dropped: on a closed surface seen
 *       from outside, the first surface a line of sight meets is always front-facing.
 *   <li>The rest are painted far to near by mean depth, Lambert-shaded under one light from the
 *       upper left plus a little ambient and specular light; each fill is also stroked with its
 *       own colour, hiding the hairline seams of antialiased neighbours.
 *   <li>Edges are drawn right after the nearer of their two faces, so that nearer faces still
 *       cover hidden edges, and each edge once (one path per face): silhouettes (a front face
 *       beside a back face) always, every face edge of a faceted mesh, and for a surface mesh its
 *       creases (neighbouring normals more than {@link #CREASE_DEGREES} apart), which is where a
 *       polytope's edges are.
 * </ol>
 *
 * A thin dashed circle of radius 1 (the unit sphere's outline) is drawn behind the body as a
 * scale reference.
 */
public final class BodyRenderer {

  /** Angle between neighbouring face normals above which their shared edge is drawn. */
  public static final double CREASE_DEGREES = 20;

  /**
   * z component of a face's unit normal in view coordinates above which the face looks toward the
   * viewer; faces seen exactly edge-on (rounding around 0) are dropped with the back faces.
   */
  private static final double FRONT_FACING = 1e-9;

  private static final double[] LIGHT = unit(-0.4, 0.55, 0.75);
  private static final double[] HALF = unit(LIGHT[0], LIGHT[1], LIGHT[2] + 1);
  private static final Color EDGE = new Color(25, 30, 45);
  private static final Color REFERENCE = new Color(150, 150, 150);

  private final Mesh mesh;
  /** neighbour[f][i]: the face across edge i (vertex i to i + 1) of face f, or -1. */
  private final int[][] neighbour;
  private final boolean[][] crease;

  public BodyRenderer(Mesh mesh) {
    this.mesh = mesh;
    List<int[]> faces = mesh.faces();
    int nf = faces.size();
    double[][] normals = new double[nf][];
    for (int f = 0; f < nf; f++) {
      normals[f] = RadialSurface.normalise(mesh.normal(faces.get(f)));
    }
    neighbour = new int[nf][];
    crease = new boolean[nf][];
    // The faces beside each edge: the face sides ("slots", face f's edge i) in face order,
    // bucketed by their lower vertex; within a bucket, slots with the same upper vertex are one
    // edge, whose first slot is paired with its last other one (on a closed surface, the only
    // other one; at a non-manifold edge the sides between keep no neighbour and draw as outline).
    int slots = 0;
    int[] slotStart = new int[nf + 1];
    for (int f = 0; f < nf; f++) {
      int n = faces.get(f).length;
      neighbour[f] = new int[n];
      crease[f] = new boolean[n];
      java.util.Arrays.fill(neighbour[f], -1);
      slots += n;
      slotStart[f + 1] = slots;
    }
    int nv = mesh.vertexCount();
    int[] low = new int[slots];
    int[] high = new int[slots];
    int[] bucketStart = new int[nv + 1];
    for (int f = 0; f < nf; f++) {
      int[] face = faces.get(f);
      for (int i = 0; i < face.length; i++) {
        int s = slotStart[f] + i;
        low[s] = Math.min(face[i], face[(i + 1) % face.length]);
        high[s] = Math.max(face[i], face[(i + 1) % face.length]);
        bucketStart[low[s] + 1]++;
      }
    }
    for (int v = 0; v < nv; v++) {
      bucketStart[v + 1] += bucketStart[v];
    }
    int[] bySlot = new int[slots];
    int[] fill = bucketStart.clone();
    for (int s = 0; s < slots; s++) {
      bySlot[fill[low[s]]++] = s;
    }
    int[] faceOf = new int[slots];
    for (int f = 0; f < nf; f++) {
      java.util.Arrays.fill(faceOf, slotStart[f], slotStart[f + 1], f);
    }
    boolean[] paired = new boolean[slots];
    double cosCrease = Math.cos(Math.toRadians(CREASE_DEGREES));
    for (int v = 0; v < nv; v++) {
      for (int j = bucketStart[v]; j < bucketStart[v + 1]; j++) {
        int first = bySlot[j];
        if (paired[first]) {
          continue;
        }
        int last = -1;
        for (int k = j + 1; k < bucketStart[v + 1]; k++) {
          int other = bySlot[k];
          if (high[other] == high[first]) {
            paired[other] = true;
            last = other;
          }
        }
        if (last >= 0) {
          int f0 = faceOf[first];
          int i0 = first - slotStart[f0];
          int f1 = faceOf[last];
          int i1 = last - slotStart[f1];
          neighbour[f0][i0] = f1;
          neighbour[f1][i1] = f0;
          boolean c = RadialSurface.dot(normals[f0], normals[f1]) < cosCrease;
          crease[f0][i0] = c;
          crease[f1][i1] = c;
        }
      }
    }
  }

  /** The face across edge i (vertex i to i + 1) of face f, or -1 when no other face has that edge. */
  int neighbour(int f, int i) {
    return neighbour[f][i];
  }

  /** Whether edge i of face f is a crease: a neighbour whose normal is more than {@link #CREASE_DEGREES} away. */
  boolean crease(int f, int i) {
    return crease[f][i];
  }

  /**
   * Paints the body centred at (cx, cy), {@code pixelsPerUnit} screen pixels per unit length.
   */
  public void draw(Graphics2D g, View view, double cx, double cy, double pixelsPerUnit, Color base) {
    draw(g, view, cx, cy, pixelsPerUnit, base, true);
  }

  /**
   * As {@link #draw(Graphics2D, View, double, double, double, Color)}; {@code seams} = false skips
   * the seam strokes that hide hairline gaps between antialiased neighbours (half the size of a
   * vector copy, at the price of faint seams).
   */
  public void draw(Graphics2D g, View view, double cx, double cy, double pixelsPerUnit, Color base, boolean seams) {
    int nv = mesh.vertexCount();
    double[] sx = new double[nv];
    double[] sy = new double[nv];
    double[][] v = new double[nv][];
    for (int i = 0; i < nv; i++) {
      v[i] = view.apply(mesh.x(i), mesh.y(i), mesh.z(i));
      sx[i] = cx + pixelsPerUnit * v[i][0];
      sy[i] = cy - pixelsPerUnit * v[i][1];
    }
    g.setColor(REFERENCE);
    g.setStroke(new BasicStroke(0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
    g.draw(new Ellipse2D.Double(cx - pixelsPerUnit, cy - pixelsPerUnit, 2 * pixelsPerUnit, 2 * pixelsPerUnit));

    List<int[]> faces = mesh.faces();
    int nf = faces.size();
    boolean[] front = new boolean[nf];
    double[] depth = new double[nf];
    double[][] normal = new double[nf][];
    List<Integer> order = new ArrayList<>();
    for (int f = 0; f < nf; f++) {
      int[] face = faces.get(f);
      double[] n = new double[3];
      double z = 0;
      for (int i = 0; i < face.length; i++) {
        double[] a = v[face[i]];
        double[] b = v[face[(i + 1) % face.length]];
        n[0] += (a[1] - b[1]) * (a[2] + b[2]);
        n[1] += (a[2] - b[2]) * (a[0] + b[0]);
        n[2] += (a[0] - b[0]) * (a[1] + b[1]);
        z += a[2];
      }
      normal[f] = RadialSurface.normalise(n);
      depth[f] = z / face.length;
      front[f] = normal[f][2] > FRONT_FACING;
      if (front[f]) {
        order.add(f);
      }
    }
    order.sort((a, b) -> Double.compare(depth[a], depth[b]));
    // widths exact in binary: a vector copy writes them as short numbers
    BasicStroke seam = new BasicStroke(0.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    BasicStroke edge = new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    BasicStroke outline = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    boolean[] drawn = new boolean[nf];
    // one set of paths, emptied for each face (both kinds of Graphics2D use a shape at once)
    Path2D.Double path = new Path2D.Double();
    Path2D.Double inner = new Path2D.Double();
    Path2D.Double rim = new Path2D.Double();
    for (int f : order) {
      int[] face = faces.get(f);
      path.reset();
      path.moveTo(sx[face[0]], sy[face[0]]);
      for (int i = 1; i < face.length; i++) {
        path.lineTo(sx[face[i]], sy[face[i]]);
      }
      path.closePath();
      Color c = shade(base, normal[f]);
      g.setColor(c);
      g.fill(path);
      if (seams) {
        g.setStroke(seam);
        g.draw(path);
      }
      drawn[f] = true;
      // an edge between two front faces is drawn once, with the later (nearer) of them, so that
      // nearer faces still cover it; silhouettes with their one front face
      inner.reset();
      rim.reset();
      for (int i = 0; i < face.length; i++) {
        int nb = neighbour[f][i];
        boolean silhouette = nb < 0 || !front[nb];
        int a = face[i];
        int b = face[(i + 1) % face.length];
        if (silhouette) {
          rim.moveTo(sx[a], sy[a]);
          rim.lineTo(sx[b], sy[b]);
        } else if ((mesh.faceted() || crease[f][i]) && drawn[nb]) {
          inner.moveTo(sx[a], sy[a]);
          inner.lineTo(sx[b], sy[b]);
        }
      }
      g.setColor(EDGE);
      if (inner.getCurrentPoint() != null) {
        g.setStroke(edge);
        g.draw(inner);
      }
      if (rim.getCurrentPoint() != null) {
        g.setStroke(outline);
        g.draw(rim);
      }
    }
  }

  /** A small x, y, z axis triad at (x0, y0), showing the view's orientation. */
  public static void drawAxes(Graphics2D g, View view, double x0, double y0, double length) {
    String[] names = {"x", "y", "z"};
    Color[] colors = {new Color(190, 40, 40), new Color(40, 140, 40), new Color(40, 70, 190)};
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    g.setStroke(new BasicStroke(1.2f));
    for (int k = 0; k < 3; k++) {
      double[] e = view.apply(k == 0 ? 1 : 0, k == 1 ? 1 : 0, k == 2 ? 1 : 0);
      double ex = x0 + length * e[0];
      double ey = y0 - length * e[1];
      g.setColor(colors[k]);
      g.draw(new Line2D.Double(x0, y0, ex, ey));
      g.drawString(names[k], (float) (ex + 2 * e[0] - 3), (float) (ey - 2 * e[1] + 4));
    }
  }

  static Color shade(Color base, double[] n) {
    double diffuse = Math.max(0, RadialSurface.dot(n, LIGHT));
    double spec = Math.pow(Math.max(0, RadialSurface.dot(n, HALF)), 30);
    double k = 0.45 + 0.55 * diffuse;
    int r = clamp(base.getRed() * k + 255 * 0.22 * spec);
    int gr = clamp(base.getGreen() * k + 255 * 0.22 * spec);
    int b = clamp(base.getBlue() * k + 255 * 0.22 * spec);
    return new Color(r, gr, b);
  }

  private static int clamp(double x) {
    return (int) Math.max(0, Math.min(255, Math.round(x)));
  }

  private static double[] unit(double x, double y, double z) {
    double n = Math.sqrt(x * x + y * y + z * z);
    return new double[] {x / n, y / n, z / n};
  }
}
