package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * How far two bodies are from being polar to each other (docs/metrics.md, "Duality metrics"):
 * K_p° and K_q, each scaled to mean radius 1, aligned by the rotation Q that minimises
 * max_u |r_A(u) - r_B(Q u)|, where A = K_p° and B = K_q; the polar distance is that maximum
 * (0 = exact duality) and the alignment residual the root mean square difference at the same Q.
 *
 * <ol>
 *   <li>r_A = 1 / h_{K_p} on the direction set ({@link SupportFunction}, refined to
 *       {@link #SUPPORT_PRECISION}); r_B directly from K_q's network at Q u, so that trying a
 *       rotation costs only network evaluations.
 *   <li>Start frames: the vertices of both bodies (local maxima of r over the set, the largest
 *       first). Every pair of A-vertices is mapped onto every pair of B-vertices at the same angle
 *       (within {@link #FRAME_ANGLE_MATCH} rad); the rotation taking one orthonormal frame to the
 *       other is a candidate, as is the identity. This is the vertex-frame start of symmetry
 *       detection (Beruski and Vidal 2014) applied to two bodies. Candidates are ranked on a sample
 *       of the directions.
 *   <li>The distinct starts (no two closer than {@link #START_SEPARATION}), up to
 *       {@link #STARTS_SURVEYED} of the best-ranked, are surveyed: each aligned by Nelder-Mead over
 *       the Cayley parameters of a correction rotation, Q = Q0 (I - S)^-1 (I + S) with S
 *       skew-symmetric, minimising the maximum over an active subset of the directions that the
 *       exchange method grows until its maximum is the whole set's ({@link #align}), at a loose
 *       precision and for a round or two.
 *   <li>The best few of the survey are aligned again to full precision from where the survey left
 *       them.
 *   <li>For each of those, the maximum over the sphere, not only over the set: from the largest
 *       errors of the set, Nelder-Mead climbs |r_A(u) - r_B(Q u)| in the tangent plane; the peaks
 *       found join the set and the rotation is aligned again (twice at most). The distance is the
 *       least of those maxima over the sphere, at its rotation. A set misses the peak of a sharp
 *       feature: the exact l_1 and l_16 balls read 0.061 to 0.087 on sets of 500 to 64 000
 *       directions for the 0.0885 at the cube's corners, which this step finds from any of them.
 * </ol>
 *
 * @param distance max over the sphere of |r_A(u) - r_B(Q u)| after scaling, as far as the climbs of
 *     step 5 find it (0 = exact duality)
 * @param residual root mean square of the same differences
 */
public record PolarDistance(double distance, double residual) implements java.io.Serializable {

  /**
   * Step 3, the survey: of the start rotations in rank order, those at least
   * {@link #START_SEPARATION} (Frobenius norm of the difference) from every better-ranked one, at
   * most STARTS_SURVEYED of them, each aligned by the exchange at the survey's looser
   * {@link #SURVEY_PRECISION} and at most {@link #SURVEY_ROUNDS} rounds; step 4: the
   * CANDIDATES_REFINED best of the survey aligned to full precision from where the survey left
   * them. The alignment is a local search over a landscape with a basin per near-symmetry of the
   * bodies, and a start's rank on the sample does not predict its basin's minimum: refining the
   * four best-ranked starts fully, as before, left the distance of conjugate pairs 6.7% above the
   * best found on average and up to 75% (0.00233 against 0.00133 for a (3, 1, 3) pair of p = 1.5
   * and 3); the survey of 24, 0.5% and 4.3%, for 1.19x the four's time (1.12 against 0.94 s;
   * bench/RESULTS.md, section 24). Since step 5 measures the maximum over the sphere, eight are
   * refined: a non-dual (3, 1, 3) pair over 21 orientations then lands within 2.4% of its least
   * distance (2.8% with four), at 1.3 times four's time (DualityTest).
   */
  private static final int STARTS_SURVEYED = 24;
  private static final int CANDIDATES_REFINED = 8;
  /** About 0.2 rad of rotation in three dimensions (2 sqrt(2) sin(angle / 2)). */
  private static final double START_SEPARATION = 0.28;
  private static final double SURVEY_PRECISION = 1e-3;
  private static final int SURVEY_ROUNDS = 2;
  /**
   * The exchange of steps 3 and 4: its first active set is every k-th direction of the set with
   * k = size / ACTIVE_SAMPLE, and each round adds the ACTIVE_ADDED directions that exceed the active
   * maximum the most. Start rotations are ranked over every k-th direction with k = size /
   * RANKING_SAMPLE. These choose where the search looks; the distance is always the maximum over
   * the whole set.
   */
  private static final int ACTIVE_SAMPLE = 32;
  private static final int ACTIVE_ADDED = 8;
  private static final int RANKING_SAMPLE = 256;
  /** Rounds of the exchange at most, and the simplex of the rounds after the first (a fraction of the first's). */
  private static final int EXCHANGE_ROUNDS = 10;
  private static final double EXCHANGE_SIMPLEX_SHRINK = 0.25;
  /** Relative improvement of the maximum for which a converged round is followed by a restart. */
  private static final double RESTART_IMPROVEMENT = 1e-3;
  /** Nelder-Mead evaluations allowed per rotation parameter and round. */
  private static final int ALIGNMENT_EVALUATIONS_PER_PARAMETER = 400;
  /**
   * Precision (radians) of the support function's refinement here: the polar radii are then exact
   * to about this relative amount, far below what the alignment resolves.
   */
  static final double SUPPORT_PRECISION = 1e-6;
  private static final int MAX_VERTICES = 8;
  /**
   * Start frames (step 2): a pair of vertices is a frame when their angle is at least this far
   * from 0 and from pi (radians), and it is matched with a pair of the other body whose angle
   * differs by at most {@link #FRAME_ANGLE_MATCH}. Both only choose starting rotations, which the
   * refinement then corrects; they decide which starts are tried, not what a distance means.
   */
  private static final double MIN_FRAME_ANGLE = 0.2;
  private static final double FRAME_ANGLE_MATCH = 0.15;
  /**
   * Nelder-Mead of the alignment (steps 3 and 4): initial simplex side in Cayley parameters (about
   * 0.1 rad of rotation), and the relative and absolute change of the objective at which the full
   * alignment (step 4) stops; the survey stops at {@link #SURVEY_PRECISION}.
   */
  private static final double ALIGNMENT_SIMPLEX = 0.05;
  private static final double ALIGNMENT_RELATIVE_PRECISION = 1e-8;
  private static final double ALIGNMENT_ABSOLUTE_PRECISION = 1e-12;

  /**
   * @param p the body K_p (its polar is compared)
   * @param q the body K_q
   * @param d dimension
   * @param fine size of the direction set on which the distance is taken
   */
  public static PolarDistance between(RadialFunction p, RadialFunction q, int d, int fine) {
    return between(p, q, d, fine, Deadline.NONE);
  }

  /** The stage name of {@link Deadline.DeadlineExceededException}s thrown by the polar distance. */
  public static final String STAGE = "polar distance";

  /**
   * As {@link #between(RadialFunction, RadialFunction, int, int)}, checking {@code deadline}
   * before every direction's support function, every candidate rotation and every few hundred
   * evaluations of the alignment objective: past it, {@link Deadline.DeadlineExceededException}
   * with the stage {@link #STAGE}.
   */
  public static PolarDistance between(RadialFunction p, RadialFunction q, int d, int fine, Deadline deadline) {
    DirectionSet set = DirectionSet.of(d, fine);
    deadline.check(STAGE);
    SupportFunction h = new SupportFunction(p, d, SUPPORT_PRECISION, deadline, STAGE);
    double[] a = polarRadii(h, set, deadline);
    double[] b = radii(q, set);
    double scaleA = 1 / mean(a);
    scale(a, scaleA);
    double scaleB = 1 / mean(b);
    Objective all = new Objective(q, set, a, scaleB, deadline);

    // step 2: start rotations, ranked on every k-th direction
    List<double[][]> starts = startRotations(set, a, b, d, deadline);
    int stride = Math.max(1, set.size() / ACTIVE_SAMPLE);
    Objective ranking = all.subset(all.stride(Math.max(1, set.size() / RANKING_SAMPLE)));
    List<double[]> scored = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      scored.add(new double[] {ranking.max(starts.get(i)), i});
    }
    scored.sort(Comparator.comparingDouble(s -> s[0]));
    // step 3: the survey of distinct starts at a loose precision
    List<double[][]> survey = distinct(starts, scored, d);
    List<Aligned> surveyed = new ArrayList<>();
    for (double[][] start : survey) {
      surveyed.add(align(start, all, stride, d, SURVEY_PRECISION, SURVEY_ROUNDS));
    }
    surveyed.sort(Comparator.comparingDouble(Aligned::max));
    // step 4: the best few refined to full precision; step 5 for each: the maximum over the sphere
    // at its rotation, not only over the set, the peaks found joining the set and the rotation
    // aligned again, so that the rotation chosen has the least maximum over the sphere
    double spacing = Math.pow(DirectionSet.sphereArea(d) / set.size(), 1.0 / (d - 1));
    double[][] chosen = starts.get((int) scored.get(0)[1]);
    double distance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < Math.min(CANDIDATES_REFINED, surveyed.size()); c++) {
      Aligned x = align(surveyed.get(c).rotation(), all, stride, d, ALIGNMENT_RELATIVE_PRECISION, EXCHANGE_ROUNDS);
      Objective withPeaks = all;
      Peaks peaks = peaks(x.rotation(), withPeaks, h, q, scaleA, scaleB, d, spacing, deadline);
      for (int round = 0; ; round++) {
        double here = Math.max(x.max(), peaks.max());
        if (here < distance) {
          distance = here;
          chosen = x.rotation();
        }
        if (round == PEAK_ROUNDS || !(peaks.max() > x.max() * (1 + PEAK_GAIN))) {
          break;
        }
        withPeaks = withPeaks.with(peaks.directions(), peaks.polarRadii());
        x = align(x.rotation(), withPeaks, stride, d, ALIGNMENT_RELATIVE_PRECISION, EXCHANGE_ROUNDS);
        peaks = peaks(x.rotation(), withPeaks, h, q, scaleA, scaleB, d, spacing, deadline);
      }
    }
    return new PolarDistance(distance, all.rms(chosen));
  }

  /** Step 5: rounds of climbing the peaks and aligning again, at most. */
  private static final int PEAK_ROUNDS = 2;
  /** Relative excess of the climbed maximum over the set's for which the rotation is aligned again. */
  private static final double PEAK_GAIN = 1e-3;

  /** The climbed maxima: their directions (of A, flat), A's scaled polar radii there, and the largest error. */
  private record Peaks(double[] directions, double[] polarRadii, double max) {}

  /** Step 5: the largest errors of the set from which the maximum over the sphere is climbed. */
  private static final int PEAKS = 4;
  /** Nelder-Mead evaluations of one climb per dimension of the sphere. */
  private static final int PEAK_EVALUATIONS_PER_PARAMETER = 40;

  /**
   * Step 5: the maximum of |r_A(u) - r_B(Q u)| over the sphere at the rotation Q, climbed by
   * Nelder-Mead in the tangent plane from the {@link #PEAKS} largest errors of the objective's
   * directions, on a simplex of half the set's spacing. The set alone misses the peak of a sharp
   * feature by up to a third: the exact l_1 and l_16 balls of one frame, whose difference peaks at
   * the cube's corners at 0.0885, read 0.061 to 0.087 on sets of 500 to 64 000 directions (0.065
   * on the duality stage's 4000), so a distance went up and down with the set.
   */
  private static Peaks peaks(double[][] rot, Objective objective, SupportFunction h, RadialFunction q, double scaleA,
      double scaleB, int d, double spacing, Deadline deadline) {
    double[] e = objective.errors(rot);
    int[] top = largest(e, new boolean[e.length], Double.NEGATIVE_INFINITY, PEAKS);
    double[] dirs = new double[top.length * d];
    double[] radii = new double[top.length];
    double[] u = new double[d];
    double[] w = new double[d];
    double best = 0;
    for (int m = 0; m < top.length; m++) {
      deadline.check(STAGE);
      double[] u0 = objective.direction(top[m]);
      double[][] t = Linear.tangentBasis(u0);
      double[] at = u0.clone();
      double[] value = {e[top[m]], objective.polarRadius(top[m])};
      java.util.function.ToDoubleFunction<double[]> error = x -> {
        for (int k = 0; k < d; k++) {
          double v = u0[k];
          for (int j = 0; j < d - 1; j++) {
            v += x[j] * t[j][k];
          }
          u[k] = v;
        }
        Linear.normalise(u);
        RotatedRadii.rotate(rot, u, w);
        double ra = scaleA * h.polarRadius(u);
        double diff = Math.abs(ra - scaleB * q.radius(w));
        if (!Double.isFinite(diff)) {
          return 0;
        }
        if (diff > value[0]) {
          value[0] = diff;
          value[1] = ra;
          System.arraycopy(u, 0, at, 0, d);
        }
        return diff;
      };
      SimplexOptimizer nm = new SimplexOptimizer(1e-6, 1e-12);
      try {
        nm.optimize(new MaxEval(PEAK_EVALUATIONS_PER_PARAMETER * (d - 1)), new ObjectiveFunction(error::applyAsDouble),
            GoalType.MAXIMIZE, new InitialGuess(new double[d - 1]), new NelderMeadSimplex(d - 1, spacing / 2));
      } catch (TooManyEvaluationsException stop) {
        // the cap ended the climb: value holds its best
      }
      System.arraycopy(at, 0, dirs, m * d, d);
      radii[m] = value[1];
      best = Math.max(best, value[0]);
    }
    return new Peaks(dirs, radii, best);
  }

  /**
   * The ranked starts (scored: rank value, index into starts; sorted) that are at least
   * {@link #START_SEPARATION} from every better-ranked start kept, at most {@link #STARTS_SURVEYED}.
   */
  private static List<double[][]> distinct(List<double[][]> starts, List<double[]> scored, int d) {
    List<double[][]> kept = new ArrayList<>();
    for (double[] s : scored) {
      double[][] r = starts.get((int) s[1]);
      boolean far = true;
      for (double[][] o : kept) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            double x = r[i][j] - o[i][j];
            sum += x * x;
          }
        }
        if (Math.sqrt(sum) < START_SEPARATION) {
          far = false;
          break;
        }
      }
      if (far) {
        kept.add(r);
        if (kept.size() == STARTS_SURVEYED) {
          break;
        }
      }
    }
    return kept;
  }

  /** A rotation and max_u |r_A(u) - r_B(Q u)| over the whole direction set at it. */
  private record Aligned(double[][] rotation, double max) {}

  /**
   * Steps 3 and 4 for one start: the exchange method for a minimax problem over a finite set (as in
   * Remez's algorithm; Cheney, "Introduction to Approximation Theory", 1966, ch. 3): Nelder-Mead
   * minimises the maximum over an active subset of the directions (every k-th direction and the
   * {@link #ACTIVE_ADDED} worst at the start); at its minimiser the whole set is evaluated, and when
   * some direction exceeds the subset's maximum, the worst such are added and the search goes on
   * from there with a smaller simplex. It ends when the subset's maximum is the whole set's (then
   * the subset's minimiser minimises the whole maximum too, since the subset's maximum is a lower
   * bound everywhere), or after {@code rounds} rounds ({@link #EXCHANGE_ROUNDS} at full precision)
   * with the best rotation seen; Nelder-Mead stops at the relative change {@code precision}.
   */
  private static Aligned align(double[][] q0, Objective all, int stride, int d, double precision, int rounds) {
    int[] active = all.stride(stride);
    double[] e = all.errors(q0);
    active = union(active, worst(e, active, ACTIVE_ADDED));
    double[][] start = q0;
    double simplex = ALIGNMENT_SIMPLEX;
    Aligned best = new Aligned(q0, max(e));
    for (int round = 0; round < rounds; round++) {
      double[][] rot = minimise(start, all.subset(active), d, simplex, precision);
      e = all.errors(rot);
      double full = max(e);
      boolean improved = full < best.max() * (1 - RESTART_IMPROVEMENT);
      if (full < best.max()) {
        best = new Aligned(rot, full);
      }
      double activeMax = 0;
      for (int i : active) {
        activeMax = Math.max(activeMax, e[i]);
      }
      if (full <= activeMax) {
        if (!improved) {
          break;
        }
        // converged on this active set, but the round improved: a fresh simplex from here (a
        // simplex can stall on the ridges of a maximum; restarts go on while they improve)
      } else {
        active = union(active, worst(e, active, ACTIVE_ADDED));
      }
      start = rot;
      simplex = ALIGNMENT_SIMPLEX * EXCHANGE_SIMPLEX_SHRINK;
    }
    return best;
  }

  /**
   * Nelder-Mead over the Cayley parameters of a correction of q0, from a simplex of the given side,
   * to the relative change {@code precision}; the best rotation evaluated (a search cut by its
   * evaluation cap keeps its best point).
   */
  private static double[][] minimise(double[][] q0, Objective objective, int d, double simplex, double precision) {
    int params = d * (d - 1) / 2;
    double[] bestX = new double[params];
    double[] bestValue = {Double.POSITIVE_INFINITY};
    SimplexOptimizer nm = new SimplexOptimizer(precision, ALIGNMENT_ABSOLUTE_PRECISION);
    try {
      nm.optimize(new MaxEval(ALIGNMENT_EVALUATIONS_PER_PARAMETER * params),
          new ObjectiveFunction(x -> {
            double v = objective.max(multiply(q0, cayley(x, d)));
            if (v < bestValue[0]) {
              bestValue[0] = v;
              System.arraycopy(x, 0, bestX, 0, params);
            }
            return v;
          }),
          GoalType.MINIMIZE, new InitialGuess(new double[params]), new NelderMeadSimplex(params, simplex));
    } catch (TooManyEvaluationsException e) {
      // the cap ended the search: bestX holds its best point
    }
    return multiply(q0, cayley(bestX, d));
  }

  /**
   * Indices of the k largest errors that are not yet active and exceed every active one's (at a
   * start, when none does, of the k largest outside the active set), the largest first, the lower
   * index first among equal errors.
   */
  private static int[] worst(double[] e, int[] active, int k) {
    boolean[] in = new boolean[e.length];
    double activeMax = 0;
    for (int i : active) {
      in[i] = true;
      activeMax = Math.max(activeMax, e[i]);
    }
    int[] top = largest(e, in, activeMax, k);
    // at a start: the largest errors outside the sample
    return top.length > 0 ? top : largest(e, in, Double.NEGATIVE_INFINITY, k);
  }

  /** The k largest e[i] > above with !in[i], by insertion into a sorted list of at most k (k is small). */
  private static int[] largest(double[] e, boolean[] in, double above, int k) {
    int[] index = new int[k];
    int count = 0;
    for (int i = 0; i < e.length; i++) {
      double x = e[i];
      if (in[i] || !(x > above) || (count == k && !(x > e[index[k - 1]]))) {
        continue;
      }
      int j = Math.min(count, k - 1);
      while (j > 0 && x > e[index[j - 1]]) {
        index[j] = index[j - 1];
        j--;
      }
      index[j] = i;
      count = Math.min(count + 1, k);
    }
    return java.util.Arrays.copyOf(index, count);
  }

  private static int[] union(int[] x, int[] y) {
    return java.util.stream.IntStream.concat(java.util.Arrays.stream(x), java.util.Arrays.stream(y))
        .distinct().sorted().toArray();
  }

  private static double max(double[] e) {
    double m = 0;
    for (double x : e) {
      m = Math.max(m, x);
    }
    return m;
  }

  /**
   * |a(u) - s * r_B(Q u)| over (a subset of) a direction set: its max, rms and every error. For a
   * homogeneous B the radii come in batches ({@link RotatedRadii}, the directions kept as rows), else
   * direction by direction.
   */
  private static final class Objective {
    private final RadialFunction b;
    private final double[] dirs;
    private final int n;
    private final double[] a;
    private final double scaleB;
    private final double[] u;
    private final double[] w;
    private final Deadline deadline;
    /** The batch evaluator shared with every subset; null for a body without a closed form. */
    private final RotatedRadii batch;
    /** The directions as rows (coordinate k of direction i at rows[k][i]) for the batch evaluator. */
    private final double[][] rows;
    /** The errors of the last evaluation. */
    private final double[] e;

    Objective(RadialFunction b, DirectionSet set, double[] a, double scaleB, Deadline deadline) {
      this(b, directions(set), a, scaleB, deadline, RotatedRadii.of(b));
    }

    private Objective(RadialFunction b, double[] dirs, double[] a, double scaleB, Deadline deadline,
        RotatedRadii batch) {
      this.deadline = deadline;
      this.b = b;
      this.dirs = dirs;
      this.a = a;
      this.n = a.length;
      this.scaleB = scaleB;
      int d = dirs.length / n;
      this.u = new double[d];
      this.w = new double[d];
      this.batch = batch;
      this.e = new double[n];
      if (batch == null) {
        rows = null;
      } else {
        rows = new double[d][n];
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < d; k++) {
            rows[k][i] = dirs[i * d + k];
          }
        }
      }
    }

    /** Direction i (a copy). */
    double[] direction(int i) {
      int d = u.length;
      return java.util.Arrays.copyOfRange(dirs, i * d, i * d + d);
    }

    /** A's scaled polar radius at direction i. */
    double polarRadius(int i) {
      return a[i];
    }

    /** This objective with more directions (flat) and A's scaled polar radii there. */
    Objective with(double[] moreDirs, double[] moreA) {
      double[] sd = java.util.Arrays.copyOf(dirs, dirs.length + moreDirs.length);
      System.arraycopy(moreDirs, 0, sd, dirs.length, moreDirs.length);
      double[] sa = java.util.Arrays.copyOf(a, n + moreA.length);
      System.arraycopy(moreA, 0, sa, n, moreA.length);
      return new Objective(b, sd, sa, scaleB, deadline, batch);
    }

    /** The same objective over the directions of the given indices. */
    Objective subset(int[] indices) {
      int d = u.length;
      double[] sd = new double[indices.length * d];
      double[] sa = new double[indices.length];
      for (int j = 0; j < indices.length; j++) {
        System.arraycopy(dirs, indices[j] * d, sd, j * d, d);
        sa[j] = a[indices[j]];
      }
      return new Objective(b, sd, sa, scaleB, deadline, batch);
    }

    /** Every k-th index. */
    int[] stride(int k) {
      return java.util.stream.IntStream.range(0, (n + k - 1) / k).map(i -> i * k).toArray();
    }

    double max(double[][] rot) {
      evaluate(rot);
      double m = 0;
      for (int i = 0; i < n; i++) {
        m = Math.max(m, e[i]);
      }
      return m;
    }

    double[] errors(double[][] rot) {
      evaluate(rot);
      return e.clone();
    }

    double rms(double[][] rot) {
      evaluate(rot);
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += e[i] * e[i];
      }
      return Math.sqrt(s / n);
    }

    /** e[i] = |a_i - s r_B(Q u_i)| for every direction (+infinity where that is NaN). */
    private void evaluate(double[][] rot) {
      if (batch != null) {
        batch.radii(rot, rows, n, e, deadline, STAGE);
        for (int i = 0; i < n; i++) {
          double x = Math.abs(a[i] - scaleB * e[i]);
          e[i] = Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
        }
        return;
      }
      for (int i = 0; i < n; i++) {
        e[i] = diff(rot, i);
      }
    }

    private double diff(double[][] rot, int i) {
      if ((i & 255) == 0) {
        deadline.check(STAGE);
      }
      int d = u.length;
      System.arraycopy(dirs, i * d, u, 0, d);
      RotatedRadii.rotate(rot, u, w);
      double x = Math.abs(a[i] - scaleB * b.radius(w));
      return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
    }

    private static double[] directions(DirectionSet set) {
      int d = set.dimension();
      double[] out = new double[set.size() * d];
      double[] x = new double[d];
      for (int i = 0; i < set.size(); i++) {
        set.direction(i, x);
        System.arraycopy(x, 0, out, i * d, d);
      }
      return out;
    }
  }

  private static List<double[][]> startRotations(DirectionSet set, double[] a, double[] b, int d,
      Deadline deadline) {
    Neighbours neighbours = Neighbours.of(set);
    List<double[]> va = localMaxima(neighbours, a, deadline);
    List<double[]> vb = localMaxima(neighbours, b, deadline);
    List<double[][]> out = new ArrayList<>();
    out.add(identity(d));
    if (d == 2) {
      for (double[] x : va) {
        for (double[] y : vb) {
          double angle = Math.atan2(y[1], y[0]) - Math.atan2(x[1], x[0]);
          out.add(new double[][] {{Math.cos(angle), -Math.sin(angle)}, {Math.sin(angle), Math.cos(angle)}});
        }
      }
      return out;
    }
    for (int i = 0; i < va.size(); i++) {
      for (int j = 0; j < va.size(); j++) {
        if (i == j) {
          continue;
        }
        double angleA = angle(va.get(i), va.get(j));
        if (angleA < MIN_FRAME_ANGLE || angleA > Math.PI - MIN_FRAME_ANGLE) {
          continue;
        }
        for (int k = 0; k < vb.size(); k++) {
          for (int l = 0; l < vb.size(); l++) {
            if (k == l || Math.abs(angle(vb.get(k), vb.get(l)) - angleA) > FRAME_ANGLE_MATCH) {
              continue;
            }
            double[][] fa = Linear.orthonormalFrame(d, 1, va.get(i), va.get(j));
            double[][] fb = Linear.orthonormalFrame(d, 1, vb.get(k), vb.get(l));
            // Q maps frame a onto frame b: Q = sum_m b_m a_m^T (rows are frame vectors)
            double[][] rot = new double[d][d];
            for (int r = 0; r < d; r++) {
              for (int c = 0; c < d; c++) {
                double s = 0;
                for (int m = 0; m < d; m++) {
                  s += fb[m][r] * fa[m][c];
                }
                rot[r][c] = s;
              }
            }
            out.add(rot);
          }
        }
      }
      if (out.size() > 2000) {
        break;
      }
    }
    return out;
  }

  /**
   * Each direction's neighbours within 2.5 mean spacings of the set (found once with a spatial
   * index, {@link PointIndex}), for both bodies' local maxima. Made once per direction set and JVM
   * ({@link #NEIGHBOURS}: sets are themselves cached and shared read-only), since every pair of a
   * sweep measures on the same set. Read-only once made.
   */
  private static final class Neighbours {
    final int d;
    final double[] x;
    /** The neighbours of direction i: {@code list[start[i] .. start[i + 1])}, by increasing index. */
    final int[] start;
    final int[] list;

    Neighbours(DirectionSet set) {
      int n = set.size();
      d = set.dimension();
      double neighbourhood = 2.5 * Math.pow(DirectionSet.sphereArea(d) / n, 1.0 / (d - 1));
      double cos = Math.cos(neighbourhood);
      // the chord of the neighbourhood's angle: every direction within the angle is within it
      double reach = 2 * Math.sin(Math.min(neighbourhood, Math.PI) / 2) * (1 + 1e-12);
      x = Objective.directions(set);
      double[][] points = new double[n][];
      for (int i = 0; i < n; i++) {
        points[i] = java.util.Arrays.copyOfRange(x, i * d, i * d + d);
      }
      PointIndex index = new PointIndex(points, reach);
      start = new int[n + 1];
      int[] out = new int[16 * n];
      int size = 0;
      for (int i = 0; i < n; i++) {
        int count = index.near(points[i], reach);
        int[] found = java.util.Arrays.copyOf(index.found(), count);
        java.util.Arrays.sort(found);
        for (int j : found) {
          if (j != i && Linear.dot(x, i * d, x, j * d, d) > cos) {
            if (size == out.length) {
              out = java.util.Arrays.copyOf(out, 2 * size);
            }
            out[size++] = j;
          }
        }
        start[i + 1] = size;
      }
      list = java.util.Arrays.copyOf(out, size);
    }

    /** The set's neighbour lists: cached when they hold at most {@link #CACHED_ENTRIES} entries (16 MB). */
    static Neighbours of(DirectionSet set) {
      Neighbours cached = NEIGHBOURS.get(set);
      if (cached != null) {
        return cached;
      }
      Neighbours made = new Neighbours(set);
      if (made.list.length <= CACHED_ENTRIES) {
        NEIGHBOURS.putIfAbsent(set, made);
      }
      return made;
    }

    static final int CACHED_ENTRIES = 4 << 20;
  }

  private static final java.util.Map<DirectionSet, Neighbours> NEIGHBOURS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Directions whose value no direction within the neighbourhood exceeds, highest first (at most MAX_VERTICES). */
  private static List<double[]> localMaxima(Neighbours nb, double[] values, Deadline deadline) {
    int n = nb.start.length - 1;
    int d = nb.d;
    double[] x = nb.x;
    List<Integer> maxima = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if ((i & 1023) == 0) {
        deadline.check(STAGE);
      }
      boolean max = true;
      for (int c = nb.start[i]; c < nb.start[i + 1] && max; c++) {
        if (values[nb.list[c]] > values[i]) {
          max = false;
        }
      }
      if (max) {
        maxima.add(i);
      }
    }
    maxima.sort(Comparator.comparingDouble(i -> -values[i]));
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < Math.min(MAX_VERTICES, maxima.size()); i++) {
      out.add(java.util.Arrays.copyOfRange(x, maxima.get(i) * d, maxima.get(i) * d + d));
    }
    return out;
  }

  static double[][] cayley(double[] params, int d) {
    double[][] s = new double[d][d];
    int k = 0;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        s[i][j] = params[k];
        s[j][i] = -params[k];
        k++;
      }
    }
    // (I - S) is invertible for every skew-symmetric S (its eigenvalues are 1 - i t)
    double[] minus = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        minus[i * d + j] = (i == j ? 1 : 0) - s[i][j];
      }
    }
    double[] inv = Linear.inverse(minus, d);
    double[][] q = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double sum = 0;
        for (int m = 0; m < d; m++) {
          sum += inv[i * d + m] * ((m == j ? 1 : 0) + s[m][j]);
        }
        q[i][j] = sum;
      }
    }
    return q;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int d = a.length;
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += a[i][k] * b[k][j];
        }
        c[i][j] = s;
      }
    }
    return c;
  }

  private static double[][] identity(int d) {
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  private static double angle(double[] x, double[] y) {
    double dot = 0;
    for (int k = 0; k < x.length; k++) {
      dot += x[k] * y[k];
    }
    return Math.acos(Math.max(-1, Math.min(1, dot)));
  }

  private static double[] polarRadii(SupportFunction h, DirectionSet set, Deadline deadline) {
    double[] out = new double[set.size()];
    double[] u = new double[set.dimension()];
    for (int i = 0; i < set.size(); i++) {
      deadline.check(STAGE);
      set.direction(i, u);
      out[i] = h.polarRadius(u);
    }
    return out;
  }

  private static double[] radii(RadialFunction r, DirectionSet set) {
    double[] out = new double[set.size()];
    double[] u = new double[set.dimension()];
    for (int i = 0; i < set.size(); i++) {
      set.direction(i, u);
      out[i] = r.radius(u);
    }
    return out;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static void scale(double[] v, double f) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= f;
    }
  }
}
