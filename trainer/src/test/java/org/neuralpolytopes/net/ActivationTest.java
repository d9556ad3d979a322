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
  void theActivationSaysHowItIsPiecewiseLinearAndWhatItsKernelCosts() {
    Activation relu = Activations.of("relu", 1);
    Activation abs = Activations.of("abs_power", 1);
    assertEquals(Activation.LinearPieces.ONE_SIDED, relu.linearPieces());
    assertEquals(Activation.LinearPieces.TWO_SIDED, abs.linearPieces());
    for (double p : new double[] {0.5, 1.5, 2, 3}) {
      assertEquals(Activation.LinearPieces.NONE, Activations.of("abs_power", p).linearPieces());
      assertFalse(Activations.of("abs_power", p).isPiecewiseLinear());
    }
    // the slopes on either side of the kink: relu's units are on or off, |t|'s signed
    assertEquals(1, relu.linearPieces().slope(1));
    assertEquals(0, relu.linearPieces().slope(-1));
    assertEquals(-1, abs.linearPieces().slope(-1));
    assertEquals(0, abs.linearPieces().slope(0));
    for (double t : new double[] {-2, -0.5, 0.5, 3}) {
      int side = t > 0 ? 1 : -1;
      assertEquals(relu.value(t), relu.linearPieces().slope(side) * t, 0);
      assertEquals(abs.value(t), abs.linearPieces().slope(side) * t, 0);
    }
    assertThrows(UnsupportedOperationException.class, () -> Activation.LinearPieces.NONE.slope(1));
    assertEquals("relu", relu.kernel().label());
    assertEquals("integer", abs.kernel().label());
    assertEquals("integer", Activations.of("abs_power", 4).kernel().label());
    assertEquals("half", Activations.of("abs_power", 1.5).kernel().label());
    assertEquals("half", Activations.of("abs_power", 1.25).kernel().label());
    assertEquals("half", Activations.of("abs_power", 4.0 / 3).kernel().label());
    assertEquals("half", Activations.of("abs_power", 63.75).kernel().label());
    assertEquals("pow", Activations.of("abs_power", 1.3333333333333335).kernel().label());
    assertEquals("pow", Activations.of("abs_power", 0.3).kernel().label());
    assertEquals("pow", Activations.of("abs_power", 64.5).kernel().label());
    assertTrue(Activation.Kernel.GENERAL_POWER.relativeCost() > Activation.Kernel.HALF_INTEGER_POWER.relativeCost());
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
