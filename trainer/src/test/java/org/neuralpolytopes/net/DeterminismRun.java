package org.neuralpolytopes.net;

import java.util.SplittableRandom;
import org.neuralpolytopes.train.SphereSampler;

/**
 * A fixed training run on several networks (gradient descent on the batch pass, every kind of
 * kernel: register-blocked combinations, vector dot products, each kind of activation), printed
 * as the bits of the final weights. {@link VectorModuleDeterminismTest} runs it in a JVM with the
 * Vector API module and in one without.
 */
public final class DeterminismRun {

  /** d, layers, units, activation, p: every kernel path of the batch pass. */
  static final String[] CONFIGS = {"3 1 4 abs_power 1", "5 3 16 abs_power 1", "3 2 8 abs_power 1.3333333333333333",
      "3 1 4 abs_power 2.7", "2 2 5 abs_power 0.5", "3 2 6 abs_power 1.5", "3 1 5 abs_power 16",
      "4 2 7 abs_power 3", "3 2 6 relu 1", "3 1 4 abs_power 1.25", "2 2 5 abs_power 0.6666666666666666",
      "3 1 4 abs_power 1.6666666666666667", "2 2 5 abs_power 2.3333333333333335"};

  private DeterminismRun() {}

  /**
   * Whether this JVM takes the Vector API paths (and with them, whether its dot products run at
   * 512 bits), then one line of weight bits per configuration.
   */
  static String weights() {
    StringBuilder out = new StringBuilder("vector " + LinearRows.VECTOR
        + (LinearRows.VECTOR ? " wide " + VectorDots.WIDE : "") + "\n");
    for (String config : CONFIGS) {
      String[] c = config.split(" ");
      int d = Integer.parseInt(c[0]);
      Architecture arch = new Architecture(d, Integer.parseInt(c[1]), Integer.parseInt(c[2]),
          Activations.of(c[3], Double.parseDouble(c[4])));
      SplittableRandom rng = new SplittableRandom(config.hashCode());
      int batch = 203;
      double[] points = SphereSampler.sample(rng, batch, d);
      double[] w = new double[arch.weightCount()];
      for (int i = 0; i < w.length; i++) {
        w[i] = rng.nextGaussian() / Math.sqrt(d);
      }
      // scale the first layer so that the mean of f over the batch is 1 (f is homogeneous of
      // degree P in the first layer's weights): plain gradient descent then stays finite
      Network net = new Network(arch, w);
      double mean = 0;
      for (int b = 0; b < batch; b++) {
        mean += net.value(java.util.Arrays.copyOfRange(points, b * d, b * d + d)) / batch;
      }
      double scale = Math.pow(mean, -1 / arch.degree());
      for (int i = 0; i < arch.units() * d; i++) {
        w[i] *= scale;
      }
      BatchPass pass = new BatchPass(arch, batch);
      double[][] rows = pass.inputRows();
      for (int b = 0; b < batch; b++) {
        for (int k = 0; k < d; k++) {
          rows[k][b] = points[b * d + k];
        }
      }
      double[] grad = new double[w.length];
      for (int step = 0; step < 150; step++) {
        pass.lossAndGradient(w, batch, grad);
        for (int i = 0; i < w.length; i++) {
          w[i] -= 0.002 * grad[i];
        }
      }
      for (double x : w) {
        if (!Double.isFinite(x)) {
          throw new IllegalStateException(config + " diverged: the comparison needs finite weights");
        }
      }
      out.append(config);
      for (double x : w) {
        out.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(x)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  public static void main(String[] args) {
    System.out.print(weights());
  }
}
