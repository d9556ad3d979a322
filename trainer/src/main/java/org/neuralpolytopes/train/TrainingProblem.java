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

  private final Architecture arch;
  /** The current epoch's points by coordinate: coordinates[k][i] is coordinate k of point i. */
  private final double[][] coordinates;
  /** The first set of points, on which full losses are measured (the same array without resampling). */
  private final double[][] evaluation;
  private final TrainingPoints resampler;
  private final int count;
  private final int batchSize;
  private final SplittableRandom shuffleRng;
  private final int[] order;
  private final BatchPass pass;
  private final double[] batchGrad;
  private double clipNorm;
  private Cooling cooling;

  /**
   * @param points training points, point-major (point i is points[i*d .. i*d+d))
   * @param shuffleRng the source of the per-epoch shuffles
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
    this.shuffleRng = shuffleRng;
    this.order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    this.coordinates = new double[d][count];
    fill(coordinates, points, d);
    if (resampler == null) {
      this.evaluation = coordinates;
    } else {
      this.evaluation = new double[d][count];
      fill(evaluation, points, d);
    }
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
      fill(coordinates, resampler.next(), arch.d());
    }
    shuffle();
  }

  /** A new random order of the points (Fisher-Yates). */
  public void shuffle() {
    SplittableRandom rng = shuffleRng;
    for (int i = count - 1; i > 0; i--) {
      int j = below(rng, i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /**
   * rng.nextInt(bound) for bound >= 1, the same draws and the same value: JDK 17's bounded draw
   * (RandomSupport.boundedNextInt) written out on SplittableRandom, a final class, so that
   * nextInt() is a direct call here rather than an interface call in a helper that every generator
   * in the JVM shares (a shuffle of 10 000 took 21.6-22.0 us against 24.8 in the JVMs of each
   * build not in a slow mode: bench/RESULTS.md section 17), and so that the shuffle's draws are
   * this code's, whatever a later JDK does in its helper ({@code TrainingProblemTest} compares the
   * two, rejections near 2^31 included).
   */
  static int below(SplittableRandom rng, int bound) {
    int r = rng.nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = rng.nextInt() >>> 1) {
      // rejected: u falls in the last, incomplete block of bound values
    }
    return r;
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

  /** Copies batch b (of the shuffled order, or of the original one) into the pass's input rows. */
  private int gather(int b, boolean shuffled) {
    int start = b * batchSize;
    int len = Math.min(batchSize, count - start);
    double[][] rows = pass.inputRows();
    double[][] from = shuffled ? coordinates : evaluation;
    for (int k = 0; k < from.length; k++) {
      double[] src = from[k];
      double[] dst = rows[k];
      if (shuffled) {
        for (int i = 0; i < len; i++) {
          dst[i] = src[order[start + i]];
        }
      } else {
        System.arraycopy(src, start, dst, 0, len);
      }
    }
    return len;
  }
}
