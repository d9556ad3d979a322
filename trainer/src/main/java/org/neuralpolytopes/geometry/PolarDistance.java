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
 *       same angle (within 0.15 rad); the rotation taking one orthonormal frame to the other is a
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
   * @param p the body K_p (its polar is compared)
   * @param q the body K_q
   * @param d dimension
   * @param fine size of the direction set on which the distance is taken
   */
  public static PolarDistance between(RadialFunction p, RadialFunction q, int d, int fine) {
    int coarseSize = Math.max(64, Math.min(fine, d == 2 ? 720 : d == 3 ? 1500 : 4000));
    DirectionSet coarse = DirectionSet.of(d, coarseSize);
    DirectionSet fineSet = DirectionSet.of(d, fine);
    SupportFunction h = new SupportFunction(p, d);
    double[] aCoarse = polarRadii(h, coarse);
    double[] aFine = polarRadii(h, fineSet);
    double meanA = mean(aFine);
    double meanB = meanRadius(q, fineSet);
    scale(aCoarse, 1 / meanA);
    scale(aFine, 1 / meanA);
    Objective coarseObjective = new Objective(q, coarse, aCoarse, 1 / meanB);

    List<double[][]> starts = startRotations(coarse, aCoarse, q, d);
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
      SimplexOptimizer nm = new SimplexOptimizer(1e-10, 1e-12);
      PointValuePair opt = nm.optimize(new MaxEval(400 * params),
          new ObjectiveFunction(x -> coarseObjective.max(multiply(q0, cayley(x, d)))),
          GoalType.MINIMIZE, new InitialGuess(new double[params]), new NelderMeadSimplex(params, 0.05));
      if (opt.getValue() < bestValue) {
        bestValue = opt.getValue();
        best = multiply(q0, cayley(opt.getPoint(), d));
      }
    }
    Objective fineObjective = new Objective(q, fineSet, aFine, 1 / meanB);
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

    Objective(RadialFunction b, DirectionSet set, double[] a, double scaleB) {
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

  private static List<double[][]> startRotations(DirectionSet coarse, double[] aCoarse, RadialFunction q, int d) {
    double[] bCoarse = new double[coarse.size()];
    double[] u = new double[d];
    for (int i = 0; i < coarse.size(); i++) {
      coarse.direction(i, u);
      bCoarse[i] = q.radius(u);
    }
    List<double[]> va = localMaxima(coarse, aCoarse);
    List<double[]> vb = localMaxima(coarse, bCoarse);
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
        if (angleA < 0.2 || angleA > Math.PI - 0.2) {
          continue;
        }
        for (int k = 0; k < vb.size(); k++) {
          for (int l = 0; l < vb.size(); l++) {
            if (k == l || Math.abs(angle(vb.get(k), vb.get(l)) - angleA) > 0.15) {
              continue;
            }
            double[][] fa = frame(va.get(i), va.get(j), d);
            double[][] fb = frame(vb.get(k), vb.get(l), d);
            // Q maps frame a onto frame b: Q = Fb Fa^T (columns are frame vectors)
            double[][] rot = new double[d][d];
            for (int r = 0; r < d; r++) {
              for (int c = 0; c < d; c++) {
                double s = 0;
                for (int m = 0; m < d; m++) {
                  s += fb[r][m] * fa[c][m];
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

  /** An orthonormal, positively oriented frame (as columns) starting with x and y's direction. */
  private static double[][] frame(double[] x, double[] y, int d) {
    double[][] f = new double[d][d];
    double[][] seed = new double[d][];
    seed[0] = x;
    seed[1] = y;
    for (int k = 2; k < d; k++) {
      seed[k] = new double[d];
      seed[k][k] = 1;
    }
    int made = 0;
    for (int s = 0; s < d + 2 && made < d; s++) {
      double[] c = new double[d];
      if (s < d) {
        System.arraycopy(seed[s], 0, c, 0, d);
      } else {
        c[s - d] = 1;
      }
      for (int j = 0; j < made; j++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += c[k] * f[k][j];
        }
        for (int k = 0; k < d; k++) {
          c[k] -= dot * f[k][j];
        }
      }
      double norm = 0;
      for (double v : c) {
        norm += v * v;
      }
      if (norm > 1e-8) {
        norm = Math.sqrt(norm);
        for (int k = 0; k < d; k++) {
          f[k][made] = c[k] / norm;
        }
        made++;
      }
    }
    if (det(f) < 0) {
      for (int k = 0; k < d; k++) {
        f[k][d - 1] = -f[k][d - 1];
      }
    }
    return f;
  }

  /** Directions of the set whose value is the largest among their nearest neighbours. */
  private static List<double[]> localMaxima(DirectionSet set, double[] values) {
    int n = set.size();
    int d = set.dimension();
    double neighbourhood = 2.5 * Math.pow(DirectionSet.sphereArea(d) / n, 1.0 / (d - 1));
    double cos = Math.cos(neighbourhood);
    List<Integer> maxima = new ArrayList<>();
    double[] u = new double[d];
    double[] w = new double[d];
    for (int i = 0; i < n; i++) {
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

  private static double det(double[][] m) {
    return new LUDecomposition(new Array2DRowRealMatrix(m)).getDeterminant();
  }

  private static double angle(double[] x, double[] y) {
    double dot = 0;
    for (int k = 0; k < x.length; k++) {
      dot += x[k] * y[k];
    }
    return Math.acos(Math.max(-1, Math.min(1, dot)));
  }

  private static double[] polarRadii(SupportFunction h, DirectionSet set) {
    double[] out = new double[set.size()];
    double[] u = new double[set.dimension()];
    for (int i = 0; i < set.size(); i++) {
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
