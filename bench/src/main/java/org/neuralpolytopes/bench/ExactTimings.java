package org.neuralpolytopes.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.neuralpolytopes.census.Census;
import org.neuralpolytopes.census.CensusSettings;
import org.neuralpolytopes.census.CriticalPoint;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * The exact methods against training, in one process, one thing at a time on one core:
 *
 * <ol>
 *   <li>p = 2: the closed-form optimiser ({@code exact}) against Adam (convergence stop) and
 *       L-BFGS through {@code Runs.run}: training seconds (sampling and initialisation included),
 *       final loss, sphericity error, and the ratio of Adam's training time to the closed form's.
 *   <li>p = 4: a critical-point census (2^m starts, m weights, and 4096) against one Adam training
 *       of the same shape (seed 0, convergence stop): seconds and their ratio, the census's
 *       minima and its lowest loss next to Adam's final (finite-sample) loss.
 * </ol>
 *
 * A warm-up run of each p = 2 shape (another seed) and one small census run first (JIT), and
 * are not reported.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * org.neuralpolytopes.bench.ExactTimings}.
 */
public final class ExactTimings {

  private ExactTimings() {}

  public static void main(String[] args) {
    PrintStream o = System.out;
    GeometrySettings gs = GeometrySettings.DEFAULT;
    int[][] quadratic = {{2, 1, 3}, {3, 1, 3}, {3, 1, 5}, {3, 2, 4}, {3, 3, 3}};
    String[] optimisers = {"exact", "adam", "lbfgs"};
    Runs.run(new RunConfig(3, 1, 3, 2, "abs_power", 9, 0, TrainingSettings.DEFAULT, gs));
    o.println("| d,L,n,p | optimiser | train s | final loss | sphericity_error | Adam / exact train time |");
    o.println("|---|---|---|---|---|---|");
    for (int[] s : quadratic) {
      // warm-up of this shape's code paths (the loss passes of a new depth JIT-compile on first use)
      Runs.run(new RunConfig(s[0], s[1], s[2], 2, "abs_power", 1, 0, TrainingSettings.DEFAULT.withOptimizer("exact"), gs));
      double exactSeconds = Double.NaN;
      for (String name : optimisers) {
        RunConfig c = new RunConfig(s[0], s[1], s[2], 2, "abs_power", 0, 0,
            TrainingSettings.DEFAULT.withOptimizer(name), gs);
        RunResult r = Runs.run(c);
        if (name.equals("exact")) {
          exactSeconds = r.trainSeconds();
        }
        o.printf(Locale.ROOT, "| %d,%d,%d,2 | %s | %.3f | %.2e | %.2e | %s |%n", s[0], s[1], s[2], name,
            r.trainSeconds(), r.training().finalLoss(), r.shape().sphericityError(),
            name.equals("adam") ? String.format(Locale.ROOT, "%.0fx", r.trainSeconds() / exactSeconds) : "");
      }
    }
    o.println();
    int[][] polynomial = {{2, 1, 2}, {2, 1, 3}, {2, 1, 4}, {3, 1, 3}, {3, 1, 4}, {2, 2, 2}};
    census(Census.check(2, 1, 2, 4, 64), 64);
    o.println("| d,L,n,p | starts | census s | minima | lowest loss (population) | Adam train s | Adam final loss (10 000 points) | census / Adam time |");
    o.println("|---|---|---|---|---|---|---|---|");
    for (int[] s : polynomial) {
      RunResult adam = Runs.run(new RunConfig(s[0], s[1], s[2], 4, "abs_power", 0, 0, TrainingSettings.DEFAULT, gs));
      int m = s[0] * s[2] + (s[1] - 1) * s[2] * s[2];
      for (int starts : (1 << m) < 4096 ? new int[] {1 << m, 4096} : new int[] {1 << m}) {
        Architecture arch = Census.check(s[0], s[1], s[2], 4, starts);
        long t0 = System.nanoTime();
        Census.Result r = census(arch, starts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long minima = r.points().stream().filter(c -> c.kind().equals(CriticalPoint.MINIMUM)).count();
        o.printf(Locale.ROOT, "| %d,%d,%d,4 | %d | %.2f | %d | %.6f | %.2f | %.6f | %.1fx |%n", s[0], s[1], s[2], starts,
            seconds, minima, r.points().get(0).loss(), adam.trainSeconds(), adam.training().finalLoss(),
            seconds / adam.trainSeconds());
      }
    }
  }

  private static Census.Result census(Architecture arch, int starts) {
    return Census.run(arch, CensusSettings.DEFAULT.withStarts(starts), Deadline.NONE);
  }
}
