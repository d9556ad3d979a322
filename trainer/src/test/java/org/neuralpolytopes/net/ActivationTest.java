package org.neuralpolytopes.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.5, 1, 1.5, 2, 2.5, 3, 4, 7, 16, 63.5, 64})
  void absPowerFastPathsAgreeWithTheDefinition(double p) {
    Activation a = Activations.of("abs_power", p);
    double[] z = {-2.5, -1, -0.3, 0, 1e-3, 0.7, 1, 1.9};
    double[] h = new double[z.length];
    double[] g = new double[z.length];
    a.apply(z, h, g, z.length);
    for (int i = 0; i < z.length; i++) {
      double expected = Math.pow(Math.abs(z[i]), p);
      assertEquals(expected, h[i], 1e-12 * Math.max(1, expected), "value at " + z[i]);
      assertEquals(expected, a.value(z[i]), 1e-12 * Math.max(1, expected));
      double slope = z[i] == 0 ? 0 : Math.signum(z[i]) * p * Math.pow(Math.abs(z[i]), p - 1);
      assertEquals(slope, g[i], 1e-10 * Math.max(1, Math.abs(slope)), "derivative at " + z[i]);
      assertEquals(slope, a.derivative(z[i]), 1e-10 * Math.max(1, Math.abs(slope)));
      if (z[i] != 0) {
        assertEquals(Math.log(expected), a.logValue(Math.log(Math.abs(z[i])), z[i] < 0), 1e-12);
      }
    }
    assertTrue(a.isEven());
    assertEquals(p, a.homogeneityDegree());
    assertEquals(p == 1, a.isPiecewiseLinear());
  }

  @Test
  void reluIsHalfOfAbsPlusIdentity() {
    Activation r = Activations.of("relu", 1);
    double[] z = {-2, -0.5, 0, 0.5, 3};
    double[] h = new double[5];
    double[] g = new double[5];
    r.apply(z, h, g, 5);
    for (int i = 0; i < 5; i++) {
      assertEquals((Math.abs(z[i]) + z[i]) / 2, h[i]);
      assertEquals(z[i] > 0 ? 1 : 0, g[i]);
    }
    assertEquals(Double.NEGATIVE_INFINITY, r.logValue(0.3, true));
    assertFalse(r.isEven());
    assertTrue(r.isPiecewiseLinear());
  }

  @Test
  void unknownNamesAndBadExponentsAreRefusedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.of("tanh", 1));
    assertTrue(e.getMessage().contains("tanh") && e.getMessage().contains("abs_power"));
    assertThrows(IllegalArgumentException.class, () -> Activations.of("abs_power", 0));
    assertThrows(IllegalArgumentException.class, () -> Activations.of("abs_power", -1));
    assertThrows(IllegalArgumentException.class, () -> Activations.of("abs_power", Double.NaN));
  }
}
