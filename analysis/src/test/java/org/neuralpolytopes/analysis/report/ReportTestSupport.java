package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.nio.file.Path;

/** Access for tests outside this package. */
public final class ReportTestSupport {

  private ReportTestSupport() {}

  public static void deleteRecursively(Path dir) throws IOException {
    Report.deleteRecursively(dir);
  }
}
