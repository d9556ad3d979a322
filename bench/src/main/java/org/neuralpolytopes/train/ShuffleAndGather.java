package org.neuralpolytopes.train;

import java.util.Locale;
import java.util.SplittableRandom;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;

/**
 * The epoch's shuffle and a batch's gather, against their former forms in the same JVM: a
 * Fisher-Yates through {@code SplittableRandom.nextInt(bound)} (the same permutations as
 * {@link TrainingProblem#shuffle}) and a gather from one array per coordinate (the same rows as
 * {@link TrainingProblem#gather}). For each of N fresh problems (new arrays, a new generator, as
 * each run of a sweep makes them) the least time of 15 rounds of each, then how many problems
 * ran more than 20% slower than the least over all (a shuffle through the object had such slow
 * problems where the rest of the step was not slow; slow stretches of the machine show in every
 * row alike: bench/RESULTS.md section 18). In package {@code train} to reach the gather.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.neuralpolytopes.train.ShuffleAndGather [d] [problems]
 * </pre>
 */
public final class ShuffleAndGather {

  private ShuffleAndGather() {}

  public static void main(String[] args) {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int problems = args.length > 1 ? Integer.parseInt(args[1]) : 24;
    TrainingSettings ts = TrainingSettings.PAPER;
    Architecture arch = new Architecture(d, 1, 4, Activations.of("abs_power", 1.0));
    int count = ts.samples();
    double[][] times = new double[problems][4];
    for (int p = 0; p < problems; p++) {
      SplittableRandom root = new SplittableRandom(p);
      double[] points = SphereSampler.sample(root.split(), count, d);
      TrainingProblem problem = new TrainingProblem(arch, points, ts.batchSize(), root.split());
      // the former forms: the generator drawn through, a row per coordinate
      SplittableRandom rng = root.split();
      int[] order = new int[count];
      double[][] byCoordinate = new double[d][count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
        for (int k = 0; k < d; k++) {
          byCoordinate[k][i] = points[i * d + k];
        }
      }
      double[][] rows = new double[d][ts.batchSize()];
      double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
      for (int round = 0; round < 15; round++) {
        long t0 = System.nanoTime();
        for (int e = 0; e < 20; e++) {
          problem.shuffle();
        }
        long t1 = System.nanoTime();
        for (int e = 0; e < 20; e++) {
          for (int i = count - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
        }
        long t2 = System.nanoTime();
        for (int e = 0; e < 20; e++) {
          for (int b = 0; b < problem.batchCount(); b++) {
            problem.gather(b, true);
          }
        }
        long t3 = System.nanoTime();
        for (int e = 0; e < 20; e++) {
          for (int b = 0; b < problem.batchCount(); b++) {
            int start = b * ts.batchSize();
            for (int k = 0; k < d; k++) {
              double[] src = byCoordinate[k];
              double[] dst = rows[k];
              for (int i = 0; i < ts.batchSize(); i++) {
                dst[i] = src[order[start + i]];
              }
            }
          }
        }
        long t4 = System.nanoTime();
        long[] t = {t0, t1, t2, t3, t4};
        for (int k = 0; k < 4; k++) {
          best[k] = Math.min(best[k], (t[k + 1] - t[k]) / 1e3 / 20 / (k < 2 ? 1 : problem.batchCount()));
        }
      }
      times[p] = best;
    }
    String[] names = {"shuffle (state held)", "shuffle (through SplittableRandom)", "gather (point-major)",
        "gather (by coordinate)"};
    System.out.printf(Locale.ROOT, "d = %d, %d points, batch %d, %d problems: least of 15 rounds per problem%n", d, count,
        ts.batchSize(), problems);
    for (int k = 0; k < 4; k++) {
      double least = Double.MAX_VALUE;
      double sum = 0;
      for (double[] t : times) {
        least = Math.min(least, t[k]);
        sum += t[k];
      }
      int slow = 0;
      for (double[] t : times) {
        slow += t[k] > 1.2 * least ? 1 : 0;
      }
      System.out.printf(Locale.ROOT, "  %-36s least %7.2f us, mean %7.2f us, %2d of %d problems more than 20%% slower%n",
          names[k], least, sum / problems, slow, problems);
    }
  }
}
