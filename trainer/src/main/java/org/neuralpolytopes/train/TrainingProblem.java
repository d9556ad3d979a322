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
    this.batchGrad = new double[arch.weightCount()];
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
    for (int i = count - 1; i > 0; i--) {
      int j = shuffleRng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** Loss of batch {@code b} of the current order, and its gradient into {@code grad}. */
  public double batchLossAndGradient(int b, double[] w, double[] grad) {
    int len = gather(b, true);
    return pass.lossAndGradient(w, len, grad);
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

  /** Copies batch b (of the shuffled order, or of the original one) into the pass's input rows. */
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
