package org.neuralpolytopes.net;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The weight gradient of an n x n layer through {@link LinearRows#dots2} (two delta rows at a
 * time, as {@code BatchPass} calls it), n = 4, 6, 8, 12, 16, on rows of 1000 points: nanoseconds
 * per gradient (the least of 40 rounds after 20 of warm-up, thread CPU time) and GFLOP/s. To
 * compare builds, run it with the other build's trainer jar first on the class path.
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
  }
}
