package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The canonical form is invariant under the network's symmetries (Trimmel's thesis, section 7: unit
 * permutations, positive scalings rho_lambda, sign flips for even activations) and computes the
 * same function.
 */
class CanonicalFormTest {

  static final double TOL = 1e-4;

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of(3, 1, 6, new AbsPower(1)),
        Arguments.of(3, 2, 5, new AbsPower(1)),
        Arguments.of(4, 3, 4, new AbsPower(1.5)),
        Arguments.of(2, 2, 7, new AbsPower(0.5)),
        Arguments.of(3, 2, 6, new AbsPower(3)),
        Arguments.of(3, 2, 6, new Relu()),
        Arguments.of(5, 3, 5, new Relu()));
  }

  static double[] randomWeights(Architecture arch, Random rng) {
    double[] w = new double[arch.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    return w;
  }

  /**
   * A copy of w with every layer's units permuted, every hidden unit not in the last layer scaled
   * by a random c > 0 (its outgoing column by c^-k), and for even activations every unit's row
   * flipped at random.
   */
  static double[] symmetricCopy(Architecture arch, double[] w, Random rng) {
    double[] v = w.clone();
    int n = arch.units();
    double k = arch.activation().homogeneityDegree();
    for (int l = 0; l < arch.layers(); l++) {
      int fanIn = arch.fanIn(l);
      int off = arch.layerOffset(l);
      for (int j = 0; j < n; j++) {
        double c = l + 1 < arch.layers() ? Math.exp(rng.nextGaussian()) : 1;
        double s = arch.activation().isEven() && rng.nextBoolean() ? -1 : 1;
        for (int i = 0; i < fanIn; i++) {
          v[off + j * fanIn + i] *= c * s;
        }
        if (l + 1 < arch.layers()) {
          int next = arch.layerOffset(l + 1);
          for (int r = 0; r < n; r++) {
            v[next + r * n + j] *= Math.pow(c, -k);
          }
        }
      }
      // Permute the units of layer l: rows here, columns in the next layer.
      int[] perm = permutation(n, rng);
      double[] rows = new double[n * fanIn];
      for (int j = 0; j < n; j++) {
        System.arraycopy(v, off + perm[j] * fanIn, rows, j * fanIn, fanIn);
      }
      System.arraycopy(rows, 0, v, off, n * fanIn);
      if (l + 1 < arch.layers()) {
        int next = arch.layerOffset(l + 1);
        for (int r = 0; r < n; r++) {
          double[] row = new double[n];
          for (int j = 0; j < n; j++) {
            row[j] = v[next + r * n + perm[j]];
          }
          System.arraycopy(row, 0, v, next + r * n, n);
        }
      }
    }
    return v;
  }

  static int[] permutation(int n, Random rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static double[] randomPoint(int d, Random rng) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = rng.nextGaussian();
    }
    return x;
  }

  @ParameterizedTest(name = "d={0} L={1} n={2} {3}")
  @MethodSource("networks")
  void aPermutedRescaledSignFlippedCopyHasTheSameCanonicalWeights(int d, int layers, int units, Activation act) {
    Architecture arch = new Architecture(d, layers, units, act);
    Random rng = new Random(d * 100 + layers * 10 + units);
    double[] w = randomWeights(arch, rng);
    double[] copy = symmetricCopy(arch, w, rng);
    Network a = new Network(arch, w);
    Network b = new Network(arch, copy);
    CanonicalForm ca = CanonicalForm.of(arch, w, TOL);
    CanonicalForm cb = CanonicalForm.of(arch, copy, TOL);
    assertArrayEquals(ca.effectiveUnits(), cb.effectiveUnits());
    int[] full = new int[layers];
    java.util.Arrays.fill(full, units);
    assertArrayEquals(full, ca.effectiveUnits(), "random units are neither dead nor duplicate");
    assertEquals(ca.weights().length, cb.weights().length);
    for (int i = 0; i < ca.weights().length; i++) {
      assertEquals(ca.weights()[i], cb.weights()[i], 1e-9 * (1 + Math.abs(ca.weights()[i])), "weight " + i);
    }
    assertTrue(maxDifference(w, copy) > 0.1, "the copy's weights differ");
    for (int t = 0; t < 20; t++) {
      double[] x = randomPoint(d, rng);
      double f = a.value(x);
      assertEquals(f, b.value(x), 1e-9 * Math.max(1, f), "the copy is the same function");
      assertEquals(f, ca.value(d, act, x), 1e-9 * Math.max(1, f), "the canonical form is the same function");
    }
  }

  @Test
  void deadAndDuplicateUnitsAreDroppedAndTheFunctionKept() {
    Activation act = new AbsPower(1.5);
    Architecture arch = new Architecture(3, 2, 5, act);
    Random rng = new Random(4);
    double[] w = randomWeights(arch, rng);
    // Layer 1: unit 3 duplicates unit 0 up to scale and sign; unit 4 has no incoming weights.
    for (int i = 0; i < 3; i++) {
      w[3 * 3 + i] = -2.5 * w[i];
      w[4 * 3 + i] = 0;
    }
    // Layer 2: unit 2 has output weight 1 but no incoming weights at all.
    int off = arch.layerOffset(1);
    for (int j = 0; j < 5; j++) {
      w[off + 2 * 5 + j] = 0;
    }
    CanonicalForm c = CanonicalForm.of(arch, w, TOL);
    assertArrayEquals(new int[] {3, 4}, c.effectiveUnits());
    assertEquals(3 * 3 + 4 * 3, c.weights().length);
    Network net = new Network(arch, w);
    for (int t = 0; t < 20; t++) {
      double[] x = randomPoint(3, rng);
      assertEquals(net.value(x), c.value(3, act, x), 1e-9 * Math.max(1, net.value(x)));
    }
    // padded back to the full layout (zero rows and columns for the dropped units): the same function
    double[] padded = c.padded(arch);
    assertEquals(arch.weightCount(), padded.length);
    Network back = new Network(arch, padded);
    for (int t = 0; t < 20; t++) {
      double[] x = randomPoint(3, rng);
      assertEquals(net.value(x), back.value(x), 1e-9 * Math.max(1, net.value(x)));
    }
    assertArrayEquals(c.weights(), CanonicalForm.of(arch, padded, TOL).weights(), 1e-12);
    // two rows 1e-3 apart are two units at TOL and one at a duplicate tolerance of 1e-2
    double[] near = randomWeights(arch, rng);
    for (int i = 0; i < 3; i++) {
      near[3 * 3 + i] = 2 * near[i] + 1e-3 * (i == 0 ? 1 : 0) * Math.sqrt(near[0] * near[0] + near[1] * near[1]
          + near[2] * near[2]);
    }
    assertArrayEquals(new int[] {5, 5}, CanonicalForm.byContribution(arch, near, TOL).effectiveUnits());
    assertArrayEquals(new int[] {4, 5}, CanonicalForm.byContribution(arch, near, TOL, 1e-2).effectiveUnits());
  }

  /**
   * At a large p a unit whose row is a fifth of the largest contributes 0.2^40 = 1e-28 of it
   * where both fire, but alone bounds the body along the other rows' common kernel: it is not
   * dead. (3, 1, 3, 40): rows e1, e2 and 0.2 e3; the canonical net must keep f(e3) = 0.2^40 > 0.
   * A unit below tol of the largest on that scale is dead all the same.
   */
  @Test
  void aSmallUnitAtALargeExponentIsNotDeadButATinyOneIs() {
    Activation act = new AbsPower(40);
    Architecture arch = new Architecture(3, 1, 3, act);
    double[] w = {1, 0, 0, 0, 1, 0, 0, 0, 0.2};
    CanonicalForm c = CanonicalForm.of(arch, w, TOL);
    assertArrayEquals(new int[] {3}, c.effectiveUnits());
    double[] e3 = {0, 0, 1};
    assertEquals(Math.pow(0.2, 40), c.value(3, act, e3), 1e-12 * Math.pow(0.2, 40));
    Network net = new Network(arch, w);
    Random rng = new Random(7);
    for (int t = 0; t < 20; t++) {
      double[] x = randomPoint(3, rng);
      assertEquals(net.value(x), c.value(3, act, x), 1e-12 * net.value(x));
    }
    w[8] = 0.5 * TOL;
    assertArrayEquals(new int[] {2}, CanonicalForm.of(arch, w, TOL).effectiveUnits(),
        "a row below tol of the largest is dead at every p");
    CanonicalForm small = CanonicalForm.of(new Architecture(3, 1, 3, new AbsPower(0.3)), w, TOL);
    assertArrayEquals(new int[] {2}, small.effectiveUnits(), "and at p < 1 too");
    w[8] = 2 * TOL;
    assertArrayEquals(new int[] {3}, CanonicalForm.of(new Architecture(3, 1, 3, new AbsPower(0.3)), w, TOL)
        .effectiveUnits(), "above it, kept");
  }

  @Test
  void lastLayerDuplicatesMergeIntoOneUnitOfTheSummedScale() {
    // |w.x| + |2w.x| = |3w.x| for p = 1: two parallel units are one of three times the length.
    Activation act = new AbsPower(1);
    Architecture arch = new Architecture(2, 1, 2, act);
    CanonicalForm c = CanonicalForm.of(arch, new double[] {0.6, 0.8, -1.2, -1.6}, TOL);
    assertArrayEquals(new int[] {1}, c.effectiveUnits());
    assertArrayEquals(new double[] {1.8, 2.4}, c.weights(), 1e-12);
  }

  @Test
  void reluNeverFlipsSignsAndDropsUnitsThatCannotFire() {
    Activation act = new Relu();
    Architecture arch = new Architecture(2, 2, 2, act);
    // Layer 2, unit 1: only negative weights on non-negative inputs.
    double[] w = {1, 0, -1, 0, 0.5, 0.7, -0.2, -0.9};
    CanonicalForm c = CanonicalForm.of(arch, w, TOL);
    assertArrayEquals(new int[] {2, 1}, c.effectiveUnits());
    Network net = new Network(arch, w);
    Random rng = new Random(1);
    for (int t = 0; t < 20; t++) {
      double[] x = randomPoint(2, rng);
      assertEquals(net.value(x), c.value(2, act, x), 1e-12);
    }
    // (1, 0) and (-1, 0) are different relu units: both kept, each with its own sign.
    assertEquals(1.0, Math.abs(c.weights()[0]), 1e-12);
  }

  static double maxDifference(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
