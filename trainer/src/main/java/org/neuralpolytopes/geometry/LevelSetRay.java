package org.neuralpolytopes.geometry;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.neuralpolytopes.net.Network;

/**
 * Where the level set f = 1 of a network that is not homogeneous meets the rays from the origin
 * (the radial function of {@link RadialFunction} for the rational activations): the smallest t > 0
 * with f(t u) = 1, found by a bracketed root search, and how often f - 1 changes sign along the ray.
 *
 * <ol>
 *   <li>Scan: g(t) = f(t u) - 1 at t = 0 and on the geometric grid t_i = t_0 {@link #SCAN_RATIO}^i
 *       from t_0 = 1 / limit to the limit (the unbounded radius), about 640 points for the default
 *       limit. A point is inside when g <= 0 (f = -infinity is inside; +infinity and NaN are
 *       outside). A change between neighbouring grid points is a crossing; the first one is
 *       refined by Brent's method (commons-math; Brent, "Algorithms for minimization without
 *       derivatives", 1973, chapter 4) to relative accuracy {@link #ROOT_ACCURACY}. No crossing:
 *       r = +infinity. Two crossings closer than the grid's ratio (about 4.4 %) are not seen.
 *   <li>Fast path: on the first call the rays of {@link #SURVEY_DIRECTIONS} fixed directions are
 *       scanned whole; if f(0) < 1 and every one of them crosses once, the level set lies in
 *       [lo, hi] (their smallest and largest radii, widened by one grid ratio) and a later ray
 *       with g(lo) < 0 < g(hi) is solved by Brent in [lo, hi] directly; any other ray is scanned.
 *       On a star-shaped body every ray crosses once, so both paths give its one crossing.
 * </ol>
 *
 * Not thread-safe (it evaluates the network, which keeps scratch buffers).
 */
public final class LevelSetRay {

  /** Ratio of neighbouring scan radii: 2^(1/16), 16 points per octave. */
  public static final double SCAN_RATIO = Math.pow(2, 1.0 / 16);
  /** Relative accuracy of a refined crossing (a few units in the last place). */
  static final double ROOT_ACCURACY = 1e-15;
  /** Evaluations of one Brent search at most. */
  private static final int ROOT_EVALUATIONS = 200;
  /** Directions of the survey that decides the fast path. */
  static final int SURVEY_DIRECTIONS = 256;

  /**
   * One ray: its first crossing (+infinity if none), the number of crossings seen, and whether the
   * ray's point at the limit lies in the body (f <= 1 there: the body reaches beyond the limit on
   * this ray; after an even number of crossings, f has fallen below 1 again and stayed).
   */
  public record Crossings(double radius, int count, boolean insideAtLimit) {}

  private final Network net;
  private final double limit;
  /** The scan radii t_0 .. limit. */
  private final double[] grid;
  private final double[] x;
  private final BrentSolver brent = new BrentSolver(ROOT_ACCURACY, Double.MIN_NORMAL);
  private boolean surveyed;
  private double lo = Double.NaN;
  private double hi = Double.NaN;

  /** @param limit the largest radius searched (rays crossing only beyond it have r = +infinity) */
  public LevelSetRay(Network net, double limit) {
    this.net = net;
    this.limit = limit;
    double start = 1 / limit;
    int steps = (int) Math.ceil(Math.log(limit / start) / Math.log(SCAN_RATIO));
    this.grid = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      grid[i] = start * Math.pow(SCAN_RATIO, i);
    }
    grid[steps] = limit;
    this.x = new double[net.architecture().d()];
  }

  /** f(0), the network at the origin: the body contains the origin when it is below 1. */
  public double originValue() {
    java.util.Arrays.fill(x, 0.0);
    return net.value(x);
  }

  /** The first crossing along the unit vector u (step 2, else step 1 up to the first crossing). */
  public double radius(double[] u) {
    if (!surveyed) {
      survey(u.length);
    }
    if (!Double.isNaN(lo) && inside(lo, u) && !inside(hi, u)) {
      return root(u, lo, hi);
    }
    return scan(u, false).radius();
  }

  /** The whole ray: its first crossing and how many crossings the scan sees (step 1). */
  public Crossings crossings(double[] u) {
    return scan(u, true);
  }

  private Crossings scan(double[] u, boolean whole) {
    boolean before = inside(0, u);
    double tBefore = 0;
    double first = Double.POSITIVE_INFINITY;
    int count = 0;
    for (double t : grid) {
      boolean now = inside(t, u);
      if (now != before) {
        if (count == 0) {
          first = root(u, tBefore, t);
          if (!whole) {
            return new Crossings(first, 1, false);
          }
        }
        count++;
      }
      before = now;
      tBefore = t;
    }
    return new Crossings(first, count, before);
  }

  private void survey(int d) {
    surveyed = true;
    if (!(originValue() < 1)) {
      return;
    }
    DirectionSet set = DirectionSet.of(d, SURVEY_DIRECTIONS);
    double[] u = new double[d];
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (int i = 0; i < set.size(); i++) {
      set.direction(i, u);
      Crossings c = scan(u, true);
      if (c.count() != 1) {
        return;
      }
      min = Math.min(min, c.radius());
      max = Math.max(max, c.radius());
    }
    lo = min / SCAN_RATIO;
    hi = Math.min(max * SCAN_RATIO, limit);
  }

  /** Whether t u lies in the body: f(t u) <= 1 (see step 1 for infinities and NaN). */
  private boolean inside(double t, double[] u) {
    return g(t, u) <= 0;
  }

  private double g(double t, double[] u) {
    for (int k = 0; k < x.length; k++) {
      x[k] = t * u[k];
    }
    double f = net.value(x);
    return Double.isNaN(f) ? Double.POSITIVE_INFINITY : f - 1;
  }

  /** The crossing in [a, b], where g changes sign, by Brent's method. */
  private double root(double[] u, double a, double b) {
    double ga = g(a, u);
    double gb = g(b, u);
    if (ga == 0) {
      return a;
    }
    if (gb == 0 || Double.isInfinite(ga) || Double.isInfinite(gb)) {
      // Brent needs finite values at the ends: bisect until they are (an infinite f is an overflow)
      return bisect(u, a, b);
    }
    return brent.solve(ROOT_EVALUATIONS, t -> g(t, u), a, b);
  }

  /** Bisection to the last representable midpoint, for brackets with an infinite end. */
  private double bisect(double[] u, double a, double b) {
    boolean insideA = inside(a, u);
    for (int i = 0; i < ROOT_EVALUATIONS; i++) {
      double m = 0.5 * (a + b);
      if (m <= a || m >= b) {
        break;
      }
      if (inside(m, u) == insideA) {
        a = m;
      } else {
        b = m;
      }
    }
    return 0.5 * (a + b);
  }
}
