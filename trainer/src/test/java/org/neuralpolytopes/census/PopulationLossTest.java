package org.neuralpolytopes.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/** The closed-form population loss against quadrature and Monte Carlo; its derivatives against differences. */
class PopulationLossTest {

  static Architecture arch(int d, int layers, int units, int p) {
    return new Architecture(d, layers, units, Activations.of("abs_power", p));
  }

  static double[] gaussian(SplittableRandom rng, int count, double scale) {
    double[] w = new double[count];
    for (int i = 0; i < count; i++) {
      w[i] = scale * rng.nextGaussian();
    }
    return w;
  }

  @Test
  void sphereMoments() {
    assertEquals(1.0 / 3, SphereMoments.moment(3, new int[] {2, 0, 0}), 1e-16);
    assertEquals(1.0 / 5, SphereMoments.moment(3, new int[] {4, 0, 0}), 1e-16);
    assertEquals(1.0 / 15, SphereMoments.moment(3, new int[] {2, 2, 0}), 1e-16);
    assertEquals(1.0 / 105, SphereMoments.moment(3, new int[] {2, 2, 2}), 1e-16);
    assertEquals(3.0 / 8, SphereMoments.moment(2, new int[] {4, 0}), 1e-16);
    assertEquals(35.0 / 128, SphereMoments.moment(2, new int[] {8, 0}), 1e-16);
    assertEquals(0, SphereMoments.moment(2, new int[] {3, 1}));
    // sum over the monomials of |x|^(2k) = 1: sum_alpha k!/alpha! E[x^(2 alpha)] = 1
    Monomials m = Monomials.of(3, 6);
    double sum = 0;
    for (int i = 0; i < m.size(); i++) {
      int[] twice = m.exponent(i).clone();
      for (int k = 0; k < 3; k++) {
        twice[k] *= 2;
      }
      sum += m.multinomial(i) * SphereMoments.moment(3, twice);
    }
    assertEquals(1, sum, 1e-14);
    assertEquals(28, Monomials.of(3, 6).size());
    assertEquals(28, Monomials.count(3, 6));
  }

  @Test
  void onTheCircleTheTrapezoidRuleAgreesToRounding() {
    // N equally spaced angles integrate trigonometric polynomials of degree < N exactly.
    SplittableRandom rng = new SplittableRandom(1);
    for (int[] s : new int[][] {{1, 2, 4}, {1, 3, 4}, {1, 4, 6}, {2, 2, 4}, {2, 3, 2}, {3, 2, 2}}) {
      Architecture a = arch(2, s[0], s[1], s[2]);
      double[] w = gaussian(rng, a.weightCount(), 0.8);
      Network net = new Network(a, w);
      int count = 1024;
      double sum = 0;
      for (int i = 0; i < count; i++) {
        double t = 2 * Math.PI * i / count;
        double f = net.value(new double[] {Math.cos(t), Math.sin(t)});
        sum += (f - 1) * (f - 1);
      }
      double expected = sum / count;
      assertEquals(expected, new PopulationLoss(a).loss(w), 1e-11 * Math.max(1, expected), java.util.Arrays.toString(s));
      assertEquals(expected, new PopulationLoss(a).evaluate(w).loss(), 1e-11 * Math.max(1, expected));
    }
  }

  @Test
  void inThreeDimensionsMonteCarloAgrees() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int[] s : new int[][] {{1, 3, 4}, {1, 4, 4}, {2, 2, 4}}) {
      Architecture a = arch(3, s[0], s[1], s[2]);
      double[] w = gaussian(rng, a.weightCount(), 0.7);
      Network net = new Network(a, w);
      int count = 400_000;
      double sum = 0;
      double sumSq = 0;
      double[] x = new double[3];
      for (int i = 0; i < count; i++) {
        double norm = 0;
        for (int k = 0; k < 3; k++) {
          x[k] = rng.nextGaussian();
          norm += x[k] * x[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < 3; k++) {
          x[k] /= norm;
        }
        double f = net.value(x);
        double e = (f - 1) * (f - 1);
        sum += e;
        sumSq += e * e;
      }
      double mean = sum / count;
      double stderr = Math.sqrt((sumSq / count - mean * mean) / count);
      double exact = new PopulationLoss(a).loss(w);
      assertTrue(Math.abs(exact - mean) < 5 * stderr, exact + " vs Monte Carlo " + mean + " +- " + stderr);
    }
  }

  @Test
  void gradientAndHessianMatchDifferences() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int[] s : new int[][] {{2, 1, 3, 4}, {3, 1, 2, 4}, {2, 2, 2, 4}, {3, 2, 2, 2}, {2, 1, 2, 6}}) {
      Architecture a = arch(s[0], s[1], s[2], s[3]);
      PopulationLoss loss = new PopulationLoss(a);
      double[] w = gaussian(rng, a.weightCount(), 0.7);
      PopulationLoss.Evaluation e = loss.evaluate(w);
      int m = w.length;
      double h = 1e-5;
      for (int t = 0; t < m; t++) {
        double[] wp = w.clone();
        double[] wm = w.clone();
        wp[t] += h;
        wm[t] -= h;
        double fd = (loss.loss(wp) - loss.loss(wm)) / (2 * h);
        assertEquals(fd, e.gradient()[t], 1e-6 * Math.max(1, Math.abs(fd)), "gradient " + t);
        double[] gp = loss.evaluate(wp).gradient();
        double[] gm = loss.evaluate(wm).gradient();
        for (int u = 0; u < m; u++) {
          double fh = (gp[u] - gm[u]) / (2 * h);
          assertEquals(fh, e.hessian()[t * m + u], 1e-5 * Math.max(1, Math.abs(fh)), "hessian " + t + "," + u);
          assertEquals(e.hessian()[t * m + u], e.hessian()[u * m + t], 0.0);
        }
      }
    }
  }

  @Test
  void withTooFewUnitsTheBestQuadraticFitIsAScaledProjection() {
    // p = 2, L = 1, n < d: W'W = (d + 2)/(n + 2) P, P a rank-n projection, loss 1 - n(d + 2)/(d(n + 2)).
    for (int[] s : new int[][] {{3, 1}, {3, 2}, {4, 2}, {5, 3}}) {
      int d = s[0];
      int n = s[1];
      double c = (d + 2.0) / (n + 2);
      double[] w = new double[n * d];
      for (int i = 0; i < n; i++) {
        w[i * d + i] = Math.sqrt(c);
      }
      PopulationLoss.Evaluation e = new PopulationLoss(arch(d, 1, n, 2)).evaluate(w);
      assertEquals(1 - n * (d + 2.0) / (d * (n + 2.0)), e.loss(), 1e-14);
      assertTrue(CriticalPointSolver.maxAbs(e.gradient()) < 1e-14, "a critical point");
      double[] spectrum = Symmetries.reducedSpectrum(e.hessian(), w.length,
          Symmetries.tangents(arch(d, 1, n, 2), w));
      assertTrue(spectrum[0] > -1e-12, "no descent direction: the minimum over rank-n fits");
    }
  }

  @Test
  void onlyEvenIntegerExponents() {
    assertThrows(IllegalArgumentException.class, () -> new PopulationLoss(arch(2, 1, 2, 3)));
    assertThrows(IllegalArgumentException.class, () -> new PopulationLoss(
        new Architecture(2, 1, 2, Activations.of("abs_power", 2.5))));
    assertThrows(IllegalArgumentException.class, () -> new PopulationLoss(
        new Architecture(2, 1, 2, Activations.of("relu", 1))));
  }
}
