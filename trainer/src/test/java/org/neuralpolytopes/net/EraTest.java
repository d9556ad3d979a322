package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuralpolytopes.train.SphereSampler;

/**
 * The rational activations ERA and ERA-even: the batch pass's gradient with respect to weights and
 * activation coefficients against central finite differences of the loss (both variants, both
 * sharings, one to three layers), the batch pass against the point-wise network, the layout of the
 * parameter vector, the stored form, evenness to the bit.
 */
class EraTest {

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of(3, 1, 4, "era", 6, 4, false),
        Arguments.of(3, 1, 4, "era_even", 6, 4, false),
        Arguments.of(3, 2, 4, "era", 5, 4, false),
        Arguments.of(3, 2, 4, "era", 5, 4, true),
        Arguments.of(3, 2, 5, "era_even", 6, 2, false),
        Arguments.of(3, 2, 5, "era_even", 6, 2, true),
        Arguments.of(2, 3, 3, "era", 3, 2, true),
        Arguments.of(2, 3, 3, "era_even", 4, 2, false),
        Arguments.of(4, 1, 5, "era", 2, 0, false));
  }

  /** Weights N(0, 1/d), coefficients N(0, 1/4), and the first factor's b of order 1. */
  static double[] parameters(Architecture arch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[arch.parameterCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian() / (i < arch.weightCount() ? Math.sqrt(arch.d()) : 2);
    }
    return w;
  }

  @ParameterizedTest(name = "d={0} L={1} n={2} {3} {4}/{5} shared={6}")
  @MethodSource("networks")
  void gradientMatchesFiniteDifferencesForWeightsAndCoefficients(int d, int layers, int units, String name,
      int numerator, int denominator, boolean shared) {
    Architecture arch = new Architecture(d, layers, units, new Era(name, numerator, denominator, shared, 1));
    assertEquals(arch.weightCount() + (shared ? 1 : layers) * arch.activation().learnable().coefficientCount(),
        arch.parameterCount());
    double[] w = parameters(arch, 31L * d + layers * 7L + units + (shared ? 1 : 0));
    int batch = 9;
    double[] x = FiniteDifferences.batch(new SplittableRandom(5), batch, d);
    double[] grad = FiniteDifferences.check(new BatchPass(arch, batch), w, x, batch, 1e-6,
        i -> (i < arch.weightCount() ? "weight " : "activation coefficient ") + i + " of " + arch);
    int coefficientsChecked = 0;
    for (int i = arch.weightCount(); i < w.length; i++) {
      if (grad[i] != 0) {
        coefficientsChecked++;
      }
    }
    assertEquals(arch.coefficientCount(), coefficientsChecked, "every coefficient has a gradient");
  }

  @ParameterizedTest(name = "d={0} L={1} n={2} {3} {4}/{5} shared={6}")
  @MethodSource("networks")
  void batchPassIsTheNetworkPointByPoint(int d, int layers, int units, String name, int numerator, int denominator,
      boolean shared) {
    Architecture arch = new Architecture(d, layers, units, new Era(name, numerator, denominator, shared, 1));
    double[] w = parameters(arch, 3);
    int batch = 37;
    double[] points = SphereSampler.sample(new SplittableRandom(9), batch, d);
    BatchPass pass = new BatchPass(arch, batch);
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < d; k++) {
        pass.inputRows()[k][b] = points[b * d + k];
      }
    }
    Network net = new Network(arch, w);
    double expected = 0;
    double[] xb = new double[d];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(points, b * d, xb, 0, d);
      double e = net.value(xb) - 1;
      expected += e * e;
    }
    assertEquals(expected / batch, pass.loss(w, batch), 1e-13 * Math.max(1, expected / batch));
  }

  @Test
  void theEvenVariantIsEvenToTheBitAndTheStoredFormRoundTrips() {
    Era even = new Era("era_even", 6, 4, false, 1);
    assertEquals(3 + 2, even.coefficientCount(), "a_2, a_4, a_6, b_1, b_2");
    double[] raw = {0.3, -1.2, 0.5, 0.7, 0.2};
    double[] stored = new double[even.storedCount()];
    even.store(raw, 0, stored, 0);
    assertArrayEquals(new double[] {0, 0, 0.3, 0, -1.2, 0, 0.5, 0, 0.7, 0, 0.2}, stored, 0.0);
    double[] back = new double[raw.length];
    even.load(stored, 0, back, 0);
    assertArrayEquals(raw, back, 0.0);
    RationalFunction r = even.bind(raw, 0);
    assertEquals(0.0, r.value(0.0), "R(0) = 0: no constant term");
    for (double t = -3; t <= 3; t += 0.0137) {
      assertEquals(Double.doubleToRawLongBits(r.value(t)), Double.doubleToRawLongBits(r.value(-t)), "R(-t) = R(t)");
      assertEquals(r.derivative(t), -r.derivative(-t), 0.0);
    }
    // value = P / Q by hand
    double t = 0.8;
    double p = 0.3 * t * t - 1.2 * Math.pow(t, 4) + 0.5 * Math.pow(t, 6);
    double q = (t * t + 0.49 + RationalFunction.EPSILON) * (t * t + 0.04 + RationalFunction.EPSILON);
    assertEquals(p / q, r.value(t), 1e-15);
    assertArrayEquals(stored, r.coefficients(), 0.0);
  }

  @Test
  void theStoredColumnsRebuildTheNetwork() {
    Architecture arch = new Architecture(3, 2, 4, new Era("era", 5, 4, false, 1));
    double[] w = parameters(arch, 11);
    double[] stored = Network.storedCoefficients(arch, w);
    assertEquals(2 * (5 + 1 + 4), stored.length);
    Network direct = new Network(arch, w);
    Network rebuilt = Network.stored(new Architecture(3, 2, 4,
        Activations.stored("era", 1, 2, arch.activation().learnable().storedShape(2))),
        java.util.Arrays.copyOf(w, arch.weightCount()), stored);
    assertArrayEquals(direct.parameters(), rebuilt.parameters(), 0.0);
    double[] x = {0.3, -0.5, 0.81};
    assertEquals(direct.value(x), rebuilt.value(x), 0.0);
  }

  @Test
  void degreesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Era("era", 4, 4, false, 1), "numerator <= denominator");
    assertThrows(IllegalArgumentException.class, () -> new Era("era_even", 5, 4, false, 1), "odd numerator");
    assertThrows(IllegalArgumentException.class, () -> new Era("era", 5, 3, false, 1), "odd denominator");
    assertThrows(IllegalArgumentException.class, () -> new Era("era", 0, 0, false, 1), "numerator < 1");
    assertThrows(UnsupportedOperationException.class, () -> new Era("era", 5, 4, false, 1).value(1.0));
    assertThrows(IllegalArgumentException.class, () -> Activations.of("era", 1));
  }
}
