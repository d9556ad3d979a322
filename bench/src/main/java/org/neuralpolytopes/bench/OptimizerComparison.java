package org.neuralpolytopes.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.Status;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * Full-batch L-BFGS against Adam on the same runs, through {@code Runs.run} (the code path of a
 * sweep task): optimiser steps, passes over the data, training seconds, final loss and shape.
 * Three settings per configuration and seed: Adam with the full paper schedule, Adam with the
 * default convergence stop, and L-BFGS with the same stop and a budget of 10 000 passes.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.OptimizerComparison
 * [--seeds N]}. Runs one configuration at a time, so its seconds are single-core times.
 */
public final class OptimizerComparison {

  private OptimizerComparison() {}

  public static void main(String[] args) {
    int seeds = args.length >= 2 && args[0].equals("--seeds") ? Integer.parseInt(args[1]) : 3;
    List<int[]> shapes = new ArrayList<>();
    for (int n : new int[] {3, 4, 6}) {
      shapes.add(new int[] {2, 1, n});
    }
    for (int n : new int[] {3, 4, 6}) {
      shapes.add(new int[] {3, 1, n});
    }
    for (int n : new int[] {3, 4, 6}) {
      shapes.add(new int[] {3, 2, n});
    }
    TrainingSettings[] settings = {
        TrainingSettings.PAPER,
        TrainingSettings.DEFAULT,
        TrainingSettings.DEFAULT.withOptimizer("lbfgs")};
    String[] names = {"adam, full schedule", "adam, convergence stop", "lbfgs, convergence stop"};
    PrintStream o = System.out;
    o.println("| d,L,n | seed | optimiser | stop | steps | passes | train s | final loss | radius_min | radius_max |");
    o.println("|---|---|---|---|---|---|---|---|---|---|");
    double[][] totals = new double[settings.length][4];
    int[] wins = new int[settings.length];
    for (int[] s : shapes) {
      for (int k = 0; k < seeds; k++) {
        long seed = RunConfig.deriveSeed(0, k, s[0], s[1], s[2]);
        double best = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        for (int i = 0; i < settings.length; i++) {
          RunConfig c = new RunConfig(s[0], s[1], s[2], 1, "abs_power", seed, k, settings[i], GeometrySettings.DEFAULT);
          RunResult r = Runs.run(c);
          if (r.status() != Status.OK) {
            o.printf("| %d,%d,%d | %d | %s | %s | | | | | | |%n", s[0], s[1], s[2], k, names[i], r.status());
            continue;
          }
          o.printf(Locale.ROOT, "| %d,%d,%d | %d | %s | %s | %d | %d | %.2f | %.4e | %.4f | %.4f |%n", s[0], s[1], s[2], k,
              names[i], r.training().stopReason(), r.training().steps(), r.training().epochsRun(), r.trainSeconds(),
              r.training().finalLoss(), r.shape().radiusMin(), r.shape().radiusMax());
          totals[i][0] += r.training().steps();
          totals[i][1] += r.training().epochsRun();
          totals[i][2] += r.trainSeconds();
          totals[i][3] += Math.log(r.training().finalLoss());
          if (r.training().finalLoss() < best) {
            best = r.training().finalLoss();
            bestIndex = i;
          }
        }
        if (bestIndex >= 0) {
          wins[bestIndex]++;
        }
      }
    }
    int runs = shapes.size() * seeds;
    o.println();
    o.println("| optimiser | steps (sum) | passes (sum) | train seconds (sum) | geometric mean final loss | lowest loss of the three |");
    o.println("|---|---|---|---|---|---|");
    for (int i = 0; i < settings.length; i++) {
      o.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.4e | %d of %d |%n", names[i], totals[i][0], totals[i][1],
          totals[i][2], Math.exp(totals[i][3] / runs), wins[i], runs);
    }
  }
}
