package org.neuralpolytopes.geometry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The symmetry group of a finite point set V in R^d about the origin, within a tolerance: every
 * orthogonal map Q (reflections included) that sends each point of V to within tol x mean radius
 * of a point of V, bijectively (docs/metrics.md, "Vertex symmetry statistics").
 *
 * <p>Algorithm (point-group detection in the manner of SYMMOL: Pilati and Forni 1998, J. Appl.
 * Cryst. 31, 503, "SYMMOL: a program to find the maximum symmetry group in an atom cluster, given
 * a prescribed tolerance"; see also Beruski and Vidal 2014, J. Comput. Chem. 35, 290):
 *
 * <ol>
 *   <li>A frame: d - 1 points p_1 .. p_{d-1} of V, linearly independent and well conditioned
 *       (p_1 from the smallest class of points of equal radius, each next point the nearest to
 *       p_1 that is at least 20 degrees out of the span of the previous ones). An orthogonal map
 *       is fixed, up to the sign of the last axis, by the images of these points.
 *   <li>Candidate images: every tuple (q_1 .. q_{d-1}) of points of V with |q_i| within eps of
 *       |p_i| and |q_i - q_j| within 2 eps of |p_i - p_j| (necessary for a symmetry within eps =
 *       tol x mean radius), enumerated depth first. Each tuple gives two maps Q_0 (the orthonormal
 *       frame of the p's, completed by its unit normal, onto that of the q's, completed by plus or
 *       minus its normal).
 *   <li>Each Q_0 is checked against the whole set: every Q_0 v must have a point of V within
 *       3 eps (rejected at the first failure, which makes wrong candidates cheap). The matching
 *       v -> pi(v) (nearest point) must be a permutation. Q is then refitted to all pairs (v,
 *       pi(v)) by orthogonal Procrustes (SVD of sum pi(v) v^T; Schoenemann 1966), and accepted
 *       when every |Q v - pi(v)| <= eps with the same permutation.
 *   <li>Maps are identified by their permutation (V spans R^d, so the permutation fixes the map),
 *       and the set is closed under composition (maps a noisy body misses at the border of the
 *       tolerance are added with their own Procrustes fit), so the result is a group.
 *   <li>Classification from orders and traces only, no axis geometry: the rotation subgroup (det
 *       +1) of order N with largest element order k is T (N = 12, k = 3), O (24, 4), I (60, 5),
 *       C_N (k = N) or D_{N/2}; the improper elements then give the Schoenflies symbol (inversion:
 *       the map with trace -d; mirrors: the improper maps of order 2 other than the inversion),
 *       e.g. D_n with inversion is D_nh for n even and D_nd for n odd, without inversion D_nh
 *       when it has n + 1 mirrors and D_nd when it has n. In the plane: D_m with reflections,
 *       C_m without. For d >= 4 only the order is named.
 * </ol>
 *
 * The symmetry defect is the largest |Q v - pi(v)| over all maps and points, divided by the mean
 * radius: 0 for an exactly symmetric set, below the tolerance for every accepted map.
 */
public final class PointGroup {

  /** One symmetry: the orthogonal map (d x d, row-major) and the permutation of V it induces. */
  public record Element(double[] matrix, int[] permutation, double defect) {

    public double determinant() {
      return Linear.determinant(matrix, (int) Math.round(Math.sqrt(matrix.length)));
    }

    public double trace() {
      int d = (int) Math.round(Math.sqrt(matrix.length));
      double t = 0;
      for (int i = 0; i < d; i++) {
        t += matrix[i * d + i];
      }
      return t;
    }

    /** The element's order: the lcm of its permutation's cycle lengths. */
    public int order() {
      int n = permutation.length;
      boolean[] seen = new boolean[n];
      long lcm = 1;
      for (int i = 0; i < n; i++) {
        if (seen[i]) {
          continue;
        }
        int len = 0;
        for (int j = i; !seen[j]; j = permutation[j]) {
          seen[j] = true;
          len++;
        }
        lcm = lcm / gcd(lcm, len) * len;
      }
      return (int) lcm;
    }
  }

  private final int d;
  private final double[][] points;
  private final double meanRadius;
  private final List<Element> elements;

  private PointGroup(int d, double[][] points, double meanRadius, List<Element> elements) {
    this.d = d;
    this.points = points;
    this.meanRadius = meanRadius;
    this.elements = elements;
  }

  /**
   * The symmetry group of {@code points} (n rows of d coordinates) within {@code tol} mean radii,
   * or null when the points do not span R^d (their group is then infinite).
   */
  public static PointGroup of(double[][] points, double tol) {
    return new Detector(points, tol).detect();
  }

  public int dimension() {
    return d;
  }

  public List<Element> elements() {
    return elements;
  }

  /** Number of symmetries, reflections included. */
  public int order() {
    return elements.size();
  }

  /** Number of proper rotations (determinant +1). */
  public int rotationOrder() {
    int n = 0;
    for (Element e : elements) {
      if (e.determinant() > 0) {
        n++;
      }
    }
    return n;
  }

  /** Largest |Q v - pi(v)| over all maps, in mean radii. */
  public double defect() {
    double m = 0;
    for (Element e : elements) {
      m = Math.max(m, e.defect());
    }
    return m / meanRadius;
  }

  /** The orbit index of every point (orbits numbered from 0 in order of first point). */
  public int[] orbits() {
    int n = points.length;
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (Element e : elements) {
      for (int i = 0; i < n; i++) {
        int a = find(parent, i);
        int b = find(parent, e.permutation()[i]);
        if (a != b) {
          parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
    }
    int[] orbit = new int[n];
    Map<Integer, Integer> ids = new HashMap<>();
    for (int i = 0; i < n; i++) {
      orbit[i] = ids.computeIfAbsent(find(parent, i), k -> ids.size());
    }
    return orbit;
  }

  public int orbitCount() {
    int max = -1;
    for (int o : orbits()) {
      max = Math.max(max, o);
    }
    return max + 1;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Whether the group contains the inversion x -> -x. */
  public boolean hasInversion() {
    for (Element e : elements) {
      if (isInversion(e)) {
        return true;
      }
    }
    return false;
  }

  /** The inversion: the improper element of order 2 with trace -d (a mirror has trace d - 2). */
  private boolean isInversion(Element e) {
    return e.determinant() < 0 && e.order() == 2 && e.trace() < -d + 1;
  }

  /** Number of mirror reflections: improper elements of order 2 other than the inversion. */
  public int mirrorCount() {
    int n = 0;
    for (Element e : elements) {
      if (e.determinant() < 0 && e.order() == 2 && !isInversion(e)) {
        n++;
      }
    }
    return n;
  }

  /** The largest order of a proper rotation. */
  private int largestRotationOrder() {
    int k = 1;
    for (Element e : elements) {
      if (e.determinant() > 0) {
        k = Math.max(k, e.order());
      }
    }
    return k;
  }

  /**
   * The group's name: Schoenflies for d = 3 (O_h, I_h, T_d, D_6h, C_2v, S_4, C_i, C_s, C_1, ...),
   * D_m or C_m for d = 2, null for d >= 4.
   */
  public String name() {
    int rot = rotationOrder();
    boolean improper = order() > rot;
    if (d == 2) {
      return (improper ? "D_" : "C_") + rot;
    }
    if (d != 3) {
      return null;
    }
    int k = largestRotationOrder();
    String base;
    int n;
    if (rot == 12 && k == 3) {
      base = "T";
      n = 0;
    } else if (rot == 24 && k == 4) {
      base = "O";
      n = 0;
    } else if (rot == 60 && k == 5) {
      base = "I";
      n = 0;
    } else if (k == rot) {
      base = "C";
      n = rot;
    } else {
      base = "D";
      n = rot / 2;
    }
    if (!improper) {
      return n == 0 ? base : base + "_" + n;
    }
    boolean inversion = hasInversion();
    int mirrors = mirrorCount();
    switch (base) {
      case "T":
        return inversion ? "T_h" : "T_d";
      case "O":
        return "O_h";
      case "I":
        return "I_h";
      case "C":
        if (n == 1) {
          return inversion ? "C_i" : "C_s";
        }
        if (inversion) {
          return n % 2 == 0 ? "C_" + n + "h" : "S_" + (2 * n);
        }
        if (mirrors == 0) {
          return "S_" + (2 * n);
        }
        return mirrors == 1 ? "C_" + n + "h" : "C_" + n + "v";
      default:
        if (inversion) {
          return n % 2 == 0 ? "D_" + n + "h" : "D_" + n + "d";
        }
        return mirrors == n + 1 ? "D_" + n + "h" : "D_" + n + "d";
    }
  }

  // ---- detection ----

  private static final class Detector {
    private final double[][] v;
    private final int n;
    private final int d;
    private final double[] radius;
    private final double meanRadius;
    private final double eps;
    private final Map<Key, Element> found = new HashMap<>();
    private int[] frame;
    private double[][] frameBasis;

    Detector(double[][] points, double tol) {
      this.v = points;
      this.n = points.length;
      this.d = n == 0 ? 0 : points[0].length;
      this.radius = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        radius[i] = Math.sqrt(Linear.dot(points[i], points[i]));
        sum += radius[i];
      }
      this.meanRadius = n == 0 ? 0 : sum / n;
      this.eps = tol * meanRadius;
    }

    PointGroup detect() {
      if (n < d || d < 2 || !chooseFrame()) {
        return null;
      }
      frameBasis = completedBasis(framePoints(frame), 1);
      int[] images = new int[d - 1];
      enumerate(0, images);
      close();
      List<Element> list = new ArrayList<>(found.values());
      list.sort((a, b) -> Arrays.compare(a.permutation(), b.permutation()));
      return new PointGroup(d, v, meanRadius, list);
    }

    /** Picks the frame points; false when V does not span R^d. */
    private boolean chooseFrame() {
      // p_1: a point of the smallest class of equal radius (fewest candidate images).
      int best = -1;
      int bestClass = Integer.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        int size = 0;
        for (int j = 0; j < n; j++) {
          if (Math.abs(radius[j] - radius[i]) <= eps) {
            size++;
          }
        }
        if (size < bestClass && radius[i] > eps) {
          bestClass = size;
          best = i;
        }
      }
      if (best < 0) {
        return false;
      }
      frame = new int[d - 1];
      frame[0] = best;
      List<double[]> basis = new ArrayList<>();
      basis.add(unit(v[best]));
      double minSine = Math.sin(Math.toRadians(20));
      for (int k = 1; k < d - 1; k++) {
        int pick = -1;
        double pickDist = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          if (radius[j] <= eps) {
            continue;
          }
          double out = outOfSpan(v[j], basis) / radius[j];
          double dist = Linear.distance(v[j], v[frame[0]]);
          if (out >= minSine && dist < pickDist) {
            pick = j;
            pickDist = dist;
          }
        }
        if (pick < 0) {
          return false;
        }
        frame[k] = pick;
        basis.add(residual(v[pick], basis));
      }
      // V must span R^d: some point out of the frame's hyperplane.
      double maxOut = 0;
      for (int j = 0; j < n; j++) {
        maxOut = Math.max(maxOut, outOfSpan(v[j], basis));
      }
      return maxOut > 2 * eps;
    }

    /** Depth-first enumeration of image tuples for the frame. */
    private void enumerate(int k, int[] images) {
      if (k == d - 1) {
        // Both completions of the image frame: a proper and an improper map.
        double[][] target = completedBasis(framePoints(images), 1);
        tryMap(target);
        for (int i = 0; i < d; i++) {
          target[d - 1][i] = -target[d - 1][i];
        }
        tryMap(target);
        return;
      }
      int p = frame[k];
      for (int q = 0; q < n; q++) {
        if (Math.abs(radius[q] - radius[p]) > eps) {
          continue;
        }
        boolean ok = true;
        for (int j = 0; j < k && ok; j++) {
          if (images[j] == q
              || Math.abs(Linear.distance(v[q], v[images[j]]) - Linear.distance(v[p], v[frame[j]])) > 2 * eps) {
            ok = false;
          }
        }
        if (ok) {
          images[k] = q;
          enumerate(k + 1, images);
        }
      }
    }

    private double[][] framePoints(int[] ids) {
      double[][] out = new double[ids.length][];
      for (int i = 0; i < ids.length; i++) {
        out[i] = v[ids[i]];
      }
      return out;
    }

    /** Checks Q_0 = sum_i target_i frameBasis_i^T against V, refits, and records the map. */
    private void tryMap(double[][] target) {
      double[] q = new double[d * d];
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          double s = 0;
          for (int i = 0; i < d; i++) {
            s += target[i][a] * frameBasis[i][b];
          }
          q[a * d + b] = s;
        }
      }
      int[] perm = match(q, 3 * eps);
      if (perm == null) {
        return;
      }
      Key key = new Key(perm);
      if (found.containsKey(key)) {
        return;
      }
      double[] fit = procrustes(perm);
      int[] again = match(fit, eps);
      if (again == null || !Arrays.equals(again, perm)) {
        return;
      }
      found.put(key, new Element(fit, perm, largestDistance(fit, perm)));
    }

    /**
     * The permutation pi with |Q v_i - v_pi(i)| <= limit (nearest point), or null when some
     * image has no point that close or two images share one.
     */
    private int[] match(double[] q, double limit) {
      int[] perm = new int[n];
      boolean[] used = new boolean[n];
      double[] image = new double[d];
      double limit2 = limit * limit;
      for (int i = 0; i < n; i++) {
        apply(q, v[i], image);
        int best = -1;
        double bestDist = limit2;
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int k = 0; k < d && s <= bestDist; k++) {
            double t = image[k] - v[j][k];
            s += t * t;
          }
          if (s <= bestDist) {
            bestDist = s;
            best = j;
          }
        }
        if (best < 0 || used[best]) {
          return null;
        }
        used[best] = true;
        perm[i] = best;
      }
      return perm;
    }

    /** The orthogonal Q minimising sum |Q v_i - v_pi(i)|^2: U V^T from the SVD of sum v_pi(i) v_i^T. */
    private double[] procrustes(int[] perm) {
      double[][] m = new double[d][d];
      for (int i = 0; i < n; i++) {
        double[] a = v[perm[i]];
        double[] b = v[i];
        for (int r = 0; r < d; r++) {
          for (int c = 0; c < d; c++) {
            m[r][c] += a[r] * b[c];
          }
        }
      }
      SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(m, false));
      RealMatrix q = svd.getU().multiply(svd.getVT());
      double[] out = new double[d * d];
      for (int r = 0; r < d; r++) {
        for (int c = 0; c < d; c++) {
          out[r * d + c] = q.getEntry(r, c);
        }
      }
      return out;
    }

    private double largestDistance(double[] q, int[] perm) {
      double[] image = new double[d];
      double max = 0;
      for (int i = 0; i < n; i++) {
        apply(q, v[i], image);
        max = Math.max(max, Linear.distance(image, v[perm[i]]));
      }
      return max;
    }

    /** Adds the compositions of found maps until the set is closed (breadth first). */
    private void close() {
      List<Element> generators = new ArrayList<>();
      Map<Key, Boolean> group = new HashMap<>();
      Key identity = identityKey();
      group.put(identity, true);
      for (Element e : new ArrayList<>(found.values())) {
        if (group.containsKey(new Key(e.permutation()))) {
          continue;
        }
        generators.add(e);
        // Regenerate the group from the generators so far.
        Deque<int[]> queue = new ArrayDeque<>();
        queue.add(identity.perm);
        group.clear();
        group.put(identity, true);
        while (!queue.isEmpty()) {
          int[] g = queue.poll();
          for (Element s : generators) {
            int[] h = compose(s.permutation(), g);
            if (group.putIfAbsent(new Key(h), true) == null) {
              queue.add(h);
            }
          }
        }
      }
      for (Key k : group.keySet()) {
        if (!found.containsKey(k)) {
          double[] fit = procrustes(k.perm);
          found.put(k, new Element(fit, k.perm, largestDistance(fit, k.perm)));
        }
      }
    }

    private Key identityKey() {
      int[] id = new int[n];
      for (int i = 0; i < n; i++) {
        id[i] = i;
      }
      return new Key(id);
    }

    /** (a o b)(i) = a(b(i)). */
    private static int[] compose(int[] a, int[] b) {
      int[] c = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[b[i]];
      }
      return c;
    }

    private void apply(double[] q, double[] x, double[] out) {
      for (int a = 0; a < d; a++) {
        double s = 0;
        for (int b = 0; b < d; b++) {
          s += q[a * d + b] * x[b];
        }
        out[a] = s;
      }
    }

    /**
     * An orthonormal basis whose first d - 1 vectors span the given d - 1 points (Gram-Schmidt in
     * order) and whose last is their unit normal, oriented so the basis has determinant sign.
     */
    private double[][] completedBasis(double[][] pts, int sign) {
      List<double[]> basis = new ArrayList<>();
      for (double[] p : pts) {
        basis.add(residual(p, basis));
      }
      // The normal: the standard axis furthest out of the span, made orthogonal to it.
      double[] normal = null;
      double bestOut = -1;
      for (int axis = 0; axis < d; axis++) {
        double[] e = new double[d];
        e[axis] = 1;
        double out = outOfSpan(e, basis);
        if (out > bestOut) {
          bestOut = out;
          normal = residual(e, basis);
        }
      }
      basis.add(normal);
      double[][] out = basis.toArray(new double[0][]);
      double[] flat = new double[d * d];
      for (int i = 0; i < d; i++) {
        System.arraycopy(out[i], 0, flat, i * d, d);
      }
      if (Math.signum(Linear.determinant(flat, d)) != sign) {
        for (int i = 0; i < d; i++) {
          out[d - 1][i] = -out[d - 1][i];
        }
      }
      return out;
    }
  }

  /** A permutation as a hash key. */
  private record Key(int[] perm) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(perm, k.perm);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(perm);
    }
  }

  // ---- small vector helpers ----

  private static double[] unit(double[] a) {
    double n = Math.sqrt(Linear.dot(a, a));
    double[] u = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      u[i] = a[i] / n;
    }
    return u;
  }

  /** The unit component of a orthogonal to the orthonormal vectors of basis. */
  private static double[] residual(double[] a, List<double[]> basis) {
    double[] r = a.clone();
    for (double[] b : basis) {
      double s = Linear.dot(r, b);
      for (int i = 0; i < r.length; i++) {
        r[i] -= s * b[i];
      }
    }
    return unit(r);
  }

  /** The length of the component of a orthogonal to the orthonormal vectors of basis. */
  private static double outOfSpan(double[] a, List<double[]> basis) {
    double[] r = a.clone();
    for (double[] b : basis) {
      double s = Linear.dot(r, b);
      for (int i = 0; i < r.length; i++) {
        r[i] -= s * b[i];
      }
    }
    return Math.sqrt(Linear.dot(r, r));
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
