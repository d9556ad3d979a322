package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.analysis.ParquetTables;

/** The preload ignores its failures in a report (the report meets them again); here they must not happen. */
class PreloadTest {

  @Test
  void loadsArrowAndDrawsItsSamplesWithoutFailing() {
    assertDoesNotThrow(ParquetTables::preload);
    assertDoesNotThrow(Preload::drawSamples);
  }
}
