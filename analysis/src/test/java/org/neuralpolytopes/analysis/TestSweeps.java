package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.neuralpolytopes.analysis.report.ReportTestSupport;
import org.neuralpolytopes.sweep.SweepMain;

/**
 * One small real sweep output per test JVM (Spark local mode, about 10 s), shared by the report
 * tests: polygons, polyhedra (one and two layers, p = 1 and 4, relu) and a d = 4 body for the
 * slices, two seeds each.
 */
public final class TestSweeps {

  static final String SPEC = """
      name: report-test
      description: a small grid for the report tests
      seeds: 2
      grid:
        - {d: 2, layers: 1, units: [2, 3], p: [1, 2]}
        - {d: 3, layers: 1, units: 3, p: 1}
        - {d: 3, layers: 1, units: 4, p: [1, 4]}
        - {d: 3, layers: 2, units: 3, p: 1}
        - {d: 3, layers: 1, units: 4, activation: relu, p: 1}
        - {d: 4, layers: 1, units: 4, p: 1}
      training:
        samples: 400
        batch_size: 200
        epochs: 40
        learning_rate: 0.01
      geometry:
        directions: 500
      """;

  /** Runs in the shared sweep. */
  public static final int RUNS = 20;

  private static Path small;

  private TestSweeps() {}

  /** The shared sweep output, made on first use in this JVM. */
  public static synchronized Path small() throws Exception {
    if (small == null) {
      Path dir = Paths.get("target", "test-sweeps").toAbsolutePath();
      ReportTestSupport.deleteRecursively(dir);
      Files.createDirectories(dir);
      Path spec = Files.writeString(dir.resolve("report-test.yaml"), SPEC);
      Path out = dir.resolve("out");
      int code = SweepMain.run("sweep", spec.toString(), "--out", out.toString(), "--master", "local[2]");
      assertEquals(0, code, "the test sweep failed");
      small = out;
    }
    return small;
  }
}
