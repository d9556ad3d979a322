package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlateauStopTest {

  /** The epoch (1-based) at which the rule first says stop, or -1. */
  static int stopEpoch(PlateauStop rule, double[] losses) {
    for (int e = 0; e < losses.length; e++) {
      if (rule.plateaued(losses[e])) {
        return e + 1;
      }
    }
    return -1;
  }

  @Test
  void aSteadyRelativeDecreaseNeverStopsAndAFlatLossStopsAfterOneWindow() {
    double[] halving = new double[200];
    for (int e = 0; e < halving.length; e++) {
      halving[e] = Math.pow(0.99, e);
    }
    assertEquals(-1, stopEpoch(new PlateauStop(10, 0.05), halving), "1% per epoch is 9.6% per window of 10");
    assertEquals(11, stopEpoch(new PlateauStop(10, 0.1), halving), "9.6% per window is under 10%");

    double[] flat = new double[50];
    java.util.Arrays.fill(flat, 0.25);
    assertEquals(11, stopEpoch(new PlateauStop(10, 0), flat), "no change at all, even with tolerance 0");
  }

  @Test
  void theRunningMinimumIgnoresNoiseButNotProgress() {
    // Decreasing by 1% per epoch with +-3% noise: the best loss still falls ~10% per window.
    double[] noisy = new double[300];
    for (int e = 0; e < noisy.length; e++) {
      noisy[e] = Math.pow(0.99, e) * (1 + 0.03 * ((e % 2 == 0) ? 1 : -1));
    }
    assertEquals(-1, stopEpoch(new PlateauStop(20, 0.05), noisy));
    // A loss that went down and then only oscillates above its best: stops one window after the best.
    double[] bounce = new double[100];
    for (int e = 0; e < bounce.length; e++) {
      bounce[e] = e < 30 ? 1.0 / (e + 1) : 1.0 / 30 * (1.5 + 0.5 * Math.sin(e));
    }
    assertEquals(30 + 20, stopEpoch(new PlateauStop(20, 1e-9), bounce));
  }

  @Test
  void windowZeroIsOffAndBadSettingsAreRefused() {
    PlateauStop off = new PlateauStop(0, 0.5);
    assertFalse(off.enabled());
    for (int e = 0; e < 1000; e++) {
      assertFalse(off.plateaued(1.0));
    }
    assertTrue(new PlateauStop(1, 0).enabled());
    assertThrows(IllegalArgumentException.class, () -> new PlateauStop(-1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new PlateauStop(5, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new PlateauStop(5, Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> TrainingSettings.PAPER.withPlateau(-3, 0.1));
  }
}
