package org.neuralpolytopes.net;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The batch pass's row kernels one by one, in nanoseconds per call (the least of 40 rounds after
 * 20 of warm-up, thread CPU time), on rows of 1000 points:
 * <ul>
 *   <li>the weight gradient of an n x n layer through {@link LinearRows#dots2} (two delta rows at
 *       a time, as {@code BatchPass} calls it), n = 4, 6, 8, 12, 16, with its rate in GFLOP/s;
 *       to compare builds, run it with the other build's trainer jar first on the class path;
 *   <li>the backward pass's deltas of a 16-unit layer: {@link LinearRows#combine4Times} against
 *       {@link LinearRows#combine4} followed by four {@link LinearRows#multiply} (the same bits),
 *       both in this JVM;
 *   <li>the output sum of n rows: {@link LinearRows#sum} against a copy and n - 1
 *       {@link LinearRows#addTo} (the same bits), both in this JVM.
 * </ul>
 * In package {@code net} to reach the kernels. A harness, not a test:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp [TRAINER_JAR:]bench/target/benchmarks.jar \
 *     org.neuralpolytopes.net.GradientBlocks
 * </pre>
 */
public final class GradientBlocks {

  private static final int LEN = 1000;
  private static final int WARM = 20;
  private static final int ROUNDS = 60;
  private static final int CALLS = 200;

  private GradientBlocks() {}

  private interface Kernel {
    void run();
  }

  /** The least thread CPU time per call over the rounds after the warm-up. */
  private static double nanosPerCall(Kernel k) {
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    double best = Double.POSITIVE_INFINITY;
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      for (int c = 0; c < CALLS; c++) {
        k.run();
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      if (round >= WARM) {
        best = Math.min(best, (t1 - t0) / (double) CALLS);
      }
    }
    return best;
  }

  private static double[][] rows(SplittableRandom rng, int count) {
    double[][] r = new double[count][LEN];
    for (double[] row : r) {
      for (int i = 0; i < LEN; i++) {
        row[i] = rng.nextGaussian();
      }
    }
    return r;
  }

  public static void main(String[] args) {
    if (!LinearRows.VECTOR) {
      System.err.println("GradientBlocks: start the JVM with --add-modules jdk.incubator.vector");
      System.exit(2);
    }
    SplittableRandom rng = new SplittableRandom(1);
    for (int n : new int[] {4, 6, 8, 12, 16}) {
      double[][] deltas = rows(rng, n);
      double[][] inputs = rows(rng, n);
      double[] grad = new double[n * n];
      double ns = nanosPerCall(() -> {
        for (int u = 0; u + 1 < n; u += 2) {
          LinearRows.dots2(deltas[u], deltas[u + 1], inputs, n, LEN, grad, u * n, (u + 1) * n);
        }
      });
      System.out.print(String.format(Locale.ROOT, "gradient %2d x %2d: %8.0f ns  %5.1f GFLOP/s%n", n, n, ns,
          2.0 * n * n * LEN / ns));
    }
    try {
      fusedPasses(rng);
    } catch (NoSuchMethodError e) {
      System.out.println("(this build has no fused passes: " + e.getMessage() + ")");
    }
  }

  /** The fused backward product and output sum against their passes apart, in this JVM. */
  private static void fusedPasses(SplittableRandom rng) {
    int n = 16;
    double[][] deltas = rows(rng, n);
    double[][] slopes = rows(rng, 4);
    double[][] below = new double[4][LEN];
    double[] w = new double[4 * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    double fused = nanosPerCall(() -> LinearRows.combine4Times(below[0], below[1], below[2], below[3], slopes[0],
        slopes[1], slopes[2], slopes[3], w, 0, 1, 4, deltas, n, LEN));
    double apart = nanosPerCall(() -> {
      LinearRows.combine4(below[0], below[1], below[2], below[3], w, 0, 1, 4, deltas, n, LEN, false);
      for (int q = 0; q < 4; q++) {
        LinearRows.multiply(below[q], slopes[q], LEN);
      }
    });
    System.out.print(String.format(Locale.ROOT, "deltas of 4 units from 16: combine4Times %6.0f ns, combine4 + multiply %6.0f ns"
        + " (ratio %.3f)%n", fused, apart, fused / apart));
    double[] sumRow = new double[LEN];
    for (int count : new int[] {4, 16}) {
      double[][] top = rows(rng, count);
      double passes = nanosPerCall(() -> LinearRows.sum(sumRow, top, count, LEN));
      double oneByOne = nanosPerCall(() -> {
        System.arraycopy(top[0], 0, sumRow, 0, LEN);
        for (int t = 1; t < count; t++) {
          LinearRows.addTo(sumRow, top[t], LEN);
        }
      });
      System.out.print(String.format(Locale.ROOT, "output sum of %2d rows: sum %5.0f ns, copy + addTo %5.0f ns (ratio %.3f)%n",
          count, passes, oneByOne, passes / oneByOne));
    }
  }
}
