package org.neuralpolytopes.train;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.neuralpolytopes.net.AbsPower;
import org.neuralpolytopes.net.Architecture;

/**
 * The exact minimiser for p = 2 ({@code optimizer: exact}): the weights in closed form, no
 * iterations. Only for the activation |t|^2 = t^2, where a network of L layers is a homogeneous
 * polynomial of degree 2^L in x.
 *
 * <p><b>L = 1.</b> f(x) = sum_i (w_i . x)^2 = x' W'W x. Over the uniform sphere the population
 * loss E[(x'Ax - 1)^2] with A = W'W is (tr(A)^2 + 2 tr(A^2)) / (d (d + 2)) - 2 tr(A) / d + 1
 * (E[x_i^2] = 1/d, E[x_i^4] = 3/(d(d+2)), E[x_i^2 x_j^2] = 1/(d(d+2))); it vanishes exactly when
 * A = I, i.e. when W (n x d) has orthonormal columns, which needs n >= d. The finite-sample loss
 * (1/N) sum_k (x_k'A x_k - 1)^2 over unit training points x_k is zero at A = I too (up to
 * rounding), and A = I is its only zero once the N matrices x_k x_k' span the symmetric matrices
 * (N >= d(d+1)/2 points in general position), so both losses have the same minimisers. For
 * n < d, A has rank at most n and cannot be I: no weights fit, and the shape is refused. The
 * best fit there (what Adam approaches) follows from the loss being convex and symmetric in the
 * eigenvalues of A: A = c P, P an orthogonal projection of rank n, c = (d + 2)/(n + 2), loss
 * 1 - n(d + 2)/(d(n + 2)), and f vanishes on P's kernel (an unbounded body).
 *
 * <p><b>L >= 2.</b> f has degree 2^L and the loss vanishes exactly when f(x) = |x|^(2^L) (a
 * homogeneous polynomial equal to 1 on the sphere). Every first-layer output h_i = (w_i . x)^2
 * vanishes on the kernel of W_1, so for n < d no layer after it can give |x|^(2^L): no exact
 * solution exists, and the shape is refused. For n >= d one is built layer by layer: if the
 * units of layer l - 1 sum to s(x), a layer whose rows are all multiples of the all-ones vector,
 * row j = u_j 1' with |u| = 1, gives units (u_j s)^2 that sum to s^2. Starting from s = |x|^2
 * (W_1'W_1 = I), L layers give |x|^(2^L). This is one point of the zero-loss set; for L >= 2 the
 * set is larger (sum_j (x'A_j x)^2 = |x|^4 has solutions whose A_j are not multiples of one
 * matrix, such as A_1 = diag(1, -1), A_2 = [[0, 1], [1, 0]] in d = 2), and Adam may end anywhere
 * on it: the same loss and body, other weights.
 *
 * <p>Algorithm (deterministic, and as close to the start as the family allows):
 *
 * <ol>
 *   <li>First layer: the orthogonal polar factor Q = U V' of the initial W_1 = U S V' (thin SVD,
 *       Higham, "Computing the polar decomposition", SIAM J. Sci. Stat. Comput. 7, 1986), the
 *       nearest matrix with orthonormal columns in the Frobenius norm (Fan and Hoffman 1955).
 *   <li>Layer l >= 2: row j = u_j 1' with u = W_l 1 / |W_l 1|, the nearest matrix of the form
 *       u 1', |u| = 1, to the initial W_l (u = 1/sqrt(n) if W_l 1 = 0).
 * </ol>
 */
public final class ExactQuadratic implements Optimizer {

  public static final String NAME = "exact";

  public ExactQuadratic(TrainingSettings settings) {
    // The closed form takes no setting: learning rate, epochs and batches do not apply.
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Refuses what the closed form does not cover: activations other than abs_power, exponents
   * other than 2, and fewer units than inputs (no weights fit the sphere there).
   *
   * @throws IllegalArgumentException naming the offending value
   */
  public static void requireApplicable(int d, int units, String activation, double p) {
    if (!AbsPower.NAME.equals(activation) || p != 2) {
      throw new IllegalArgumentException("optimizer 'exact' solves p = 2 (activation abs_power) only, got "
          + (AbsPower.NAME.equals(activation) ? "p = " + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p))
              : "activation " + activation));
    }
    if (units < d) {
      throw new IllegalArgumentException("optimizer 'exact': no weights fit the sphere with units = " + units
          + " < d = " + d + " (f vanishes on the first layer's kernel; the best fit for one layer is W'W = "
          + "(d + 2)/(n + 2) times a rank-n projection)");
    }
  }

  @Override
  public TrainingOutcome minimise(TrainingProblem problem, double[] w, long deadlineNanos) {
    Architecture arch = problem.architecture();
    requireApplicable(arch.d(), arch.units(), arch.activation().name(), arch.activation().p());
    double initialLoss = problem.fullLoss(w);
    solve(arch, w);
    double finalLoss = problem.fullLoss(w);
    StopReason reason = Double.isFinite(finalLoss) && Adam.allFinite(w) ? StopReason.CLOSED_FORM : StopReason.DIVERGED;
    return new TrainingOutcome(reason, initialLoss, reason == StopReason.DIVERGED ? Double.NaN : finalLoss,
        0, 1, new int[0], new double[0]);
  }

  /** Replaces {@code w} (the start, laid out as {@code arch} says) by the closed-form weights. */
  static void solve(Architecture arch, double[] w) {
    int n = arch.units();
    int d = arch.d();
    RealMatrix w1 = MatrixUtils.createRealMatrix(n, d);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        w1.setEntry(i, k, w[i * d + k]);
      }
    }
    SingularValueDecomposition svd = new SingularValueDecomposition(w1);
    RealMatrix q = svd.getU().multiply(svd.getVT());
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        w[i * d + k] = q.getEntry(i, k);
      }
    }
    for (int l = 1; l < arch.layers(); l++) {
      int off = arch.layerOffset(l);
      double[] u = new double[n];
      double norm = 0;
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          u[j] += w[off + j * n + k];
        }
        norm += u[j] * u[j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < n; j++) {
        double uj = norm > 0 ? u[j] / norm : 1 / Math.sqrt(n);
        for (int k = 0; k < n; k++) {
          w[off + j * n + k] = uj;
        }
      }
    }
  }
}
