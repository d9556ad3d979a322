package org.neuralpolytopes.net;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    double[] x = FiniteDifferences.batch(rng, batch, d);
    FiniteDifferences.check(new BatchPass(arch, batch), w, x, batch, 1e-5, i -> "weight " + i + " of " + arch);
  }
}
