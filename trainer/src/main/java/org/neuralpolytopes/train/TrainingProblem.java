package org.neuralpolytopes.train;

import java.util.SplittableRandom;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.BatchPass;

/**
 * The loss an optimiser minimises: mean squared error to target 1 over the training points,
 * split into mini-batches that are reshuffled every epoch. With a resampler
 * ({@code training.resample: epoch}) every epoch after the first trains on fresh points; the
 * losses reported over "all training points" ({@link #fullLoss}) are always over the first set,
 * so they compare across epochs. Owns every work buffer; gathering a batch and evaluating it
 * allocate nothing.
 *
 * <p>The parameters are the weights, then the activation coefficients of a learnable activation
 * ({@code Architecture#parameterCount}). A mini-batch gradient can be clipped to a largest norm
 * ({@link #clipGradients}: the ERA activations' training), and the problem may carry a
 * {@link Cooling} for its optimiser and the output scale Cooling sets.
 */
public final class TrainingProblem {

  /**
   * Whether {@link #shuffle} makes its draws with the Vector API ({@link VectorDraws}): the module
   * is there (and not turned off, {@link BatchPass#vectorApi}) and this machine's vectors hold
   * eight longs. Either way the same permutations.
   */
  static final boolean VECTOR_DRAWS = BatchPass.vectorApi() && VectorDraws.usable();
  /** -lane for the lanes of {@link VectorDraws}. */
  private static final long[] LANE_DOWN = {0, -1, -2, -3, -4, -5, -6, -7};

  private final Architecture arch;
  /**
   * The current epoch's points, point-major: point i is points[i*d .. i*d+d). A shuffled batch
   * gathers each point's coordinates from one place (one cache line) rather than from d arrays.
   */
  private final double[] points;
  /** The first set of points by coordinate, on which full losses are measured: evaluation[k][i] is coordinate k of point i. */
  private final double[][] evaluation;
  private final TrainingPoints resampler;
  private final int count;
  private final int batchSize;
  /** The shuffles' generator state, SplittableRandom's own (see {@link #shuffle}). */
  private long shuffleSeed;
  private final long shuffleGamma;
  private final int[] order;
  /** The draws of one shuffle when {@link #VECTOR_DRAWS} (null otherwise): count - 1 of them, one per i. */
  private final long[] drawn;
  /** (lane + 1) gamma for the lanes of {@link VectorDraws} (gamma is the generator's own; null without it). */
  private final long[] laneSteps;
  /** The reciprocals of the draws' bounds for {@link VectorDraws} (null without it). */
  private final long[] magic;
  private final long[] shift;
  private final BatchPass pass;
  private final double[] batchGrad;
  private double clipNorm;
  private Cooling cooling;

  /**
   * @param points training points, point-major (point i is points[i*d .. i*d+d))
   * @param shuffleRng the source of the per-epoch shuffles: they repeat its draws, from its state
   *     here ({@link #stateOf}, which moves it on; it is not used again)
   */
  public TrainingProblem(Architecture arch, double[] points, int batchSize, SplittableRandom shuffleRng) {
    this(arch, points, batchSize, shuffleRng, null);
  }

  /**
   * @param resampler the source of every later epoch's points, or null for one fixed set
   */
  public TrainingProblem(Architecture arch, double[] points, int batchSize, SplittableRandom shuffleRng,
      TrainingPoints resampler) {
    this.arch = arch;
    this.resampler = resampler;
    int d = arch.d();
    this.count = points.length / d;
    if (batchSize < 1 || batchSize > count) {
      throw new IllegalArgumentException("batch size " + batchSize + " outside 1.." + count);
    }
    this.batchSize = batchSize;
    long[] state = stateOf(shuffleRng);
    this.shuffleSeed = state[0];
    this.shuffleGamma = state[1];
    this.order = new int[count];
    this.drawn = VECTOR_DRAWS && count > VectorDraws.LANES ? new long[count - 1] : null;
    this.laneSteps = drawn == null ? null : new long[VectorDraws.LANES];
    this.magic = drawn == null ? null : new long[count - 1];
    this.shift = drawn == null ? null : new long[count - 1];
    if (drawn != null) {
      VectorDraws.reciprocals(count, magic, shift);
      for (int l = 0; l < laneSteps.length; l++) {
        laneSteps[l] = (l + 1) * shuffleGamma;
      }
    }
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    this.points = points.clone();
    this.evaluation = new double[d][count];
    fill(evaluation, points, d);
    this.pass = new BatchPass(arch, batchSize);
    this.batchGrad = new double[arch.parameterCount()];
  }

  /**
   * Clips every mini-batch gradient ({@link #batchLossAndGradient}) to Euclidean norm at most
   * {@code norm}: a longer one is scaled down to it (the seed's recipe for training rational
   * activations from random coefficients). 0 turns clipping off.
   */
  public void clipGradients(double norm) {
    this.clipNorm = norm;
  }

  /** Attaches Cooling for the optimiser to apply. */
  public void setCooling(Cooling c) {
    this.cooling = c;
  }

  /** The problem's Cooling, or null. */
  public Cooling cooling() {
    return cooling;
  }

  /** The network's output scale (1 unless Cooling keeps a final scale). */
  public double outputScale() {
    return pass.outputScale();
  }

  public void setOutputScale(double scale) {
    pass.setOutputScale(scale);
  }

  public Architecture architecture() {
    return arch;
  }

  public int sampleCount() {
    return count;
  }

  public int batchCount() {
    return (count + batchSize - 1) / batchSize;
  }

  /** Points in batch {@code b} (the last batch may be smaller). */
  public int batchLength(int b) {
    return Math.min(batchSize, count - b * batchSize);
  }

  private static void fill(double[][] coords, double[] points, int d) {
    int count = points.length / d;
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < d; k++) {
        coords[k][i] = points[i * d + k];
      }
    }
  }

  /**
   * Prepares epoch {@code epoch} (0-based): fresh points for every epoch after the first when
   * resampling, then a new order.
   */
  public void startEpoch(int epoch) {
    if (resampler != null && epoch > 0) {
      double[] fresh = resampler.next();
      System.arraycopy(fresh, 0, points, 0, points.length);
    }
    shuffle();
  }

  /**
   * A new random order of the points: Fisher-Yates with the draws of {@code rng.nextInt(i + 1)} of
   * the generator given to the constructor, the same permutations to the bit.
   *
   * <p>The generator's state is held here, in two longs, rather than used through the
   * SplittableRandom, whose seed field was loaded and stored at every draw: 1.1-1.4x faster on
   * average over fresh problems, and the problems whose shuffle alone ran 1.3-3x slower (a
   * third of the step or more) became rare (bench/RESULTS.md section 18). The draw is JDK 17's
   * bounded draw (RandomSupport.boundedNextInt) on SplittableRandom's nextInt.
   *
   * <p>With the Vector API and 512-bit vectors ({@link #VECTOR_DRAWS}) the draws are made first,
   * eight at a time ({@link VectorDraws}: the same draws), and the swaps after them; otherwise
   * each draw is followed by its swap. In a sweep of small networks the shuffle was a quarter of
   * the training time (bench/RESULTS.md section 21).
   */
  public void shuffle() {
    int[] o = order;
    if (drawn != null) {
      shuffleSeed = VectorDraws.draws(shuffleSeed, shuffleGamma, count, drawn, magic, shift, laneSteps, LANE_DOWN);
      long[] r = drawn;
      for (int i = count - 1, k = 0; i > 0; i--, k++) {
        int j = (int) r[k];
        int t = o[i];
        o[i] = o[j];
        o[j] = t;
      }
      return;
    }
    // each draw and its swap in one loop (the draws of #draws written out again: two passes, draws
    // then swaps, ran 1.3-1.6x slower in scalar code, bench/RESULTS.md section 21)
    long seed = shuffleSeed;
    final long gamma = shuffleGamma;
    for (int i = count - 1; i > 0; i--) {
      int bound = i + 1;
      int r = mix32(seed += gamma);
      if ((bound & i) == 0) {
        r &= i;
      } else {
        for (int u = r >>> 1; u + i - (r = u % bound) < 0; u = mix32(seed += gamma) >>> 1) {
          // rejected: u falls in the last, incomplete block of bound values
        }
      }
      int t = o[i];
      o[i] = o[r];
      o[r] = t;
    }
    shuffleSeed = seed;
  }

  /**
   * The draws of {@link #shuffle} for i = top, top - 1, ..., top - n + 1 (each i > 0) into
   * out[at .. at + n), from the state {seed, gamma}; returns the state after them. The scalar form
   * of {@link VectorDraws}, for its blocks with a power-of-two bound or a rejected draw.
   */
  static long draws(long seed, long gamma, int top, int n, long[] out, int at) {
    for (int i = top, k = at; i > top - n; i--, k++) {
      int bound = i + 1;
      int r = mix32(seed += gamma);
      if ((bound & i) == 0) {
        r &= i;
      } else {
        for (int u = r >>> 1; u + i - (r = u % bound) < 0; u = mix32(seed += gamma) >>> 1) {
          // rejected, as in shuffle
        }
      }
      out[k] = r;
    }
    return seed;
  }

  /** SplittableRandom's nextInt of the state after its increment. */
  static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /** SplittableRandom's nextLong of the state after its increment (SplitMix64's finaliser). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The inverse of {@link #mix64}: each xor-shift and odd multiplier undone, last first. */
  static long unmix64(long z) {
    z = z ^ (z >>> 31) ^ (z >>> 62);
    z *= 0x319642b2d24d8ec3L; // 0x94d049bb133111ebL^-1 mod 2^64
    z = z ^ (z >>> 27) ^ (z >>> 54);
    z *= 0x96de1b173f119089L; // 0xbf58476d1ce4e5b9L^-1 mod 2^64
    return z ^ (z >>> 30) ^ (z >>> 60);
  }

  /**
   * The state {seed, gamma} of a SplittableRandom, read from its outputs: SplitMix64 adds gamma to
   * the seed and returns mix64 of it, so two outputs give two states and their difference, and a
   * third output checks them. The generator itself is left three draws on; the state returned is
   * the one before them, so draws from it repeat the generator's from where it was.
   *
   * @throws IllegalStateException when this JDK's SplittableRandom is not SplitMix64
   */
  static long[] stateOf(SplittableRandom rng) {
    long first = unmix64(rng.nextLong());
    long second = unmix64(rng.nextLong());
    long gamma = second - first;
    if (mix64(second + gamma) != rng.nextLong() || (gamma & 1) == 0) {
      throw new IllegalStateException("this JDK's SplittableRandom is not SplitMix64: the epoch shuffles cannot"
          + " repeat its draws");
    }
    return new long[] {first - gamma, gamma};
  }

  /** Loss of batch {@code b} of the current order, and its gradient into {@code grad} (clipped when set). */
  public double batchLossAndGradient(int b, double[] w, double[] grad) {
    int len = gather(b, true);
    double loss = pass.lossAndGradient(w, len, grad);
    if (clipNorm > 0) {
      double s = 0;
      for (double x : grad) {
        s += x * x;
      }
      double norm = Math.sqrt(s);
      if (norm > clipNorm) {
        double f = clipNorm / norm;
        for (int i = 0; i < grad.length; i++) {
          grad[i] *= f;
        }
      }
    }
    return loss;
  }

  /** The loss over all training points (in their original order, so it is reproducible). */
  public double fullLoss(double[] w) {
    double sum = 0;
    for (int b = 0; b < batchCount(); b++) {
      int len = gather(b, false);
      sum += pass.loss(w, len) * len;
    }
    return sum / count;
  }

  /**
   * The loss over all training points and its gradient into {@code grad} (overwritten): one
   * pass over the data in the original order, batch by batch, each batch weighted by its size.
   * The full-batch objective of {@link Lbfgs}.
   */
  public double fullLossAndGradient(double[] w, double[] grad) {
    int n = grad.length;
    for (int i = 0; i < n; i++) {
      grad[i] = 0;
    }
    double sum = 0;
    for (int b = 0; b < batchCount(); b++) {
      int len = gather(b, false);
      double share = (double) len / count;
      sum += pass.lossAndGradient(w, len, batchGrad) * len;
      for (int i = 0; i < n; i++) {
        grad[i] += share * batchGrad[i];
      }
    }
    return sum / count;
  }

  /** The point at position {@code position} of the current order. */
  int pointAt(int position) {
    return order[position];
  }

  /** The pass's input rows, which {@link #gather} fills. */
  double[][] batchRows() {
    return pass.inputRows();
  }

  /** Copies batch b (of the shuffled order, or of the original one) into the pass's input rows. */
  int gather(int b, boolean shuffled) {
    int start = b * batchSize;
    int len = Math.min(batchSize, count - start);
    double[][] rows = pass.inputRows();
    if (!shuffled) {
      for (int k = 0; k < evaluation.length; k++) {
        System.arraycopy(evaluation[k], start, rows[k], 0, len);
      }
      return len;
    }
    double[] src = points;
    int[] ord = order;
    // one loop per common d, its stride a constant: with d a variable (or in a helper) the same
    // loop runs no faster than a pass per coordinate (bench/RESULTS.md section 18)
    switch (rows.length) {
      case 2 -> {
        double[] r0 = rows[0];
        double[] r1 = rows[1];
        for (int i = 0; i < len; i++) {
          int at = 2 * ord[start + i];
          r0[i] = src[at];
          r1[i] = src[at + 1];
        }
      }
      case 3 -> {
        double[] r0 = rows[0];
        double[] r1 = rows[1];
        double[] r2 = rows[2];
        for (int i = 0; i < len; i++) {
          int at = 3 * ord[start + i];
          r0[i] = src[at];
          r1[i] = src[at + 1];
          r2[i] = src[at + 2];
        }
      }
      case 4 -> {
        double[] r0 = rows[0];
        double[] r1 = rows[1];
        double[] r2 = rows[2];
        double[] r3 = rows[3];
        for (int i = 0; i < len; i++) {
          int at = 4 * ord[start + i];
          r0[i] = src[at];
          r1[i] = src[at + 1];
          r2[i] = src[at + 2];
          r3[i] = src[at + 3];
        }
      }
      case 5 -> {
        double[] r0 = rows[0];
        double[] r1 = rows[1];
        double[] r2 = rows[2];
        double[] r3 = rows[3];
        double[] r4 = rows[4];
        for (int i = 0; i < len; i++) {
          int at = 5 * ord[start + i];
          r0[i] = src[at];
          r1[i] = src[at + 1];
          r2[i] = src[at + 2];
          r3[i] = src[at + 3];
          r4[i] = src[at + 4];
        }
      }
      default -> {
        // any other d: one pass per group of up to five coordinates
        int d = rows.length;
        for (int k = 0; k < d; k += 5) {
          gatherGroup(src, ord, rows, d, k, Math.min(5, d - k), start, len);
        }
      }
    }
    return len;
  }

  /** Coordinates k .. k+width-1 (width 1 to 5) of batch points start .. start+len-1 into their rows. */
  private static void gatherGroup(double[] src, int[] ord, double[][] rows, int d, int k, int width, int start,
      int len) {
    double[] r0 = rows[k];
    double[] r1 = rows[k + Math.min(1, width - 1)];
    double[] r2 = rows[k + Math.min(2, width - 1)];
    double[] r3 = rows[k + Math.min(3, width - 1)];
    double[] r4 = rows[k + Math.min(4, width - 1)];
    switch (width) {
      case 1 -> {
        for (int i = 0; i < len; i++) {
          r0[i] = src[d * ord[start + i] + k];
        }
      }
      case 2 -> {
        for (int i = 0; i < len; i++) {
          int at = d * ord[start + i] + k;
          r0[i] = src[at];
          r1[i] = src[at + 1];
        }
      }
      case 3 -> {
        for (int i = 0; i < len; i++) {
          int at = d * ord[start + i] + k;
          r0[i] = src[at];
          r1[i] = src[at + 1];
          r2[i] = src[at + 2];
        }
      }
      case 4 -> {
        for (int i = 0; i < len; i++) {
          int at = d * ord[start + i] + k;
          r0[i] = src[at];
          r1[i] = src[at + 1];
          r2[i] = src[at + 2];
          r3[i] = src[at + 3];
        }
      }
      default -> {
        for (int i = 0; i < len; i++) {
          int at = d * ord[start + i] + k;
          r0[i] = src[at];
          r1[i] = src[at + 1];
          r2[i] = src[at + 2];
          r3[i] = src[at + 3];
          r4[i] = src[at + 4];
        }
      }
    }
  }
}
