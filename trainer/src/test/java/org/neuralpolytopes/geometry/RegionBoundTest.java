package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/** The bias-free region bound against its closed forms and against cells the exact walk counts. */
class RegionBoundTest {

  static Network network(String act, int d, int layers, int n, double[] w) {
    return new Network(new Architecture(d, layers, n, Activations.of(act, 1)), w);
  }

  static double[] gaussian(SplittableRandom rng, int count) {
    double[] w = new double[count];
    for (int i = 0; i < count; i++) {
      w[i] = rng.nextGaussian();
    }
    return w;
  }

  /** The cells the exact walk counts; -1 when a cell contains a line (the walk stops there). */
  static int cells(Network net) {
    LinearCells lc = LinearCells.walk(net, Tolerances.DEFAULT, 1_000_000);
    if (lc.outcome() == LinearCells.Outcome.NOT_POINTED) {
      return -1;
    }
    assertEquals(LinearCells.Outcome.COMPLETE, lc.outcome());
    return lc.cellCount();
  }

  @Test
  void closedForms() {
    // d = 3: n^2 - n + 2 (the trained (3, 1, n) nets reach 14, 58, 242), against Serra's 15, 93, 697.
    for (int n = 1; n <= 40; n++) {
      assertEquals(n * n - n + 2, RegionBound.central(3, 1, n), "n = " + n);
      assertEquals(2 * n, RegionBound.central(2, 1, n), "lines through 0 cut the circle into 2n arcs");
    }
    assertEquals(14, RegionBound.central(3, 1, 4));
    assertEquals(58, RegionBound.central(3, 1, 8));
    assertEquals(242, RegionBound.central(3, 1, 16));
    assertEquals(697, RegionBound.of(3, 1, 16));
    // n <= d: the n hyperplanes are independent, 2^n orthant-like cells.
    assertEquals(BigInteger.ONE.shiftLeft(6), RegionBound.centralExact(8, 1, 6));
    // L = 2, d = 2: 2n arcs, each cut at most n times by the second layer's lines: 2n (n + 1).
    assertEquals(2 * 4 * 5, RegionBound.central(2, 2, 4));
    // L = 2, d = 3, n = 4: 14 cells, each cut into at most 1 + 4 + 6 pieces.
    assertEquals(14 * 11, RegionBound.central(3, 2, 4));
    assertEquals(2, RegionBound.central(5, 7, 1), "one unit per layer: a single wall through 0");
    assertEquals(Double.POSITIVE_INFINITY, RegionBound.central(64, 64, 4096));
  }

  @Test
  void genericOneLayerArrangementsReachTheBoundExactly() {
    SplittableRandom rng = new SplittableRandom(17);
    for (String act : new String[] {"abs_power", "relu"}) {
      for (int d = 2; d <= 4; d++) {
        // n >= d: with fewer units every cell contains the first layer's kernel, which the walk
        // (made for bounded bodies) stops at.
        for (int n = d; n <= (d == 4 ? 7 : 9); n++) {
          Network net = network(act, d, 1, n, gaussian(rng, n * d));
          assertEquals(RegionBound.central(d, 1, n), cells(net), act + " d = " + d + " n = " + n);
        }
      }
    }
  }

  @Test
  void aDegenerateArrangementStaysBelow() {
    // x = 0, y = 0, x + y = 0 share the z axis: three lines through 0 in the xy plane (6
    // sectors) times the two sides of z = 0: 12 cells, not 4^2 - 4 + 2 = 14.
    double[] w = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0};
    assertEquals(12, cells(network("abs_power", 3, 1, 4, w)));
    assertEquals(12, cells(network("relu", 3, 1, 4, w)));
    assertEquals(14, RegionBound.central(3, 1, 4));
  }

  @Test
  void deepRandomNetworksStayWithinTheComposedBound() {
    SplittableRandom rng = new SplittableRandom(99);
    int worst = 0;
    int walked = 0;
    for (String act : new String[] {"abs_power", "relu"}) {
      for (int d = 2; d <= 3; d++) {
        for (int layers = 2; layers <= 3; layers++) {
          for (int n = d; n <= 6; n++) {
            for (int trial = 0; trial < 3; trial++) {
              Network net = network(act, d, layers, n, gaussian(rng, n * d + (layers - 1) * n * n));
              int c = cells(net);
              if (c < 0) {
                continue; // a relu body that vanishes along a line
              }
              walked++;
              double bound = RegionBound.central(d, layers, n);
              assertTrue(c <= bound, act + " (" + d + ", " + layers + ", " + n + "): " + c + " > " + bound);
              worst = Math.max(worst, c);
            }
          }
        }
      }
    }
    assertTrue(walked >= 80, "walked " + walked);
    assertTrue(worst > RegionBound.central(3, 1, 6), "deep nets have more cells than one layer: " + worst);
  }
}
