package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.neuralpolytopes.train.SphereSampler;

/** The batch pass's gradient against central finite differences of its loss, parameter by parameter. */
final class FiniteDifferences {

  /** Step of the central differences. */
  static final double STEP = 1e-6;

  private FiniteDifferences() {}

  /** A feature-major batch of points on the sphere of radius 0.9 (x[k * batch + b]), drawn from rng. */
  static double[] batch(SplittableRandom rng, int batch, int d) {
    double[] points = SphereSampler.sample(rng, batch, d);
    double[] x = new double[d * batch];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < d; k++) {
        x[k * batch + b] = points[b * d + k] * 0.9;
      }
    }
    return x;
  }

  /**
   * Asserts that lossAndGradient's loss is loss()'s, that the gradient is not identically zero, and
   * that every component equals (L(w + h e_i) - L(w - h e_i)) / 2h within {@code tolerance} times
   * max(1, largest component); returns the gradient.
   */
  static double[] check(BatchPass pass, double[] w, double[] x, int batch, double tolerance, IntFunction<String> name) {
    double[] grad = new double[w.length];
    double loss = pass.lossAndGradient(w, x, batch, grad);
    assertEquals(pass.loss(w, x, batch), loss, 1e-15 * Math.max(1, loss), "loss() and lossAndGradient() agree");
    double maxScale = 0;
    for (double g : grad) {
      maxScale = Math.max(maxScale, Math.abs(g));
    }
    assertTrue(maxScale > 0, "gradient is not identically zero");
    for (int i = 0; i < w.length; i++) {
      double keep = w[i];
      w[i] = keep + STEP;
      double up = pass.loss(w, x, batch);
      w[i] = keep - STEP;
      double down = pass.loss(w, x, batch);
      w[i] = keep;
      double numeric = (up - down) / (2 * STEP);
      assertEquals(numeric, grad[i], tolerance * Math.max(1, maxScale), name.apply(i));
    }
    return grad;
  }
}
