package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/** The support function on bodies whose support function is known, and its scan against a scan of every point. */
class SupportFunctionTest {

  /** A network of d, layers, units with standard normal weights from the seed (also NormBallSupportTest's). */
  static RadialFunction randomBody(int d, int layers, int units, String activation, double p, long seed) {
    Architecture a = new Architecture(d, layers, units, Activations.of(activation, p));
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[a.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    return new RadialFunction(new Network(a, w));
  }

  static double[] randomUnit(int d, SplittableRandom rng) {
    double[] u = new double[d];
    double s = 0;
    for (int k = 0; k < d; k++) {
      u[k] = rng.nextGaussian();
      s += u[k] * u[k];
    }
    for (int k = 0; k < d; k++) {
      u[k] /= Math.sqrt(s);
    }
    return u;
  }

  /** The first index of largest p . u over the whole cloud, computed as the scan computes p . u. */
  private static int fullScan(double[][] points, double[] u) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < points.length; i++) {
      double s = 0;
      for (int k = 0; k < u.length; k++) {
        s += points[i][k] * u[k];
      }
      if (s > bestValue) {
        bestValue = s;
        best = i;
      }
    }
    return best;
  }

  @Test
  void theCapScanFindsTheMaximiserOfAScanOfEveryPoint() {
    List<RadialFunction> bodies = new ArrayList<>();
    bodies.add(new RadialFunction(AnalyticBodies.network(AnalyticBodies.axes(3), 2)));
    bodies.add(new RadialFunction(AnalyticBodies.network(AnalyticBodies.icosidodecahedron(), 0.5)));
    bodies.add(new RadialFunction(AnalyticBodies.network(AnalyticBodies.cuboctahedron(), 1)));
    bodies.add(randomBody(3, 1, 6, "abs_power", 4, 1));
    bodies.add(randomBody(3, 2, 6, "abs_power", 1, 2));
    bodies.add(randomBody(3, 2, 5, "relu", 1, 3));
    bodies.add(randomBody(2, 1, 3, "abs_power", 0.5, 4));
    bodies.add(new RadialFunction(AnalyticBodies.network(AnalyticBodies.axes(2), 2)));
    bodies.add(randomBody(4, 1, 5, "abs_power", 1.5, 5));
    SplittableRandom rng = new SplittableRandom(17);
    for (RadialFunction r : bodies) {
      int d = r.network().architecture().d();
      SupportFunction h = new SupportFunction(r, d);
      DirectionSet cloud = DirectionSet.of(d, SupportFunction.cloudSize(d));
      double[][] points = new double[cloud.size()][d];
      double[] v = new double[d];
      for (int i = 0; i < cloud.size(); i++) {
        cloud.direction(i, v);
        double ri = r.radius(v);
        for (int k = 0; k < d; k++) {
          points[i][k] = Double.isFinite(ri) ? ri * v[k] : 0;
        }
      }
      // random directions, and the cloud's own (where the maximiser is a cloud point exactly)
      for (int t = 0; t < 3000; t++) {
        double[] u = randomUnit(d, rng);
        assertEquals(fullScan(points, u), h.scan(u), r.network().architecture() + " at a random direction");
      }
      for (int i = 0; i < cloud.size(); i += 7) {
        cloud.direction(i, v);
        assertEquals(fullScan(points, v), h.scan(v), r.network().architecture() + " at cloud direction " + i);
      }
    }
  }

  /**
   * The l_p ball rotated by Q has the support function h(u) = ||Q u||_q, 1/p + 1/q = 1 (the dual
   * norm). h is a maximum over surface points, so the refinement only ever falls short of it: by
   * rounding at SIMPLEX_PRECISION, and at the volume product's coarser precisions e by at most
   * 10 e^min(p, 2) relative: O(e^2) where phi is twice differentiable at its maximiser, O(e^p) for
   * 1 < p < 2 where the maximiser lies on a unit's zero plane (|t|^p has no second derivative at 0).
   * Measured at e = 1e-5: 4e-11 to 6e-10 for p >= 1.5, 2.4e-8 for p = 4/3.
   */
  @ParameterizedTest(name = "d={0} p={1}")
  @CsvSource({"2,1.5", "2,3", "3,1.3333333333333333", "3,1.5", "3,2", "3,4", "3,16"})
  void approachesTheDualNormOfARotatedLpBallFromBelow(int d, double p) {
    double[][] q = AnalyticBodies.rotated(AnalyticBodies.axes(d), 11);
    RadialFunction r = new RadialFunction(AnalyticBodies.network(q, p));
    double conjugate = p / (p - 1);
    double[] precisions = {SupportFunction.SIMPLEX_PRECISION, MahlerProduct.SMOOTH_PRECISION_PLANE,
        MahlerProduct.SMOOTH_PRECISION};
    double[] worst = new double[precisions.length];
    DirectionSet set = DirectionSet.of(d, 2000);
    double[] u = new double[d];
    for (int b = 0; b < precisions.length; b++) {
      SupportFunction h = SupportFunction.searching(r, d, precisions[b]);
      for (int i = 0; i < set.size(); i++) {
        set.direction(i, u);
        double norm = 0;
        for (double[] row : q) {
          norm += Math.pow(Math.abs(Linear.dot(row, u)), conjugate);
        }
        double exact = Math.pow(norm, 1 / conjugate);
        double relative = (exact - h.support(u)) / exact;
        assertTrue(relative > -1e-14, "above the exact support function by " + -relative + " at direction " + i);
        worst[b] = Math.max(worst[b], relative);
      }
    }
    assertTrue(worst[0] < 1e-12, "at SIMPLEX_PRECISION h falls short by up to " + worst[0]);
    for (int b = 1; b < precisions.length; b++) {
      double bound = 10 * Math.pow(precisions[b], Math.min(p, 2));
      assertTrue(worst[b] < bound,
          "at " + precisions[b] + " rad h falls short by up to " + worst[b] + ", above " + bound);
    }
  }

  @Test
  void refiningFurtherGivesTheFinerPrecisionsAnswer() {
    RadialFunction r = randomBody(3, 1, 6, "abs_power", 1.5, 7);
    SupportFunction coarse = SupportFunction.searching(r, 3, 1e-4);
    SupportFunction fine = SupportFunction.searching(r, 3, 1e-9);
    SplittableRandom rng = new SplittableRandom(8);
    for (int t = 0; t < 200; t++) {
      double[] u = randomUnit(3, rng);
      double first = coarse.support(u);
      double further = coarse.refineFurther(1e-9);
      assertEquals(fine.support(u), further, 0, "direction " + t);
      assertTrue(further >= first);
    }
  }
}
