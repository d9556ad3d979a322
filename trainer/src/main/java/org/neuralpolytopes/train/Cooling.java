package org.neuralpolytopes.train;

import java.util.Arrays;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.BatchPass;

/**
 * Cooling (Trimmel, Zanfir, Hartley and Sminchisescu, "How to Keep Cool While Training", 2023;
 * thesis paper IV): temperature scaling applied during training, every {@code every} epochs, as a
 * data-dependent reparameterisation of the network.
 *
 * <ol>
 *   <li>The temperature: the loss-optimal output scale on the held-out points. For the loss
 *       mean((tau f - 1)^2) it is tau = mean(f) / mean(f^2) (as in {@link Initializer}); a step
 *       with tau not finite and positive does nothing.
 *   <li>{@code redistribute: false}: tau multiplies the output scale T, f = T sum_j h_j (the
 *       seed's final scaling layer); the gradient sees T. When training ends T is folded into the
 *       first layer (its weights times T^(1/P), P = k^L), so the stored weights are the trained
 *       function with output the plain sum.
 *   <li>{@code redistribute: true}: first the layers are rebalanced by the positive scaling
 *       symmetry rho_lambda of a network homogeneous of degree k (thesis section 7; {@code
 *       CanonicalForm}): layer i times s_i, which multiplies the output by prod_i s_i^(k^(L-i+1)),
 *       with the s_i chosen so that this product is 1 (f unchanged) and every layer's root-mean-square
 *       row norm a_i s_i is the same, C: log s_i = C - log a_i with
 *       C = sum_i k^(L-i+1) log a_i / sum_i k^(L-i+1). Then tau is spread over the layers as the
 *       seed does, the output of layer i scaled by beta_i = tau^(i/L): layer i's weights times
 *       beta_i^(1/k) / beta_(i-1) (for k = 1 every layer gets tau^(1/L), which keeps the balance).
 *       f becomes tau f.
 * </ol>
 *
 * Adam's moment estimates are kept across a step. Needs a positively homogeneous activation
 * (abs_power, relu); the ERA activations are refused ({@code RunConfig}).
 */
public final class Cooling {

  private final Architecture arch;
  private final CoolingSettings settings;
  private final double k;
  private final BatchPass pass;
  private final double[][] holdout;
  private final int count;
  private final double[] sums = new double[2];
  private double lastTau = Double.NaN;
  private int steps;
  private double[] temperatures = new double[8];
  private int stepCount;

  /**
   * @param holdoutPoints the held-out points, point-major (point i is holdoutPoints[i*d .. i*d+d))
   */
  public Cooling(Architecture arch, CoolingSettings settings, double[] holdoutPoints) {
    this.arch = arch;
    this.settings = settings;
    this.k = arch.activation().homogeneityDegree();
    if (!(k > 0)) {
      throw new IllegalArgumentException("cooling needs a positively homogeneous activation (abs_power, relu), not "
          + arch.activation().name());
    }
    int d = arch.d();
    this.count = holdoutPoints.length / d;
    this.holdout = new double[d][count];
    for (int i = 0; i < count; i++) {
      for (int c = 0; c < d; c++) {
        holdout[c][i] = holdoutPoints[i * d + c];
      }
    }
    this.pass = new BatchPass(arch, Math.min(count, 1000));
  }

  public CoolingSettings settings() {
    return settings;
  }

  /** Whether a cooling step follows epoch {@code epoch} (1-based, just finished) of {@code epochs}. */
  public boolean due(int epoch, int epochs) {
    return epoch % settings.every() == 0 && epoch < epochs;
  }

  /** The temperature of the last step (NaN before the first). */
  public double lastTemperature() {
    return lastTau;
  }

  /** Steps taken that changed the network. */
  public int steps() {
    return steps;
  }

  /**
   * The temperature of every step so far, in order, as {@link #step} computed it: also those that
   * did nothing (NaN, infinite, zero or negative).
   */
  public double[] temperatures() {
    return Arrays.copyOf(temperatures, stepCount);
  }

  /**
   * One cooling step on the weights {@code w} of {@code problem}'s network (step 1, then 2 or 3);
   * returns tau.
   */
  public double step(TrainingProblem problem, double[] w) {
    double tau = temperature(w, problem.outputScale());
    lastTau = tau;
    if (stepCount == temperatures.length) {
      temperatures = Arrays.copyOf(temperatures, 2 * stepCount);
    }
    temperatures[stepCount++] = tau;
    if (!(tau > 0) || Double.isInfinite(tau)) {
      return tau;
    }
    if (settings.redistribute()) {
      rebalance(w);
      distribute(w, tau);
    } else {
      problem.setOutputScale(problem.outputScale() * tau);
    }
    steps++;
    return tau;
  }

  /** When training ends: the output scale T folded into the first layer (T^(1/P)); T is 1 after. */
  public void finish(TrainingProblem problem, double[] w) {
    double t = problem.outputScale();
    if (t != 1) {
      scaleLayer(w, 0, Math.exp(Math.log(t) / arch.degree()));
      problem.setOutputScale(1);
    }
  }

  /** tau = mean(f) / mean(f^2) over the held-out points, f with output scale {@code scale}. */
  double temperature(double[] w, double scale) {
    pass.setOutputScale(scale);
    sums[0] = 0;
    sums[1] = 0;
    double[][] rows = pass.inputRows();
    int cap = pass.capacity();
    for (int start = 0; start < count; start += cap) {
      int len = Math.min(cap, count - start);
      for (int c = 0; c < holdout.length; c++) {
        System.arraycopy(holdout[c], start, rows[c], 0, len);
      }
      pass.addOutputMoments(w, len, sums);
    }
    return sums[0] / sums[1];
  }

  /**
   * Rebalancing (step 3, first part): every layer's root-mean-square row norm made the same by the
   * scaling symmetry, f unchanged up to rounding.
   */
  public void rebalance(double[] w) {
    int layers = arch.layers();
    double[] logA = new double[layers];
    double weightSum = 0;
    double c = 0;
    for (int l = 0; l < layers; l++) {
      double rms = rowNormRms(w, l);
      if (!(rms > 0) || Double.isInfinite(rms)) {
        return; // a dead or infinite layer: nothing to balance
      }
      logA[l] = Math.log(rms);
      double weight = Math.pow(k, layers - l);
      weightSum += weight;
      c += weight * logA[l];
    }
    c /= weightSum;
    for (int l = 0; l < layers; l++) {
      scaleLayer(w, l, Math.exp(c - logA[l]));
    }
  }

  /** The temperature through the layers (step 3, second part): the output of layer i times tau^(i/L). */
  public void distribute(double[] w, double tau) {
    int layers = arch.layers();
    double logTau = Math.log(tau);
    for (int l = 0; l < layers; l++) {
      double logBeta = logTau * (l + 1) / layers;
      double logBetaBefore = logTau * l / layers;
      scaleLayer(w, l, Math.exp(logBeta / k - logBetaBefore));
    }
  }

  private double rowNormRms(double[] w, int layer) {
    int off = arch.layerOffset(layer);
    int size = arch.units() * arch.fanIn(layer);
    double s = 0;
    for (int i = 0; i < size; i++) {
      s += w[off + i] * w[off + i];
    }
    return Math.sqrt(s / arch.units());
  }

  private void scaleLayer(double[] w, int layer, double factor) {
    int off = arch.layerOffset(layer);
    int size = arch.units() * arch.fanIn(layer);
    for (int i = 0; i < size; i++) {
      w[off + i] *= factor;
    }
  }
}
