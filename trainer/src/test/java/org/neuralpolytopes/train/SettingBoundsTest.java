package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SettingBoundsTest {

  @Test
  void numbersAndFractionsAreRead() {
    assertEquals(1.5, SettingBounds.parseNumber("1.5"));
    assertEquals(4.0 / 3.0, SettingBounds.parseNumber(" 4/3 "));
    assertEquals(1e-3, SettingBounds.parseNumber("1e-3"));
    assertEquals(0.5, SettingBounds.parseNumber(".5"));
    for (String bad : new String[] {"", "NaN", "Infinity", "1d", "0x10", "4/", "/3", "a/b", "1e999"}) {
      assertThrows(NumberFormatException.class, () -> SettingBounds.parseNumber(bad), bad);
    }
    assertEquals("division by zero in '3/0'",
        assertThrows(NumberFormatException.class, () -> SettingBounds.parseNumber("3/0")).getMessage());
  }

  @Test
  void rangesSayWhatIsWrong() {
    assertNull(SettingBounds.D.problem(64));
    assertEquals("must be between 2 and 64, got 65", SettingBounds.D.problem(65));
    assertEquals("must be between 1 and 1000000, got 2000000000",
        SettingBounds.MAX_CONFIGURATIONS.problem(2_000_000_000L));
    assertNull(SettingBounds.exponentProblem(4.0 / 3.0));
    assertEquals("exponents must be finite and > 0, got -1.0", SettingBounds.exponentProblem(-1));
    assertEquals("batch_size 20 exceeds samples 10", SettingBounds.batchProblem(20, 10));
  }
}
