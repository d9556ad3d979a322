package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The epoch's shuffle draws what {@code SplittableRandom.nextInt(bound)} draws, so trained networks keep their bits. */
class TrainingProblemTest {

  @Test
  void theBoundedDrawIsTheGeneratorsOwn() {
    SplittableRandom pick = new SplittableRandom(11);
    // small bounds (the shuffle's), powers of two, and bounds near 2^31 where draws are often rejected
    int[] fixed = {1, 2, 3, 7, 8, 1000, 1024, 9999, 10000, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE, 1_500_000_001};
    for (int seed = 0; seed < 200; seed++) {
      SplittableRandom mine = new SplittableRandom(seed);
      SplittableRandom theirs = new SplittableRandom(seed);
      for (int k = 0; k < 2000; k++) {
        int bound = k < fixed.length ? fixed[k] : k % 3 == 0 ? 1 + pick.nextInt(Integer.MAX_VALUE) : 1 + pick.nextInt(20000);
        assertEquals(theirs.nextInt(bound), TrainingProblem.below(mine, bound), "seed " + seed + ", bound " + bound);
      }
      // and the generators are left in the same state
      assertEquals(theirs.nextLong(), mine.nextLong(), "seed " + seed);
    }
  }
}
