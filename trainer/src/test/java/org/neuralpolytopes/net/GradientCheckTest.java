package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuralpolytopes.train.SphereSampler;

/** The backward pass against central finite differences of the loss, weight by weight. */
class GradientCheckTest {

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(2, 1, 3, "abs_power", 1.0),
        Arguments.of(3, 1, 4, "abs_power", 1.0),
        Arguments.of(3, 2, 4, "abs_power", 1.0),
        Arguments.of(3, 1, 3, "abs_power", 0.5),
        Arguments.of(3, 2, 3, "abs_power", 0.7),
        Arguments.of(3, 1, 4, "abs_power", 1.5),
        Arguments.of(3, 1, 3, "abs_power", 2.0),
        Arguments.of(2, 2, 3, "abs_power", 3.0),
        Arguments.of(3, 1, 6, "abs_power", 4.0),
        Arguments.of(4, 2, 5, "abs_power", 2.5),
        Arguments.of(5, 3, 4, "abs_power", 1.0),
        Arguments.of(3, 3, 5, "abs_power", 1.2),
        Arguments.of(3, 1, 6, "relu", 1.0),
        Arguments.of(3, 2, 5, "relu", 1.0));
  }

  @ParameterizedTest(name = "d={0} L={1} n={2} {3} p={4}")
  @MethodSource("shapes")
  void backwardPassMatchesFiniteDifferences(int d, int layers, int units, String act, double p) {
    Architecture arch = new Architecture(d, layers, units, Activations.of(act, p));
    SplittableRandom rng = new SplittableRandom(17L * d + 31L * layers + units);
    double[] w = new double[arch.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian() / Math.sqrt(d);
    }
    int batch = 7;
    double[] points = SphereSampler.sample(rng, batch, d);
    double[] x = new double[d * batch];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < d; k++) {
        x[k * batch + b] = points[b * d + k] * 0.9;
      }
    }
    BatchPass pass = new BatchPass(arch, batch);
    double[] grad = new double[w.length];
    double loss = pass.lossAndGradient(w, x, batch, grad);
    assertEquals(pass.loss(w, x, batch), loss, 1e-15 * Math.max(1, loss), "loss() and lossAndGradient() agree");
    double h = 1e-6;
    double maxScale = 0;
    for (double g : grad) {
      maxScale = Math.max(maxScale, Math.abs(g));
    }
    assertTrue(maxScale > 0, "gradient is not identically zero");
    for (int i = 0; i < w.length; i++) {
      double keep = w[i];
      w[i] = keep + h;
      double up = pass.loss(w, x, batch);
      w[i] = keep - h;
      double down = pass.loss(w, x, batch);
      w[i] = keep;
      double numeric = (up - down) / (2 * h);
      assertEquals(numeric, grad[i], 1e-5 * Math.max(1, maxScale),
          "weight " + i + " of " + arch);
    }
  }
}
