package org.neuralpolytopes.census;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Solves grad loss(w) = 0 from one start: Newton's method on the gradient system with
 * Levenberg-Marquardt damping (Madsen, Nielsen and Tingleff, "Methods for non-linear least
 * squares problems", 2nd ed., 2004, Algorithm 3.16), which finds critical points of every index
 * (not only minima) and copes with the Hessian's null directions (every critical point lies on an
 * orbit of the input rotations, so the Hessian is always singular there).
 *
 * <ol>
 *   <li>F(w) = grad loss(w), whose Jacobian is the Hessian H; the merit is |F|^2 / 2.
 *   <li>Step h from (H'H + mu I) h = -H'F (H is symmetric), mu starting at
 *       {@link #INITIAL_DAMPING} times the largest diagonal entry of H'H.
 *   <li>Gain ratio rho = (|F(w)|^2 - |F(w + h)|^2) / (h'(mu h - H'F)): accept the step when
 *       rho > 0 and set mu *= max(1/3, 1 - (2 rho - 1)^3), nu = 2; otherwise mu *= nu, nu *= 2.
 *   <li>Converged when max |F| <= the gradient tolerance. Not converged when the iterations run
 *       out, the step stalls ({@link #MIN_STEP} relative to |w|, a minimum of the merit that is
 *       no critical point of the loss) or the weights exceed {@link #MAX_WEIGHT}.
 * </ol>
 */
final class CriticalPointSolver {

  /** tau of the initial damping mu = tau max_i (H'H)_ii (Madsen et al. suggest 1e-3). */
  static final double INITIAL_DAMPING = 1e-3;
  /** A step below this relative to |w| + this ends the search. */
  static final double MIN_STEP = 1e-15;
  /** Weights beyond this magnitude: the search has run away (along a rescaling orbit, say). */
  static final double MAX_WEIGHT = 1e4;

  /** Where a search ended. */
  record Outcome(boolean converged, double[] weights, PopulationLoss.Evaluation evaluation, int iterations) {}

  private final PopulationLoss loss;
  private final double gradientTolerance;
  private final int maxIterations;

  CriticalPointSolver(PopulationLoss loss, double gradientTolerance, int maxIterations) {
    this.loss = loss;
    this.gradientTolerance = gradientTolerance;
    this.maxIterations = maxIterations;
  }

  Outcome solve(double[] start) {
    int m = start.length;
    double[] w = start.clone();
    PopulationLoss.Evaluation e = loss.evaluate(w);
    double[] ata = new double[m * m];
    double[] atf = new double[m];
    normalEquations(e, ata, atf);
    double mu = 0;
    for (int i = 0; i < m; i++) {
      mu = Math.max(mu, ata[i * m + i]);
    }
    mu *= INITIAL_DAMPING;
    double nu = 2;
    for (int k = 0; k < maxIterations; k++) {
      if (maxAbs(e.gradient()) <= gradientTolerance) {
        return new Outcome(true, w, e, k);
      }
      if (!(maxAbs(w) <= MAX_WEIGHT) || !Double.isFinite(e.loss())) {
        return new Outcome(false, w, e, k);
      }
      double[] h = dampedStep(ata, atf, mu, m);
      if (h == null) {
        mu *= nu;
        nu *= 2;
        continue;
      }
      if (norm(h) <= MIN_STEP * (norm(w) + MIN_STEP)) {
        return new Outcome(false, w, e, k);
      }
      double[] trial = new double[m];
      for (int i = 0; i < m; i++) {
        trial[i] = w[i] + h[i];
      }
      PopulationLoss.Evaluation et = loss.evaluate(trial);
      double predicted = 0;
      for (int i = 0; i < m; i++) {
        predicted += h[i] * (mu * h[i] - atf[i]);
      }
      double rho = (dot(e.gradient(), e.gradient()) - dot(et.gradient(), et.gradient())) / predicted;
      if (rho > 0 && Double.isFinite(et.loss())) {
        w = trial;
        e = et;
        normalEquations(e, ata, atf);
        mu *= Math.max(1.0 / 3, 1 - Math.pow(2 * rho - 1, 3));
        nu = 2;
      } else {
        mu *= nu;
        nu *= 2;
        if (!(mu < Double.MAX_VALUE / 4)) {
          return new Outcome(false, w, e, k);
        }
      }
    }
    return new Outcome(maxAbs(e.gradient()) <= gradientTolerance, w, e, maxIterations);
  }

  /** H'H and H'F for F = the gradient and H = the Hessian (symmetric). */
  private static void normalEquations(PopulationLoss.Evaluation e, double[] ata, double[] atf) {
    int m = atf.length;
    double[] h = e.hessian();
    double[] f = e.gradient();
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int k = 0; k < m; k++) {
        s += h[k * m + i] * f[k];
      }
      atf[i] = s;
      for (int j = i; j < m; j++) {
        double t = 0;
        for (int k = 0; k < m; k++) {
          t += h[k * m + i] * h[k * m + j];
        }
        ata[i * m + j] = t;
        ata[j * m + i] = t;
      }
    }
  }

  /** Solves (A + mu I) h = -g by Cholesky; null when that matrix is numerically not positive definite. */
  private static double[] dampedStep(double[] a, double[] g, double mu, int m) {
    RealMatrix mat = MatrixUtils.createRealMatrix(m, m);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        mat.setEntry(i, j, a[i * m + j] + (i == j ? mu : 0));
      }
    }
    try {
      double[] rhs = new double[m];
      for (int i = 0; i < m; i++) {
        rhs[i] = -g[i];
      }
      return new CholeskyDecomposition(mat, 1e-12, 0).getSolver().solve(MatrixUtils.createRealVector(rhs)).toArray();
    } catch (NonPositiveDefiniteMatrixException e) {
      return null;
    }
  }

  /** max |v_i|, NaN if any entry is NaN (so that no comparison with it passes). */
  static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      if (Double.isNaN(x)) {
        return Double.NaN;
      }
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
