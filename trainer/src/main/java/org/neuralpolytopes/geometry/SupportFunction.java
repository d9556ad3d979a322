package org.neuralpolytopes.geometry;

import org.apache.commons.math3.analysis.MultivariateFunction;

/**
 * The support function h_K(u) = max over x in K of x . u of a star body given by its radial
 * function (docs/metrics.md, "Duality metrics"), and with it the radial function of the polar body,
 * r_{K°}(u) = 1 / h_K(u) (K° = {y : x . y <= 1 for all x in K}; for a non-convex K this is the
 * polar of its convex hull, since both have the same support function).
 *
 * <ol>
 *   <li>The surface points x_i = r(v_i) v_i over a direction set are computed once, and grouped
 *       into about sqrt(N) caps of directions (each direction to its nearest cap centre, the
 *       centres a direction set of that size).
 *   <li>For a direction u, the best point x_i . u is found by a scan (u's nearest surface points
 *       need not be near u for a non-convex body, so no local search from u itself). A cap of
 *       angular radius a around c whose longest point has length L bounds x . u for its points by
 *       L cos(max(0, angle(c, u) - a)); caps whose bound lies below the best value found are
 *       skipped, so the scan finds the same point as a scan of every point (the first index among
 *       equals) while it reads a few hundred of them.
 *   <li>The maximiser is refined by Nelder-Mead (Nelder and Mead 1965; {@link NelderMead}, as
 *       commons-math's SimplexOptimizer runs it) on phi(v) = r(v) v . u over tangent coordinates
 *       around v_i, from a simplex the size of the set's spacing down to the precision given
 *       (default {@link #SIMPLEX_PRECISION} radians). phi is continuous (piecewise smooth for
 *       polytopes, whose maxima are vertices, and ridged along edges, which a simplex follows
 *       where a compass search stalls). The answer is the largest phi evaluated.
 * </ol>
 *
 * One-layer bodies of |t|^p with p >= 1 (norm balls, {@link NormBallSupport}) skip step 3's
 * search: for p = 1 h is the exact maximum over the points on the arrangement's lines (no scan),
 * for p > 1 Newton's method from the scanned maximiser gives h to rounding level, whatever the
 * precision asked for; a direction where Newton's method fails is searched as above.
 *
 * <p>Not thread-safe (it evaluates the radial function, which shares its network's buffers).
 */
public final class SupportFunction {

  private final RadialFunction r;
  private final int d;
  private final int count;
  private final double[] dirs;
  /**
   * The cloud grouped into caps of directions (step 2): cap c holds the points
   * {@code member[capStart[c] .. capStart[c + 1])} from the longest down, whose coordinates are
   * {@code capPoints} in the same order; its centre direction, the cosine and sine of its angular
   * radius (with {@link #CAP_ANGLE_MARGIN}) and its longest point's reach.
   */
  private final int caps;
  private final double[] capCentre;
  private final double[] capCos;
  private final double[] capSin;
  private final double[] capLongest;
  private final int[] capStart;
  private final int[] member;
  private final double[] capPoints;
  /** |p| of each member (in cap order) times {@link #REACH_MARGIN}: a bound on its p . u. */
  private final double[] reach;
  /** Above 1 + d ulp: p . u, computed with roundings, never exceeds |p| times this for unit u. */
  private static final double REACH_MARGIN = 1 + 1e-12;
  /** The cosine of each cap centre's angle to the current direction. */
  private final double[] capCosine;
  /**
   * Added to each cap's angular radius (radians): the radius is computed from chords, exact to
   * a few ulp, so that the bound never falls below a member's p . u by rounding.
   */
  private static final double CAP_ANGLE_MARGIN = 1e-9;
  /**
   * Added to each cap's bound, relative to its longest point: above the rounding of the bound
   * (a few ulp).
   */
  private static final double CAP_BOUND_MARGIN = 1e-12;
  private final double spacing;
  private final double[] v;
  private final double[] trial;
  /** The refinement's search, from a simplex of side {@link #spacing}. */
  private final NelderMead search;
  /** The objective phi of the current refinement, in tangent coordinates. */
  private final MultivariateFunction objective;
  /** The current refinement's direction, scanned maximiser and tangent basis. */
  private final double[] target;
  private double[] origin;
  private double[][] tangents;
  private final double[] startPoint;
  /** The refinement's precision (radians). */
  private final double precision;
  /** The largest phi seen by the current refinement. */
  private double best;
  private final Deadline deadline;
  private final String stage;
  private long evaluations;
  /** The exact support function of a norm ball, or null (step 3 then searches every direction). */
  private final NormBallSupport exact;
  /** Whether the last {@link #support} answer came from {@link #exact} (then it is final). */
  private boolean lastExact;
  /** Evaluations of r between two deadline checks. */
  private static final int DEADLINE_STRIDE = 256;

  /**
   * Size of the simplex (radians) at which the refinement stops: every vertex moved by less than
   * this in an iteration. A numerical precision of the method, far below the quadrature's error.
   */
  static final double SIMPLEX_PRECISION = 1e-8;
  /** Nelder-Mead iterations allowed per tangent dimension (a cap; searches end far earlier). */
  private static final int ITERATIONS_PER_DIMENSION = 200;

  /**
   * Size of the surface point cloud scanned for each direction, by dimension: enough that the
   * scanned maximiser lies in the basin of the true one; the refinement supplies the precision.
   */
  public static int cloudSize(int d) {
    return d == 2 ? 1000 : d == 3 ? 4000 : 8000;
  }

  /** The support function with the default point cloud of the dimension. */
  public SupportFunction(RadialFunction r, int d) {
    this(r, DirectionSet.of(d, cloudSize(d)));
  }

  public SupportFunction(RadialFunction r, DirectionSet directions) {
    this(r, directions, Deadline.NONE, null);
  }

  /**
   * The support function with the default point cloud, checking {@code deadline} (as
   * {@code stage}) while the cloud is computed and every {@link #DEADLINE_STRIDE} evaluations of r
   * of each refinement.
   */
  public SupportFunction(RadialFunction r, int d, Deadline deadline, String stage) {
    this(r, d, SIMPLEX_PRECISION, deadline, stage);
  }

  /** As {@link #SupportFunction(RadialFunction, int, Deadline, String)}, refining to {@code precision} radians. */
  public SupportFunction(RadialFunction r, int d, double precision, Deadline deadline, String stage) {
    this(r, DirectionSet.of(d, cloudSize(d)), precision, deadline, stage);
  }

  private SupportFunction(RadialFunction r, DirectionSet directions, Deadline deadline, String stage) {
    this(r, directions, SIMPLEX_PRECISION, deadline, stage);
  }

  private SupportFunction(RadialFunction r, DirectionSet directions, double precision, Deadline deadline,
      String stage) {
    this(r, directions, precision, deadline, stage, true);
  }

  /**
   * The support function that searches every direction (step 3) even for a norm ball: the method
   * the exact forms are tested against.
   */
  static SupportFunction searching(RadialFunction r, int d, double precision) {
    return searching(r, d, precision, Deadline.NONE, "test");
  }

  /** As {@link #searching(RadialFunction, int, double)}, checking {@code deadline} as {@code stage}. */
  static SupportFunction searching(RadialFunction r, int d, double precision, Deadline deadline, String stage) {
    return new SupportFunction(r, DirectionSet.of(d, cloudSize(d)), precision, deadline, stage, false);
  }

  private SupportFunction(RadialFunction r, DirectionSet directions, double precision, Deadline deadline,
      String stage, boolean exactForms) {
    this.exact = exactForms ? NormBallSupport.of(r) : null;
    this.deadline = deadline;
    this.stage = stage;
    this.r = r;
    this.d = directions.dimension();
    this.count = directions.size();
    double[] points = new double[count * d];
    this.dirs = new double[count * d];
    double[] u = new double[d];
    for (int i = 0; i < count; i++) {
      if ((i & (DEADLINE_STRIDE - 1)) == 0) {
        deadline.check(stage);
      }
      directions.direction(i, u);
      double ri = r.radius(u);
      for (int k = 0; k < d; k++) {
        dirs[i * d + k] = u[k];
        points[i * d + k] = Double.isFinite(ri) ? ri * u[k] : 0;
      }
    }
    // caps: each direction to its nearest centre (the first among equals)
    this.caps = (int) Math.max(1, Math.round(Math.sqrt(count)));
    DirectionSet centres = DirectionSet.of(d, caps);
    this.capCentre = new double[caps * d];
    for (int c = 0; c < caps; c++) {
      centres.direction(c, u);
      System.arraycopy(u, 0, capCentre, c * d, d);
    }
    int[] capOf = new int[count];
    this.capStart = new int[caps + 1];
    double[] radius = new double[caps];
    this.capLongest = new double[caps];
    for (int i = 0; i < count; i++) {
      int nearest = 0;
      double nearestDot = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < caps; c++) {
        double dot = Linear.dot(capCentre, c * d, dirs, i * d, d);
        if (dot > nearestDot) {
          nearestDot = dot;
          nearest = c;
        }
      }
      capOf[i] = nearest;
      capStart[nearest + 1]++;
      // the angle from the centre by its chord, accurate also for small angles
      double chord = 0;
      for (int k = 0; k < d; k++) {
        double x = dirs[i * d + k] - capCentre[nearest * d + k];
        chord += x * x;
      }
      radius[nearest] = Math.max(radius[nearest], 2 * Math.asin(Math.min(1, Math.sqrt(chord) / 2)));
    }
    for (int c = 0; c < caps; c++) {
      capStart[c + 1] += capStart[c];
    }
    // each cap's points from the longest down (ties by index), with a bound on p . u for each
    double[] length = new double[count];
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      length[i] = Math.sqrt(Linear.dot(points, i * d, points, i * d, d));
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> capOf[a] != capOf[b] ? Integer.compare(capOf[a], capOf[b])
        : length[a] != length[b] ? Double.compare(length[b], length[a]) : Integer.compare(a, b));
    this.member = new int[count];
    this.reach = new double[count];
    this.capPoints = new double[count * d];
    for (int t = 0; t < count; t++) {
      int i = order[t];
      member[t] = i;
      reach[t] = length[i] * REACH_MARGIN + Double.MIN_NORMAL;
      System.arraycopy(points, i * d, capPoints, t * d, d);
    }
    this.capCos = new double[caps];
    this.capSin = new double[caps];
    for (int c = 0; c < caps; c++) {
      capLongest[c] = capStart[c + 1] > capStart[c] ? reach[capStart[c]] : 0;
      double angle = Math.min(Math.PI, radius[c] + CAP_ANGLE_MARGIN);
      capCos[c] = Math.cos(angle);
      capSin[c] = Math.sin(angle);
    }
    this.capCosine = new double[caps];
    // typical angular distance between neighbouring directions: (|S^{d-1}| / N)^(1/(d-1))
    this.spacing = Math.pow(DirectionSet.sphereArea(d) / count, 1.0 / (d - 1));
    this.v = new double[d];
    this.trial = new double[d];
    int m = d - 1;
    this.precision = precision;
    this.search = new NelderMead(m, spacing, ITERATIONS_PER_DIMENSION * m, ITERATIONS_PER_DIMENSION * m * (m + 2));
    this.startPoint = new double[m];
    this.target = new double[d];
    this.objective = t -> {
      if ((++evaluations & (DEADLINE_STRIDE - 1)) == 0) {
        deadline.check(stage);
      }
      double value = phi(origin, tangents, t, target);
      if (value > best) {
        best = value;
      }
      return value;
    };
  }

  /** h_K(u) for a unit vector u (steps 2 and 3). */
  public double support(double[] u) {
    if (exact != null) {
      if ((++evaluations & (DEADLINE_STRIDE - 1)) == 0) {
        deadline.check(stage);
      }
      double value = exact.polytope() ? exact.support(u, null, 0) : exact.support(u, dirs, scan(u) * d);
      if (!Double.isNaN(value)) {
        lastExact = true;
        best = value;
        return value;
      }
    }
    lastExact = false;
    int i = scan(u);
    System.arraycopy(dirs, i * d, v, 0, d);
    return refine(u, scannedValue);
  }

  /**
   * Step 2: the index of the scanned maximiser for u, the first point (by index) of largest
   * p . u; its value in {@link #scannedValue}. The cap of the nearest centre is scanned first,
   * then every other cap whose longest point and bound (with margins for rounding) are not below
   * the best value so far.
   */
  int scan(double[] u) {
    int nearest = 0;
    for (int c = 0; c < caps; c++) {
      capCosine[c] = Linear.dot(capCentre, c * d, u, d);
      if (capCosine[c] > capCosine[nearest]) {
        nearest = c;
      }
    }
    scanned = -1;
    scannedValue = Double.NEGATIVE_INFINITY;
    scanCap(nearest, u);
    for (int c = 0; c < caps; c++) {
      if (c != nearest && capLongest[c] >= scannedValue && bound(c) >= scannedValue) {
        scanCap(c, u);
      }
    }
    return scanned;
  }

  /**
   * L cos(max(0, theta - a)) for cap c, theta its centre's angle to the current direction, with
   * margins for rounding: cos(theta - a) = cos theta cos a + sin theta sin a for theta > a.
   */
  private double bound(int c) {
    double cosine = capCosine[c];
    double bound = capLongest[c];
    if (cosine < capCos[c]) {
      bound *= cosine * capCos[c] + Math.sqrt(Math.max(0, 1 - cosine * cosine)) * capSin[c];
    }
    return bound + CAP_BOUND_MARGIN * capLongest[c] + Double.MIN_NORMAL;
  }

  /** The scanned maximiser so far (an index of the cloud) and its value. */
  private int scanned;
  private double scannedValue;

  /**
   * Scans the members of cap c for a larger p . u (the smaller index among equals), from the
   * longest down to the first too short to reach the best value so far.
   */
  private void scanCap(int c, double[] u) {
    for (int t = capStart[c]; t < capStart[c + 1]; t++) {
      if (reach[t] < scannedValue) {
        break;
      }
      double s = 0;
      for (int k = 0; k < d; k++) {
        s += capPoints[t * d + k] * u[k];
      }
      int i = member[t];
      if (s > scannedValue || (s == scannedValue && i < scanned)) {
        scannedValue = s;
        scanned = i;
      }
    }
  }

  /** r_{K°}(u) = 1 / h_K(u). */
  public double polarRadius(double[] u) {
    return 1 / support(u);
  }

  /**
   * Nelder-Mead ({@link NelderMead}) over tangent coordinates t at the scanned maximiser v0:
   * v(t) = (v0 + T t)/|...|, from a simplex of side {@link #spacing}. A simplex follows ridges
   * (edges of polytopes and of spiky bodies) where a compass search along fixed axes stalls. The
   * answer is the largest phi evaluated, so a search cut by its iteration cap still returns its
   * best point.
   */
  private double refine(double[] u, double start) {
    System.arraycopy(u, 0, target, 0, d);
    origin = v.clone();
    tangents = Linear.tangentBasis(origin);
    best = start;
    search.maximise(objective, startPoint, precision);
    return best;
  }

  /**
   * h_K at the direction of the last {@link #support} call with its refinement gone on to the
   * finer {@code finer} radians: the search resumes where it stopped, so the answer is the one a
   * support function of precision {@code finer} gives. At least the last answer.
   */
  public double refineFurther(double finer) {
    if (lastExact) {
      return best;
    }
    search.resume(finer);
    return best;
  }

  /** phi at tangent coordinates t around origin: r(v) v . u with v the normalised point. */
  private double phi(double[] origin, double[][] tangents, double[] t, double[] u) {
    double norm = 0;
    for (int k = 0; k < d; k++) {
      double x = origin[k];
      for (int j = 0; j < d - 1; j++) {
        x += t[j] * tangents[j][k];
      }
      trial[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    double dot = 0;
    for (int k = 0; k < d; k++) {
      trial[k] /= norm;
      dot += trial[k] * u[k];
    }
    if (dot <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double value = r.radius(trial) * dot;
    return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
  }
}
