package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuralpolytopes.train.SphereSampler;

/** The row kernels against the point-by-point network, and the branch-free activation loops. */
class BatchPassTest {

  @ParameterizedTest(name = "d={0} L={1} n={2} {3} p={4} batch={5}")
  @CsvSource({
      "3, 1, 4, abs_power, 1, 1000",
      "3, 2, 8, abs_power, 1, 999",
      "5, 3, 16, abs_power, 1, 257",
      "3, 1, 3, abs_power, 1.5, 1",
      "2, 2, 5, abs_power, 0.5, 33",
      "3, 2, 7, abs_power, 3, 100",
      "4, 2, 6, abs_power, 2.5, 17",
      "3, 1, 9, abs_power, 1.3, 64",
      "3, 2, 6, relu, 1, 50"})
  void lossIsTheMeanSquaredErrorOfTheNetworkPointByPoint(int d, int layers, int units, String act, double p,
      int batch) {
    Architecture arch = new Architecture(d, layers, units, Activations.of(act, p));
    SplittableRandom rng = new SplittableRandom(7);
    double[] w = new double[arch.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian() / Math.sqrt(d);
    }
    double[] points = SphereSampler.sample(rng, batch, d);
    BatchPass pass = new BatchPass(arch, 1000);
    double[][] rows = pass.inputRows();
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < d; k++) {
        rows[k][b] = points[b * d + k];
      }
    }
    Network net = new Network(arch, w);
    double expected = 0;
    double[] x = new double[d];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(points, b * d, x, 0, d);
      double e = net.value(x) - 1;
      expected += e * e;
    }
    expected /= batch;
    double[] grad = new double[w.length];
    double loss = pass.lossAndGradient(w, batch, grad);
    assertEquals(expected, loss, 1e-12 * Math.max(1, expected));
    assertEquals(loss, pass.loss(w, batch), 0.0, "the same forward pass with and without gradient");
    double[] again = new double[w.length];
    pass.lossAndGradient(w, batch, again);
    assertArrayEquals(grad, again, 0.0, "deterministic to the bit");
  }

  @Test
  void theVectorApiDotProductsAreThePlainOnesToTheBit() {
    assertTrue(LinearRows.VECTOR, "tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    SplittableRandom rng = new SplittableRandom(11);
    for (int len : new int[] {1, 7, 8, 9, 100, 999, 1000}) {
      for (int count : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 13, 16}) {
        double[] u = new double[len];
        double[][] rows = new double[count][len];
        for (int i = 0; i < len; i++) {
          u[i] = rng.nextGaussian();
          for (int t = 0; t < count; t++) {
            rows[t][i] = rng.nextGaussian() * 1e3;
          }
        }
        double[] vector = new double[count + 2];
        double[] plain = new double[count + 2];
        LinearRows.dots(u, rows, count, len, vector, 2);
        LinearRows.dotsScalar(u, rows, count, len, plain, 2);
        assertArrayEquals(plain, vector, 0.0, "len " + len + " count " + count);
        for (int t = 0; t < count; t++) {
          double exact = 0;
          for (int i = 0; i < len; i++) {
            exact += u[i] * rows[t][i];
          }
          assertEquals(exact, vector[2 + t], 1e-9 * Math.max(1, Math.abs(exact)) * len);
        }
      }
    }
  }

  @Test
  void theTwoUnitDotProductsAreThePlainOnesToTheBit() {
    assertTrue(LinearRows.VECTOR, "tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    SplittableRandom rng = new SplittableRandom(13);
    for (int len : new int[] {1, 7, 8, 9, 100, 999, 1000}) {
      for (int count : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16}) {
        double[] u0 = new double[len];
        double[] u1 = new double[len];
        double[][] rows = new double[count][len];
        for (int i = 0; i < len; i++) {
          u0[i] = rng.nextGaussian();
          u1[i] = rng.nextGaussian() * 1e-3;
          for (int t = 0; t < count; t++) {
            rows[t][i] = rng.nextGaussian() * 1e3;
          }
        }
        // both units' sums interleaved in one output array, as in a layer's gradient
        double[] vector = new double[2 * count + 1];
        double[] plain = new double[2 * count + 1];
        LinearRows.dots2(u0, u1, rows, count, len, vector, 1, 1 + count);
        LinearRows.dotsScalar(u0, rows, count, len, plain, 1);
        LinearRows.dotsScalar(u1, rows, count, len, plain, 1 + count);
        assertArrayEquals(plain, vector, 0.0, "len " + len + " count " + count);
        assertEquals(0.0, vector[0], 0.0, "nothing written before the first unit's sums");
      }
    }
  }

  @Test
  void theDotProductsOfProductsAreThoseOfTheWrittenProductsToTheBit() {
    assertTrue(LinearRows.VECTOR, "tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    SplittableRandom rng = new SplittableRandom(14);
    for (int len : new int[] {1, 7, 8, 9, 100, 999, 1000}) {
      for (int count : new int[] {1, 2, 3, 4, 5, 6, 7, 16}) {
        double[] scale = new double[len];
        double[] g0 = new double[len];
        double[] g1 = new double[len];
        double[][] rows = new double[count][len];
        for (int i = 0; i < len; i++) {
          scale[i] = rng.nextGaussian() * 2e-3;
          g0[i] = rng.nextInt(3) - 1; // slopes of |t|: -1, 0, 1
          g1[i] = rng.nextGaussian() * 3;
          for (int t = 0; t < count; t++) {
            rows[t][i] = rng.nextGaussian();
          }
        }
        double[] fused = new double[2 * count];
        double[] plain = new double[2 * count];
        LinearRows.dots2OfProducts(scale, g0, g1, rows, count, len, fused, 0, count);
        double[] u0 = new double[len];
        double[] u1 = new double[len];
        LinearRows.scaledProduct(u0, scale, g0, len);
        LinearRows.scaledProduct(u1, scale, g1, len);
        LinearRows.dotsScalar(u0, rows, count, len, plain, 0);
        LinearRows.dotsScalar(u1, rows, count, len, plain, count);
        assertArrayEquals(plain, fused, 0.0, "len " + len + " count " + count);
      }
    }
  }

  @Test
  void theBlockedCombinationIsFourPlainOnesToTheBit() {
    assertTrue(LinearRows.VECTOR, "tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    SplittableRandom rng = new SplittableRandom(12);
    for (int len : new int[] {1, 7, 8, 9, 100, 999, 1000}) {
      for (int count : new int[] {1, 3, 4, 5, 8, 16}) {
        double[][] rows = gaussianRows(rng, count, len, 1e3);
        // forward layout: output q's weights at q * count + t; backward layout: at q + 4 * t
        double[] w = gaussianRows(rng, 1, 4 * count, 1)[0];
        for (boolean backward : new boolean[] {false, true}) {
          int wOut = backward ? 1 : count;
          int wStride = backward ? 4 : 1;
          for (boolean accumulate : new boolean[] {false, true}) {
            double[][] blocked = new double[4][len];
            double[][] plain = new double[4][len];
            double[] before = new double[4];
            for (int q = 0; q < 4; q++) {
              for (int i = 0; i < len; i++) {
                blocked[q][i] = plain[q][i] = rng.nextGaussian();
              }
              before[q] = plain[q][len - 1];
              LinearRows.combine(plain[q], w, q * wOut, wStride, rows, count, len, accumulate);
            }
            LinearRows.combine4(blocked[0], blocked[1], blocked[2], blocked[3], w, 0, wOut, wStride, rows, count, len,
                accumulate);
            for (int q = 0; q < 4; q++) {
              assertArrayEquals(plain[q], blocked[q], 0.0, "len " + len + " count " + count + " output " + q);
              double exact = accumulate ? before[q] : 0;
              for (int t = 0; t < count; t++) {
                exact += w[q * wOut + t * wStride] * rows[t][len - 1];
              }
              assertEquals(exact, blocked[q][len - 1], 1e-9 * count * 1e3);
            }
          }
        }
      }
    }
  }

  @Test
  void theBlockedCombinationTimesSlopesIsTheCombinationThenTheProductToTheBit() {
    assertTrue(LinearRows.VECTOR, "tests run with --add-modules jdk.incubator.vector (pom.xml argLine)");
    SplittableRandom rng = new SplittableRandom(15);
    for (int len : new int[] {1, 7, 8, 9, 100, 999, 1000}) {
      for (int count : new int[] {1, 3, 4, 5, 8, 12, 16}) {
        double[][] rows = gaussianRows(rng, count, len, 1e3);
        // the backward layout: output q's weights at q + 4 * t
        double[] w = gaussianRows(rng, 1, 4 * count, 1)[0];
        double[][] slopes = new double[4][len];
        double[][] fused = new double[4][len];
        double[][] plain = new double[4][len];
        for (int q = 0; q < 4; q++) {
          for (int i = 0; i < len; i++) {
            slopes[q][i] = rng.nextGaussian();
            fused[q][i] = plain[q][i] = rng.nextGaussian(); // overwritten: the combination sets its outputs
          }
          LinearRows.combine(plain[q], w, q, 4, rows, count, len, false);
          LinearRows.multiply(plain[q], slopes[q], len);
        }
        LinearRows.combine4Times(fused[0], fused[1], fused[2], fused[3], slopes[0], slopes[1], slopes[2], slopes[3],
            w, 0, 1, 4, rows, count, len);
        for (int q = 0; q < 4; q++) {
          assertArrayEquals(plain[q], fused[q], 0.0, "len " + len + " count " + count + " output " + q);
          double exact = 0;
          for (int t = 0; t < count; t++) {
            exact += w[q + 4 * t] * rows[t][len - 1];
          }
          assertEquals(exact * slopes[q][len - 1], fused[q][len - 1], 1e-9 * count * 1e3 * Math.abs(slopes[q][len - 1]));
        }
      }
    }
  }

  @Test
  void fourRowsAddedInOnePassAreFourAdditionsToTheBit() {
    SplittableRandom rng = new SplittableRandom(16);
    for (int len : new int[] {1, 7, 8, 9, 100, 1000}) {
      double[][] rows = new double[4][len];
      double[] one = new double[len];
      for (int i = 0; i < len; i++) {
        one[i] = rng.nextGaussian();
        for (double[] r : rows) {
          r[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 9));
        }
      }
      double[] plain = one.clone();
      for (double[] r : rows) {
        LinearRows.addTo(plain, r, len);
      }
      double[] fused = one.clone();
      LinearRows.addTo4(fused, rows[0], rows[1], rows[2], rows[3], len);
      assertArrayEquals(plain, fused, 0.0, "len " + len);
      double[] otherOrder = one.clone();
      for (int q = 3; q >= 0; q--) {
        LinearRows.addTo(otherOrder, rows[q], len);
      }
      assertFalse(java.util.Arrays.equals(plain, otherOrder) && len == 1000,
          "the magnitudes make the order visible, so the test sees a change of order");
    }
  }

  @Test
  void theSumOfRowsInPassesOfFourIsTheRowsAddedOneByOneToTheBit() {
    SplittableRandom rng = new SplittableRandom(17);
    for (int len : new int[] {1, 9, 1000}) {
      for (int count = 1; count <= 13; count++) {
        double[][] rows = new double[count][len];
        for (double[] r : rows) {
          for (int i = 0; i < len; i++) {
            r[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 9));
          }
        }
        double[] plain = rows[0].clone();
        for (int t = 1; t < count; t++) {
          LinearRows.addTo(plain, rows[t], len);
        }
        double[] passes = new double[len];
        java.util.Arrays.fill(passes, Double.NaN); // overwritten
        LinearRows.sum(passes, rows, count, len);
        assertArrayEquals(plain, passes, 0.0, "len " + len + " count " + count);
      }
    }
  }

  @Test
  void theBranchFreeSignIsExactlySignumForEveryKindOfDouble() {
    double[] z = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -1e-300, 1e-200, 0.5, -2,
        1e300, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    double[] h = new double[z.length];
    double[] g = new double[z.length];
    Activations.of("abs_power", 1).apply(z, h, g, z.length);
    for (int i = 0; i < z.length; i++) {
      assertEquals(Math.signum(z[i]), g[i], 0.0, "sign of " + z[i]);
      assertEquals(Double.doubleToLongBits(Math.signum(z[i])), Double.doubleToLongBits(g[i]), "bits of sign " + z[i]);
      assertEquals(Math.abs(z[i]), h[i], 0.0);
    }
    Activations.of("relu", 1).apply(z, h, g, z.length);
    for (int i = 0; i < z.length; i++) {
      if (Double.isNaN(z[i])) {
        assertTrue(Double.isNaN(h[i]) && Double.isNaN(g[i]), "relu keeps a NaN");
      } else {
        assertEquals(z[i] > 0 ? z[i] : 0, h[i], 0.0, "relu of " + z[i]);
        assertEquals(z[i] > 0 ? 1 : 0, g[i], 0.0, "step of " + z[i]);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 1.5, 2.5, 0.3, 4.0 / 3, 3, 16})
  void theDerivativeAtZeroIsZeroAndTinyArgumentsStayFinite(double p) {
    double[] z = {0.0, -0.0, Double.MIN_VALUE, -1e-310, 1e-20, -1};
    double[] h = new double[z.length];
    double[] g = new double[z.length];
    Activation a = Activations.of("abs_power", p);
    a.apply(z, h, g, z.length);
    assertEquals(0.0, g[0], 0.0);
    assertEquals(0.0, g[1], 0.0);
    for (int i = 0; i < z.length; i++) {
      assertEquals(a.value(z[i]), h[i], 1e-15 * Math.abs(h[i]), "value at " + z[i]);
      assertTrue(!Double.isNaN(g[i]), "derivative at " + z[i] + " is " + g[i]);
      if (Double.isFinite(g[i]) && z[i] != 0) {
        assertEquals(a.derivative(z[i]), g[i], 1e-14 * Math.abs(g[i]), "derivative at " + z[i]);
      }
    }
  }

  /** count rows of len Gaussian numbers times scale, row by row. */
  private static double[][] gaussianRows(SplittableRandom rng, int count, int len, double scale) {
    double[][] rows = new double[count][len];
    for (double[] r : rows) {
      for (int i = 0; i < len; i++) {
        r[i] = rng.nextGaussian() * scale;
      }
    }
    return rows;
  }
}
