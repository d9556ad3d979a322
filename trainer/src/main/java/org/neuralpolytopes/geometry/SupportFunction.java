package org.neuralpolytopes.geometry;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimplePointChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * The support function h_K(u) = max over x in K of x . u of a star body given by its radial
 * function (docs/metrics.md, "Duality metrics"), and with it the radial function of the polar body,
 * r_{K°}(u) = 1 / h_K(u) (K° = {y : x . y <= 1 for all x in K}; for a non-convex K this is the
 * polar of its convex hull, since both have the same support function).
 *
 * <ol>
 *   <li>The surface points x_i = r(v_i) v_i over a direction set are computed once.
 *   <li>For a direction u, the best point x_i . u is found by a scan (u's nearest surface points
 *       need not be near u for a non-convex body, so no local search from u itself).
 *   <li>The maximiser is refined by Nelder-Mead (Nelder and Mead 1965; commons-math's
 *       {@link SimplexOptimizer}) on phi(v) = r(v) v . u over tangent coordinates around v_i, from
 *       a simplex the size of the set's spacing down to {@link #SIMPLEX_PRECISION} radians. phi is continuous (piecewise smooth for polytopes, whose maxima are vertices, and
 *       ridged along edges, which a simplex follows where a compass search stalls).
 * </ol>
 *
 * Not thread-safe (it evaluates the radial function, which shares its network's buffers).
 */
public final class SupportFunction {

  private final RadialFunction r;
  private final int d;
  private final int count;
  private final double[] points;
  private final double[] dirs;
  /** Point indices from the longest point down, and |p| of each (times {@link #REACH_MARGIN}). */
  private final int[] byLength;
  private final double[] reach;
  /** Above 1 + d ulp: p . u, computed with roundings, never exceeds |p| times this for unit u. */
  private static final double REACH_MARGIN = 1 + 1e-12;
  private final double spacing;
  private final double[] v;
  private final double[] trial;
  private final SimplexOptimizer optimizer;
  /** The largest phi seen by the current refinement. */
  private double best;
  private final Deadline deadline;
  private final String stage;
  private long evaluations;
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
    this.deadline = deadline;
    this.stage = stage;
    this.r = r;
    this.d = directions.dimension();
    this.count = directions.size();
    this.points = new double[count * d];
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
    // the points from the longest down (ties by index), and a bound on p . u for each
    Integer[] order = new Integer[count];
    double[] length = new double[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
      length[i] = Math.sqrt(Linear.dot(points, i * d, points, i * d, d));
    }
    java.util.Arrays.sort(order, (a, b) -> length[a] != length[b] ? Double.compare(length[b], length[a])
        : Integer.compare(a, b));
    this.byLength = new int[count];
    this.reach = new double[count];
    for (int t = 0; t < count; t++) {
      byLength[t] = order[t];
      reach[t] = length[order[t]] * REACH_MARGIN + Double.MIN_NORMAL;
    }
    // typical angular distance between neighbouring directions: (|S^{d-1}| / N)^(1/(d-1))
    this.spacing = Math.pow(DirectionSet.sphereArea(d) / count, 1.0 / (d - 1));
    this.v = new double[d];
    this.trial = new double[d];
    this.optimizer = new SimplexOptimizer(new SimplePointChecker<>(0, precision));
  }

  /**
   * h_K(u) for a unit vector u. The scanned maximiser is the first point (by index) of largest
   * p . u; the points are scanned from the longest down, and the scan stops at the first point
   * too short to reach the best value so far (p . u <= |p|, with a margin for rounding).
   */
  public double support(double[] u) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < count; t++) {
      if (reach[t] < bestValue) {
        break;
      }
      int i = byLength[t];
      double s = 0;
      for (int k = 0; k < d; k++) {
        s += points[i * d + k] * u[k];
      }
      if (s > bestValue || (s == bestValue && i < best)) {
        bestValue = s;
        best = i;
      }
    }
    System.arraycopy(dirs, best * d, v, 0, d);
    return refine(u, bestValue);
  }

  /** r_{K°}(u) = 1 / h_K(u). */
  public double polarRadius(double[] u) {
    return 1 / support(u);
  }

  /**
   * Nelder-Mead over tangent coordinates t at the scanned maximiser v0: v(t) = (v0 + T t)/|...|,
   * by commons-math's {@link SimplexOptimizer} from a simplex of side {@link #spacing}. A simplex
   * follows ridges (edges of polytopes and of spiky bodies) where a compass search along fixed
   * axes stalls. The answer is the largest phi evaluated, so a search cut by its iteration cap
   * still returns its best point.
   */
  private double refine(double[] u, double start) {
    double[] origin = v.clone();
    double[][] tangents = Linear.tangentBasis(origin);
    int m = d - 1;
    best = start;
    MultivariateFunction phi = t -> {
      if ((++evaluations & (DEADLINE_STRIDE - 1)) == 0) {
        deadline.check(stage);
      }
      double value = phi(origin, tangents, t, u);
      if (value > best) {
        best = value;
      }
      return value;
    };
    try {
      optimizer.optimize(new MaxIter(ITERATIONS_PER_DIMENSION * m),
          new MaxEval(ITERATIONS_PER_DIMENSION * m * (m + 2)), new ObjectiveFunction(phi), GoalType.MAXIMIZE,
          new InitialGuess(new double[m]), new NelderMeadSimplex(m, spacing));
    } catch (MaxCountExceededException e) {
      // the cap ended the search: best holds its best point
    }
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
