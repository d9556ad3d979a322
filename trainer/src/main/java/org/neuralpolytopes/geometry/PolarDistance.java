package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
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
 *   <li>r_A = 1 / h_{K_p} on a coarse and a fine direction set ({@link SupportFunction}); r_B
 *       directly from K_q's network at Q u, so that trying a rotation costs only network
 *       evaluations.
 *   <li>Start frames: the vertices of both bodies (local maxima of r over the coarse set, the
 *       largest first). Every pair of A-vertices is mapped onto every pair of B-vertices at the
 *       same angle (within {@link #FRAME_ANGLE_MATCH} rad); the rotation taking one orthonormal frame to the other is a
 *       candidate, as is the identity. This is the vertex-frame start of symmetry detection
 *       (Beruski and Vidal 2014) applied to two bodies.
 *   <li>The best few candidates on the coarse set are refined by Nelder-Mead over the Cayley
 *       parameters of a correction rotation, Q = Q0 (I - S)^-1 (I + S) with S skew-symmetric;
 *       the distance of the best is then taken on the fine set.
 * </ol>
 *
 * @param distance max over the fine set of |r_A(u) - r_B(Q u)| after scaling (0 = exact duality)
 * @param residual root mean square of the same differences
 */
public record PolarDistance(double distance, double residual) implements java.io.Serializable {

  private static final int CANDIDATES_REFINED = 4;
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
   * Nelder-Mead of the alignment (step 3): initial simplex side in Cayley parameters (about
   * 0.1 rad of rotation), and the relative and absolute change of the objective at which it stops.
   */
  private static final double ALIGNMENT_SIMPLEX = 0.05;
  private static final double ALIGNMENT_RELATIVE_PRECISION = 1e-10;
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
    int coarseSize = Math.max(64, Math.min(fine, d == 2 ? 720 : d == 3 ? 1500 : 4000));
    DirectionSet coarse = DirectionSet.of(d, coarseSize);
    DirectionSet fineSet = DirectionSet.of(d, fine);
    deadline.check(STAGE);
    SupportFunction h = new SupportFunction(p, d, deadline, STAGE);
    double[] aCoarse = polarRadii(h, coarse, deadline);
    double[] aFine = polarRadii(h, fineSet, deadline);
    double meanA = mean(aFine);
    double meanB = meanRadius(q, fineSet);
    scale(aCoarse, 1 / meanA);
    scale(aFine, 1 / meanA);
    Objective coarseObjective = new Objective(q, coarse, aCoarse, 1 / meanB, deadline);

    List<double[][]> starts = startRotations(coarse, aCoarse, q, d, deadline);
    List<double[]> scored = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      scored.add(new double[] {coarseObjective.max(starts.get(i)), i});
    }
    scored.sort(Comparator.comparingDouble(s -> s[0]));
    double[][] best = starts.get((int) scored.get(0)[1]);
    double bestValue = scored.get(0)[0];
    int params = d * (d - 1) / 2;
    for (int c = 0; c < Math.min(CANDIDATES_REFINED, scored.size()); c++) {
      double[][] q0 = starts.get((int) scored.get(c)[1]);
      SimplexOptimizer nm = new SimplexOptimizer(ALIGNMENT_RELATIVE_PRECISION, ALIGNMENT_ABSOLUTE_PRECISION);
      PointValuePair opt = nm.optimize(new MaxEval(400 * params),
          new ObjectiveFunction(x -> coarseObjective.max(multiply(q0, cayley(x, d)))),
          GoalType.MINIMIZE, new InitialGuess(new double[params]), new NelderMeadSimplex(params, ALIGNMENT_SIMPLEX));
      if (opt.getValue() < bestValue) {
        bestValue = opt.getValue();
        best = multiply(q0, cayley(opt.getPoint(), d));
      }
    }
    Objective fineObjective = new Objective(q, fineSet, aFine, 1 / meanB, deadline);
    return new PolarDistance(fineObjective.max(best), fineObjective.rms(best));
  }

  /** max and rms of |a(u) - s * r_B(Q u)| over a direction set. */
  private static final class Objective {
    private final RadialFunction b;
    private final DirectionSet set;
    private final double[] a;
    private final double scaleB;
    private final double[] u;
    private final double[] w;
    private final Deadline deadline;

    Objective(RadialFunction b, DirectionSet set, double[] a, double scaleB, Deadline deadline) {
      this.deadline = deadline;
      this.b = b;
      this.set = set;
      this.a = a;
      this.scaleB = scaleB;
      this.u = new double[set.dimension()];
      this.w = new double[set.dimension()];
    }

    double max(double[][] rot) {
      double m = 0;
      for (int i = 0; i < set.size(); i++) {
        m = Math.max(m, diff(rot, i));
      }
      return m;
    }

    double rms(double[][] rot) {
      double s = 0;
      for (int i = 0; i < set.size(); i++) {
        double e = diff(rot, i);
        s += e * e;
      }
      return Math.sqrt(s / set.size());
    }

    private double diff(double[][] rot, int i) {
      if ((i & 255) == 0) {
        deadline.check(STAGE);
      }
      set.direction(i, u);
      int d = u.length;
      for (int k = 0; k < d; k++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += rot[k][j] * u[j]; // Q u
        }
        w[k] = s;
      }
      double e = Math.abs(a[i] - scaleB * b.radius(w));
      return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }
  }

  private static List<double[][]> startRotations(DirectionSet coarse, double[] aCoarse, RadialFunction q, int d,
      Deadline deadline) {
    double[] bCoarse = new double[coarse.size()];
    double[] u = new double[d];
    for (int i = 0; i < coarse.size(); i++) {
      coarse.direction(i, u);
      bCoarse[i] = q.radius(u);
    }
    List<double[]> va = localMaxima(coarse, aCoarse, deadline);
    List<double[]> vb = localMaxima(coarse, bCoarse, deadline);
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

  /** Directions of the set whose value is the largest among their nearest neighbours. */
  private static List<double[]> localMaxima(DirectionSet set, double[] values, Deadline deadline) {
    int n = set.size();
    int d = set.dimension();
    double neighbourhood = 2.5 * Math.pow(DirectionSet.sphereArea(d) / n, 1.0 / (d - 1));
    double cos = Math.cos(neighbourhood);
    List<Integer> maxima = new ArrayList<>();
    double[] u = new double[d];
    double[] w = new double[d];
    for (int i = 0; i < n; i++) {
      if ((i & 63) == 0) {
        deadline.check(STAGE);
      }
      set.direction(i, u);
      boolean max = true;
      for (int j = 0; j < n && max; j++) {
        if (j == i) {
          continue;
        }
        set.direction(j, w);
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += u[k] * w[k];
        }
        if (dot > cos && values[j] > values[i]) {
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
      double[] x = new double[d];
      set.direction(maxima.get(i), x);
      out.add(x);
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
    RealMatrix sm = new Array2DRowRealMatrix(s);
    RealMatrix id = new Array2DRowRealMatrix(identity(d));
    RealMatrix q = new LUDecomposition(id.subtract(sm)).getSolver().getInverse().multiply(id.add(sm));
    return q.getData();
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

  private static double meanRadius(RadialFunction r, DirectionSet set) {
    double s = 0;
    double[] u = new double[set.dimension()];
    for (int i = 0; i < set.size(); i++) {
      set.direction(i, u);
      s += r.radius(u);
    }
    return s / set.size();
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
