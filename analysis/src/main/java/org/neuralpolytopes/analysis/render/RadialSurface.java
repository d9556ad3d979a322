package org.neuralpolytopes.analysis.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The surface {r(u) u} of a trained network's body, or of its restriction to a 3-D subspace (the
 * paper's slices of a d-polytope), as a triangle-and-polygon mesh from the radial function alone
 * (docs/metrics.md: r(u) = f(u)^(-1/p^L); nothing is re-trained). The exact faces of p = 1 and relu
 * bodies are not computed here: the report draws those from the facets/ and vertices/ tables the
 * measurement wrote ({@code report/ExactFaces}); this mesh is for every other body, and for
 * polytopes whose stored faces are incomplete.
 *
 * <ol>
 *   <li>Directions: an {@link Icosphere} of the given level in the 3-D subspace spanned by the
 *       orthonormal rows of {@code basis} (the identity for a 3-D body).
 *   <li>One hidden layer: every triangle is cut along the great circles w_i . x = 0 of the units'
 *       weight rows (restricted to the subspace), where |w_i . x|^p has its kink or cusp, so that
 *       the creases of kinked and spiky bodies fall on piece edges instead of zig-zagging across
 *       triangles; for large p (P > 2) of a few units also along (w_i -+ w_j) . x = 0, where two
 *       terms are equal and the body has its ridges. A cut point is computed from its edge's
 *       endpoints in a fixed order, so neighbouring triangles share it bit for bit.
 *   <li>Every direction is mapped to the surface point r(u) u; an infinite radius means an
 *       unbounded body, which has no surface.
 * </ol>
 */
public final class RadialSurface {

  /**
   * Distance of a direction point (length at most 1) from a cutting plane, relative to the plane's
   * normal, under which the point counts as on the plane and is not split off: keeps slivers of
   * rounding size out of the mesh.
   */
  private static final double ON_WALL = 1e-12;

  /**
   * Grid, in direction-space units, on which direction points are identified, so that a cut point
   * found from two triangles is one mesh vertex (far below the icosphere's spacing, 10^-3 rad
   * at level 7, and far above rounding).
   */
  private static final double GRID = 1e-10;

  /**
   * Squared length, relative to 1, below which a unit's weight row restricted to a slice counts as
   * zero (the unit is constant on the slice and cuts nothing).
   */
  private static final double NEGLIGIBLE_WALL = 1e-24;

  /**
   * Squared length of w_i -+ w_j, relative to the larger squared row, below which two rows are one
   * direction (their ridge plane is undefined).
   */
  private static final double PARALLEL_ROWS = 1e-12;

  /**
   * Most units whose pairwise ridge planes are cut: n(n - 1) planes for n units, so the mesh grows
   * quadratically with n; above this the ridges are left to the creases of the fine mesh.
   */
  static final int MAX_RIDGE_UNITS = 8;

  /**
   * Most units whose walls are cut: each triangle of the icosphere is split by every wall, so the
   * mesh grows with n^2 (a d = 64 net of 4 096 units drew for minutes); above this the edges are
   * left to the creases of the fine mesh, as for a deep net.
   */
  static final int MAX_WALLS = 256;

  private RadialSurface() {}

  /** The full body of a d = 3 network. */
  public static Mesh of(Network net, int level) throws UnboundedBodyException {
    return slice(net, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, level);
  }

  /**
   * The body restricted to the span of three orthonormal vectors of R^d, in the coordinates of
   * that basis.
   */
  public static Mesh slice(Network net, double[][] basis, int level) throws UnboundedBodyException {
    Architecture arch = net.architecture();
    int d = arch.d();
    if (basis.length != 3 || basis[0].length != d) {
      throw new IllegalArgumentException("basis must be 3 vectors of dimension " + d);
    }
    RadialFunction rf = new RadialFunction(net);
    List<double[]> walls = new ArrayList<>();
    if (arch.layers() == 1) {
      for (int i = 0; i < arch.units(); i++) {
        double[] n = new double[3];
        double norm = 0;
        for (int k = 0; k < 3; k++) {
          for (int j = 0; j < d; j++) {
            n[k] += basis[k][j] * net.weight(i * d + j);
          }
          norm += n[k] * n[k];
        }
        if (norm > NEGLIGIBLE_WALL) {
          walls.add(n);
        }
      }
    }
    if (walls.size() > MAX_WALLS) {
      walls.clear();
    }
    List<double[]> cuts = new ArrayList<>(walls);
    if (arch.layers() == 1 && arch.activation().homogeneityDegree() > 2 && walls.size() <= MAX_RIDGE_UNITS) {
      // For large p the sum of |w_i . x|^p is dominated by its largest term, so the body's
      // edges run where two terms are equal: |w_i . x| = |w_j . x|, the planes (w_i -+ w_j) . x = 0.
      for (int i = 0; i < walls.size(); i++) {
        for (int j = i + 1; j < walls.size(); j++) {
          double[] a = walls.get(i);
          double[] b = walls.get(j);
          for (double sign : new double[] {1, -1}) {
            double[] c = {a[0] - sign * b[0], a[1] - sign * b[1], a[2] - sign * b[2]};
            if (dot(c, c) > PARALLEL_ROWS * Math.max(dot(a, a), dot(b, b))) {
              cuts.add(c);
            }
          }
        }
      }
    }
    double[] onWall = new double[cuts.size()];
    for (int c = 0; c < cuts.size(); c++) {
      onWall[c] = ON_WALL * Math.sqrt(dot(cuts.get(c), cuts.get(c)));
    }
    Icosphere ico = Icosphere.of(level);
    List<double[][]> pieces = new ArrayList<>();
    for (int t = 0; t < ico.triangleCount(); t++) {
      List<double[][]> current = new ArrayList<>();
      current.add(new double[][] {ico.vertex(ico.corner(t, 0)), ico.vertex(ico.corner(t, 1)), ico.vertex(ico.corner(t, 2))});
      for (int c = 0; c < cuts.size(); c++) {
        double[] w = cuts.get(c);
        // most pieces lie on one side of most planes: a new list only once a piece is split
        List<double[][]> next = null;
        for (int k = 0; k < current.size(); k++) {
          double[][] poly = current.get(k);
          if (crosses(poly, w, onWall[c])) {
            if (next == null) {
              next = new ArrayList<>(current.subList(0, k));
            }
            split(poly, w, onWall[c], next);
          } else if (next != null) {
            next.add(poly);
          }
        }
        if (next != null) {
          current = next;
        }
      }
      pieces.addAll(current);
    }

    // Surface points, one per distinct direction point (keyed by its exact bits).
    Map<Key, Integer> index = new HashMap<>();
    List<double[]> points = new ArrayList<>();
    double[] y = new double[d];
    List<int[]> faces = new ArrayList<>();
    for (double[][] poly : pieces) {
      int[] f = new int[poly.length];
      for (int i = 0; i < poly.length; i++) {
        double[] p = poly[i];
        Key key = new Key(p);
        Integer known = index.get(key);
        if (known == null) {
          double len = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
          double[] u = {p[0] / len, p[1] / len, p[2] / len};
          for (int j = 0; j < d; j++) {
            y[j] = u[0] * basis[0][j] + u[1] * basis[1][j] + u[2] * basis[2][j];
          }
          double r = rf.radius(y);
          if (!Double.isFinite(r)) {
            throw new UnboundedBodyException("r(u) = " + r + " at u = (" + u[0] + ", " + u[1] + ", " + u[2] + ")");
          }
          points.add(new double[] {r * u[0], r * u[1], r * u[2]});
          known = points.size() - 1;
          index.put(key, known);
        }
        f[i] = known;
      }
      int[] clean = distinct(f);
      if (clean.length >= 3) {
        faces.add(clean);
      }
    }
    double[] xyz = flatten(points);
    List<int[]> oriented = new ArrayList<>();
    for (int[] f : faces) {
      oriented.add(outward(xyz, f));
    }
    return new Mesh(xyz, oriented, false);
  }

  /** The cycle without repeated consecutive vertices (a piece squeezed to a sliver loses a corner). */
  private static int[] distinct(int[] f) {
    int[] out = new int[f.length];
    int k = 0;
    for (int i = 0; i < f.length; i++) {
      if (f[i] != f[(i + 1) % f.length]) {
        out[k++] = f[i];
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  /**
   * Whether the plane w . x = 0 has corners of the polygon on both sides, farther from it than
   * {@code onWall} (closer ones count as on the plane).
   */
  private static boolean crosses(double[][] poly, double[] w, double onWall) {
    boolean pos = false;
    boolean neg = false;
    for (double[] p : poly) {
      double s = dot(w, p);
      pos |= s > onWall;
      neg |= s < -onWall;
    }
    return pos && neg;
  }

  /**
   * Sutherland-Hodgman split of a convex polygon that the plane w . x = 0 {@link #crosses} into
   * its two sides, added to {@code out}; corners within {@code onWall} of the plane go to both.
   */
  private static void split(double[][] poly, double[] w, double onWall, List<double[][]> out) {
    int n = poly.length;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = dot(w, poly[i]);
      if (Math.abs(s[i]) <= onWall) {
        s[i] = 0;
      }
    }
    List<double[]> a = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      if (s[i] >= 0) {
        a.add(poly[i]);
      }
      if (s[i] <= 0) {
        b.add(poly[i]);
      }
      if ((s[i] > 0 && s[j] < 0) || (s[i] < 0 && s[j] > 0)) {
        double[] x = cut(poly[i], poly[j], w);
        a.add(x);
        b.add(x);
      }
    }
    if (a.size() >= 3) {
      out.add(a.toArray(new double[0][]));
    }
    if (b.size() >= 3) {
      out.add(b.toArray(new double[0][]));
    }
  }

  /** Where the segment pq crosses w . x = 0, computed from the endpoints in a fixed order. */
  private static double[] cut(double[] p, double[] q, double[] w) {
    if (compare(p, q) > 0) {
      double[] t = p;
      p = q;
      q = t;
    }
    double sp = dot(w, p);
    double sq = dot(w, q);
    double t = sp / (sp - sq);
    return new double[] {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), p[2] + t * (q[2] - p[2])};
  }

  private static int compare(double[] p, double[] q) {
    for (int k = 0; k < 3; k++) {
      int c = Double.compare(p[k], q[k]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The face, reversed if needed so that its normal points away from the origin. */
  static int[] outward(double[] xyz, int[] f) {
    double[] n = newell(xyz, f);
    double s = 0;
    for (int v : f) {
      s += n[0] * xyz[3 * v] + n[1] * xyz[3 * v + 1] + n[2] * xyz[3 * v + 2];
    }
    if (s >= 0) {
      return f;
    }
    int[] r = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      r[i] = f[f.length - 1 - i];
    }
    return r;
  }

  static double[] newell(double[] xyz, int[] f) {
    double[] n = new double[3];
    for (int i = 0; i < f.length; i++) {
      int a = 3 * f[i];
      int b = 3 * f[(i + 1) % f.length];
      n[0] += (xyz[a + 1] - xyz[b + 1]) * (xyz[a + 2] + xyz[b + 2]);
      n[1] += (xyz[a + 2] - xyz[b + 2]) * (xyz[a] + xyz[b]);
      n[2] += (xyz[a] - xyz[b]) * (xyz[a + 1] + xyz[b + 1]);
    }
    return n;
  }

  private static double[] flatten(List<double[]> points) {
    double[] xyz = new double[points.size() * 3];
    for (int i = 0; i < points.size(); i++) {
      System.arraycopy(points.get(i), 0, xyz, 3 * i, 3);
    }
    return xyz;
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  static double[] normalise(double[] a) {
    double n = Math.sqrt(dot(a, a));
    return n == 0 ? a.clone() : new double[] {a[0] / n, a[1] / n, a[2] / n};
  }

  /** A direction point's identity: its position on a fine grid. */
  private static final class Key {
    private final long x;
    private final long y;
    private final long z;

    Key(double[] p) {
      x = Math.round(p[0] / GRID);
      y = Math.round(p[1] / GRID);
      z = Math.round(p[2] / GRID);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.x == x && k.y == y && k.z == z;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(31 * (31 * x + y) + z);
    }
  }
}
