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
 * orthogonal map Q (reflections included) that sends each point v of V to within tol x rho of a
 * point w of V, bijectively, where rho = (|v| + |w|) / 2 is the radius of the two points being
 * matched (docs/metrics.md, "Vertex symmetry statistics"). The tolerance is relative to each match's
 * own radius, not to the set's mean radius, so that a set whose few spikes lie far out (spiky
 * bodies, p < 1) is judged on its inner points as strictly as on its spikes: a rotation error of
 * tol radians moves every point by tol of its own radius.
 *
 * <p>Algorithm (point-group detection in the manner of SYMMOL: Pilati and Forni 1998, J. Appl.
 * Cryst. 31, 503, "SYMMOL: a program to find the maximum symmetry group in an atom cluster, given
 * a prescribed tolerance"; see also Beruski and Vidal 2014, J. Comput. Chem. 35, 290):
 *
 * <ol>
 *   <li>A frame: d - 1 points p_1 .. p_{d-1} of V, linearly independent and well conditioned
 *       (p_1 from the smallest class of points of equal radius and nearest-neighbour distances,
 *       each next point the nearest to p_1 that is at least 20 degrees out of the span of the
 *       previous ones; a point at the origin fixes no direction and is not used). An orthogonal
 *       map is fixed, up to the sign of the last axis, by the images of these points.
 *   <li>Candidate images: every tuple (q_1 .. q_{d-1}) of points of V with |q_i| within tol x
 *       rho of |p_i|, the distances from q_i to its four nearest neighbours within their bound
 *       of p_i's, and |q_i - q_j| within tol x (rho_i + rho_j) of |p_i - p_j| (all necessary for a
 *       symmetry within the tolerance), enumerated depth first. Each tuple gives two maps Q_0
 *       (the orthonormal frame of the p's, completed by its unit normal, onto that of the q's,
 *       completed by plus or minus its normal).
 *   <li>Each Q_0 is checked against the whole set: every Q_0 v must have a point w of V within
 *       3 tol x rho (rejected at the first failure, which makes wrong candidates cheap). The
 *       matching v -> pi(v) (nearest point) must be a permutation. Q is then refitted to all pairs
 *       (v, pi(v)) by orthogonal Procrustes (SVD of sum pi(v) v^T / rho^2, each pair weighted by
 *       its radius so that every point counts by its relative error; Schoenemann 1966), and
 *       accepted when every |Q v - pi(v)| <= tol x rho with the same permutation.
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
 * <p>A set V that spans only a hyperplane W of R^d (every point within 2 tol x its radius of the
 * frame's hyperplane, step 1) has a finite group all the same: every map that fixes V fixes W and
 * so W's normal line, and the group is the maps of W that fix V, each extended by +1 or -1 on the
 * normal (order twice theirs; e.g. a square in a plane of R^3 has the square bipyramid's D_4h of
 * order 16, two antipodal points of the plane D_2 of order 4). It is found as the group of V
 * completed by the two points +-s n (n the unit normal of the hyperplane fitted to V's
 * directions, s twice V's largest radius, so that they can only be each other's images), a set
 * that spans R^d, by the steps above: whether a map swaps the two is its sign on n. Orbits are
 * V's alone; the defect counts the two points. A set that spans less than a hyperplane (no frame
 * of d - 1 points in step 1) has an infinite group, the rotations about its span, and gets none.
 *
 * The symmetry defect is the largest |Q v - pi(v)| / rho over all maps and points: 0 for an
 * exactly symmetric set, below the tolerance for every accepted map (maps added only by the
 * closure can exceed it).
 */
public final class PointGroup {

  /**
   * One symmetry: the orthogonal map (d x d, row-major), the permutation of V it induces, and its
   * defect, the largest |Q v - pi(v)| / rho over the points (rho: the matched points' mean radius).
   * For a set V that spans only a hyperplane the permutation has two more entries, n and n + 1,
   * for the points +-s n on its normal (swapped by the maps that reverse the normal), and the
   * defect counts them.
   */
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
  /** The points whose orbits are reported: the first {@code count} of the searched set. */
  private final int count;
  private final List<Element> elements;

  private PointGroup(int d, int count, List<Element> elements) {
    this.d = d;
    this.count = count;
    this.elements = elements;
  }

  /**
   * The symmetry group of {@code points} (n rows of d coordinates) within {@code tol} times the
   * radius of each pair of matched points, or null when the points span less than a hyperplane
   * of R^d (their group is then infinite: the rotations about their span). Points that span a
   * hyperplane W only have the group of the maps of W that fix them, each extended by +1 or -1
   * on W's normal (see the class comment).
   */
  public static PointGroup of(double[][] points, double tol) {
    return of(points, tol, Deadline.NONE, null);
  }

  /**
   * As {@link #of(double[][], double)}, checking {@code deadline} (under the name {@code stage})
   * before every candidate map and every map added by the closure.
   */
  public static PointGroup of(double[][] points, double tol, Deadline deadline, String stage) {
    Detector detector = new Detector(points, tol);
    detector.deadline = deadline;
    detector.stage = stage;
    return detector.detect();
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

  /** Largest |Q v - pi(v)| / rho over all maps and points, rho the matched points' mean radius. */
  public double defect() {
    double m = 0;
    for (Element e : elements) {
      m = Math.max(m, e.defect());
    }
    return m;
  }

  /** The orbit index of every point (orbits numbered from 0 in order of first point). */
  public int[] orbits() {
    // (a flat set's two normal points come last and form an orbit of their own: left out)
    int n = count;
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

  /**
   * Fraction of the largest radius under which a point counts as the origin (it fixes no
   * direction): a numerical guard, since the tolerance is relative to each point's own radius.
   */
  private static final double ORIGIN = 1e-9;

  /**
   * The first check of a candidate map (step 3) accepts matches within this many tolerances: the
   * map from the frame alone is less accurate than its Procrustes refit.
   */
  private static final double INITIAL_MATCH = 3;

  /**
   * Defect (relative to the matched radii) under which a found map counts as an exact symmetry:
   * rounding, far below any tolerance (see {@code Detector.coveredFirstImage}).
   */
  private static final double EXACT_DEFECT = 1e-9;

  /** Points matched first, spread out over the set, per dimension ({@code Detector.buildIndex}). */
  private static final int TEST_POINTS_PER_DIMENSION = 2;

  /** Points whose class is sized when p_1 is chosen (all of them in a set no larger). */
  private static final int CLASS_SAMPLE = 256;

  /** Nearest-neighbour distances compared per point, besides its radius (step 2's invariants). */
  private static final int INVARIANTS = 4;

  private static final class Detector {
    private final double[][] v;
    private final int n;
    private final int d;
    private final double[] radius;
    private final double tol;
    /** Points within this radius of the origin fix no direction and are not used in frames. */
    private final double originRadius;
    private final Map<Key, Element> found = new HashMap<>();
    private int[] frame;
    private double[][] frameBasis;
    private Deadline deadline = Deadline.NONE;
    private String stage;
    /** The matching's index ({@link #buildIndex}). */
    private PointIndex index;
    private int[] testOrder;
    private int[] matchScratch;
    /** Enumeration candidates ({@link #candidateLists}). */
    private int[] firstClass;
    /** The first images whose maps have all been searched. */
    private boolean[] searchedFirst;
    private double frameReach;
    private int[] around;
    private int aroundFirst;
    private boolean[] usedScratch;
    private double[] imageScratch;
    /** Distances to the nearest {@link #invariants} other points, per point (row-major). */
    private double[] nearest;
    private int invariants;

    Detector(double[][] points, double tol) {
      this.v = points;
      this.n = points.length;
      this.d = n == 0 ? 0 : points[0].length;
      this.radius = new double[n];
      double largest = 0;
      for (int i = 0; i < n; i++) {
        radius[i] = Math.sqrt(Linear.dot(points[i], points[i]));
        largest = Math.max(largest, radius[i]);
      }
      this.tol = tol;
      this.originRadius = ORIGIN * largest;
    }

    PointGroup detect() {
      if (n < d - 1 || d < 2) {
        return null;
      }
      neighbourDistances();
      int span = chooseFrame();
      if (span == SPANS_LESS) {
        return null;
      }
      if (span == SPANS_HYPERPLANE) {
        return flat();
      }
      return search();
    }

    /** Steps 2 to 4 for a set that spans R^d, its frame chosen. */
    private PointGroup search() {
      frameBasis = Linear.orthonormalFrame(d, 1, framePoints(frame));
      buildIndex();
      candidateLists();
      int[] images = new int[d - 1];
      enumerate(0, images);
      close();
      List<Element> list = new ArrayList<>(found.values());
      list.sort((a, b) -> Arrays.compare(a.permutation(), b.permutation()));
      return new PointGroup(d, n, list);
    }

    /** {@link #chooseFrame}'s answers: V spans R^d, a hyperplane of it, or less. */
    private static final int SPANS_ALL = 0;
    private static final int SPANS_HYPERPLANE = 1;
    private static final int SPANS_LESS = 2;

    /**
     * The group of a set V that spans a hyperplane W only (the class comment): the
     * group of V together with the points +-s n, n the unit normal of W fitted to V and s twice
     * V's largest radius (so that no point of V can be their image). Every map that fixes V fixes
     * W and so the line of n, and it is a symmetry of the larger set, which spans R^d; its
     * permutation tells the map's sign on n. The orbits are V's alone.
     */
    private PointGroup flat() {
      double largest = 0;
      for (double r : radius) {
        largest = Math.max(largest, r);
      }
      double[] normal = fittedNormal();
      double[][] completed = Arrays.copyOf(v, n + 2);
      completed[n] = new double[d];
      completed[n + 1] = new double[d];
      for (int i = 0; i < d; i++) {
        completed[n][i] = 2 * largest * normal[i];
        completed[n + 1][i] = -2 * largest * normal[i];
      }
      Detector whole = new Detector(completed, tol);
      whole.deadline = deadline;
      whole.stage = stage;
      whole.neighbourDistances();
      if (whole.chooseFrame() != SPANS_ALL) {
        // (V spans W too poorly for the frame of the completed set: no group, as before)
        return null;
      }
      PointGroup g = whole.search();
      return new PointGroup(d, n, g.elements);
    }

    /**
     * The unit normal of the hyperplane that best fits the directions of V: the eigenvector of
     * least eigenvalue of sum u u^T over the unit vectors u = v / |v| (points at the origin left
     * out), which minimises the sum of the squared distances out of it relative to each radius.
     */
    private double[] fittedNormal() {
      double[][] m = new double[d][d];
      for (int i = 0; i < n; i++) {
        if (radius[i] <= originRadius) {
          continue;
        }
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            m[a][b] += v[i][a] * v[i][b] / (radius[i] * radius[i]);
          }
        }
      }
      SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(m, false));
      // singular values descending: the last right singular vector
      return svd.getV().getColumn(d - 1);
    }

    /** Picks the frame points; tells whether V spans R^d, only a hyperplane, or less. */
    private int chooseFrame() {
      // p_1: a point of the smallest class of equal invariants (fewest candidate images).
      // (in a large set, among a sample of at most CLASS_SAMPLE points spread over the radii:
      // any p_1 is correct, a small class only makes the search faster)
      int best = -1;
      int bestClass = Integer.MAX_VALUE;
      Integer[] byRadius = new Integer[n];
      for (int i = 0; i < n; i++) {
        byRadius[i] = i;
      }
      Arrays.sort(byRadius, (a, b) -> radius[a] != radius[b] ? Double.compare(radius[a], radius[b]) : a - b);
      int samples = Math.min(n, CLASS_SAMPLE);
      for (int sample = 0; sample < samples; sample++) {
        int i = samples == n ? sample : byRadius[(int) ((long) sample * (n - 1) / (samples - 1))];
        deadline.check(stage);
        int size = 0;
        for (int j = 0; j < n; j++) {
          if (sameClass(i, j)) {
            size++;
          }
        }
        if ((size < bestClass || (size == bestClass && i < best)) && radius[i] > originRadius) {
          bestClass = size;
          best = i;
        }
      }
      if (best < 0) {
        return SPANS_LESS;
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
          if (radius[j] <= originRadius) {
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
          return SPANS_LESS;
        }
        frame[k] = pick;
        basis.add(residual(v[pick], basis));
      }
      // V spans R^d when some point lies out of the frame's hyperplane by more than twice the
      // tolerance of its own radius; else V spans that hyperplane (the frame's d - 1 points).
      for (int j = 0; j < n; j++) {
        if (outOfSpan(v[j], basis) > 2 * tol * radius[j]) {
          return SPANS_ALL;
        }
      }
      return SPANS_HYPERPLANE;
    }

    /** |r_i - r_j| within the tolerance of their mean radius. */
    private boolean sameRadius(int i, int j) {
      return Math.abs(radius[i] - radius[j]) <= tol * rho(i, j);
    }

    /**
     * Whether point j can be the image of point i under a symmetry within the tolerance: equal
     * radius, and equal distances to their k-th nearest neighbours, k < {@link #INVARIANTS}. A
     * symmetry moves every point v by at most tol x rho <= tol (r_v + r_w) / 2 from its match w,
     * so every distance |v - u| changes by at most tol (rho_v + rho_u), and with it the k-th
     * smallest distance from a point; the neighbours within D of p have radius at most r_p + D,
     * which bounds that change by tol (r_i + r_j + D_k) / (1 - tol / 2), D_k the larger of the
     * two k-th distances. A necessary condition, so no symmetry is lost; it spares the search the
     * images that only the radius would admit (a trained body's thousands of vertices lie within
     * a few percent of one radius).
     */
    private boolean sameClass(int i, int j) {
      if (!sameRadius(i, j)) {
        return false;
      }
      double factor = tol / (1 - tol / 2);
      for (int k = 0; k < invariants; k++) {
        double a = nearest[i * invariants + k];
        double b = nearest[j * invariants + k];
        if (Math.abs(a - b) > factor * (radius[i] + radius[j] + Math.max(a, b))) {
          return false;
        }
      }
      return true;
    }

    /**
     * The candidates of the enumeration: the points of p_1's class, and the radius within which
     * the image of every later frame point p_k lies around the image q_1 of p_1: |q_k - q_1| may
     * exceed |p_k - p_1| by tol (rho_k + rho_1), and a point of p_k's class has rho_k at most
     * r_k / (1 - tol / 2).
     */
    private void candidateLists() {
      int count = 0;
      int[] members = new int[n];
      for (int q = 0; q < n; q++) {
        if (sameClass(frame[0], q)) {
          members[count++] = q;
        }
      }
      firstClass = Arrays.copyOf(members, count);
      searchedFirst = new boolean[n];
      // p_1 itself (the identity) and the point nearest -p_1 (the inversion, exact for every body
      // of an even activation) first: maps found early let later first images be skipped
      int antipode = -1;
      for (int c = 0; c < count; c++) {
        if (antipode < 0 || Linear.dot(v[firstClass[c]], v[frame[0]]) < Linear.dot(v[antipode], v[frame[0]])) {
          antipode = firstClass[c];
        }
      }
      moveToFront(firstClass, antipode);
      moveToFront(firstClass, frame[0]);
      frameReach = 0;
      for (int k = 1; k < d - 1; k++) {
        double slack = tol * (radius[frame[k]] + radius[frame[0]]) / (1 - tol / 2);
        frameReach = Math.max(frameReach, Linear.distance(v[frame[k]], v[frame[0]]) + slack);
      }
      around = new int[n];
    }

    /** Moves x (if present) to the front of a, keeping the others' order. */
    private static void moveToFront(int[] a, int x) {
      for (int i = 0; i < a.length; i++) {
        if (a[i] == x) {
          System.arraycopy(a, 0, a, 1, i);
          a[0] = x;
          return;
        }
      }
    }

    /** The distances from every point to its nearest {@link #invariants} others, ascending. */
    private void neighbourDistances() {
      invariants = Math.min(INVARIANTS, n - 1);
      nearest = PointIndex.nearestDistances(v, invariants, deadline, stage);
    }

    /** The radius against which a match of points i and j is judged. */
    private double rho(int i, int j) {
      return 0.5 * (radius[i] + radius[j]);
    }

    /** Depth-first enumeration of image tuples for the frame. */
    private void enumerate(int k, int[] images) {
      deadline.check(stage);
      if (k == d - 1) {
        // Both completions of the image frame: a proper and an improper map. Images that are
        // linearly dependent (possible within the distance tolerances) are no frame.
        double[][] target;
        try {
          target = Linear.orthonormalFrame(d, 1, framePoints(images));
        } catch (IllegalArgumentException dependent) {
          return;
        }
        tryMap(target);
        for (int i = 0; i < d; i++) {
          target[d - 1][i] = -target[d - 1][i];
        }
        tryMap(target);
        return;
      }
      int p = frame[k];
      if (k == 1) {
        // the later frame points lie near p_1, so their images lie near q_1: only the points
        // within frameReach of q_1 are candidates below this level
        aroundFirst = 0;
        for (int q = 0; q < n; q++) {
          if (Linear.distance(v[q], v[images[0]]) <= frameReach) {
            around[aroundFirst++] = q;
          }
        }
      }
      int[] candidates = k == 0 ? firstClass : around;
      int count = k == 0 ? firstClass.length : aroundFirst;
      for (int c = 0; c < count; c++) {
        int q = candidates[c];
        if (!sameClass(p, q) || (k == 0 && coveredFirstImage(q))) {
          continue;
        }
        boolean ok = true;
        for (int j = 0; j < k && ok; j++) {
          double slack = tol * (rho(p, q) + rho(frame[j], images[j]));
          if (images[j] == q
              || Math.abs(Linear.distance(v[q], v[images[j]]) - Linear.distance(v[p], v[frame[j]])) > slack) {
            ok = false;
          }
        }
        if (ok) {
          images[k] = q;
          enumerate(k + 1, images);
        }
        if (k == 0) {
          searchedFirst[q] = true;
        }
      }
    }

    /**
     * Whether every map sending p_1 to q is already accounted for: some map h found so far that is
     * exact (defect at most {@link #EXACT_DEFECT}) sends q to a q' whose maps were all searched.
     * A symmetry g with g(p_1) = q then has h g, a symmetry of the same defect to rounding, among
     * the maps with p_1 -> q', and g = h^-1 (h g) comes back in the closure (step 4). Bodies of
     * even activations are exactly centrally symmetric, so this halves their search at least.
     */
    private boolean coveredFirstImage(int q) {
      for (Element h : found.values()) {
        if (h.defect() <= EXACT_DEFECT && searchedFirst[h.permutation()[q]]) {
          return true;
        }
      }
      return false;
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
      deadline.check(stage);
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
      int[] perm = match(q, INITIAL_MATCH * tol);
      if (perm == null) {
        return;
      }
      Key key = new Key(perm);
      if (found.containsKey(key)) {
        return;
      }
      double[] fit = procrustes(perm);
      int[] again = match(fit, tol);
      if (again == null || !Arrays.equals(again, perm)) {
        return;
      }
      found.put(key, new Element(fit, perm, largestDistance(fit, perm)));
    }

    /**
     * The permutation pi with |Q v_i - v_pi(i)| <= factor x rho(i, pi(i)) (the nearest point among
     * those), or null when some image has no point that close or two images share one.
     */
    private int[] match(double[] q, double factor) {
      // scratch arrays: a wrong map is usually rejected after a few points, so nothing of size n
      // is allocated or cleared for it
      int[] perm = matchScratch;
      boolean[] used = usedScratch;
      int matched = 0;
      try {
        for (int i : testOrder) {
          int j = nearestImage(q, i, factor);
          if (j < 0 || used[j]) {
            return null;
          }
          used[j] = true;
          perm[i] = j;
          matched++;
        }
        return perm.clone();
      } finally {
        for (int t = 0; t < matched; t++) {
          used[perm[testOrder[t]]] = false;
        }
      }
    }

    /** The nearest point within factor x rho(i, j) of Q v_i, or -1. */
    private int nearestImage(double[] q, int i, double factor) {
      double[] image = imageScratch;
      apply(q, v[i], image);
      // every candidate j within factor x rho(i, j) of the image lies within this of it
      // (r_j <= |image| + distance, and |image| = r_i)
      double reach = factor * radius[i] / (1 - factor / 2);
      int count = index.near(image, reach);
      int[] near = index.found();
      int best = -1;
      double bestDist = Double.POSITIVE_INFINITY;
      for (int t = 0; t < count; t++) {
        int j = near[t];
        double limit = factor * rho(i, j);
        double cap = Math.min(bestDist, limit * limit);
        double s = 0;
        for (int k = 0; k < d && s <= cap; k++) {
          double x = image[k] - v[j][k];
          s += x * x;
        }
        // the nearest within its limit; of two at the same distance the later point (as a scan
        // in index order would keep it)
        if (s <= cap && (s < bestDist || j > best)) {
          bestDist = s;
          best = j;
        }
      }
      return best;
    }

    /**
     * The index of {@link #match}: the points on a grid whose cells are twice the widest reach of a
     * match ({@link PointIndex}), and the order in which points are matched: first a few spread
     * out by farthest-point sampling from the first frame point (a wrong map moves some of them
     * far, and is rejected after a few queries), then the rest.
     */
    private void buildIndex() {
      double largest = 0;
      for (double r : radius) {
        largest = Math.max(largest, r);
      }
      double widest = INITIAL_MATCH * tol;
      index = new PointIndex(v, widest * largest / (1 - widest / 2));
      matchScratch = new int[n];
      usedScratch = new boolean[n];
      imageScratch = new double[d];
      // farthest-point sampling seeded by the frame (whose points a candidate map sends to their
      // images by construction): the first test points lie far from the frame and each other
      testOrder = new int[n];
      boolean[] taken = new boolean[n];
      double[] gap = new double[n];
      Arrays.fill(gap, Double.POSITIVE_INFINITY);
      for (int f : frame) {
        taken[f] = true;
        for (int j = 0; j < n; j++) {
          gap[j] = Math.min(gap[j], Linear.distance(v[j], v[f]));
        }
      }
      int spread = Math.min(n - frame.length, TEST_POINTS_PER_DIMENSION * d);
      for (int t = 0; t < spread; t++) {
        int far = -1;
        for (int j = 0; j < n; j++) {
          if (!taken[j] && (far < 0 || gap[j] > gap[far])) {
            far = j;
          }
        }
        testOrder[t] = far;
        taken[far] = true;
        for (int j = 0; j < n; j++) {
          if (!taken[j]) {
            gap[j] = Math.min(gap[j], Linear.distance(v[j], v[far]));
          }
        }
      }
      int t = spread;
      for (int j = 0; j < n; j++) {
        if (!taken[j]) {
          testOrder[t++] = j;
        }
      }
      for (int f : frame) {
        testOrder[t++] = f;
      }
    }

    /**
     * The orthogonal Q minimising sum |Q v_i - v_pi(i)|^2 / rho_i^2: U V^T from the SVD of
     * sum v_pi(i) v_i^T / rho_i^2.
     */
    private double[] procrustes(int[] perm) {
      double[][] m = new double[d][d];
      for (int i = 0; i < n; i++) {
        double[] a = v[perm[i]];
        double[] b = v[i];
        double rho = rho(i, perm[i]);
        double w = rho > 0 ? 1 / (rho * rho) : 0;
        for (int r = 0; r < d; r++) {
          for (int c = 0; c < d; c++) {
            m[r][c] += w * a[r] * b[c];
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

    /** max over the points of |Q v - pi(v)| / rho. */
    private double largestDistance(double[] q, int[] perm) {
      double[] image = new double[d];
      double max = 0;
      for (int i = 0; i < n; i++) {
        apply(q, v[i], image);
        double rho = rho(i, perm[i]);
        max = Math.max(max, rho > 0 ? Linear.distance(image, v[perm[i]]) / rho : 0);
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
          deadline.check(stage);
          for (Element s : generators) {
            int[] h = compose(s.permutation(), g);
            if (group.putIfAbsent(new Key(h), true) == null) {
              queue.add(h);
            }
          }
        }
      }
      for (Key k : group.keySet()) {
        deadline.check(stage);
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
