package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
   * shuffle that takes u % bound without the rejection fails this test). The counts around 8 and
   * the powers of two take the vector draws' scalar blocks and tails ({@link VectorDraws}).
   */
  @Test
  void theShuffleDrawsWhatTheGeneratorsBoundedDrawDraws() {
    for (int count : new int[] {1, 2, 3, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 1025, 10000, 100000}) {
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

  /**
   * The vector draws are the scalar draws, in blocks with no power-of-two bound and no rejection
   * and in those with one, and leave the generator in the same state. The test JVM has the Vector
   * API (the build's test options), so on a machine with 512-bit vectors this is the path every
   * shuffle takes; 2^20 + 3 points make about a hundred rejected draws per shuffle.
   */
  @Test
  void theVectorDrawsAreTheScalarDraws() {
    assumeTrue(TrainingProblem.VECTOR_DRAWS, "this JVM has no 512-bit Vector API lanes");
    long[] down = {0, -1, -2, -3, -4, -5, -6, -7};
    int rejectedShuffles = 0;
    for (int count : new int[] {9, 16, 17, 24, 33, 1000, 4097, 10000, (1 << 20) + 3}) {
      for (int seed = 0; seed < 20; seed++) {
        long[] state = TrainingProblem.stateOf(new SplittableRandom(seed).split());
        long gamma = state[1];
        long[] steps = new long[8];
        for (int l = 0; l < 8; l++) {
          steps[l] = (l + 1) * gamma;
        }
        long[] vector = new long[count - 1];
        long[] scalar = new long[count - 1];
        long[] magic = new long[count - 1];
        long[] shift = new long[count - 1];
        VectorDraws.reciprocals(count, magic, shift);
        long after = VectorDraws.draws(state[0], gamma, count, vector, magic, shift, steps, down);
        long expected = TrainingProblem.draws(state[0], gamma, count - 1, count - 1, scalar, 0);
        assertArrayEquals(scalar, vector, "count " + count + ", seed " + seed);
        assertEquals(expected, after, "count " + count + ", seed " + seed);
        if (after != state[0] + (count - 1) * gamma) {
          rejectedShuffles++;
        }
      }
    }
    assertTrue(rejectedShuffles >= 20, "rejected draws compared in " + rejectedShuffles + " shuffles");
  }

  /** The draws' reciprocals divide exactly: every bound up to 70 000 and some up to 2^31 - 1. */
  @Test
  void theReciprocalsGiveTheQuotientOfEveryDraw() {
    SplittableRandom rng = new SplittableRandom(11);
    int n = 70_001;
    long[] magic = new long[n - 1];
    long[] shift = new long[n - 1];
    VectorDraws.reciprocals(n, magic, shift);
    for (int k = 0; k < n - 1; k++) {
      long b = n - k;
      for (long u : new long[] {0, 1, b - 1, b, b + 1, 3 * b - 1, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
          Integer.MAX_VALUE / b * b, Integer.MAX_VALUE / b * b - 1, rng.nextInt(Integer.MAX_VALUE)}) {
        assertEquals(u / b, (u * magic[k]) >>> shift[k], "u " + u + ", bound " + b);
      }
    }
    // the largest bounds, from the top of a shuffle of 2^31 - 1 points (no array of that size)
    for (long b : new long[] {Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 2, (1L << 30) + 1, (1L << 30) - 1, 3, 5, 7}) {
      for (int t = 0; t < 100_000; t++) {
        long u = t < 50 ? Integer.MAX_VALUE - t : rng.nextInt(Integer.MAX_VALUE);
        assertEquals(u / b, (u * VectorDraws.magic(b)) >>> VectorDraws.shift(b), "u " + u + ", bound " + b);
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
