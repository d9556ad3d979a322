package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.AbsPower;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The support function of a one-layer body that is a norm's unit ball, without a search over the
 * sphere. With one layer of |t|^p, p >= 1, and first-layer weights W (rows w_j) of rank d, the
 * body K = {x : sum_j |w_j . x|^p <= 1} is the unit ball of the norm x -> ||W x||_p: convex and
 * origin-symmetric, and h_K(u) = max over x in K of u . x is known through it.
 *
 * <ul>
 *   <li>p = 1: K is a polytope whose vertices lie on the rays of the arrangement of the planes
 *       w_j . x = 0, the lines where d - 1 of them with independent normals meet. Every such line
 *       meets the boundary at +-v / ||W v||_1 (a point of K), so h(u) is the largest |c . u| over
 *       these points c: exactly the maximum over the vertices, with nothing to refine.
 *   <li>p > 1: K is smooth and strictly convex, and h is found by Newton's method with a
 *       backtracking line search (Boyd and Vandenberghe 2004, 9.5) on a smooth convex function
 *       sum_j |c_j + (A t)_j|^r with r >= 2, whose Hessian weights |.|^(r - 2) stay bounded (with
 *       r < 2 they are infinite at 0, and Newton's steps jump across the planes w_j . x = 0: in one
 *       variable |t|^1.5 sends t to -t):
 *       <ul>
 *         <li>p >= 2, the primal: on the plane u . x = 1 (x = u + T t, T an orthonormal basis of
 *             u's complement) h(u) = 1 / min_t ||W x||_p, so r = p and h = F_min^(-1/p);
 *         <li>1 < p < 2, the dual: h(u) = min ||y||_q over W^T y = u (1/p + 1/q = 1, the dual
 *             norm), y = y0 + N t with N a basis of W^T's null space, so r = q > 2 and
 *             h = F_min^(1/q). y0 comes from the start point's optimality condition
 *             (y ~ sign(z) |z|^(p-1), z = W x0), projected onto W^T y = u.
 *       </ul>
 *       The start is the caller's (the scanned maximiser); the iteration stops when Newton's
 *       decrement is at rounding level. Everything is formed with the vector scaled by its
 *       largest entry, so that p up to 64 neither overflows nor underflows.
 * </ul>
 *
 * <p>{@link #of} returns null for every other network (several layers, p < 1, other activations,
 * W of rank below d, or too many lines to list); the support function then searches
 * ({@link SupportFunction}). Not thread-safe (scratch buffers).
 */
final class NormBallSupport {

  /** Lines listed at most for p = 1 (d - 1 of n planes: C(n, d - 1)); above it the search is used. */
  static final int MAX_LINES = 20_000;
  /** Relative size under which W's rows count as dependent (its rank, and a line's d - 1 planes). */
  private static final double RANK_TOLERANCE = 1e-9;
  /** Newton iterations at most, and step halvings at most per iteration. */
  private static final int MAX_ITERATIONS = 100;
  private static final int MAX_HALVINGS = 60;
  /** Newton's decrement squared relative to F at which F is at its minimum to rounding level. */
  private static final double CONVERGED = 1e-20;
  /**
   * A decrement below r times this, relative to F, is rounding noise when no step lowers F any
   * more (each term |.|^r carries about r rounding errors); h is then within about half of this
   * of its exact value, relative.
   */
  private static final double STALLED = 1e-13;
  /** The ridge added to a singular Hessian, relative to its largest diagonal entry. */
  private static final double RIDGE = 1e-12;
  /** Armijo's fraction of the predicted decrease that a step must achieve. */
  private static final double ARMIJO = 1e-4;

  private final int d;
  private final int n;
  private final double p;
  /** The rows w_j, flat (n x d). */
  private final double[] w;
  /** p = 1: the boundary points on the arrangement's lines, one of each pair +-c, flat; else null. */
  private final double[] lines;
  /** p < 2 (the dual problem): W (W^T W)^-1 (n x d), and an orthonormal basis of W^T's null space ((n - d) x n). */
  private final double[] project;
  private final double[][] nullBasis;
  /** |t|^r of the problem Newton's method solves: r = p (primal) or its conjugate q (dual). */
  private final AbsPower power;
  private final double r;

  // Newton's scratch: minimise sum_j |c_j + (A t)_j|^r over t in R^m
  private final int m;
  private final double[] c;
  private final double[] a;
  private final double[] z;
  private final double[] s;
  /** (|z_j| / max |z|)^r. */
  private final double[] powers;
  private final double[] grad;
  private final double[] hessian;
  /** Cholesky factor of {@link #hessian} (plus a ridge). */
  private final double[] hess;
  private final double[] step;
  private final double[] t;
  private final double[] trialT;
  private final double[] work;
  private double scale;
  private double scaledF;

  private NormBallSupport(Network net, double[] lines) {
    Architecture arch = net.architecture();
    this.d = arch.d();
    this.n = arch.units();
    this.p = arch.activation().p();
    this.w = net.weights();
    this.lines = lines;
    boolean dual = p > 1 && p < 2;
    this.r = dual ? p / (p - 1) : p;
    this.power = new AbsPower(r);
    if (dual) {
      // W^T's null space: the frame of R^n led by W's d columns, without them
      double[][] columns = new double[d][n];
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < d; k++) {
          columns[k][j] = w[j * d + k];
        }
      }
      double[][] frame = Linear.orthonormalFrame(n, 0, columns);
      this.nullBasis = java.util.Arrays.copyOfRange(frame, d, n);
      double[] gram = new double[d * d];
      for (int k = 0; k < d; k++) {
        for (int l = 0; l < d; l++) {
          gram[k * d + l] = Linear.dot(columns[k], columns[l]);
        }
      }
      double[] inverse = Linear.inverse(gram, d);
      this.project = new double[n * d];
      for (int j = 0; j < n; j++) {
        for (int l = 0; l < d; l++) {
          double x = 0;
          for (int k = 0; k < d; k++) {
            x += w[j * d + k] * inverse[k * d + l];
          }
          project[j * d + l] = x;
        }
      }
      this.m = n - d;
    } else {
      this.nullBasis = null;
      this.project = null;
      this.m = d - 1;
    }
    this.c = new double[n];
    this.a = new double[n * Math.max(m, 1)];
    if (dual) {
      // the dual's A is N for every direction (the primal's is made per direction)
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < m; k++) {
          a[j * m + k] = nullBasis[k][j];
        }
      }
    }
    this.z = new double[n];
    this.s = new double[n];
    this.powers = new double[n];
    this.grad = new double[m];
    this.hessian = new double[m * m];
    this.hess = new double[m * m];
    this.step = new double[m];
    this.t = new double[m];
    this.trialT = new double[m];
    this.work = new double[Math.max(n, d)];
  }

  /** The exact support function of r's body, or null when the body is not of this kind. */
  static NormBallSupport of(RadialFunction r) {
    Network net = r.network();
    Architecture arch = net.architecture();
    Activation act = arch.activation();
    int d = arch.d();
    int n = arch.units();
    if (!r.homogeneous() || arch.layers() != 1 || arch.coefficientCount() > 0 || !(act instanceof AbsPower)
        || !(act.p() >= 1) || d < 2) {
      return null;
    }
    double[] w = net.weights();
    int[] all = new int[n];
    for (int j = 0; j < n; j++) {
      all[j] = j;
    }
    for (double x : w) {
      if (!Double.isFinite(x)) {
        return null;
      }
    }
    if (Linear.rank(w, all, d, RANK_TOLERANCE) < d) {
      return null;
    }
    if (act.p() > 1) {
      try {
        return new NormBallSupport(net, null);
      } catch (IllegalArgumentException | ArithmeticException illConditioned) {
        return null; // W's columns dependent to rounding after all (Linear's frame and inverse): search
      }
    }
    double[] lines = lines(w, n, d);
    return lines == null ? null : new NormBallSupport(net, lines);
  }

  /**
   * The boundary points +-v / ||W v||_1 of K_1 on every line where d - 1 planes w_j . x = 0 with
   * independent normals meet (one of each pair), or null when there are more than
   * {@link #MAX_LINES} subsets to try.
   */
  private static double[] lines(double[] w, int n, int d) {
    int k = d - 1;
    double subsets = 1;
    for (int i = 0; i < k; i++) {
      subsets = subsets * (n - i) / (i + 1);
    }
    if (subsets > MAX_LINES) {
      return null;
    }
    double[] out = new double[(int) Math.round(subsets) * d];
    int count = 0;
    int[] pick = new int[k];
    for (int i = 0; i < k; i++) {
      pick[i] = i;
    }
    double[][] rows = new double[k][];
    while (true) {
      for (int i = 0; i < k; i++) {
        rows[i] = java.util.Arrays.copyOfRange(w, pick[i] * d, pick[i] * d + d);
      }
      double[] v = nullDirection(rows, d);
      if (v != null) {
        double f = 0;
        for (int j = 0; j < n; j++) {
          f += Math.abs(Linear.dot(w, j * d, v, d));
        }
        for (int c = 0; c < d; c++) {
          out[count * d + c] = v[c] / f;
        }
        count++;
      }
      // next k-subset in lexicographic order
      int i = k - 1;
      while (i >= 0 && pick[i] == n - k + i) {
        i--;
      }
      if (i < 0) {
        break;
      }
      pick[i]++;
      for (int j = i + 1; j < k; j++) {
        pick[j] = pick[j - 1] + 1;
      }
    }
    return java.util.Arrays.copyOf(out, count * d);
  }

  /** The unit vector orthogonal to d - 1 rows of independent directions, or null when they are dependent. */
  private static double[] nullDirection(double[][] rows, int d) {
    int[] idx = new int[rows.length];
    double[] flat = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      idx[i] = i;
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    if (Linear.rank(flat, idx, d, RANK_TOLERANCE) < rows.length) {
      return null;
    }
    try {
      return Linear.orthonormalFrame(d, 0, rows)[d - 1];
    } catch (IllegalArgumentException dependent) {
      return null;
    }
  }

  /** Whether h needs no start point (p = 1). */
  boolean polytope() {
    return lines != null;
  }

  /**
   * h(u) for a unit vector u; for p > 1 from the start point x0 ({@code start[off .. off + d)},
   * any point with u . x0 > 0, best one near the maximiser). NaN when Newton's method did not
   * reach its minimum: the caller then searches.
   */
  double support(double[] u, double[] start, int off) {
    if (lines != null) {
      double best = 0;
      for (int i = 0, count = lines.length / d; i < count; i++) {
        best = Math.max(best, Math.abs(Linear.dot(lines, i * d, u, d)));
      }
      return best;
    }
    double along = Linear.dot(start, off, u, d);
    if (!(along > 0)) {
      return Double.NaN;
    }
    if (project == null) {
      // primal: x = u + T t on the plane u . x = 1, F = ||W x||_p^p, h = F_min^(-1/p)
      double[][] tangents = Linear.tangentBasis(u);
      for (int j = 0; j < n; j++) {
        c[j] = Linear.dot(w, j * d, u, d);
        for (int k = 0; k < m; k++) {
          a[j * m + k] = Linear.dot(w, j * d, tangents[k], d);
        }
      }
      for (int k = 0; k < m; k++) {
        t[k] = Linear.dot(start, off, tangents[k], d) / along;
      }
      return minimise() ? Math.pow(scaledF, -1 / r) / scale : Double.NaN;
    }
    // dual: y = y0 + N t with W^T y0 = u, G = ||y||_q^q, h = G_min^(1/q); y0 from the start
    // point's optimality condition y ~ sign(z) |z|^(p-1), z = W x0, scaled and projected
    double big = 0;
    for (int j = 0; j < n; j++) {
      z[j] = Linear.dot(w, j * d, start, off, d);
      big = Math.max(big, Math.abs(z[j]));
    }
    if (!(big > 0) || !Double.isFinite(big)) {
      return Double.NaN;
    }
    for (int j = 0; j < n; j++) {
      c[j] = Math.signum(z[j]) * Math.pow(Math.abs(z[j]) / big, p - 1);
    }
    // the multiple lambda of y that brings W^T y closest to u, then the projection onto W^T y = u
    double[] wty = work;
    double dot = 0;
    double square = 0;
    for (int k = 0; k < d; k++) {
      double x = 0;
      for (int j = 0; j < n; j++) {
        x += w[j * d + k] * c[j];
      }
      wty[k] = x;
      dot += x * u[k];
      square += x * x;
    }
    double lambda = square > 0 ? dot / square : 0;
    for (int k = 0; k < d; k++) {
      wty[k] = lambda * wty[k] - u[k];
    }
    for (int j = 0; j < n; j++) {
      c[j] = lambda * c[j] - Linear.dot(project, j * d, wty, d);
    }
    if (m == 0) {
      return scaleOf(c) ? Math.pow(scaledF, 1 / r) * scale : Double.NaN;
    }
    java.util.Arrays.fill(t, 0);
    return minimise() ? Math.pow(scaledF, 1 / r) * scale : Double.NaN;
  }

  /**
   * Newton's method with backtracking from {@link #t}: on success {@link #scale} and
   * {@link #scaledF} hold the minimum, F = scale^r scaledF.
   */
  private boolean minimise() {
    double logF = evaluate(t, true);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      if (!Double.isFinite(logF) || !solve()) {
        return false;
      }
      // decrement^2 / F = G . H^-1 G / F_scaled; the step in t is -scale * H^-1 G
      double decrement = Linear.dot(grad, step) / scaledF;
      if (!(decrement >= 0)) {
        return false;
      }
      if (decrement < CONVERGED) {
        return true;
      }
      double stepScale = scale;
      double alpha = 1;
      boolean moved = false;
      for (int halving = 0; halving < MAX_HALVINGS; halving++) {
        for (int k = 0; k < m; k++) {
          trialT[k] = t[k] - alpha * stepScale * step[k];
        }
        double trialLogF = evaluate(trialT, false);
        if (Math.expm1(trialLogF - logF) <= -ARMIJO * alpha * decrement) {
          System.arraycopy(trialT, 0, t, 0, m);
          logF = evaluate(t, true);
          moved = true;
          break;
        }
        alpha /= 2;
      }
      if (!moved) {
        evaluate(t, true);
        return decrement < STALLED * r;
      }
    }
    return false;
  }

  /** Sets {@link #scale} = max |v_j| and {@link #scaledF} = sum_j (|v_j| / scale)^r; false when v is 0 or not finite. */
  private boolean scaleOf(double[] v) {
    double big = 0;
    for (int j = 0; j < n; j++) {
      big = Math.max(big, Math.abs(v[j]));
    }
    if (!(big > 0) || big == Double.POSITIVE_INFINITY) {
      return false;
    }
    double f = 0;
    for (int j = 0; j < n; j++) {
      s[j] = Math.abs(v[j]) / big;
      powers[j] = power.value(s[j]);
      f += powers[j];
    }
    scale = big;
    scaledF = f;
    return true;
  }

  /**
   * log F at coordinates tt, F = sum_j |c_j + (A tt)_j|^r; sets {@link #scale} and
   * {@link #scaledF} ({@link #scaleOf}), and with {@code derivatives} the scaled gradient G = grad
   * F / scale^(r-1) and Hessian H = hess F / scale^(r-2).
   */
  private double evaluate(double[] tt, boolean derivatives) {
    for (int j = 0; j < n; j++) {
      double x = c[j];
      for (int k = 0; k < m; k++) {
        x += a[j * m + k] * tt[k];
      }
      z[j] = x;
    }
    if (!scaleOf(z)) {
      return Double.NaN;
    }
    if (derivatives) {
      java.util.Arrays.fill(grad, 0);
      java.util.Arrays.fill(hessian, 0);
      for (int j = 0; j < n; j++) {
        double sj = s[j];
        // r |z|^(r-1) sign(z) and r (r - 1) |z|^(r-2), scaled (r >= 2 here: bounded)
        double slope = sj > 0 ? r * powers[j] / sj * Math.signum(z[j]) : 0;
        double curvature = sj > 0 ? r * (r - 1) * powers[j] / sj / sj : r == 2 ? 2 : 0;
        for (int k = 0; k < m; k++) {
          double ak = a[j * m + k];
          grad[k] += slope * ak;
          for (int l = 0; l <= k; l++) {
            hessian[k * m + l] += curvature * ak * a[j * m + l];
          }
        }
      }
      for (int k = 0; k < m; k++) {
        for (int l = 0; l < k; l++) {
          hessian[l * m + k] = hessian[k * m + l];
        }
      }
    }
    return r * Math.log(scale) + Math.log(scaledF);
  }

  /**
   * step = H^-1 G by Cholesky, written out (not commons-math's CholeskyDecomposition, as
   * census/CriticalPointSolver uses): it runs at every Newton step of every direction, on an m x m
   * matrix with m = d - 1 or n - d, where the library's matrices and solver would be allocated
   * each time. When H is singular to rounding (r > 2 and entries at 0 have no
   * curvature), with a ridge of {@link #RIDGE} times H's largest diagonal entry. False when that
   * fails too.
   */
  private boolean solve() {
    if (factor(0)) {
      return true;
    }
    double largest = 0;
    for (int k = 0; k < m; k++) {
      largest = Math.max(largest, hessian[k * m + k]);
    }
    return largest > 0 && factor(RIDGE * largest);
  }

  /** Factors H + ridge I into {@link #hess}'s lower triangle and solves; false when not positive definite. */
  private boolean factor(double ridge) {
    System.arraycopy(hessian, 0, hess, 0, m * m);
    for (int k = 0; k < m; k++) {
      hess[k * m + k] += ridge;
    }
    for (int k = 0; k < m; k++) {
      double diag = hess[k * m + k];
      for (int l = 0; l < k; l++) {
        diag -= hess[k * m + l] * hess[k * m + l];
      }
      if (!(diag > 0) || !Double.isFinite(diag)) {
        return false;
      }
      double root = Math.sqrt(diag);
      hess[k * m + k] = root;
      for (int i = k + 1; i < m; i++) {
        double x = hess[i * m + k];
        for (int l = 0; l < k; l++) {
          x -= hess[i * m + l] * hess[k * m + l];
        }
        hess[i * m + k] = x / root;
      }
    }
    for (int k = 0; k < m; k++) {
      double x = grad[k];
      for (int l = 0; l < k; l++) {
        x -= hess[k * m + l] * step[l];
      }
      step[k] = x / hess[k * m + k];
    }
    for (int k = m - 1; k >= 0; k--) {
      double x = step[k];
      for (int l = k + 1; l < m; l++) {
        x -= hess[l * m + k] * step[l];
      }
      step[k] = x / hess[k * m + k];
    }
    return true;
  }
}
