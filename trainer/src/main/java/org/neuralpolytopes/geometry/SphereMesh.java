package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed mesh of S^{d-1} on which the radial function is sampled to find its discrete critical
 * points (docs/metrics.md, "Morse face counts"): points, the neighbours of each point, and the typical
 * spacing h between neighbours.
 *
 * <ol>
 *   <li>d = 2: N equally spaced points on the circle; the neighbours of point i are i - 1 and
 *       i + 1, in that order.
 *   <li>d = 3: the geodesic icosahedron of frequency k (each of the icosahedron's 20 faces cut into
 *       k^2 triangles, the points pushed out to the sphere; 10 k^2 + 2 points), with the smallest k
 *       that gives at least N points. The neighbours of a point are its link in the triangulation,
 *       in cyclic order, so that the sign changes of r around the link classify the point
 *       (Banchoff 1967, "Critical points and curvature for embedded polyhedra").
 *   <li>d >= 4: the first N points of the direction set ({@link DirectionSet}: Sobol points mapped
 *       to the sphere); the neighbours of a point are the points within 1.6 h of it, found with a
 *       hash grid, in no particular order. Such a neighbourhood classifies maxima and minima only.
 * </ol>
 *
 * Meshes are cached per (d, N) and shared read-only across the tasks of one JVM.
 */
public final class SphereMesh {

  /** Meshes exist up to this dimension (a hash grid of 12 bits per axis). */
  public static final int MAX_DIMENSION = 5;

  private static final Map<Long, SphereMesh> CACHE = new ConcurrentHashMap<>();

  private final int d;
  private final double[] coords;
  private final int[][] neighbours;
  private final boolean cyclicLinks;
  private final double spacing;

  private SphereMesh(int d, double[] coords, int[][] neighbours, boolean cyclicLinks, double spacing) {
    this.d = d;
    this.coords = coords;
    this.neighbours = neighbours;
    this.cyclicLinks = cyclicLinks;
    this.spacing = spacing;
  }

  /** The mesh of S^{d-1} with at least (d = 3) or exactly (otherwise) {@code points} points. */
  public static SphereMesh of(int d, int points) {
    if (d < 2 || d > MAX_DIMENSION || points < 12) {
      throw new IllegalArgumentException(
          "a sphere mesh needs 2 <= d <= " + MAX_DIMENSION + " and at least 12 points, got d=" + d + ", " + points);
    }
    return CACHE.computeIfAbsent(((long) d << 32) | points, k -> build(d, points));
  }

  private static SphereMesh build(int d, int points) {
    if (d == 2) {
      return circle(points);
    }
    if (d == 3) {
      int k = (int) Math.ceil(Math.sqrt((points - 2) / 10.0));
      return icosahedron(Math.max(1, k));
    }
    return scattered(d, points);
  }

  public int dimension() {
    return d;
  }

  public int size() {
    return neighbours.length;
  }

  /** Typical angle between neighbouring points, in radians. */
  public double spacing() {
    return spacing;
  }

  /** Whether each point's neighbours are its link in cyclic order (d = 2, 3). */
  public boolean hasCyclicLinks() {
    return cyclicLinks;
  }

  /** The neighbours of point i (read-only). */
  public int[] neighbours(int i) {
    return neighbours[i];
  }

  /** Copies point i into {@code out}. */
  public void point(int i, double[] out) {
    System.arraycopy(coords, i * d, out, 0, d);
  }

  public double coordinate(int i, int k) {
    return coords[i * d + k];
  }

  // ---- d = 2 ----

  private static SphereMesh circle(int n) {
    double[] c = new double[2 * n];
    int[][] nb = new int[n][];
    for (int i = 0; i < n; i++) {
      double t = 2 * Math.PI * i / n;
      c[2 * i] = Math.cos(t);
      c[2 * i + 1] = Math.sin(t);
      nb[i] = new int[] {(i + n - 1) % n, (i + 1) % n};
    }
    return new SphereMesh(2, c, nb, true, 2 * Math.PI / n);
  }

  // ---- d = 3 ----

  private static SphereMesh icosahedron(int k) {
    double phi = (1 + Math.sqrt(5)) / 2;
    double[][] v = {
        {-1, phi, 0}, {1, phi, 0}, {-1, -phi, 0}, {1, -phi, 0},
        {0, -1, phi}, {0, 1, phi}, {0, -1, -phi}, {0, 1, -phi},
        {phi, 0, -1}, {phi, 0, 1}, {-phi, 0, -1}, {-phi, 0, 1}};
    int[][] faces = {
        {0, 11, 5}, {0, 5, 1}, {0, 1, 7}, {0, 7, 10}, {0, 10, 11},
        {1, 5, 9}, {5, 11, 4}, {11, 10, 2}, {10, 7, 6}, {7, 1, 8},
        {3, 9, 4}, {3, 4, 2}, {3, 2, 6}, {3, 6, 8}, {3, 8, 9},
        {4, 9, 5}, {2, 4, 11}, {6, 2, 10}, {8, 6, 7}, {9, 8, 1}};
    int n = 10 * k * k + 2;
    double[] coords = new double[3 * n];
    // Points are numbered combinatorially, so that those on shared edges are made once: the 12
    // vertices, then k - 1 points per edge of the icosahedron, then each face's interior points.
    int[][] edgeId = new int[12][12];
    int next = 12;
    for (int a = 0; a < 12; a++) {
      put(coords, a, v[a], v[a], v[a], 1, 0, 0);
    }
    for (int[] f : faces) {
      for (int e = 0; e < 3; e++) {
        int a = Math.min(f[e], f[(e + 1) % 3]);
        int b = Math.max(f[e], f[(e + 1) % 3]);
        if (edgeId[a][b] == 0 && k > 1) {
          edgeId[a][b] = next;
          for (int t = 1; t < k; t++) {
            put(coords, next++, v[a], v[b], v[b], (double) (k - t) / k, (double) t / k, 0);
          }
        }
      }
    }
    int[][] nb = new int[n][6];
    int[] degree = new int[n];
    int[][] grid = new int[k + 1][k + 1];
    for (int[] f : faces) {
      // grid[i][j]: barycentric (k - i - j, i, j) / k over the face's corners (A, B, C).
      for (int i = 0; i <= k; i++) {
        for (int j = 0; j <= k - i; j++) {
          int id;
          if (i == 0 && j == 0) {
            id = f[0];
          } else if (i == k) {
            id = f[1];
          } else if (j == k) {
            id = f[2];
          } else if (j == 0) {
            id = edgePoint(edgeId, f[0], f[1], i, k);
          } else if (i == 0) {
            id = edgePoint(edgeId, f[0], f[2], j, k);
          } else if (i + j == k) {
            id = edgePoint(edgeId, f[1], f[2], j, k);
          } else {
            id = next++;
            put(coords, id, v[f[0]], v[f[1]], v[f[2]], (double) (k - i - j) / k, (double) i / k, (double) j / k);
          }
          grid[i][j] = id;
        }
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k - i; j++) {
          link(nb, degree, grid[i][j], grid[i + 1][j], grid[i][j + 1]);
          if (j + 1 < k - i) {
            link(nb, degree, grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]);
          }
        }
      }
    }
    double spacingSum = 0;
    int edges = 0;
    for (int i = 0; i < n; i++) {
      nb[i] = cyclicOrder(coords, i, java.util.Arrays.copyOf(nb[i], degree[i]));
      for (int j : nb[i]) {
        spacingSum += angle(coords, i, j);
        edges++;
      }
    }
    return new SphereMesh(3, coords, nb, true, spacingSum / edges);
  }

  /** The point t/k of the way from icosahedron vertex a to b on their edge. */
  private static int edgePoint(int[][] edgeId, int a, int b, int t, int k) {
    return a < b ? edgeId[a][b] + t - 1 : edgeId[b][a] + (k - t) - 1;
  }

  /** Point id = the normalised barycentric combination wa a + wb b + wc c. */
  private static void put(double[] coords, int id, double[] a, double[] b, double[] c, double wa, double wb, double wc) {
    double[] p = new double[3];
    for (int m = 0; m < 3; m++) {
      p[m] = wa * a[m] + wb * b[m] + wc * c[m];
    }
    normalise(p);
    System.arraycopy(p, 0, coords, 3 * id, 3);
  }

  /** Adds the edges of triangle (a, b, c) to the neighbour lists (at most 6 per point). */
  private static void link(int[][] nb, int[] degree, int a, int b, int c) {
    addNeighbour(nb, degree, a, b);
    addNeighbour(nb, degree, b, a);
    addNeighbour(nb, degree, b, c);
    addNeighbour(nb, degree, c, b);
    addNeighbour(nb, degree, c, a);
    addNeighbour(nb, degree, a, c);
  }

  private static void addNeighbour(int[][] nb, int[] degree, int p, int q) {
    for (int i = 0; i < degree[p]; i++) {
      if (nb[p][i] == q) {
        return;
      }
    }
    nb[p][degree[p]++] = q;
  }

  /** The neighbours of point i sorted by angle around it in its tangent plane. */
  private static int[] cyclicOrder(double[] c, int i, int[] ids) {
    double[] p = {c[3 * i], c[3 * i + 1], c[3 * i + 2]};
    double[][] frame = Linear.orthonormalFrame(3, 1, p);
    double[] t1 = frame[1];
    double[] t2 = frame[2];
    int m = ids.length;
    double[] ang = new double[m];
    for (int a = 0; a < m; a++) {
      int j = ids[a];
      double x = 0;
      double y = 0;
      for (int q = 0; q < 3; q++) {
        x += c[3 * j + q] * t1[q];
        y += c[3 * j + q] * t2[q];
      }
      ang[a] = Math.atan2(y, x);
    }
    // Insertion sort of at most 6 neighbours by angle.
    for (int a = 1; a < m; a++) {
      double key = ang[a];
      int id = ids[a];
      int b = a - 1;
      while (b >= 0 && ang[b] > key) {
        ang[b + 1] = ang[b];
        ids[b + 1] = ids[b];
        b--;
      }
      ang[b + 1] = key;
      ids[b + 1] = id;
    }
    return ids;
  }

  // ---- d >= 4 ----

  private static SphereMesh scattered(int d, int n) {
    DirectionSet set = DirectionSet.of(d, n);
    double[] coords = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        coords[i * d + k] = set.coordinate(i, k);
      }
    }
    // Mean spacing of N equal-area cells on S^{d-1}: the side of a (d-1)-cube of area |S| / N.
    double h = Math.pow(DirectionSet.sphereArea(d) / n, 1.0 / (d - 1));
    double radius = 1.6 * h;
    double cell = radius / CELLS_PER_RADIUS;
    Map<Long, List<Integer>> lists = new HashMap<>();
    for (int i = 0; i < n; i++) {
      lists.computeIfAbsent(cellKey(coords, i, d, cell, null), key -> new ArrayList<>()).add(i);
    }
    Map<Long, int[]> grid = new HashMap<>();
    lists.forEach((key, members) -> grid.put(key, members.stream().mapToInt(Integer::intValue).toArray()));
    int[][] nb = new int[n][];
    double cosMax = Math.cos(radius);
    // the chord of the neighbourhood's angle: a cell whose box lies farther than this from the
    // point holds no neighbour and is not looked up
    double chord2 = 2 - 2 * cosMax;
    int[] offset = new int[d];
    int[] found = new int[64];
    for (int i = 0; i < n; i++) {
      int count = 0;
      java.util.Arrays.fill(offset, -CELLS_PER_RADIUS);
      while (true) {
        double gap2 = 0;
        for (int k = 0; k < d && gap2 <= chord2; k++) {
          double x = coords[i * d + k] / cell;
          double within = x - Math.floor(x);
          int o = offset[k];
          double gap = o < 0 ? within + (-o - 1) : o > 0 ? 1 - within + (o - 1) : 0;
          gap2 += gap * gap * cell * cell;
        }
        int[] members = gap2 <= chord2 ? grid.get(cellKey(coords, i, d, cell, offset)) : null;
        if (members != null) {
          for (int j : members) {
            if (j != i && dot(coords, i, j, d) >= cosMax) {
              if (count == found.length) {
                found = java.util.Arrays.copyOf(found, 2 * count);
              }
              found[count++] = j;
            }
          }
        }
        int k = 0;
        while (k < d && offset[k] == CELLS_PER_RADIUS) {
          offset[k] = -CELLS_PER_RADIUS;
          k++;
        }
        if (k == d) {
          break;
        }
        offset[k]++;
      }
      nb[i] = java.util.Arrays.copyOf(found, count);
    }
    return new SphereMesh(d, coords, nb, false, h);
  }

  /**
   * Grid cells per neighbourhood radius: finer cells fit the neighbourhood's ball more closely
   * (fewer points to test), at the price of more cells to look up; in d = 5, one cell per radius
   * (3^5 cells, those out of reach skipped) builds the 20 000-point mesh in 0.7 s of CPU, two
   * (5^5 cells) in 5 s.
   */
  private static final int CELLS_PER_RADIUS = 1;

  /**
   * The hash-grid cell of point i shifted by {@code offset} cells (12 bits per axis, d <= 5),
   * passed through the SplitMix64 finaliser (Steele, Lea and Flood 2014; a bijection, so distinct
   * cells keep distinct keys): the packed coordinates alone hash badly ({@link Long#hashCode}
   * folds the high half onto the low one), and the map's bins degenerate into trees.
   */
  private static long cellKey(double[] c, int i, int d, double cell, int[] offset) {
    long key = 0;
    for (int k = 0; k < d; k++) {
      long index = (long) Math.floor(c[i * d + k] / cell) + (offset == null ? 0 : offset[k]) + 2048;
      key = (key << 12) | index;
    }
    key = (key ^ (key >>> 30)) * 0xbf58476d1ce4e5b9L;
    key = (key ^ (key >>> 27)) * 0x94d049bb133111ebL;
    return key ^ (key >>> 31);
  }

  private static double dot(double[] c, int i, int j, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += c[i * d + k] * c[j * d + k];
    }
    return s;
  }

  private static double angle(double[] c, int i, int j) {
    return Math.acos(Math.max(-1, Math.min(1, dot(c, i, j, 3))));
  }

  static void normalise(double[] p) {
    double s = 0;
    for (double x : p) {
      s += x * x;
    }
    double inv = 1 / Math.sqrt(s);
    for (int k = 0; k < p.length; k++) {
      p[k] *= inv;
    }
  }
}
