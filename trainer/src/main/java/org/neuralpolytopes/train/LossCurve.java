package org.neuralpolytopes.train;

import java.util.Arrays;

/**
 * Records the epoch loss at log-spaced epochs (1, 2, 5, 10, 20, 50, ...) and the last epoch,
 * so the {@code loss_curve} column stays small for any schedule, and the lowest epoch loss of all.
 */
final class LossCurve {

  private int[] epochs = new int[16];
  private double[] losses = new double[16];
  private int size;
  private long nextMark = 1;
  private int lastEpoch;
  private double lastLoss = Double.NaN;
  private int bestEpoch;
  private double bestLoss = Double.NaN;

  void record(int epoch, double loss) {
    lastEpoch = epoch;
    lastLoss = loss;
    if (loss < bestLoss || (bestEpoch == 0 && loss == loss)) {
      bestEpoch = epoch;
      bestLoss = loss;
    }
    if (epoch >= nextMark) {
      append(epoch, loss);
      nextMark = nextMark(nextMark);
    }
  }

  private static long nextMark(long mark) {
    long decade = 1;
    while (decade * 10 <= mark) {
      decade *= 10;
    }
    long lead = mark / decade;
    return lead == 1 ? 2 * decade : lead == 2 ? 5 * decade : 10 * decade;
  }

  private void append(int epoch, double loss) {
    if (size == epochs.length) {
      epochs = Arrays.copyOf(epochs, 2 * size);
      losses = Arrays.copyOf(losses, 2 * size);
    }
    epochs[size] = epoch;
    losses[size] = loss;
    size++;
  }

  /** The lowest epoch loss recorded (every epoch, not only the curve's marks); NaN before any. */
  double bestLoss() {
    return bestLoss;
  }

  /** The epoch of {@link #bestLoss} (the first, if tied); 0 before any. */
  int bestEpoch() {
    return bestEpoch;
  }

  int[] epochs() {
    finish();
    return Arrays.copyOf(epochs, size);
  }

  double[] losses() {
    finish();
    return Arrays.copyOf(losses, size);
  }

  private void finish() {
    if (lastEpoch > 0 && (size == 0 || epochs[size - 1] != lastEpoch)) {
      append(lastEpoch, lastLoss);
    }
  }
}
