package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.EraSettings;
import org.neuralpolytopes.net.Network;

/**
 * The search for a direction where f vanishes, on analytic weights whose zero set is known: W_1
 * makes the first layer's units |x_i|^p (or of rotated or mixed coordinates), and a later layer's
 * rows cancel on a known set.
 */
class VanishingSearchTest {

  static final double S = Math.sqrt(0.5);

  static Network net(int d, int layers, int units, double p, double... w) {
    return new Network(new Architecture(d, layers, units, Activations.of("abs_power", p)), w);
  }

  /** The search as BodyMeasurement runs it, over a direction set of 2000. */
  static VanishingSearch.Result search(Network net) {
    int d = net.architecture().d();
    DirectionSet dirs = DirectionSet.of(d, 2000);
    int[] farthest = new int[VanishingSearch.FARTHEST];
    ShapeStatistics.measure(new RadialFunction(net), dirs, Tolerances.DEFAULT, farthest);
    return VanishingSearch.search(net, dirs, farthest, Deadline.NONE, "test");
  }

  static void assertVanishesAt(VanishingSearch.Result r, int layer, double[]... zeros) {
    assertTrue(r.vanishes(), "cancellation " + r.cancellation());
    assertTrue(r.cancellation() < 1e-14, "rounding level: " + r.cancellation());
    assertEquals(layer, r.layer());
    double best = 0;
    for (double[] z : zeros) {
      best = Math.max(best, Math.abs(Linear.dot(z, r.direction())) / Math.sqrt(Linear.dot(z, z)));
    }
    assertEquals(1, best, 1e-12, "at one of the known zeros: " + Arrays.toString(r.direction()));
  }

  /**
   * W_1 = I, W_2 = [[1, -1], [2, -2]] at p = 4: f = 17 (x_1^4 - x_2^4)^4 vanishes on x_1 = +-x_2;
   * W_2 = [[1, -1], [1, 1]]: the second unit x_1^4 + x_2^4 never does (min cancellation 1/2, at 45
   * degrees); W_2 = [[1, -1], [2, -2 + e]]: bounded, the cancellation's minimum is about 0.0745 e
   * (its second unit e/4 at 45 degrees against terms of about 1.5 summed over both units).
   */
  @Test
  void cancellingRowsVanishAndNearlyCancellingOnesDoNot() {
    VanishingSearch.Result zero = search(net(2, 2, 2, 4, 1, 0, 0, 1, 1, -1, 2, -2));
    assertVanishesAt(zero, 2, new double[] {1, 1}, new double[] {1, -1});
    assertTrue(zero.message().startsWith("f vanishes to rounding at u = (0.7071, "), zero.message());
    assertTrue(zero.message().contains("the last layer's pre-activations cancel"), zero.message());

    VanishingSearch.Result bounded = search(net(2, 2, 2, 4, 1, 0, 0, 1, 1, -1, 1, 1));
    assertFalse(bounded.vanishes());
    assertEquals(0.5, bounded.cancellation(), 1e-9);

    for (double e : new double[] {1e-3, 1e-6, 1e-9}) {
      VanishingSearch.Result near = search(net(2, 2, 2, 4, 1, 0, 0, 1, 1, -1, 2, -2 + e));
      assertFalse(near.vanishes(), e + ": " + near.cancellation());
      assertEquals(0.0745 * e, near.cancellation(), 0.001 * e, "e = " + e);
    }
  }

  /**
   * The census's (2, 2, 2, 4) point: W_1 = diag(1.0796, -1.5892), rows of W_2 proportional to
   * (1.5892^4, -1.0796^4), so f is proportional to (x_1^4 - x_2^4)^4 (its sampled radius_max was
   * 1092 and its status OK).
   */
  @Test
  void theCensusPointVanishesOnTheDiagonals() {
    double a = Math.pow(1.5892, 4);
    double b = Math.pow(1.0796, 4);
    VanishingSearch.Result r = search(net(2, 2, 2, 4, 1.0796, 0, 0, -1.5892, 0.8 * a, -0.8 * b, 0.31 * a, -0.31 * b));
    assertVanishesAt(r, 2, new double[] {1, 1}, new double[] {1, -1});
  }

  /**
   * Other exponents: p = 3 with W_1 = I (zero on x_1 = +-x_2), and p = 1.5 with first-layer rows
   * e_1 and e_1 + e_2, so that |x_1|^p - |x_1 + x_2|^p vanishes on x_2 = 0 and x_2 = -2 x_1.
   */
  @Test
  void otherExponentsVanishWhereTheirUnitsAgree() {
    assertVanishesAt(search(net(2, 2, 2, 3, 1, 0, 0, 1, 1, -1, 2, -2)), 2, new double[] {1, 1}, new double[] {1, -1});
    assertVanishesAt(search(net(2, 2, 2, 1.5, 1, 0, 1, 1, 1, -1, 3, -3)), 2, new double[] {1, 0},
        new double[] {1, -2});
  }

  /**
   * d = 3: W_2 with rows (1, -1, 0) vanishes on the two great circles x_1 = +-x_2; rows (1, -1, 0)
   * and (0, 1, -1) only where |x_1| = |x_2| = |x_3|, the 8 points (+-1, +-1, +-1)/sqrt 3.
   */
  @Test
  void inSpaceTheZeroSetIsGreatCirclesOrPoints() {
    VanishingSearch.Result circles = search(net(3, 2, 3, 4, 1, 0, 0, 0, 1, 0, 0, 0, 1,
        1, -1, 0, 2, -2, 0, -1, 1, 0));
    assertTrue(circles.vanishes(), "cancellation " + circles.cancellation());
    double[] u = circles.direction();
    assertEquals(Math.abs(u[0]), Math.abs(u[1]), 1e-12, Arrays.toString(u));

    VanishingSearch.Result points = search(net(3, 2, 3, 4, 1, 0, 0, 0, 1, 0, 0, 0, 1,
        1, -1, 0, 0, 1, -1, 1, 0, -1));
    assertTrue(points.vanishes(), "cancellation " + points.cancellation());
    for (double x : points.direction()) {
      assertEquals(1 / Math.sqrt(3), Math.abs(x), 1e-12, Arrays.toString(points.direction()));
    }
  }

  /** The (2, 2, 2, 4) zero rotated by 0.3 rad: W_1 = R, so f vanishes where |(R u)_1| = |(R u)_2|. */
  @Test
  void aRotatedZeroIsFound() {
    double c = Math.cos(0.3);
    double s = Math.sin(0.3);
    VanishingSearch.Result r = search(net(2, 2, 2, 4, c, -s, s, c, 1, -1, 2, -2));
    // u = R^T (1, +-1) / sqrt 2
    assertVanishesAt(r, 2, new double[] {c + s, -s + c}, new double[] {c - s, -s - c});
  }

  /**
   * Three layers: a hidden layer that cancels (W_2 = [[1, -1], [2, -2]], W_3 = I) is named, and a
   * last layer that cancels after two (W_2 = I, W_3 = [[1, -1], [1, -1]]: |x_1|^4 = |x_2|^4).
   */
  @Test
  void threeLayersNameTheLayerThatCancels() {
    VanishingSearch.Result hidden = search(net(2, 3, 2, 2, 1, 0, 0, 1, 1, -1, 2, -2, 1, 0, 0, 1));
    assertVanishesAt(hidden, 2, new double[] {1, 1}, new double[] {1, -1});
    assertTrue(hidden.message().contains("hidden layer 2 of 3"), hidden.message());
    VanishingSearch.Result last = search(net(2, 3, 2, 2, 1, 0, 0, 1, 1, 0, 0, 1, 1, -1, 1, -1));
    assertVanishesAt(last, 3, new double[] {1, 1}, new double[] {1, -1});
  }

  /**
   * Random nets of the sweeps' shapes are far from vanishing, also at p = 16 over three layers,
   * whose units span hundreds of orders of magnitude (each layer is rescaled before the next).
   */
  @Test
  void randomNetsDoNotVanish() {
    SplittableRandom rnd = new SplittableRandom(11);
    int[][] shapes = {{2, 2, 8}, {3, 2, 16}, {3, 3, 16}, {5, 3, 32}, {5, 2, 32}};
    for (int[] sh : shapes) {
      for (double p : new double[] {1.5, 2, 4, 16}) {
        Architecture arch = new Architecture(sh[0], sh[1], sh[2], Activations.of("abs_power", p));
        double[] w = new double[arch.weightCount()];
        for (int i = 0; i < w.length; i++) {
          w[i] = rnd.nextGaussian() / Math.sqrt(sh[2]);
        }
        VanishingSearch.Result r = search(new Network(arch, w));
        assertTrue(r.cancellation() > 1e-6, Arrays.toString(sh) + " p = " + p + ": " + r.cancellation());
      }
    }
  }

  @Test
  void onlyTwoOrMoreLayersOfASmoothPowerAreSearched() {
    assertTrue(VanishingSearch.applies(new Architecture(3, 2, 4, Activations.of("abs_power", 4))));
    assertTrue(VanishingSearch.applies(new Architecture(3, 3, 4, Activations.of("abs_power", 1.5))));
    assertFalse(VanishingSearch.applies(new Architecture(3, 1, 4, Activations.of("abs_power", 4))));
    assertFalse(VanishingSearch.applies(new Architecture(3, 2, 4, Activations.of("abs_power", 1))));
    assertFalse(VanishingSearch.applies(new Architecture(3, 2, 4, Activations.of("relu", 1))));
    assertFalse(VanishingSearch.applies(new Architecture(3, 2, 4, Activations.of("era", 4, EraSettings.DEFAULT))));
    assertFalse(VanishingSearch.applies(new Architecture(3, 2, 4, Activations.of("era_even", 4, EraSettings.DEFAULT))));
  }

  @Test
  void aPassedDeadlineStopsTheSearch() {
    Network net = net(2, 2, 2, 4, 1, 0, 0, 1, 1, -1, 1, 1);
    DirectionSet dirs = DirectionSet.of(2, 200);
    Deadline past = Deadline.at(System.nanoTime() - 1);
    Deadline.DeadlineExceededException e = org.junit.jupiter.api.Assertions.assertThrows(
        Deadline.DeadlineExceededException.class, () -> VanishingSearch.search(net, dirs, new int[0], past, "stage x"));
    assertTrue(e.getMessage().contains("stage x"), e.getMessage());
  }
}
