package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;

/**
 * The epoch's shuffle draws what {@code SplittableRandom.nextInt(bound)} draws, and a batch holds
 * the coordinates of the points the order names, so trained networks keep their bits.
 */
class TrainingProblemTest {

  @Test
  void theStateReadFromAGeneratorRepeatsItsDraws() {
    for (int seed = 0; seed < 300; seed++) {
      // a generator as a run makes it: split from the run's root, with its own gamma
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom theirs = seed % 2 == 0 ? root.split() : new SplittableRandom(seed * 7919L);
      SplittableRandom twin = seed % 2 == 0 ? new SplittableRandom(seed).split() : new SplittableRandom(seed * 7919L);
      long[] state = TrainingProblem.stateOf(twin);
      for (int k = 1; k <= 50; k++) {
        assertEquals(theirs.nextLong(), TrainingProblem.mix64(state[0] + k * state[1]), "seed " + seed + ", draw " + k);
      }
    }
    for (long z : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x9e3779b97f4a7c15L}) {
      assertEquals(z, TrainingProblem.unmix64(TrainingProblem.mix64(z)));
    }
  }

  /**
   * The shuffle is Fisher-Yates with SplittableRandom's own bounded draws: the same permutations
   * as {@code rng.nextInt(i + 1)} gives. At 100 000 points about one draw per shuffle is rejected
   * and drawn again (the last, incomplete block of 2^31 / bound), so that path is compared too (a
   * shuffle that takes u % bound without the rejection fails this test).
   */
  @Test
  void theShuffleDrawsWhatTheGeneratorsBoundedDrawDraws() {
    for (int count : new int[] {1, 2, 3, 8, 1000, 10000, 100000}) {
      for (int seed = 0; seed < (count > 10000 ? 6 : 40); seed++) {
        double[] points = new double[2 * count];
        TrainingProblem problem = new TrainingProblem(new Architecture(2, 1, 2, Activations.of("abs_power", 1.0)),
            points, 1, new SplittableRandom(seed));
        SplittableRandom theirs = new SplittableRandom(seed);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
          order[i] = i;
        }
        for (int epoch = 0; epoch < 4; epoch++) {
          problem.shuffle();
          for (int i = count - 1; i > 0; i--) {
            int j = theirs.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
          for (int i = 0; i < count; i++) {
            assertEquals(order[i], problem.pointAt(i), "count " + count + ", seed " + seed + ", epoch " + epoch);
          }
        }
      }
    }
  }

  @Test
  void aBatchHoldsTheCoordinatesOfThePointsTheOrderNames() {
    // every d a batch copies in its own loop (2 to 5) and others (groups of up to five), a last
    // batch shorter than the others, and fresh points every epoch when resampling
    for (int d = 1; d <= 12; d++) {
      for (boolean resample : new boolean[] {false, true}) {
        int count = 97;
        SplittableRandom rng = new SplittableRandom(d);
        double[] first = new double[count * d];
        for (int i = 0; i < first.length; i++) {
          first[i] = i + 0.25; // every coordinate of every point distinct
        }
        TrainingSettings fresh = new TrainingSettings("adam", count, 10, 3, 1e-3, 0.9, 0.999, 1e-8, 600);
        TrainingPoints resampler = resample ? TrainingPoints.of(fresh, d, new SplittableRandom(5)) : null;
        TrainingPoints mirror = resample ? TrainingPoints.of(fresh, d, new SplittableRandom(5)) : null;
        Architecture arch = new Architecture(d, 1, 3, Activations.of("abs_power", 1.0));
        TrainingProblem problem = new TrainingProblem(arch, first, 10, rng, resampler);
        double[] points = first;
        for (int epoch = 0; epoch < 3; epoch++) {
          problem.startEpoch(epoch);
          if (resample && epoch > 0) {
            points = mirror.next();
          }
          for (int b = 0; b < problem.batchCount(); b++) {
            int len = problem.gather(b, true);
            assertEquals(problem.batchLength(b), len);
            double[][] rows = problem.batchRows();
            for (int i = 0; i < len; i++) {
              int point = problem.pointAt(b * 10 + i);
              for (int k = 0; k < d; k++) {
                assertEquals(points[point * d + k], rows[k][i], "d " + d + ", epoch " + epoch + ", batch " + b
                    + ", element " + i + ", coordinate " + k);
              }
            }
            // the full loss's batches: the first points in their original order
            problem.gather(b, false);
            for (int i = 0; i < problem.batchLength(b); i++) {
              for (int k = 0; k < d; k++) {
                assertEquals(first[(b * 10 + i) * d + k], rows[k][i]);
              }
            }
          }
        }
      }
    }
  }
}
