package org.neuralpolytopes.train;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.neuralpolytopes.net.AbsPower;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.EraSettings;
import org.neuralpolytopes.net.LearnableActivation;
import org.neuralpolytopes.net.Network;

/**
 * The initial parameters of a network with a learnable rational activation (docs/training.md,
 * "Rational activations"): weights, then one set of coefficients per layer (or one shared set).
 *
 * <ol>
 *   <li>Weights: those {@link Initializer} gives the abs_power network of the run's p (init
 *       {@code abs_power}) or of p = 1 (the others), from the same random stream, so an ERA run
 *       starts from the weights of the abs_power run of its seed.
 *   <li>The range of each layer's pre-activations over the training points in that network:
 *       [-A_l, A_l], A_l the largest |z|; a shared set takes the largest A_l.
 *   <li>{@code abs_power} and {@code swish}: each set is the least-squares fit of its target
 *       (|t|^p, t sigmoid(t)) on {@link #FIT_SAMPLES} evenly spaced points of
 *       [-{@link #FIT_MARGIN} A, {@link #FIT_MARGIN} A]: the numerator by linear least squares
 *       (QR) for the starting denominator (factors t^2 + (A j / K)^2 + epsilon, j = 1 .. K), then
 *       every coefficient by Levenberg-Marquardt (Moré's MINPACK variant in commons-math) from
 *       there; the start is kept if the refinement fails or does worse.
 *   <li>{@code random}: every trained coefficient drawn from N(0, 1), after the weights, from the
 *       same stream (the seed's recipe; the run's mini-batch gradients are clipped,
 *       {@link EraSettings#clipNorm()}).
 * </ol>
 */
final class EraInitializer {

  /** Points of the least-squares fit. */
  static final int FIT_SAMPLES = 401;
  /**
   * The fit covers the pre-activations' range at initialisation widened by this factor: the level
   * set is found along rays somewhat beyond the unit sphere the range is measured on.
   */
  static final double FIT_MARGIN = 1.5;
  /** Levenberg-Marquardt's iteration and evaluation budget. */
  private static final int FIT_ITERATIONS = 2000;

  private EraInitializer() {}

  /** The initial parameter vector of {@code arch} (an ERA architecture) for a run of exponent p. */
  static double[] parameters(Architecture arch, EraSettings era, double p, SplittableRandom rng, double[] points) {
    LearnableActivation learnable = arch.activation().learnable();
    double weightP = era.usesExponent() ? p : 1;
    Architecture homogeneous = new Architecture(arch.d(), arch.layers(), arch.units(), new AbsPower(weightP));
    double[] w = Initializer.initialWeights(homogeneous, rng, points);
    double[] params = java.util.Arrays.copyOf(w, arch.parameterCount());
    if (EraSettings.RANDOM.equals(era.init())) {
      for (int i = arch.weightCount(); i < params.length; i++) {
        params[i] = rng.nextGaussian();
      }
      return params;
    }
    double[] range = ranges(new Network(homogeneous, w), points);
    DoubleUnaryOperator target = EraSettings.SWISH.equals(era.init())
        ? t -> t / (1 + Math.exp(-t))
        : t -> Math.pow(Math.abs(t), weightP);
    int sets = arch.coefficientSets();
    for (int s = 0; s < sets; s++) {
      double a = 0;
      for (int l = 0; l < arch.layers(); l++) {
        if (arch.coefficientSet(l) == s) {
          a = Math.max(a, range[l]);
        }
      }
      double[] set = fit(learnable, target, a > 0 && Double.isFinite(a) ? a : 1);
      System.arraycopy(set, 0, params, arch.setOffset(s), set.length);
    }
    return params;
  }

  /** The largest |pre-activation| of each layer over the points. */
  static double[] ranges(Network net, double[] points) {
    Architecture arch = net.architecture();
    int d = arch.d();
    int n = arch.units();
    double[] out = new double[arch.layers()];
    double[] x = new double[d];
    double[] pre = new double[arch.layers() * n];
    for (int i = 0; i < points.length / d; i++) {
      System.arraycopy(points, i * d, x, 0, d);
      net.preActivations(x, pre);
      for (int l = 0; l < arch.layers(); l++) {
        for (int j = 0; j < n; j++) {
          out[l] = Math.max(out[l], Math.abs(pre[l * n + j]));
        }
      }
    }
    return out;
  }

  /** One set's coefficients fitted to {@code target} on [-FIT_MARGIN a, FIT_MARGIN a] (step 3). */
  static double[] fit(LearnableActivation learnable, DoubleUnaryOperator target, double a) {
    double half = FIT_MARGIN * a;
    double[] t = new double[FIT_SAMPLES];
    double[] y = new double[FIT_SAMPLES];
    for (int s = 0; s < FIT_SAMPLES; s++) {
      t[s] = -half + 2 * half * s / (FIT_SAMPLES - 1);
      y[s] = target.applyAsDouble(t[s]);
    }
    double[] start = linearStart(learnable, t, y, half);
    LearnableActivation.CoefficientKernel kernel = learnable.coefficientKernel();
    double startError = squaredError(kernel, start, t, y);
    MultivariateJacobianFunction model = point -> {
      double[] c = point.toArray();
      double[] values = new double[t.length];
      double[][] jacobian = new double[t.length][c.length];
      kernel.load(c, 0);
      double[] g = new double[t.length];
      kernel.apply(t, values, g, t.length);
      double[] one = {1};
      double[] at = new double[1];
      for (int s = 0; s < t.length; s++) {
        at[0] = t[s];
        kernel.clearGradient();
        kernel.accumulate(at, one, 1);
        kernel.gradient(jacobian[s], 0);
      }
      return new Pair<RealVector, RealMatrix>(new ArrayRealVector(values, false),
          new Array2DRowRealMatrix(jacobian, false));
    };
    try {
      LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
          .model(model).target(y).start(start).maxIterations(FIT_ITERATIONS).maxEvaluations(FIT_ITERATIONS).build());
      double[] refined = optimum.getPoint().toArray();
      double error = squaredError(kernel, refined, t, y);
      return error < startError ? refined : start;
    } catch (RuntimeException e) {
      // commons-math's iteration limits and convergence failures: the linear start is a fit too
      return start;
    }
  }

  /**
   * The starting coefficients: denominator factors t^2 + (h j / K)^2 + epsilon (c_j = 0, b_j = h j / K
   * for the half-width h), numerator by least squares for that denominator, solved in t / h.
   */
  private static double[] linearStart(LearnableActivation learnable, double[] t, double[] y, double half) {
    int count = learnable.coefficientCount();
    int stored = learnable.storedCount();
    // the stored form is a_0 .. a_m, c_1, b_1, ..., c_K, b_K
    int[] shape = learnable.storedShape(1);
    int m = shape[1];
    int k = shape[2] / 2;
    double[] expanded = new double[stored];
    for (int j = 0; j < k; j++) {
      expanded[m + 2 + 2 * j] = half * (j + 1) / k;
    }
    // which powers are trained: store a probe with every trained coefficient 1 and see where it lands
    double[] ones = new double[count];
    java.util.Arrays.fill(ones, 1);
    double[] mask = new double[stored];
    learnable.store(ones, 0, mask, 0);
    int powers = 0;
    for (int i = 0; i <= m; i++) {
      if (mask[i] != 0) {
        powers++;
      }
    }
    double[][] design = new double[t.length][powers];
    for (int s = 0; s < t.length; s++) {
      double q = 1;
      for (int j = 0; j < k; j++) {
        double b = expanded[m + 2 + 2 * j];
        q *= t[s] * t[s] + b * b + org.neuralpolytopes.net.RationalFunction.EPSILON;
      }
      double tau = t[s] / half;
      int col = 0;
      double power = 1;
      for (int i = 0; i <= m; i++) {
        if (mask[i] != 0) {
          design[s][col++] = power / q;
        }
        power *= tau;
      }
    }
    double[] alpha = new QRDecomposition(new Array2DRowRealMatrix(design, false)).getSolver()
        .solve(new ArrayRealVector(y, false)).toArray();
    int col = 0;
    double scale = 1;
    for (int i = 0; i <= m; i++) {
      if (mask[i] != 0) {
        expanded[i] = alpha[col++] * scale;
      }
      scale /= half;
    }
    double[] out = new double[count];
    learnable.load(expanded, 0, out, 0);
    return out;
  }

  private static double squaredError(LearnableActivation.CoefficientKernel kernel, double[] coefficients, double[] t, double[] y) {
    double[] h = new double[t.length];
    double[] g = new double[t.length];
    kernel.load(coefficients, 0);
    kernel.apply(t, h, g, t.length);
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      double e = h[i] - y[i];
      s += e * e;
    }
    return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
  }
}
