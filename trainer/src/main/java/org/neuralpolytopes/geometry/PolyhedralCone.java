package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A polyhedral cone C = {x in R^d : g_i . x >= 0, i = 1..m} given by its inequalities, with its
 * extreme rays, its walls (facets: the inequalities that are not redundant) and a triangulation,
 * found by the double description method (Motzkin, Raiffa, Thompson and Thrall, "The double
 * description method", 1953; in the form of Fukuda and Prodon, "Double description method
 * revisited", 1996):
 *
 * <ol>
 *   <li>Normalise the rows; rows equal within {@code incidence} are one inequality (walls shared by
 *       several neurons), opposite rows mean C has no interior ({@link Kind#FLAT}).
 *   <li>Pick d linearly independent rows greedily (largest residual after projecting out those
 *       already picked). If there are fewer than d, C contains a line ({@link Kind#NOT_POINTED}).
 *       The d rows bound a simplicial cone whose extreme rays are the columns of the inverse of
 *       their matrix.
 *   <li>Add the other rows one at a time: rays with g . r < 0 are dropped, rays with g . r = 0 gain
 *       the row in their incidence set, and every adjacent pair (r+, r-) across the new hyperplane
 *       gives the new ray (g . r+) r- - (g . r-) r+ on it. Two rays are adjacent when their common
 *       incidence set has at least d - 2 rows and no third ray's incidence set contains it (the
 *       combinatorial test, exact also for degenerate cones).
 *   <li>Recompute every ray's incidences against every row; rays equal within {@code incidence}
 *       are one ray. The rays must span R^d (else C is {@link Kind#FLAT}).
 *   <li>A row is a wall when the rays on it span d - 1 dimensions; rows with the same rays are the
 *       same wall.
 * </ol>
 *
 * Rays are unit vectors. Every test "on the hyperplane" is |g . r| <= incidence for unit g and r
 * ({@link Tolerances#incidence()}). Instances are immutable.
 */
public final class PolyhedralCone {

  /** What the inequalities bound. */
  public enum Kind {
    /** A full-dimensional cone without lines: it has extreme rays, walls and a triangulation. */
    POINTED,
    /** The inequalities have rank below d: the cone contains a line. */
    NOT_POINTED,
    /** The cone has no interior (opposite inequalities, or only the origin). */
    FLAT,
    /** More extreme rays than the caller allowed appeared during the construction. */
    TOO_MANY_RAYS
  }

  /**
   * One wall (facet) of the cone.
   *
   * @param rays indices of the extreme rays on the wall, ascending
   * @param normal the wall's unit inward normal (g with g . x >= 0 inside)
   * @param row index of one input row that defines the wall
   */
  public record Wall(int[] rays, double[] normal, int row) {}

  private final int d;
  private final Kind kind;
  private final double[] rays;
  private final int rayCount;
  private final List<Wall> walls;
  private final double tol;

  private PolyhedralCone(int d, Kind kind, double[] rays, int rayCount, List<Wall> walls, double tol) {
    this.d = d;
    this.kind = kind;
    this.rays = rays;
    this.rayCount = rayCount;
    this.walls = walls;
    this.tol = tol;
  }

  private static PolyhedralCone degenerate(int d, Kind kind, double tol) {
    return new PolyhedralCone(d, kind, new double[0], 0, List.of(), tol);
  }

  /**
   * The cone {x : g_i . x >= 0} of the first m rows of {@code rows} (flat, row-major m x d; rows
   * need not be unit vectors, zero rows are ignored).
   *
   * @param maxRays give up ({@link Kind#TOO_MANY_RAYS}) when the construction holds more rays
   */
  public static PolyhedralCone of(int d, double[] rows, int m, double incidence, int maxRays) {
    return of(d, rows, m, incidence, maxRays, Deadline.NONE, null);
  }

  /**
   * As {@link #of(int, double[], int, double, int)}, checking {@code deadline} (under the name
   * {@code stage}) before each row of step 3.
   */
  static PolyhedralCone of(int d, double[] rows, int m, double incidence, int maxRays, Deadline deadline,
      String stage) {
    if (d < 2) {
      throw new IllegalArgumentException("cones need d >= 2, got " + d);
    }
    // Step 1: unit rows, duplicates merged.
    double[] g = new double[m * d];
    int[] origin = new int[m];
    int u = 0;
    for (int i = 0; i < m; i++) {
      double norm = 0;
      for (int k = 0; k < d; k++) {
        norm += rows[i * d + k] * rows[i * d + k];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        continue;
      }
      boolean duplicate = false;
      for (int j = 0; j < u && !duplicate; j++) {
        double same = 0;
        double opposite = 0;
        for (int k = 0; k < d; k++) {
          double x = rows[i * d + k] / norm;
          same = Math.max(same, Math.abs(x - g[j * d + k]));
          opposite = Math.max(opposite, Math.abs(x + g[j * d + k]));
        }
        if (same <= incidence) {
          duplicate = true;
        } else if (opposite <= incidence) {
          return degenerate(d, Kind.FLAT, incidence);
        }
      }
      if (!duplicate) {
        for (int k = 0; k < d; k++) {
          g[u * d + k] = rows[i * d + k] / norm;
        }
        origin[u++] = i;
      }
    }
    // Step 2: a basis of d rows and its simplicial cone.
    int[] basis = new int[d];
    boolean[] inBasis = new boolean[u];
    double[] q = new double[d * d];
    double[] residual = new double[d];
    for (int step = 0; step < d; step++) {
      int best = -1;
      double bestNorm = incidence;
      double[] bestResidual = null;
      for (int j = 0; j < u; j++) {
        if (inBasis[j]) {
          continue;
        }
        System.arraycopy(g, j * d, residual, 0, d);
        double n = orthogonalise(residual, q, step, d);
        if (n > bestNorm) {
          bestNorm = n;
          best = j;
          bestResidual = residual.clone();
        }
      }
      if (best < 0) {
        return degenerate(d, Kind.NOT_POINTED, incidence);
      }
      inBasis[best] = true;
      basis[step] = best;
      for (int k = 0; k < d; k++) {
        q[step * d + k] = bestResidual[k] / bestNorm;
      }
    }
    double[] b = new double[d * d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(g, basis[i] * d, b, i * d, d);
    }
    double[] inv = Linear.inverse(b, d);
    int words = (u + 63) >>> 6;
    List<double[]> r = new ArrayList<>();
    List<long[]> z = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      double[] ray = new double[d];
      for (int k = 0; k < d; k++) {
        ray[k] = inv[k * d + j];
      }
      Linear.normalise(ray);
      long[] bits = new long[words];
      for (int i = 0; i < d; i++) {
        if (i != j) {
          set(bits, basis[i]);
        }
      }
      r.add(ray);
      z.add(bits);
    }
    // Step 3: the other rows, one at a time.
    for (int k = 0; k < u; k++) {
      if (inBasis[k]) {
        continue;
      }
      deadline.check(stage);
      int count = r.size();
      double[] v = new double[count];
      List<Integer> plus = new ArrayList<>();
      List<Integer> minus = new ArrayList<>();
      List<Integer> zero = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        v[i] = Linear.dot(g, k * d, r.get(i), d);
        if (v[i] > incidence) {
          plus.add(i);
        } else if (v[i] < -incidence) {
          minus.add(i);
        } else {
          zero.add(i);
        }
      }
      if (minus.isEmpty()) {
        for (int i : zero) {
          set(z.get(i), k);
        }
        continue;
      }
      if (plus.isEmpty() && zero.isEmpty()) {
        return degenerate(d, Kind.FLAT, incidence);
      }
      List<double[]> nr = new ArrayList<>();
      List<long[]> nz = new ArrayList<>();
      for (int i : plus) {
        nr.add(r.get(i));
        nz.add(z.get(i));
      }
      for (int i : zero) {
        set(z.get(i), k);
        nr.add(r.get(i));
        nz.add(z.get(i));
      }
      for (int p : plus) {
        for (int n : minus) {
          long[] common = and(z.get(p), z.get(n));
          if (popcount(common) < d - 2) {
            continue;
          }
          boolean adjacent = true;
          for (int o = 0; o < count && adjacent; o++) {
            if (o != p && o != n && subset(common, z.get(o))) {
              adjacent = false;
            }
          }
          if (!adjacent) {
            continue;
          }
          double[] rp = r.get(p);
          double[] rn = r.get(n);
          double[] ray = new double[d];
          for (int c = 0; c < d; c++) {
            ray[c] = v[p] * rn[c] - v[n] * rp[c];
          }
          Linear.normalise(ray);
          set(common, k);
          nr.add(ray);
          nz.add(common);
        }
      }
      if (nr.size() > maxRays) {
        return degenerate(d, Kind.TOO_MANY_RAYS, incidence);
      }
      r = nr;
      z = nz;
    }
    // Step 4: rays merged within the tolerance; they must span R^d.
    List<double[]> distinct = new ArrayList<>();
    for (double[] ray : r) {
      boolean seen = false;
      for (double[] other : distinct) {
        double diff = 0;
        for (int c = 0; c < d; c++) {
          diff = Math.max(diff, Math.abs(ray[c] - other[c]));
        }
        if (diff <= incidence) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        distinct.add(ray);
      }
    }
    int count = distinct.size();
    double[] flat = new double[count * d];
    for (int i = 0; i < count; i++) {
      System.arraycopy(distinct.get(i), 0, flat, i * d, d);
    }
    int[] all = new int[count];
    for (int i = 0; i < count; i++) {
      all[i] = i;
    }
    if (Linear.rank(flat, all, d, incidence) < d) {
      return degenerate(d, Kind.FLAT, incidence);
    }
    // Step 5: walls.
    List<Wall> walls = new ArrayList<>();
    Set<List<Integer>> seenWalls = new HashSet<>();
    int[] on = new int[count];
    for (int k = 0; k < u; k++) {
      int c = 0;
      for (int i = 0; i < count; i++) {
        if (Math.abs(Linear.dot(g, k * d, flat, i * d, d)) <= incidence) {
          on[c++] = i;
        }
      }
      if (c < d - 1) {
        continue;
      }
      int[] wallRays = Arrays.copyOf(on, c);
      if (Linear.rank(flat, wallRays, d, incidence) != d - 1) {
        continue;
      }
      List<Integer> key = new ArrayList<>(c);
      for (int i : wallRays) {
        key.add(i);
      }
      if (seenWalls.add(key)) {
        walls.add(new Wall(wallRays, Arrays.copyOfRange(g, k * d, k * d + d), origin[k]));
      }
    }
    return new PolyhedralCone(d, Kind.POINTED, flat, count, List.copyOf(walls), incidence);
  }

  /** Removes from {@code v} its components along the first {@code count} rows of the orthonormal q; returns the norm left. */
  private static double orthogonalise(double[] v, double[] q, int count, int d) {
    for (int t = 0; t < count; t++) {
      double s = Linear.dot(v, 0, q, t * d, d);
      for (int k = 0; k < d; k++) {
        v[k] -= s * q[t * d + k];
      }
    }
    return Math.sqrt(Linear.dot(v, 0, v, 0, d));
  }

  public Kind kind() {
    return kind;
  }

  public int dimension() {
    return d;
  }

  public int rayCount() {
    return rayCount;
  }

  /** Extreme ray i (a unit vector), copied. */
  public double[] ray(int i) {
    return Arrays.copyOfRange(rays, i * d, i * d + d);
  }

  /** Coordinate k of extreme ray i. */
  public double rayCoordinate(int i, int k) {
    return rays[i * d + k];
  }

  public List<Wall> walls() {
    return walls;
  }

  /**
   * A triangulation of the cone into simplicial cones of d extreme rays each (ray indices), by
   * pulling the lowest-numbered ray: the cone over each wall that does not contain it, the walls
   * triangulated the same way one dimension down (their own facets are their intersections with
   * the cone's other walls that have one dimension less).
   */
  public List<int[]> triangulation() {
    if (kind != Kind.POINTED) {
      return List.of();
    }
    int[] all = new int[rayCount];
    for (int i = 0; i < rayCount; i++) {
      all[i] = i;
    }
    List<int[]> out = new ArrayList<>();
    pull(all, d, new int[0], out);
    return out;
  }

  private void pull(int[] face, int dim, int[] apexes, List<int[]> out) {
    if (face.length == dim) {
      int[] simplex = Arrays.copyOf(apexes, apexes.length + dim);
      System.arraycopy(face, 0, simplex, apexes.length, dim);
      out.add(simplex);
      return;
    }
    int apex = face[0];
    int[] withApex = Arrays.copyOf(apexes, apexes.length + 1);
    withApex[apexes.length] = apex;
    Set<List<Integer>> done = new HashSet<>();
    for (Wall w : walls) {
      int[] sub = intersect(face, w.rays());
      if (sub.length < dim - 1 || Arrays.binarySearch(sub, apex) >= 0) {
        continue;
      }
      if (Linear.rank(rays, sub, d, tol) != dim - 1) {
        continue;
      }
      List<Integer> key = new ArrayList<>(sub.length);
      for (int i : sub) {
        key.add(i);
      }
      if (done.add(key)) {
        pull(sub, dim - 1, withApex, out);
      }
    }
  }

  private static int[] intersect(int[] a, int[] b) {
    int[] out = new int[Math.min(a.length, b.length)];
    int i = 0;
    int j = 0;
    int c = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        out[c++] = a[i];
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return Arrays.copyOf(out, c);
  }

  private static void set(long[] bits, int i) {
    bits[i >>> 6] |= 1L << (i & 63);
  }

  private static long[] and(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] & b[i];
    }
    return out;
  }

  private static boolean subset(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & ~b[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  private static int popcount(long[] a) {
    int c = 0;
    for (long w : a) {
      c += Long.bitCount(w);
    }
    return c;
  }
}
