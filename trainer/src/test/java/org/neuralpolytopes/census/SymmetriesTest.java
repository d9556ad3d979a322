package org.neuralpolytopes.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.CanonicalForm;

/** Symmetries of the population loss: what they leave invariant and what the census identifies. */
class SymmetriesTest {

  static final double TOL = 1e-4;

  static Architecture arch(int d, int layers, int units) {
    return new Architecture(d, layers, units, Activations.of("abs_power", 4));
  }

  static RealMatrix randomOrthogonal(SplittableRandom rng, int d, boolean reflect) {
    RealMatrix g = MatrixUtils.createRealMatrix(d, d);
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        g.setEntry(i, k, rng.nextGaussian());
      }
    }
    RealMatrix q = new QRDecomposition(g).getQ();
    if (reflect) {
      q.setColumnVector(0, q.getColumnVector(0).mapMultiply(-1));
    }
    return q;
  }

  /**
   * The same network function up to the symmetries: the first layer turned by R, units of every
   * layer permuted (by reversal), rows sign-flipped, and hidden units rescaled (row times c, its
   * outgoing column times c^-4).
   */
  static double[] transformed(Architecture a, double[] w, RealMatrix rot, double c) {
    int d = a.d();
    int n = a.units();
    double[] out = w.clone();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        double s = 0;
        for (int t = 0; t < d; t++) {
          s += w[i * d + t] * rot.getEntry(t, k);
        }
        out[i * d + k] = s;
      }
    }
    // rescale unit 0 of every hidden layer but the last, flip unit 1's row
    for (int l = 0; l + 1 < a.layers(); l++) {
      int off = a.layerOffset(l);
      int fan = a.fanIn(l);
      int next = a.layerOffset(l + 1);
      for (int k = 0; k < fan; k++) {
        out[off + k] *= c;
        out[off + fan + k] *= -1;
      }
      for (int i = 0; i < n; i++) {
        out[next + i * n] *= Math.pow(c, -4);
      }
    }
    // reverse the units of every layer: rows reversed, next layer's columns reversed
    double[] perm = out.clone();
    for (int l = 0; l < a.layers(); l++) {
      int off = a.layerOffset(l);
      int fan = a.fanIn(l);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < fan; k++) {
          int col = l == 0 ? k : n - 1 - k;
          perm[off + i * fan + k] = out[off + (n - 1 - i) * fan + col];
        }
      }
    }
    return perm;
  }

  @Test
  void rotatedPermutedFlippedAndRescaledCopiesAreOnePoint() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int[] s : new int[][] {{2, 1, 3}, {3, 1, 4}, {3, 2, 3}, {2, 3, 2}}) {
      Architecture a = arch(s[0], s[1], s[2]);
      PopulationLoss loss = new PopulationLoss(a);
      double[] w = new double[a.weightCount()];
      for (int i = 0; i < w.length; i++) {
        w[i] = rng.nextGaussian();
      }
      double[] v = transformed(a, w, randomOrthogonal(rng, s[0], true), 1.7);
      assertEquals(loss.loss(w), loss.loss(v), 1e-9 * loss.loss(w), "the loss is invariant");
      CanonicalForm cw = CanonicalForm.of(a, w, TOL);
      assertTrue(Symmetries.equivalent(cw, CanonicalForm.of(a, v, TOL), s[0], TOL));
      double[] other = w.clone();
      other[0] += 0.01;
      assertFalse(Symmetries.equivalent(cw, CanonicalForm.of(a, other, TOL), s[0], TOL), "a different point");
    }
  }

  @Test
  void theSymmetriesTangentsAreNullDirectionsOfTheHessianAtACriticalPoint() {
    // The cube frame of (3, 1, 3, 4) at its best scale a = (E[f]/E[f^2]) = (3/5)/(369/945): 3 rotations.
    Architecture a = arch(3, 1, 3);
    double r = Math.pow((3.0 / 5) / (369.0 / 945), 0.25);
    double[] w = {r, 0, 0, 0, r, 0, 0, 0, r};
    PopulationLoss.Evaluation e = new PopulationLoss(a).evaluate(w);
    assertTrue(CriticalPointSolver.maxAbs(e.gradient()) < 1e-14);
    double[][] t = Symmetries.tangents(a, w);
    assertEquals(3, t.length);
    for (double[] v : t) {
      for (int i = 0; i < 9; i++) {
        double hv = 0;
        for (int j = 0; j < 9; j++) {
          hv += e.hessian()[i * 9 + j] * v[j];
        }
        assertEquals(0, hv, 1e-13);
      }
    }
    double[] spectrum = Symmetries.reducedSpectrum(e.hessian(), 9, t);
    assertEquals(6, spectrum.length);
    assertTrue(spectrum[0] > 0.5, "a strict minimum modulo rotations");
  }
}
