package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Network;

/**
 * The exact Morse counts of a spiky one-layer body in d = 3: f(u) = c sum_j |w_j . u|^p with
 * 0 < p < 1 (c = sigma(1) > 0; the output is the plain sum of the units), read off the arrangement
 * of the great circles w_j . u = 0 on S^2 instead of a sphere mesh ({@link MorseCounts}, step 0).
 *
 * <p>Why the arrangement gives every critical point of r = f^(-1/p) (a decreasing function of f,
 * so maxima of r are minima of f and the reverse; r has the same saddles as f):
 *
 * <ul>
 *   <li>Euclidean derivatives of F(x) = c sum_j |w_j . x|^p where no w_j . x vanishes: gradient g,
 *       Hessian H = c p (p - 1) sum_j |w_j . x|^(p-2) w_j w_j^T, negative semi-definite for p < 1.
 *       On the sphere the Riemannian Hessian of f is P H P - (u . g) P (P the projection on the
 *       tangent plane), and u . g = p f by homogeneity (Euler), so it is at most -p f < 0 on the
 *       tangent plane: f is strictly geodesically concave wherever no term vanishes. On one great
 *       circle a term reads A^p |cos(theta - theta0)|^p, whose second derivative
 *       p A^p |cos|^(p-2) ((p - 1) sin^2 - cos^2) is negative wherever the term is non-zero, and
 *       whose slope p A^p |cos|^(p-1) |sin| is infinite at its zeros (a cusp, pointing down).
 *   <li>Faces: an open face of the arrangement (a constant sign vector of w_j . u) lies in the open
 *       hemisphere {sign_j w_j . u > 0} of each of its circles, so it is geodesically convex, and f
 *       is strictly concave on it. At a boundary point the vanishing terms rise into the face with
 *       infinite slope while the others have finite derivatives, so f is not maximal on the
 *       boundary: f has exactly one critical point in each face, an interior non-degenerate
 *       maximum, that is one MINIMUM of r per face.
 *   <li>Arcs: on an open arc of a circle between two consecutive vertices, the circle's own terms
 *       vanish, every other is non-zero, so f along the arc is strictly concave with slope +infinity
 *       at the start and -infinity at the end: one interior maximum along the arc. Across the arc
 *       f = (its own terms, like |s|^p) + (smooth) has a cusp minimum, so that point is a
 *       topological saddle of index 1 (the set where f is lower, near it, has two components:
 *       the two sides of the arc's maximum along the arc). Every other point of the arc is regular
 *       (f is monotone along the arc there, and the level set crosses it once): one index-1 SADDLE
 *       of r per arc.
 *   <li>Vertices (two or more circles meet): every tangent direction leaves at least one of them
 *       transversally, so the vanishing terms rise like t^p with a coefficient bounded below over
 *       directions, faster than the others can fall: a strict local minimum of f, a MAXIMUM of r
 *       (a cusp).
 * </ul>
 *
 * The Morse relation is then Euler's formula V - E + F = 2 of the arrangement, a cell
 * decomposition of S^2 (two distinct great circles meet, so its graph is connected, and its faces
 * are convex, hence discs). In general position (no three circles through a point) there are
 * n(n - 1) vertices (2 per pair), 2 n (n - 1) arcs and n (n - 1) + 2 faces: counts
 * [n(n-1), 2n(n-1), n(n-1)+2] (8 units: [56, 112, 58]) whatever the mesh.
 *
 * <p>Computation (tolerances from {@link Tolerances}):
 *
 * <ol>
 *   <li>Rows whose norm is at most {@link Tolerances#unit()} times the largest are dead (as in the
 *       canonical form) and draw no circle; rows whose planes make an angle below
 *       {@link Tolerances#critical()} (up to sign) draw one circle, the first row's. Both still
 *       count in f, but their own kinks are not counted (as the canonical form drops the one and
 *       merges the other): the root and Newton searches below stay bracketed across them.
 *   <li>Vertices: +-(n_a x n_b) / |n_a x n_b| for every pair of circles, sorted by angle along
 *       each circle. Merged (union-find): the two ends of every arc shorter than
 *       {@link Tolerances#critical()}, which contracts it (contracting an edge keeps Euler's
 *       formula, and a face whose every arc is contracted, such as the tiny triangle of three
 *       near-concurrent circles, goes with them), and then vertices within that angle of an
 *       earlier one (a spatial hash). Concurrent circles (the tetrakis frame's triple points)
 *       give one vertex. A maximum of r is its merged vertex's first direction.
 *   <li>Saddles: an arc runs between consecutive vertices of a circle that belong to different
 *       merged vertices, and its saddle is the zero of d f / d theta, which falls from +infinity
 *       to -infinity along it: bisection safeguarding Newton's method with analytic derivatives,
 *       to about 1e-13 rad.
 *   <li>Minima: each saddle is stepped off its circle to both sides, by half its distance to the
 *       nearest other circle (so that no circle is crossed but its own), and the sign vector of
 *       n . u over the circles there names a face; every new face's maximum of f is found by
 *       Newton's method on S^2 with the analytic Riemannian gradient and Hessian (negative
 *       definite there), each step halved until f rises and the sign vector stays, until the
 *       step is below 1e-13 rad. One minimum per face: faces are disjoint, so two minima closer
 *       than {@link Tolerances#critical()} are still two (near p = 1 a face's maximum of f hugs a
 *       vertex, at a distance like (p c / slope)^(1 / (1 - p)), below rounding at p = 0.95; merging
 *       them, as the mesh search merges its results, made {@code morse_ok} false for 24 of 40
 *       random 4-16-unit layers at p = 0.95).
 *   <li>{@code morse_ok} = (V - E + F == 2) on the counts. The faces are found by their sign
 *       vectors, independently of how vertices were merged and arcs counted, so it checks the
 *       merging: two vertices merged by distance alone (no short arc between them), or a face
 *       whose arcs were all dropped without it being contracted, make it false (random 128- and
 *       200-unit layers at p = 0.5 have a few faces of about 1e-3 rad among 16 000). Critical
 *       points that close are exact but faint: on a trained (3, 1, 16, 0.9) body 78 of the 236
 *       maxima have another critical point within 1e-3 rad.
 * </ol>
 *
 * Not applied (null: the caller uses the mesh search) with fewer than two circles or when every
 * pair of circles meets in the same merged vertex (rows in one plane: the body is unbounded and
 * the caller should not get here), or with more than {@link #MAX_CIRCLES} circles (a cost bound:
 * 2 n (n - 1) arcs and n (n - 1) faces, each a search whose steps evaluate all n rows; random
 * layers take 0.1 s at 32 units, 0.6 s at 64, 2 s at 128 and 7 s at 200, where the mesh search at
 * 20 000 points takes 0.8-1.7 s and finds a few percent of the critical points).
 */
final class KinkArrangement {

  /** Most circles handled exactly; above, the mesh search (cost grows like n^3). */
  static final int MAX_CIRCLES = 200;

  /**
   * Precisions of the method, not tolerances: the saddle's root search stops when its bracket or
   * Newton step is below {@link #ANGLE_PRECISION} rad; the face's Newton iteration when its step
   * is. Iteration caps guard against rounding loops.
   */
  private static final double ANGLE_PRECISION = 1e-13;
  private static final int ROOT_ITERATIONS = 200;
  private static final int NEWTON_ITERATIONS = 100;
  private static final int BACKTRACKS = 60;
  /**
   * Relative size |w . u| / |w| under which a unit counts as vanishing at a vertex or saddle
   * computed on its kink (cross products and circle frames are exact to a few ulps): rounding
   * that |t|^p would magnify (1e-17^0.1 = 0.02), not a tolerance.
   */
  private static final double KINK_ROUNDING = 1e-14;
  /** Largest Newton step on the sphere (rad), so that the retraction stays close to the step. */
  private static final double MAX_STEP = 0.25;
  /** Largest step off an arc into a face (rad): an interior start for the face's Newton iteration. */
  private static final double MAX_OFFSET = 0.05;

  private final RadialFunction r;
  private final Tolerances tol;
  private final Deadline deadline;
  private final double p;
  private final double scale;
  /** Every row of the first layer (dead and merged ones included): f sums them all. */
  private final double[][] w;
  /** Unit normals of the circles. */
  private final List<double[]> circles = new ArrayList<>();
  private long evaluations;

  private KinkArrangement(RadialFunction r, Tolerances tol, Deadline deadline) {
    this.r = r;
    this.tol = tol;
    this.deadline = deadline;
    Network net = r.network();
    Activation act = net.activation(0);
    this.p = act.homogeneityDegree();
    this.scale = act.value(1.0);
    int units = net.architecture().units();
    this.w = new double[units][3];
    for (int j = 0; j < units; j++) {
      for (int i = 0; i < 3; i++) {
        w[j][i] = net.weight(j * 3 + i);
      }
    }
  }

  /**
   * Whether a body is one this class counts: d = 3, one hidden layer, an even first-layer
   * activation positively homogeneous of degree in (0, 1) (|t|^p, p < 1).
   */
  static boolean applies(RadialFunction r) {
    Network net = r.network();
    if (net.architecture().d() != 3 || net.architecture().layers() != 1 || !r.homogeneous()) {
      return false;
    }
    Activation act = net.activation(0);
    double k = act.homogeneityDegree();
    return k > 0 && k < 1 && act.isEven() && act.value(1.0) > 0;
  }

  /**
   * The Morse counts of the body of r (which {@link #applies}) from its arrangement, or null when
   * the arrangement is not used (see the class comment): the caller then searches the mesh.
   *
   * @throws Deadline.DeadlineExceededException past {@code deadline}, stage {@link MorseCounts#STAGE}
   */
  static MorseCounts measure(RadialFunction r, Tolerances tol, Deadline deadline) {
    return new KinkArrangement(r, tol, deadline).run();
  }

  private MorseCounts run() {
    deadline.check(MorseCounts.STAGE);
    if (!findCircles()) {
      return null;
    }
    int m = circles.size();
    // vertices: every pair of circles, both signs
    List<double[]> directions = new ArrayList<>();
    List<List<double[]>> onCircle = new ArrayList<>();
    double[][][] frames = new double[m][][];
    for (int a = 0; a < m; a++) {
      onCircle.add(new ArrayList<>());
      frames[a] = Linear.tangentBasis(circles.get(a));
    }
    for (int a = 0; a < m; a++) {
      deadline.check(MorseCounts.STAGE);
      for (int b = a + 1; b < m; b++) {
        double[] v = cross(circles.get(a), circles.get(b));
        Linear.normalise(v);
        double[] minus = {-v[0], -v[1], -v[2]};
        for (double[] x : new double[][] {v, minus}) {
          for (int c : new int[] {a, b}) {
            onCircle.get(c).add(new double[] {angle(frames[c], x), directions.size()});
          }
          directions.add(x);
        }
      }
    }
    // merged (union-find, the smallest index the root): the ends of every arc shorter than the
    // critical tolerance, so that the merged arrangement is still a cell decomposition of S^2
    // (contracting an edge keeps Euler's formula), then vertices within the tolerance of an earlier
    // one (this alone could pinch two vertices that no short arc joins, which breaks it)
    int[] parent = new int[directions.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int c = 0; c < m; c++) {
      List<double[]> entries = onCircle.get(c);
      entries.sort((x, y) -> Double.compare(x[0], y[0]));
      int k = entries.size();
      for (int i = 0; i < k; i++) {
        double[] here = entries.get(i);
        double[] next = entries.get((i + 1) % k);
        double gap = next[0] - here[0] + (i + 1 == k ? 2 * Math.PI : 0);
        if (gap < tol.critical()) {
          union(parent, (int) here[1], (int) next[1]);
        }
      }
    }
    UnitClusters near = new UnitClusters(tol.critical());
    for (int i = 0; i < directions.size(); i++) {
      union(parent, i, near.add(directions.get(i), i));
    }
    int[] cluster = new int[directions.size()];
    List<double[]> vertices = new ArrayList<>();
    for (int i = 0; i < cluster.length; i++) {
      int root = find(parent, i);
      if (root == i) {
        cluster[i] = vertices.size();
        vertices.add(directions.get(i));
      } else {
        cluster[i] = cluster[root]; // root < i: already numbered
      }
    }
    for (List<double[]> entries : onCircle) {
      for (double[] e : entries) {
        e[1] = cluster[(int) e[1]];
      }
    }
    if (vertices.size() <= 2) {
      // every pair meets at one point: the rows lie in a plane, f vanishes there
      return null;
    }
    // saddles: one per arc between consecutive distinct merged vertices of a circle; each
    // stepped off to both sides names the faces next to it
    List<double[]> saddles = new ArrayList<>();
    Map<BitSet, Integer> faces = new HashMap<>();
    List<double[]> faceStarts = new ArrayList<>();
    for (int c = 0; c < m; c++) {
      List<double[]> entries = onCircle.get(c);
      int k = entries.size();
      int start = -1;
      for (int i = 0; i < k && start < 0; i++) {
        if (entries.get(i)[1] != entries.get((i + k - 1) % k)[1]) {
          start = i;
        }
      }
      if (start < 0) {
        continue; // one merged vertex on the whole circle: no arc
      }
      // walk once around from start: an arc ends wherever the merged vertex changes
      for (int t = 0; t < k; t++) {
        int i = (start + t) % k;
        int next = (i + 1) % k;
        if (entries.get(i)[1] == entries.get(next)[1]) {
          continue;
        }
        deadline.check(MorseCounts.STAGE);
        double from = entries.get(i)[0];
        double to = entries.get(next)[0];
        if (to <= from) {
          to += 2 * Math.PI;
        }
        double[] s = arcMaximum(frames[c], from, to);
        saddles.add(s);
        recordFaces(c, s, faces, faceStarts);
      }
    }
    // minima: each face's maximum of f, one per face (faces are disjoint open sets: two minima
    // closer than the critical tolerance are still two, unlike the mesh search's results)
    List<double[]> minima = new ArrayList<>();
    List<BitSet> keys = new ArrayList<>(faces.keySet());
    keys.sort((x, y) -> Integer.compare(faces.get(x), faces.get(y)));
    for (BitSet key : keys) {
      deadline.check(MorseCounts.STAGE);
      minima.add(faceMaximum(key, faceStarts.get(faces.get(key))));
    }
    int[] counts = {vertices.size(), saddles.size(), minima.size()};
    boolean ok = counts[0] - counts[1] + counts[2] == MorseCounts.sphereEulerCharacteristic(3);
    return new MorseCounts(3, counts, ok, false, onBody(vertices), onBody(saddles), onBody(minima), evaluations);
  }

  /** The circles (unit normals) of the live rows, one per group of coincident planes; false if under two. */
  private boolean findCircles() {
    double[][] live = kinkRows(w, tol);
    if (live == null) {
      return false;
    }
    for (double[] row : live) {
      circles.add(row);
      if (circles.size() > MAX_CIRCLES) {
        return false;
      }
    }
    return circles.size() >= 2;
  }

  /**
   * The first layer's rows that draw a kink of their own, as unit normals: a row whose norm is at
   * most {@link Tolerances#unit()} times the largest is dead (as in the canonical form), and rows
   * whose hyperplanes make an angle below {@link Tolerances#critical()} (up to sign) are one, the
   * first's. Both still count in f. The one rule of the exact spiky Morse counts in every
   * dimension (this arrangement in d = 3; the tips and regions of {@link MorseCounts} and
   * {@link ConeMinima} in d >= 4, which kept dead rows until 2026-11-28). Null when no row is live.
   */
  static double[][] kinkRows(double[][] w, Tolerances tol) {
    double largest = 0;
    for (double[] row : w) {
      largest = Math.max(largest, Linear.norm(row, 0, row.length));
    }
    if (!(largest > 0) || !Double.isFinite(largest)) {
      return null;
    }
    double cosTol = Math.cos(Math.min(tol.critical(), Math.PI / 2));
    List<double[]> out = new ArrayList<>();
    for (double[] row : w) {
      double length = Linear.norm(row, 0, row.length);
      if (length <= tol.unit() * largest) {
        continue; // dead
      }
      double[] n = new double[row.length];
      for (int k = 0; k < row.length; k++) {
        n[k] = row[k] / length;
      }
      boolean known = false;
      for (double[] c : out) {
        known |= Math.abs(Linear.dot(n, c)) > cosTol;
      }
      if (!known) {
        out.add(n);
      }
    }
    return out.toArray(new double[0][]);
  }

  /**
   * The maximum of f along the arc theta in (from, to) of a circle (u = cos theta e1 + sin theta
   * e2): the zero of f'(theta), which falls from +infinity at the arc's start to -infinity at its
   * end (exactly so for a strictly concave f along the arc; a dead or merged row's cusp on the
   * arc only adds a jump up, and the bracket still closes on a local maximum).
   */
  private double[] arcMaximum(double[][] frame, double from, double to) {
    int rows = w.length;
    double[] along = new double[rows];
    double[] across = new double[rows];
    for (int j = 0; j < rows; j++) {
      along[j] = Linear.dot(w[j], frame[0]);
      across[j] = Linear.dot(w[j], frame[1]);
      if (Math.hypot(along[j], across[j]) <= KINK_ROUNDING * norm(w[j])) {
        // the circle's own row (or a multiple of it): 0 along the circle, up to rounding that
        // |z|^p would magnify into cusps (1e-17^0.1 = 0.02)
        along[j] = 0;
        across[j] = 0;
      }
    }
    double lo = from;
    double hi = to;
    double x = 0.5 * (lo + hi);
    double[] d = new double[2];
    for (int it = 0; it < ROOT_ITERATIONS && hi - lo > ANGLE_PRECISION; it++) {
      arcDerivatives(along, across, x, d);
      if (d[0] == 0) {
        break;
      }
      if (d[0] > 0) {
        lo = x;
      } else {
        hi = x;
      }
      double newton = d[1] < 0 ? x - d[0] / d[1] : Double.NaN;
      if (newton > lo && newton < hi) {
        double step = Math.abs(newton - x);
        x = newton;
        if (step < ANGLE_PRECISION) {
          break;
        }
      } else {
        x = 0.5 * (lo + hi);
      }
    }
    double cos = Math.cos(x);
    double sin = Math.sin(x);
    double[] u = new double[3];
    for (int i = 0; i < 3; i++) {
      u[i] = cos * frame[0][i] + sin * frame[1][i];
    }
    Linear.normalise(u);
    return u;
  }

  /** f' and f'' along a circle at theta, into d (one evaluation). */
  private void arcDerivatives(double[] along, double[] across, double theta, double[] d) {
    evaluations++;
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double d1 = 0;
    double d2 = 0;
    for (int j = 0; j < along.length; j++) {
      double z = along[j] * cos + across[j] * sin;
      if (z == 0) {
        continue; // the circle's own row: identically 0 along it
      }
      double slope = -along[j] * sin + across[j] * cos;
      double az = Math.abs(z);
      double power = Math.pow(az, p - 1);
      d1 += p * power * Math.signum(z) * slope;
      d2 += p * power / az * ((p - 1) * slope * slope - z * z);
    }
    d[0] = scale * d1;
    d[1] = scale * d2;
  }

  /**
   * Steps the saddle s of circle c off the circle to both sides, by half its distance to the
   * nearest other circle (at most {@link #MAX_OFFSET}), and records the faces reached by their
   * sign vectors, with the point as the face's start.
   */
  private void recordFaces(int c, double[] s, Map<BitSet, Integer> faces, List<double[]> starts) {
    double nearest = Double.POSITIVE_INFINITY;
    for (int k = 0; k < circles.size(); k++) {
      if (k != c) {
        nearest = Math.min(nearest, Math.abs(Linear.dot(circles.get(k), s)));
      }
    }
    double offset = Math.min(0.5 * Math.asin(Math.min(1, nearest)), MAX_OFFSET);
    if (!(offset > 0)) {
      return; // another circle through the saddle (rounding): its faces are left to other arcs
    }
    double[] n = circles.get(c);
    for (int side : new int[] {1, -1}) {
      double[] u = new double[3];
      for (int i = 0; i < 3; i++) {
        u[i] = Math.cos(offset) * s[i] + side * Math.sin(offset) * n[i];
      }
      Linear.normalise(u);
      BitSet key = signs(u);
      if (key != null && !faces.containsKey(key)) {
        faces.put(key, starts.size());
        starts.add(u);
      }
    }
  }

  /** The sign vector of u over the circles (bit k: n_k . u > 0); null if u lies on one. */
  private BitSet signs(double[] u) {
    BitSet key = new BitSet(circles.size());
    for (int k = 0; k < circles.size(); k++) {
      double z = Linear.dot(circles.get(k), u);
      if (z == 0) {
        return null;
      }
      if (z > 0) {
        key.set(k);
      }
    }
    return key;
  }

  /**
   * The maximum of f in the face with sign vector {@code key}, from the interior point u: Newton's
   * method on S^2 (tangent-plane steps, retraction by normalising), each step halved until f rises
   * and the point stays in the face.
   */
  private double[] faceMaximum(BitSet key, double[] start) {
    double[] u = start.clone();
    double[] g = new double[3];
    double[][] h = new double[3][3];
    double[] next = new double[3];
    for (int it = 0; it < NEWTON_ITERATIONS; it++) {
      double value = derivatives(u, g, h);
      double[][] e = Linear.tangentBasis(u);
      double radial = Linear.dot(u, g);
      double g1 = Linear.dot(e[0], g);
      double g2 = Linear.dot(e[1], g);
      double m11 = quadratic(h, e[0], e[0]) - radial;
      double m22 = quadratic(h, e[1], e[1]) - radial;
      double m12 = quadratic(h, e[0], e[1]);
      double det = m11 * m22 - m12 * m12;
      double v1;
      double v2;
      if (m11 < 0 && det > 0) {
        v1 = -(m22 * g1 - m12 * g2) / det;
        v2 = -(m11 * g2 - m12 * g1) / det;
      } else {
        // not negative definite (rounding): a gradient step on the curvature's scale p f
        v1 = g1 / Math.abs(radial);
        v2 = g2 / Math.abs(radial);
      }
      double length = Math.hypot(v1, v2);
      if (!(length >= ANGLE_PRECISION)) {
        break;
      }
      if (length > MAX_STEP) {
        v1 *= MAX_STEP / length;
        v2 *= MAX_STEP / length;
        length = MAX_STEP;
      }
      boolean moved = false;
      double t = 1;
      for (int back = 0; back < BACKTRACKS && t * length >= ANGLE_PRECISION; back++, t /= 2) {
        for (int i = 0; i < 3; i++) {
          next[i] = u[i] + t * (v1 * e[0][i] + v2 * e[1][i]);
        }
        Linear.normalise(next);
        if (key.equals(signs(next)) && value(next) > value) {
          moved = true;
          break;
        }
      }
      if (!moved) {
        break;
      }
      System.arraycopy(next, 0, u, 0, 3);
      if (t * length < ANGLE_PRECISION) {
        break;
      }
    }
    return u;
  }

  /** f at the unit vector u (one evaluation). */
  private double value(double[] u) {
    evaluations++;
    return scale * ConeMinima.sumOfPowers(w, p, u);
  }

  /** f at u, its Euclidean gradient into g and Hessian into h (one evaluation). */
  private double derivatives(double[] u, double[] g, double[][] h) {
    evaluations++;
    Arrays.fill(g, 0);
    for (double[] row : h) {
      Arrays.fill(row, 0);
    }
    double f = 0;
    for (double[] row : w) {
      double z = Linear.dot(row, u);
      if (z == 0) {
        continue;
      }
      double az = Math.abs(z);
      double power = Math.pow(az, p - 1);
      f += power * az;
      double first = p * power * Math.signum(z);
      double second = p * (p - 1) * power / az;
      for (int a = 0; a < 3; a++) {
        g[a] += scale * first * row[a];
        for (int b = 0; b < 3; b++) {
          h[a][b] += scale * second * row[a] * row[b];
        }
      }
    }
    return scale * f;
  }

  private static double quadratic(double[][] h, double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        s += a[i] * h[i][j] * b[j];
      }
    }
    return s;
  }

  /** The angle of the unit vector v in the circle's frame. */
  private static double angle(double[][] frame, double[] v) {
    return Math.atan2(Linear.dot(frame[1], v), Linear.dot(frame[0], v));
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Joins the sets of i and j under the smaller root. */
  private static void union(int[] parent, int i, int j) {
    int a = find(parent, i);
    int b = find(parent, j);
    if (a < b) {
      parent[b] = a;
    } else if (b < a) {
      parent[a] = b;
    }
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double norm(double[] v) {
    return Math.sqrt(Linear.dot(v, v));
  }

  /**
   * The points r(u) u of the body in the given directions, flat: r = f^(-1/p) with the units
   * that vanish at u to rounding ({@link #KINK_ROUNDING}) taken as 0, which they are at a vertex or
   * on an arc (elsewhere this is {@link RadialFunction#radius}). One evaluation each.
   */
  private double[] onBody(List<double[]> directions) {
    double[] out = new double[directions.size() * 3];
    for (int i = 0; i < directions.size(); i++) {
      double[] u = directions.get(i);
      evaluations++;
      double f = 0;
      for (double[] row : w) {
        double az = Math.abs(Linear.dot(row, u));
        if (az > KINK_ROUNDING * norm(row)) {
          f += Math.pow(az, p);
        }
      }
      double radius = Math.exp(-Math.log(scale * f) / r.degree());
      for (int k = 0; k < 3; k++) {
        out[i * 3 + k] = radius * u[k];
      }
    }
    return out;
  }

  /**
   * Unit vectors merged at an angle: each added vector joins the earliest representative within
   * the angle, else becomes one. Candidates come from a hash of the 27 grid cells (side at least
   * the chord of the angle) around the vector, so adding is O(1) for well-spread points.
   */
  private static final class UnitClusters {
    private final double cos;
    private final double side;
    private final Map<Long, List<Integer>> cells = new HashMap<>();
    private final List<double[]> representatives = new ArrayList<>();

    UnitClusters(double angle) {
      double a = Math.min(angle, Math.PI);
      this.cos = Math.cos(a);
      this.side = Math.max(2 * Math.sin(a / 2), 1e-300);
    }

    int size() {
      return representatives.size();
    }

    List<double[]> representatives() {
      return representatives;
    }

    /** As {@link #add(double[])}, returning the payload of the cluster's first member. */
    int add(double[] v, int payload) {
      int c = add(v);
      if (c == payloads.size()) {
        payloads.add(payload);
      }
      return payloads.get(c);
    }

    private final List<Integer> payloads = new ArrayList<>();

    /** The index of v's cluster, a new one if no representative lies within the angle. */
    int add(double[] v) {
      long x = cell(v[0]);
      long y = cell(v[1]);
      long z = cell(v[2]);
      int best = -1;
      for (long dx = -1; dx <= 1; dx++) {
        for (long dy = -1; dy <= 1; dy++) {
          for (long dz = -1; dz <= 1; dz++) {
            List<Integer> members = cells.get(key(x + dx, y + dy, z + dz));
            if (members == null) {
              continue;
            }
            for (int i : members) {
              if ((best < 0 || i < best) && Linear.dot(representatives.get(i), v) >= cos) {
                best = i;
              }
            }
          }
        }
      }
      if (best >= 0) {
        return best;
      }
      representatives.add(v);
      cells.computeIfAbsent(key(x, y, z), k -> new ArrayList<>()).add(representatives.size() - 1);
      return representatives.size() - 1;
    }

    private long cell(double coordinate) {
      return (long) Math.floor(coordinate / side);
    }

    /** 21 bits per coordinate: distinct cells that share a key only add candidates. */
    private static long key(long x, long y, long z) {
      return ((x & 0x1FFFFF) << 42) | ((y & 0x1FFFFF) << 21) | (z & 0x1FFFFF);
    }
  }
}
