package org.neuralpolytopes.analysis.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A geodesic triangulation of the unit sphere S^2: the icosahedron, each triangle split into four
 * {@code level} times with the new vertices pushed out to the sphere. Level k has 10 * 4^k + 2
 * vertices and 20 * 4^k triangles, all of nearly equal size, so a radial function drawn on it has
 * no pole artefacts (unlike a latitude-longitude grid).
 */
public final class Icosphere {

  private final double[] xyz;
  private final int[] triangles;

  private Icosphere(double[] xyz, int[] triangles) {
    this.xyz = xyz;
    this.triangles = triangles;
  }

  /** Highest level: 20 * 4^7 = 327,680 triangles. */
  public static final int MAX_LEVEL = 7;

  /** The spheres made so far, by level (each is immutable, so one is shared by every caller). */
  private static final Icosphere[] MADE = new Icosphere[MAX_LEVEL + 1];

  /** The icosphere of a level, made on first use and shared after that. */
  public static Icosphere of(int level) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("icosphere level 0.." + MAX_LEVEL + ", got " + level);
    }
    synchronized (MADE) {
      if (MADE[level] == null) {
        MADE[level] = make(level);
      }
      return MADE[level];
    }
  }

  private static Icosphere make(int level) {
    double t = (1 + Math.sqrt(5)) / 2;
    List<double[]> v = new ArrayList<>();
    double[][] base = {
        {-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0},
        {0, -1, t}, {0, 1, t}, {0, -1, -t}, {0, 1, -t},
        {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
    for (double[] b : base) {
      v.add(unit(b));
    }
    int[] tri = {
        0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11,
        1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
        3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9,
        4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
    for (int l = 0; l < level; l++) {
      Map<Long, Integer> mid = new HashMap<>();
      int[] next = new int[tri.length * 4];
      int k = 0;
      for (int i = 0; i < tri.length; i += 3) {
        int a = tri[i];
        int b = tri[i + 1];
        int c = tri[i + 2];
        int ab = midpoint(v, mid, a, b);
        int bc = midpoint(v, mid, b, c);
        int ca = midpoint(v, mid, c, a);
        int[] add = {a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca};
        System.arraycopy(add, 0, next, k, 12);
        k += 12;
      }
      tri = next;
    }
    double[] flat = new double[v.size() * 3];
    for (int i = 0; i < v.size(); i++) {
      System.arraycopy(v.get(i), 0, flat, 3 * i, 3);
    }
    return new Icosphere(flat, tri);
  }

  private static int midpoint(List<double[]> v, Map<Long, Integer> cache, int a, int b) {
    long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
    return cache.computeIfAbsent(key, k -> {
      double[] p = v.get(a);
      double[] q = v.get(b);
      v.add(unit(new double[] {p[0] + q[0], p[1] + q[1], p[2] + q[2]}));
      return v.size() - 1;
    });
  }

  private static double[] unit(double[] p) {
    double n = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    return new double[] {p[0] / n, p[1] / n, p[2] / n};
  }

  public int vertexCount() {
    return xyz.length / 3;
  }

  public int triangleCount() {
    return triangles.length / 3;
  }

  /** Vertex i as a new unit 3-vector. */
  public double[] vertex(int i) {
    return new double[] {xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]};
  }

  /** Corner k (0..2) of triangle t (counter-clockwise seen from outside). */
  public int corner(int t, int k) {
    return triangles[3 * t + k];
  }
}
