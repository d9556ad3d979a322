package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The sampled estimate of the number of activation cells (Chao1) against the exact walk, and the
 * walk that is not started when the estimate clearly exceeds the cap.
 */
class CellEstimateTest {

  static Network random(int d, int layers, int units, String activation, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    Architecture arch = new Architecture(d, layers, units, Activations.of(activation, 1));
    double[] w = new double[arch.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextGaussian();
    }
    return new Network(arch, w);
  }

  @Test
  void chao1AndItsIntervalByHand() {
    // S_obs = 10, f1 = 4, f2 = 2: T = 4 * 3 / (2 * 3) = 2; var = 2 (2^4 / 4 + 2^3 + 2^2 / 2) = 28;
    // K = exp(1.959964 sqrt(ln(1 + 28 / 4))) = 16.92
    CellEstimate e = CellEstimate.chao1(100, 10, 4, 2);
    assertEquals(12, e.estimate(), 1e-12);
    double k = Math.exp(1.959964 * Math.sqrt(Math.log(8)));
    assertEquals(10 + 2 / k, e.lower(), 1e-9);
    assertEquals(10 + 2 * k, e.upper(), 1e-9);
    // every class seen twice or more: the estimate is the count seen
    CellEstimate all = CellEstimate.chao1(100, 7, 0, 3);
    assertEquals(7, all.estimate());
    assertEquals(7, all.lower());
    assertTrue(all.lower() <= e.lower());
  }

  /**
   * A one-layer net's cells are those of a central arrangement of n generic hyperplanes,
   * 2 sum_{i < d} C(n - 1, i) of them (Cover 1965); the estimate never exceeds the walk's count by
   * more than its own interval, and is a lower bound in practice (cells of unequal size).
   */
  @ParameterizedTest(name = "({0}, {1}, {2}) {3}")
  @CsvSource({"3,1,6,abs_power", "5,1,6,abs_power", "3,2,8,abs_power", "3,3,8,relu", "4,2,8,abs_power",
      "5,2,6,abs_power"})
  void theEstimateIsNearTheWalksCountAndBelowIt(int d, int layers, int units, String activation) {
    Network net = random(d, layers, units, activation, 7);
    PolytopeFaces faces = PolytopeFaces.measure(net, GeometrySettings.DEFAULT, Deadline.NONE);
    int cells = faces.activationCells();
    if (layers == 1) {
      int expected = 0;
      for (int i = 0; i < d; i++) {
        expected += 2 * binomial(units - 1, i);
      }
      assertEquals(expected, cells, "Cover's count");
    }
    CellEstimate e = faces.cellEstimate();
    assertNotNull(e);
    assertEquals(e.estimate(), faces.estimatedCells());
    assertTrue(e.observed() <= cells, "cells seen exist: " + e.observed() + " of " + cells);
    assertTrue(e.lower() <= cells, "interval [" + e.lower() + ", " + e.upper() + "] vs " + cells);
    assertTrue(e.estimate() >= 0.5 * cells, "estimate " + e.estimate() + " of " + cells);
  }

  @Test
  void aNetWithFarMoreCellsThanTheCapIsStoppedBeforeTheWalk() {
    // a (5, 3, 16) |t| net: more than 10^5 cells (the walk takes minutes); the cap 20 000
    Network big = random(5, 3, 16, "abs_power", 7);
    PolytopeFaces f = PolytopeFaces.measure(big, GeometrySettings.DEFAULT.withMaxCells(20_000), Deadline.NONE);
    assertEquals(PolytopeFaces.Outcome.GEOMETRY_LIMIT, f.outcome());
    assertNull(f.activationCells(), "no cell visited");
    assertNull(f.facetCount());
    assertTrue(f.cellEstimate().clearlyExceeds(20_000), "interval " + f.cellEstimate());
    assertTrue(f.estimatedCells() > 20_000);
    // a small cap is walked: its partial counts are cheap
    PolytopeFaces small = PolytopeFaces.measure(big, GeometrySettings.DEFAULT.withMaxCells(300), Deadline.NONE);
    assertEquals(PolytopeFaces.Outcome.GEOMETRY_LIMIT, small.outcome());
    assertEquals(300, small.activationCells());
  }

  /**
   * Networks whose cells differ in size by up to 20 orders of magnitude, so that Chao1 stays far
   * below their count: with a cap at half the walk's count the Horvitz-Thompson stage says
   * clearly "more" and the walk is not started; with a cap a tenth above it, it never does, and
   * the walk runs to the end.
   */
  @ParameterizedTest(name = "({0}, {1}, {2}) seed {3}")
  @CsvSource({"4,2,16,3", "4,2,16,2"})
  void theWeightedStageStopsAWalkOfTwiceTheCapAndNeverOneBelowIt(int d, int layers, int units, long seed) {
    Network net = random(d, layers, units, "abs_power", seed);
    PolytopeFaces walked = PolytopeFaces.measure(net, GeometrySettings.DEFAULT, Deadline.NONE);
    assertEquals(PolytopeFaces.Outcome.COMPLETE, walked.outcome());
    int cells = walked.activationCells();

    int above = (int) (1.1 * cells);
    PolytopeFaces complete = PolytopeFaces.measure(net, GeometrySettings.DEFAULT.withMaxCells(above), Deadline.NONE);
    assertEquals(PolytopeFaces.Outcome.COMPLETE, complete.outcome(), "cap " + above + ": " + complete.cellEstimate());
    assertTrue(complete.cellEstimate().measured() > 0, "Chao1 alone did not settle it: " + complete.cellEstimate());
    assertTrue(!complete.cellEstimate().clearlyExceeds(above));

    int half = cells / 2;
    PolytopeFaces skipped = PolytopeFaces.measure(net, GeometrySettings.DEFAULT.withMaxCells(half), Deadline.NONE);
    CellEstimate e = skipped.cellEstimate();
    assertEquals(PolytopeFaces.Outcome.GEOMETRY_LIMIT, skipped.outcome(), "cap " + half + ": " + e);
    assertNull(skipped.activationCells(), "no cell visited");
    assertTrue(e.measured() > 0, "decided by the weighted stage: " + e);
    assertTrue(e.lower() > half && e.lower() <= cells, e + " vs " + cells);
    assertTrue(e.estimate() >= 0.5 * cells && e.estimate() <= 1.5 * cells, e + " vs " + cells);
    assertTrue(e.interval().endsWith("cells measured"), e.interval());
  }

  private static int binomial(int n, int k) {
    int c = 1;
    for (int i = 0; i < k; i++) {
      c = c * (n - i) / (i + 1);
    }
    return c;
  }
}
