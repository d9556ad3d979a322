package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.train.SphereSampler;

class NetworkTest {

  private static double[] gaussian(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = rng.nextGaussian() / 2;
    }
    return w;
  }

  @Test
  void layoutFollowsMetricsMd() {
    Architecture a = new Architecture(3, 3, 4, Activations.of("abs_power", 1));
    assertEquals(4 * 3 + 2 * 16, a.weightCount());
    assertEquals(0, a.layerOffset(0));
    assertEquals(12, a.layerOffset(1));
    assertEquals(28, a.layerOffset(2));
    assertEquals(java.util.List.of(4, 3, 4, 4, 4, 4),
        java.util.Arrays.stream(a.weightShapes()).boxed().toList());
  }

  @Test
  void valueIsTheSumOfTheLastLayerWithRowMajorWeights() {
    // Two layers by hand: W1 = [[1, 2], [0, -1]], W2 = [[1, 1], [2, -3]], sigma = |t|.
    Architecture a = new Architecture(2, 2, 2, Activations.of("abs_power", 1));
    Network net = new Network(a, new double[] {1, 2, 0, -1, 1, 1, 2, -3});
    double[] x = {0.6, 0.8};
    double h1 = Math.abs(0.6 + 1.6);
    double h2 = Math.abs(-0.8);
    double expected = Math.abs(h1 + h2) + Math.abs(2 * h1 - 3 * h2);
    assertEquals(expected, net.value(x), 1e-15);
  }

  @Test
  void logSpaceAgreesWithDirectEvaluationAndHomogeneity() {
    SplittableRandom rng = new SplittableRandom(5);
    for (double p : new double[] {0.5, 1, 1.5, 3}) {
      for (int layers = 1; layers <= 3; layers++) {
        Architecture a = new Architecture(3, layers, 4, Activations.of("abs_power", p));
        Network net = new Network(a, gaussian(a.weightCount(), layers * 10L + (long) (p * 7)));
        double[] u = SphereSampler.sample(rng, 1, 3);
        double f = net.value(u);
        assertEquals(Math.log(f), net.logValue(u), 1e-9, "p=" + p + " L=" + layers);
        double c = 1.7;
        double[] cu = {c * u[0], c * u[1], c * u[2]};
        assertEquals(Math.pow(c, a.degree()) * f, net.value(cu), 1e-9 * net.value(cu), "homogeneous of degree p^L");
      }
    }
  }

  @Test
  void logSpaceSurvivesWhereDirectEvaluationOverflows() {
    Architecture a = new Architecture(3, 2, 4, Activations.of("abs_power", 64));
    double[] w = gaussian(a.weightCount(), 3);
    for (int i = 0; i < w.length; i++) {
      w[i] *= 40;
    }
    Network net = new Network(a, w);
    double[] u = {0.48, 0.6, 0.64};
    assertTrue(Double.isInfinite(net.value(u)), "the direct value overflows");
    double lf = net.logValue(u);
    assertTrue(Double.isFinite(lf) && lf > 700, "log f is finite and beyond exp's range: " + lf);
  }

  @Test
  void reluZeroRegionGivesMinusInfinity() {
    Architecture a = new Architecture(2, 1, 2, Activations.of("relu", 1));
    Network net = new Network(a, new double[] {1, 0, 0, 1});
    assertEquals(Double.NEGATIVE_INFINITY, net.logValue(new double[] {-0.6, -0.8}));
    assertEquals(Math.log(1.4), net.logValue(new double[] {0.6, 0.8}), 1e-15);
  }
}
