package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Era;
import org.neuralpolytopes.net.Network;

/** The polar distance's batch radii against the closed form and the point-wise radial function. */
class RotatedRadiiTest {

  /** count directions as rows (coordinate k of direction i at rows[k][i]), spread over the sphere. */
  private static double[][] rows(int d, int count) {
    DirectionSet set = DirectionSet.of(d, count);
    double[][] rows = new double[d][set.size()];
    double[] u = new double[d];
    for (int i = 0; i < set.size(); i++) {
      set.direction(i, u);
      for (int k = 0; k < d; k++) {
        rows[k][i] = u[k];
      }
    }
    return rows;
  }

  private static double[] rotated(double[][] q, double[][] rows, int i) {
    int d = q.length;
    double[] w = new double[d];
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < d; j++) {
        w[k] += q[k][j] * rows[j][i];
      }
    }
    return w;
  }

  private static double[] batch(RadialFunction r, double[][] q, double[][] rows) {
    RotatedRadii radii = RotatedRadii.of(r);
    assertNotNull(radii, "a homogeneous network has the batch form");
    double[] out = new double[rows[0].length];
    radii.radii(q, rows, out.length, out, Deadline.NONE, "test");
    return out;
  }

  @ParameterizedTest(name = "d={0} p={1}")
  @CsvSource({"3,1", "3,1.3333333333333333", "3,1.5", "3,2", "3,3", "3,16", "3,2.7", "3,0.5", "5,1.5", "5,4"})
  void theUnitBallOfAnLpNormGivesTheInverseNormOfTheRotatedDirection(int d, double p) {
    RadialFunction ball = DualityTest.body(p, DualityTest.axes(d));
    double[][] q = DualityTest.randomRotation(d, 7);
    double[][] rows = rows(d, 1300); // more than two batches, the last one partial
    double[] r = batch(ball, q, rows);
    for (int i = 0; i < r.length; i++) {
      double[] w = rotated(q, rows, i);
      double norm = 0;
      for (double x : w) {
        norm += Math.pow(Math.abs(x), p);
      }
      double exact = Math.pow(norm, -1 / p);
      assertEquals(exact, r[i], 1e-13 * exact, "direction " + i);
    }
  }

  @ParameterizedTest(name = "{0} p={1} d={2} layers={3} units={4}")
  @CsvSource({
      "abs_power,1,3,1,4", "abs_power,1.3333333333333333,3,1,6", "abs_power,2.7,3,2,5",
      "abs_power,0.5,3,1,3", "abs_power,16,3,1,4", "abs_power,3,5,3,8", "abs_power,16,3,3,4",
      "relu,1,3,1,4", "relu,1,3,2,6", "relu,1,5,2,8"})
  void randomNetworksGiveThePointwiseRadii(String name, double p, int d, int layers, int units) {
    SplittableRandom rng = new SplittableRandom(11 + layers + 31L * units);
    Architecture a = new Architecture(d, layers, units, Activations.of(name, p));
    double[] w = new double[a.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    RadialFunction r = new RadialFunction(new Network(a, w));
    double[][] q = DualityTest.randomRotation(d, 3);
    double[][] rows = rows(d, 700);
    double[] out = batch(r, q, rows);
    int infinite = 0;
    for (int i = 0; i < out.length; i++) {
      double expected = r.radius(rotated(q, rows, i));
      if (expected == Double.POSITIVE_INFINITY) {
        infinite++;
        assertEquals(expected, out[i], "direction " + i);
      } else {
        assertEquals(expected, out[i], 1e-12 * expected, "direction " + i);
      }
    }
    if (name.equals("relu") && layers > 1) {
      assertTrue(infinite < out.length, "some relu directions have a finite radius");
    }
  }

  @Test
  void whereTheNetworkOverflowsThePointwiseLogSpaceRadiusIsUsed() {
    // weights of 1e160: f = |W u|^2 ~ 1e320 overflows, r ~ 1e-160 is still a normal double
    double[][] w = DualityTest.axes(3);
    for (double[] row : w) {
      for (int k = 0; k < row.length; k++) {
        row[k] *= 1e160;
      }
    }
    RadialFunction big = DualityTest.body(2, w);
    double[][] q = DualityTest.randomRotation(3, 5);
    double[][] rows = rows(3, 200);
    double[] out = batch(big, q, rows);
    for (int i = 0; i < out.length; i++) {
      assertEquals(1e-160, out[i], 1e-160 * 1e-12, "direction " + i);
      assertEquals(big.radius(rotated(q, rows, i)), out[i], "direction " + i);
    }
  }

  @Test
  void powersOfTwoUpTo64TakeSquareRootsAndOtherDegreesTheActivationsKernel() {
    assertEquals(0, RotatedRadii.squareRoots(1));
    assertEquals(1, RotatedRadii.squareRoots(2));
    assertEquals(4, RotatedRadii.squareRoots(16));
    assertEquals(6, RotatedRadii.squareRoots(64));
    assertEquals(-1, RotatedRadii.squareRoots(128));
    assertEquals(-1, RotatedRadii.squareRoots(3));
    assertEquals(-1, RotatedRadii.squareRoots(4.0 / 3));
    assertEquals(-1, RotatedRadii.squareRoots(0.5));
  }

  @Test
  void aNetworkWithoutAClosedFormHasNoBatchForm() {
    Architecture a = new Architecture(3, 1, 4, new Era("era", 5, 4, false, 1));
    double[] params = new double[a.parameterCount()];
    params[0] = 1;
    assertNull(RotatedRadii.of(new RadialFunction(new Network(a, params))));
  }

  @Test
  void aPassedDeadlineStopsTheBatches() {
    RadialFunction ball = DualityTest.body(1.5, DualityTest.axes(3));
    RotatedRadii radii = RotatedRadii.of(ball);
    double[][] rows = rows(3, 100);
    assertThrows(Deadline.DeadlineExceededException.class, () -> radii.radii(DualityTest.axes(3), rows,
        rows[0].length, new double[rows[0].length], Deadline.at(System.nanoTime() - 1), "test"));
  }
}
