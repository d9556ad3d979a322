package org.neuralpolytopes.analysis.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The surface {r(u) u} of a trained network's body, or of its restriction to a 3-D subspace (the
 * paper's slices of a d-polytope), as a polygon mesh, from the radial function alone
 * (docs/metrics.md: r(u) = f(u)^(-1/p^L); nothing is re-trained):
 *
 * <ol>
 *   <li>Directions: an {@link Icosphere} of the given level in the 3-D subspace spanned by the
 *       orthonormal rows of {@code basis} (the identity for a 3-D body).
 *   <li>One hidden layer: every triangle is cut along the great circles w_i . x = 0 of the units'
 *       weight rows (restricted to the subspace). Those are exactly where |w_i . x|^p has its kink
 *       or cusp, so for p = 1 and relu every piece lies inside one linear cell, where the surface
 *       is the plane a . x = 1: the pieces are exact and the polytope's edges fall on piece
 *       edges instead of zig-zagging across triangles. A cut point is computed from its edge's
 *       endpoints in a fixed order, so neighbouring triangles share it bit for bit.
 *   <li>Every direction is mapped to the surface point r(u) u; an infinite radius means an
 *       unbounded body, which has no surface.
 *   <li>Piecewise-linear (p = 1 or relu) and one hidden layer: the body is convex (f is a sum of
 *       convex functions), and the pieces with the same activation pattern form one facet; each
 *       facet is drawn as the convex hull of its pieces' corners in its plane, so the mesh is the
 *       polytope itself ({@link Mesh#faceted()}). Otherwise the pieces are the mesh.
 * </ol>
 *
 * Deeper piecewise-linear nets are left as the fine mesh: their cells have curved walls in
 * direction space and are the exact-faces computation's job (facets/ and vertices/ tables).
 */
public final class RadialSurface {

  /** Distance from a wall (direction points have length at most 1) under which a point is on it. */
  private static final double ON_WALL = 1e-12;

  /** Grid on which direction points are identified (so that a cut point found twice is one vertex). */
  private static final double GRID = 1e-10;

  /** Grid on which facet corners are identified. */
  private static final double CORNER_GRID = 1e-8;

  /** Relative size under which a hull corner is dropped as collinear. */
  private static final double COLLINEAR = 1e-9;

  private RadialSurface() {}

  /** The full body of a d = 3 network. */
  public static Mesh of(Network net, int level, boolean piecewiseLinear) throws UnboundedBodyException {
    return slice(net, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, level, piecewiseLinear);
  }

  /**
   * The body restricted to the span of three orthonormal vectors of R^d, in the coordinates of
   * that basis.
   */
  public static Mesh slice(Network net, double[][] basis, int level, boolean piecewiseLinear)
      throws UnboundedBodyException {
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
        if (norm > 1e-24) {
          walls.add(n);
        }
      }
    }
    List<double[]> cuts = new ArrayList<>(walls);
    if (arch.layers() == 1 && arch.activation().homogeneityDegree() > 2) {
      // For large p the sum of |w_i . x|^p is dominated by its largest term, so the body's
      // edges run where two terms are equal: |w_i . x| = |w_j . x|, the planes (w_i -+ w_j) . x = 0.
      for (int i = 0; i < walls.size(); i++) {
        for (int j = i + 1; j < walls.size(); j++) {
          double[] a = walls.get(i);
          double[] b = walls.get(j);
          for (double sign : new double[] {1, -1}) {
            double[] c = {a[0] - sign * b[0], a[1] - sign * b[1], a[2] - sign * b[2]};
            if (dot(c, c) > 1e-12 * Math.max(dot(a, a), dot(b, b))) {
              cuts.add(c);
            }
          }
        }
      }
    }
    Icosphere ico = Icosphere.of(level);
    List<double[][]> pieces = new ArrayList<>();
    for (int t = 0; t < ico.triangleCount(); t++) {
      List<double[][]> current = new ArrayList<>();
      current.add(new double[][] {ico.vertex(ico.corner(t, 0)), ico.vertex(ico.corner(t, 1)), ico.vertex(ico.corner(t, 2))});
      for (double[] w : cuts) {
        List<double[][]> next = new ArrayList<>();
        for (double[][] poly : current) {
          split(poly, w, next);
        }
        current = next;
      }
      pieces.addAll(current);
    }

    // Surface points, one per distinct direction point (keyed by its exact bits).
    Map<Key, Integer> index = new HashMap<>();
    List<double[]> points = new ArrayList<>();
    double[] y = new double[d];
    List<int[]> faces = new ArrayList<>();
    List<double[][]> kept = new ArrayList<>();
    for (double[][] poly : pieces) {
      int[] f = new int[poly.length];
      for (int i = 0; i < poly.length; i++) {
        double[] p = poly[i];
        Integer known = index.get(new Key(p));
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
          index.put(new Key(p), known);
        }
        f[i] = known;
      }
      int[] clean = distinct(f);
      if (clean.length >= 3) {
        faces.add(clean);
        kept.add(poly);
      }
    }
    if (piecewiseLinear && arch.layers() == 1 && !walls.isEmpty()) {
      // The polytope's vertices are where two walls meet; add them, so that no facet misses a
      // corner that no piece happened to have (a vertex lying exactly on a triangle's corner).
      List<double[]> corners = new ArrayList<>();
      for (int i = 0; i < walls.size(); i++) {
        for (int j = i + 1; j < walls.size(); j++) {
          double[] c = normalise(cross(walls.get(i), walls.get(j)));
          if (dot(c, c) == 0) {
            continue;
          }
          for (double sign : new double[] {1, -1}) {
            double[] u = {sign * c[0], sign * c[1], sign * c[2]};
            for (int k = 0; k < d; k++) {
              y[k] = u[0] * basis[0][k] + u[1] * basis[1][k] + u[2] * basis[2][k];
            }
            double r = rf.radius(y);
            if (Double.isFinite(r)) {
              corners.add(new double[] {u[0], u[1], u[2], i, j});
              points.add(new double[] {r * u[0], r * u[1], r * u[2]});
            }
          }
        }
      }
      return facets(flatten(points), kept, faces, walls, corners, points.size() - corners.size());
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

  /** Sutherland-Hodgman split of a convex polygon by the plane w . x = 0 into its two sides. */
  private static void split(double[][] poly, double[] w, List<double[][]> out) {
    int n = poly.length;
    double[] s = new double[n];
    boolean pos = false;
    boolean neg = false;
    double onWall = ON_WALL * Math.sqrt(dot(w, w));
    for (int i = 0; i < n; i++) {
      s[i] = dot(w, poly[i]);
      if (Math.abs(s[i]) <= onWall) {
        s[i] = 0;
      }
      pos |= s[i] > 0;
      neg |= s[i] < 0;
    }
    if (!(pos && neg)) {
      out.add(poly);
      return;
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

  /** Merges pieces by activation pattern into facets, each the convex hull of its corners. */
  private static Mesh facets(double[] xyz, List<double[][]> pieces, List<int[]> faces, List<double[]> walls,
      List<double[]> corners, int firstCorner) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int k = 0; k < pieces.size(); k++) {
      double[][] poly = pieces.get(k);
      double[] c = new double[3];
      for (double[] p : poly) {
        for (int i = 0; i < 3; i++) {
          c[i] += p[i];
        }
      }
      // A sliver piece lying along a wall has its centroid on the wall, and no reliable cell:
      // leave it out (its points lie on edges, and the corners are added below anyway).
      StringBuilder pattern = new StringBuilder(walls.size());
      double cn = Math.sqrt(dot(c, c));
      boolean ambiguous = false;
      for (double[] w : walls) {
        double s = dot(w, c);
        ambiguous |= Math.abs(s) <= 1e-9 * cn * Math.sqrt(dot(w, w));
        pattern.append(s > 0 ? '+' : '-');
      }
      if (!ambiguous) {
        groups.computeIfAbsent(pattern.toString(), x -> new ArrayList<>()).add(k);
      }
    }
    Map<String, List<Integer>> extra = new HashMap<>();
    for (int c = 0; c < corners.size(); c++) {
      double[] u = corners.get(c);
      // The corner bounds every cell whose pattern agrees with it on the walls it is not on.
      char[] pattern = new char[walls.size()];
      List<Integer> free = new ArrayList<>();
      for (int k = 0; k < walls.size(); k++) {
        double s = dot(walls.get(k), u);
        pattern[k] = s > 0 ? '+' : '-';
        if (Math.abs(s) <= 1e-9 * Math.sqrt(dot(walls.get(k), walls.get(k)))) {
          free.add(k);
        }
      }
      if (free.size() > 16) {
        continue;
      }
      for (int mask = 0; mask < (1 << free.size()); mask++) {
        for (int b = 0; b < free.size(); b++) {
          pattern[free.get(b)] = (mask & (1 << b)) != 0 ? '+' : '-';
        }
        String key = new String(pattern);
        if (groups.containsKey(key)) {
          extra.computeIfAbsent(key, x -> new ArrayList<>()).add(firstCorner + c);
        }
      }
    }
    List<int[]> facets = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
      List<Integer> group = e.getValue();
      // The facet is the convex hull of the polytope vertices that bound its cell.
      java.util.LinkedHashSet<Integer> ids = new java.util.LinkedHashSet<>(extra.getOrDefault(e.getKey(), List.of()));
      // Project along the direction of the facet's centroid: never parallel to the facet's
      // plane, which does not pass through the origin.
      double[] normal = new double[3];
      for (int v : ids) {
        for (int i = 0; i < 3; i++) {
          normal[i] += xyz[3 * v + i];
        }
      }
      int[] hull = hull(xyz, ids.stream().mapToInt(Integer::intValue).toArray(), normal);
      if (hull.length >= 3) {
        facets.add(outward(xyz, hull));
      }
    }
    // Keep only the vertices the facets use; a polytope vertex that several triangles found
    // (it lies on a triangle edge) is one vertex.
    Map<Key, Integer> renumber = new HashMap<>();
    List<double[]> used = new ArrayList<>();
    List<int[]> out = new ArrayList<>();
    for (int[] f : facets) {
      int[] g = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        double[] p = {xyz[3 * f[i]], xyz[3 * f[i] + 1], xyz[3 * f[i] + 2]};
        g[i] = renumber.computeIfAbsent(new Key(p[0] / CORNER_GRID * GRID, p[1] / CORNER_GRID * GRID, p[2] / CORNER_GRID * GRID), k -> {
          used.add(p);
          return used.size() - 1;
        });
      }
      int[] clean = distinct(g);
      if (clean.length >= 3) {
        out.add(clean);
      }
    }
    return new Mesh(flatten(used), out, true);
  }

  /**
   * Convex hull (Andrew's monotone chain) of points lying in one plane with the given normal,
   * counter-clockwise around the normal, without collinear corners.
   */
  static int[] hull(double[] xyz, int[] ids, double[] normal) {
    double[] n = normalise(normal);
    double[] e1 = Math.abs(n[0]) < 0.9 ? cross(n, new double[] {1, 0, 0}) : cross(n, new double[] {0, 1, 0});
    e1 = normalise(e1);
    double[] e2 = cross(n, e1);
    int m = ids.length;
    double[][] uv = new double[m][];
    double scale = 0;
    for (int i = 0; i < m; i++) {
      double[] p = {xyz[3 * ids[i]], xyz[3 * ids[i] + 1], xyz[3 * ids[i] + 2]};
      uv[i] = new double[] {dot(p, e1), dot(p, e2), ids[i]};
      scale = Math.max(scale, Math.abs(uv[i][0]) + Math.abs(uv[i][1]));
    }
    // Points found several times (a corner shared by many pieces) are one point.
    double grid = COLLINEAR * Math.max(scale, 1e-300);
    java.util.TreeMap<String, double[]> unique = new java.util.TreeMap<>();
    for (double[] q : uv) {
      unique.putIfAbsent(Math.round(q[0] / grid) + ":" + Math.round(q[1] / grid), q);
    }
    uv = unique.values().toArray(new double[0][]);
    m = uv.length;
    if (m < 3) {
      return new int[0];
    }
    java.util.Arrays.sort(uv, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    double eps = COLLINEAR * scale * scale;
    double[][] h = new double[2 * m][];
    int k = 0;
    for (int i = 0; i < m; i++) {
      while (k >= 2 && turn(h[k - 2], h[k - 1], uv[i]) <= eps) {
        k--;
      }
      h[k++] = uv[i];
    }
    for (int i = m - 2, lower = k + 1; i >= 0; i--) {
      while (k >= lower && turn(h[k - 2], h[k - 1], uv[i]) <= eps) {
        k--;
      }
      h[k++] = uv[i];
    }
    int count = Math.max(0, k - 1);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = (int) h[i][2];
    }
    return out;
  }

  private static double turn(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
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
  private record Key(long x, long y, long z) {
    Key(double[] p) {
      this(p[0], p[1], p[2]);
    }

    Key(double x, double y, double z) {
      this(Math.round(x / GRID), Math.round(y / GRID), Math.round(z / GRID));
    }
  }
}
