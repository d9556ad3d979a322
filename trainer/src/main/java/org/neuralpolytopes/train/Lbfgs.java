package org.neuralpolytopes.train;

/**
 * Full-batch L-BFGS: the limited-memory BFGS direction by the two-loop recursion (Nocedal and
 * Wright, Numerical Optimization, 2nd ed., Algorithms 7.4 and 7.5, memory {@link #MEMORY}) and a
 * weak Wolfe line search by doubling and bisection (Lewis and Overton, "Nonsmooth optimization
 * via quasi-Newton methods", Math. Programming 141, 2013, section 4.2, who show that BFGS with
 * this line search also works on non-smooth objectives such as the loss of a |t| network, whose
 * gradient jumps where a unit's pre-activation changes sign).
 *
 * <ol>
 *   <li>Evaluate the loss f and gradient g over all training points (one pass).
 *   <li>Direction d = -H g, H the L-BFGS inverse Hessian with initial scaling
 *       s'y / y'y of the newest pair (the first iteration takes d = -g / |g|).
 *   <li>Line search from t = 1: a trial whose loss breaks the Armijo condition
 *       f(w + t d) <= f + c1 t g'd (or does not decrease f at all, which near a minimum is what
 *       rounding leaves of it) bounds t from above, one whose slope breaks the weak curvature
 *       condition g(w + t d)'d >= c2 g'd bounds it from below; t doubles until bounded above, then
 *       bisects, at most {@link #MAX_TRIALS} trials. Each trial is one pass over the data.
 *   <li>Keep the pair (s, y) = (t d, g_new - g) when s'y > 0 (always so after a Wolfe step on a
 *       smooth function; skipped otherwise, which keeps H positive definite).
 * </ol>
 *
 * Stops after {@code epochs} passes over the data (MAX_EPOCHS), at a plateau of the loss over
 * {@code plateau_window} iterations (PLATEAU), when no step decreases the loss any more
 * (PLATEAU: converged to working precision), or at the deadline (TIMEOUT). Reported steps are
 * iterations and epochs are passes. Every buffer is made once per run; iterations allocate
 * nothing. Adam's learning rate and moment settings do not apply.
 */
public final class Lbfgs implements Optimizer {

  public static final String NAME = "lbfgs";

  /** Pairs (s, y) kept. */
  static final int MEMORY = 10;
  /** c1 of the Armijo (sufficient decrease) condition. */
  static final double ARMIJO = 1e-4;
  /** c2 of the weak curvature condition. */
  static final double CURVATURE = 0.9;
  /** Loss evaluations per line search at most. */
  static final int MAX_TRIALS = 40;

  private final TrainingSettings settings;

  public Lbfgs(TrainingSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrainingOutcome minimise(TrainingProblem problem, double[] w, long deadlineNanos) {
    int n = w.length;
    double[] g = new double[n];
    double[] gNew = new double[n];
    double[] wNew = new double[n];
    double[] dir = new double[n];
    double[] wLow = new double[n];
    double[] gLow = new double[n];
    double[][] s = new double[MEMORY][n];
    double[][] y = new double[MEMORY][n];
    double[] rho = new double[MEMORY];
    double[] alpha = new double[MEMORY];
    PlateauStop plateau = PlateauStop.of(settings);
    LossCurve curve = new LossCurve();
    int budget = settings.epochs();

    double f = problem.fullLossAndGradient(w, g);
    int passes = 1;
    double initialLoss = f;
    if (!Double.isFinite(f) || !Adam.allFinite(g)) {
      return new TrainingOutcome(StopReason.DIVERGED, initialLoss, Double.NaN, passes, 0, new int[0], new double[0]);
    }
    int stored = 0;
    int newest = -1;
    long iterations = 0;
    StopReason reason = StopReason.MAX_EPOCHS;
    while (passes < budget) {
      // Direction: d = -H g by the two-loop recursion.
      System.arraycopy(g, 0, dir, 0, n);
      for (int c = 0; c < stored; c++) {
        int i = Math.floorMod(newest - c, MEMORY);
        alpha[i] = rho[i] * dot(s[i], dir, n);
        axpy(-alpha[i], y[i], dir, n);
      }
      double gamma;
      if (stored > 0) {
        gamma = dot(s[newest], y[newest], n) / dot(y[newest], y[newest], n);
      } else {
        gamma = 1 / Math.max(Math.sqrt(dot(g, g, n)), Double.MIN_NORMAL);
      }
      scale(gamma, dir, n);
      for (int c = stored - 1; c >= 0; c--) {
        int i = Math.floorMod(newest - c, MEMORY);
        double beta = rho[i] * dot(y[i], dir, n);
        axpy(alpha[i] - beta, s[i], dir, n);
      }
      scale(-1, dir, n);
      double slope = dot(g, dir, n);
      if (!(slope < 0)) {
        // Not a descent direction (rounding, or a kink): forget the curvature pairs.
        stored = 0;
        double norm = Math.sqrt(dot(g, g, n));
        if (!(norm > 0)) {
          reason = StopReason.PLATEAU;
          break;
        }
        for (int i = 0; i < n; i++) {
          dir[i] = -g[i] / norm;
        }
        slope = dot(g, dir, n);
      }

      // Weak Wolfe line search by doubling and bisection.
      double low = 0;
      double high = Double.POSITIVE_INFINITY;
      double t = 1;
      double fLow = f;
      boolean accepted = false;
      double fNew = Double.NaN;
      for (int trial = 0; trial < MAX_TRIALS && passes < budget; trial++) {
        for (int i = 0; i < n; i++) {
          wNew[i] = w[i] + t * dir[i];
        }
        fNew = problem.fullLossAndGradient(wNew, gNew);
        passes++;
        if (!(fNew <= f + ARMIJO * t * slope && fNew < f)) {
          // Too long (or, near a minimum, a step whose decrease rounds to nothing).
          high = t;
        } else if (dot(gNew, dir, n) < CURVATURE * slope) {
          low = t;
          fLow = fNew;
          System.arraycopy(wNew, 0, wLow, 0, n);
          System.arraycopy(gNew, 0, gLow, 0, n);
        } else {
          accepted = true;
          break;
        }
        t = high < Double.POSITIVE_INFINITY ? 0.5 * (low + high) : 2 * t;
        if (high - low <= 1e-15 * high) {
          break;
        }
      }
      if (!accepted) {
        if (low > 0) {
          // A step that decreases the loss enough but not its slope: take it.
          System.arraycopy(wLow, 0, wNew, 0, n);
          System.arraycopy(gLow, 0, gNew, 0, n);
          fNew = fLow;
          t = low;
        } else {
          // No step along d decreases the loss: converged to working precision, or out of passes.
          reason = passes >= budget ? StopReason.MAX_EPOCHS : StopReason.PLATEAU;
          break;
        }
      }

      // Curvature pair and the move.
      int next = (newest + 1) % MEMORY;
      double sy = 0;
      double yy = 0;
      for (int i = 0; i < n; i++) {
        double si = wNew[i] - w[i];
        double yi = gNew[i] - g[i];
        s[next][i] = si;
        y[next][i] = yi;
        sy += si * yi;
        yy += yi * yi;
      }
      if (sy > 1e-12 * yy && yy > 0) {
        rho[next] = 1 / sy;
        newest = next;
        stored = Math.min(stored + 1, MEMORY);
      }
      System.arraycopy(wNew, 0, w, 0, n);
      double[] tmp = g;
      g = gNew;
      gNew = tmp;
      f = fNew;
      iterations++;
      curve.record(passes, f);
      if (!Double.isFinite(f)) {
        reason = StopReason.DIVERGED;
        break;
      }
      if (plateau.plateaued(f)) {
        reason = StopReason.PLATEAU;
        break;
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        reason = StopReason.TIMEOUT;
        break;
      }
    }
    if (reason != StopReason.DIVERGED && !(Double.isFinite(f) && Adam.allFinite(w))) {
      reason = StopReason.DIVERGED;
    }
    double finalLoss = reason == StopReason.DIVERGED ? Double.NaN : f;
    return new TrainingOutcome(reason, initialLoss, finalLoss, passes, iterations, curve.epochs(), curve.losses(),
        curve.bestLoss(), curve.bestEpoch());
  }

  private static double dot(double[] u, double[] v, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += u[i] * v[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double a, double[] x, int n) {
    for (int i = 0; i < n; i++) {
      x[i] *= a;
    }
  }
}
