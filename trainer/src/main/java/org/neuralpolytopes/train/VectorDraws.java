package org.neuralpolytopes.train;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The epoch shuffle's draws eight at a time with the Java Vector API (incubator module
 * {@code jdk.incubator.vector}): loaded only when the JVM has the module and 512-bit vectors
 * ({@link TrainingProblem#VECTOR_DRAWS}).
 *
 * <p>Fisher-Yates draws r_i = nextInt(i + 1) for i = n - 1 down to 1, and each draw depends only
 * on the generator, not on the swaps. So the draws are made first, eight lanes at a time, and the
 * swaps after them in one scalar pass ({@link TrainingProblem#shuffle}). Each lane is
 * SplittableRandom's bounded {@code nextInt} (JDK 17, {@code RandomSupport.boundedNextInt}) for
 * one i: the state seed + (lane + 1) gamma, its 32-bit mix, u = that >>> 1, and u mod (i + 1).
 * The remainder is u - q (i + 1), with the exact quotient q = floor(u / (i + 1)) from a multiplication
 * by the bound's reciprocal and a shift ({@link #reciprocals}, tables made once per problem).
 *
 * <p>Two kinds of draw differ: a power-of-two bound b takes the mix's top bits masked by b - 1,
 * not u mod b (about log2 n draws per shuffle, set right after their chunk of 512 draws), and
 * {@code nextInt} rejects a u in the last, incomplete run of i + 1 values and draws again from the
 * next state (about one shuffle in a hundred of 10 000 points): a chunk with such a draw is drawn
 * again by the scalar code ({@link TrainingProblem#draws}). So the draws are the scalar ones to
 * the bit, in the same order, and the generator ends in the same state. The loop has no branch per
 * block: the rejection test is OR-ed into a long and read once per chunk.
 *
 * <p>The shuffle with its swaps runs 1.2-1.4x faster than the scalar draw-and-swap loop
 * ({@code EpochShuffle}, {@code bench/RESULTS.md} sections 21 and 22).
 */
final class VectorDraws {

  private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
  static final int LANES = 8;
  /** Blocks of eight draws per chunk: a chunk with a rejected draw is drawn again by the scalar code. */
  private static final int CHUNK_BLOCKS = 64;

  private VectorDraws() {}

  /** Whether this JVM's vectors have the 8 long lanes this class is written for. */
  static boolean usable() {
    return LongVector.SPECIES_PREFERRED.length() >= LANES;
  }

  /**
   * The reciprocals of the bounds the draws of a shuffle of n points divide by: for k in
   * [0, n - 1) the bound b = n - k, ceil(log2 b) = l, magic[k] = floor(2^(31 + l) / b) + 1 and
   * shift[k] = 31 + l. Then floor(u / b) = (u magic[k]) >>> shift[k] for every 0 <= u < 2^31
   * (Granlund and Montgomery, "Division by invariant integers using multiplication", PLDI 1994,
   * theorem 4.2 with N = 31: magic b lies in (2^(31 + l), 2^(31 + l) + b] and b <= 2^l), and
   * u magic < 2^31 2^32 fits in a long.
   */
  static void reciprocals(int n, long[] magic, long[] shift) {
    for (int k = 0; k < n - 1; k++) {
      magic[k] = magic(n - k);
      shift[k] = shift(n - k);
    }
  }

  /** floor(2^shift(b) / b) + 1 for a bound 2 <= b < 2^31. */
  static long magic(long b) {
    return (1L << shift(b)) / b + 1;
  }

  /** 31 + ceil(log2 b) for a bound 2 <= b < 2^31. */
  static int shift(long b) {
    return 31 + 64 - Long.numberOfLeadingZeros(b - 1);
  }

  /**
   * out[k] = the draw for i = n - 1 - k, k in [0, n - 1), from the generator state {seed, gamma};
   * returns the state after the last draw.
   *
   * @param magic, shift the bounds' {@link #reciprocals} for n
   * @param steps (lane + 1) gamma for lanes 0..7
   * @param lanes -lane for lanes 0..7
   */
  static long draws(long seed, long gamma, int n, long[] out, long[] magic, long[] shift, long[] steps,
      long[] lanes) {
    long blockStep = LANES * gamma;
    int i = n - 1;
    int k = 0;
    while (i >= LANES) {
      int blocks = Math.min(CHUNK_BLOCKS, i / LANES);
      long chunkSeed = seed;
      int top = i;
      int at = k;
      // every lane's u - rem + i OR-ed: bit 31 is set when some draw is rejected (reduced to a long
      // per block: a vector carried from block to block was allocated in some JVMs)
      long rejections = 0;
      for (int b = 0; b < blocks; b++) {
        // lane l draws for i - l, from state seed + (l + 1) gamma; the lane constants are loaded
        // here, not once per call: vectors live across the chunk's scalar calls were allocated
        LongVector z = LongVector.fromArray(L, steps, 0).add(seed);
        LongVector iv = LongVector.fromArray(L, lanes, 0).add(i);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 33)).mul(0x62a9d9ed799705f5L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 28)).mul(0xcb24d0a5c88c35b3L);
        LongVector u = z.lanewise(VectorOperators.LSHR, 33);
        LongVector q = u.mul(LongVector.fromArray(L, magic, k))
            .lanewise(VectorOperators.LSHR, LongVector.fromArray(L, shift, k));
        LongVector multiple = q.mul(iv.add(1));
        LongVector rem = u.sub(multiple);
        // nextInt rejects u when u + i - rem < 0 in int arithmetic, that is u - rem + i >= 2^31
        rejections |= multiple.add(iv).reduceLanes(VectorOperators.OR);
        // lane by lane, not intoArray: a second method storing 512-bit vectors can make C2 stop
        // intrinsifying VectorDots' stores (bench/RESULTS.md sections 17 and 21)
        out[k] = rem.lane(0);
        out[k + 1] = rem.lane(1);
        out[k + 2] = rem.lane(2);
        out[k + 3] = rem.lane(3);
        out[k + 4] = rem.lane(4);
        out[k + 5] = rem.lane(5);
        out[k + 6] = rem.lane(6);
        out[k + 7] = rem.lane(7);
        seed += blockStep;
        i -= LANES;
        k += LANES;
      }
      if ((rejections & (1L << 31)) != 0) {
        seed = TrainingProblem.draws(chunkSeed, gamma, top, top - i, out, at);
      } else {
        // a power-of-two bound b draws the top bits of the mix masked by b - 1, not u mod b
        for (int b = Integer.highestOneBit(top + 1); b > i + 1; b >>>= 1) {
          int j = b - 1;
          out[at + top - j] = TrainingProblem.mix32(chunkSeed + (top - j + 1) * gamma) & j;
        }
      }
    }
    return TrainingProblem.draws(seed, gamma, i, i, out, k);
  }
}
