package org.neuralpolytopes.train;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;

/**
 * Trains several shapes one after the other in a fresh JVM, as a sweep's executor does, and
 * prints for each the bytes its steps allocate once warm: {@link ShapeSequenceAllocationTest}
 * runs it in a child JVM (a test JVM has compiled too much else to show what the order of
 * shapes does to the JIT).
 *
 * <p>Each shape "d/layers/units/p" (abs_power, the paper's schedule: 10 000 points, batch 1000)
 * trains in rounds of 300 steps (an epoch's shuffle every 10) until two rounds in a row allocate
 * nothing, or for {@link #MAX_ROUNDS} rounds; it prints "shape bytes" with the bytes of its last
 * round.
 */
public final class ShapeSequenceRun {

  /** The bound on each shape's rounds (a count, not a clock: 12 000 steps). */
  static final int MAX_ROUNDS = 40;

  private ShapeSequenceRun() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    StringBuilder out = new StringBuilder();
    for (String shape : args) {
      String[] s = shape.split("/");
      int d = Integer.parseInt(s[0]);
      Architecture arch = new Architecture(d, Integer.parseInt(s[1]), Integer.parseInt(s[2]),
          Activations.of("abs_power", Double.parseDouble(s[3])));
      TrainingSettings settings = TrainingSettings.PAPER;
      SplittableRandom root = new SplittableRandom(1);
      double[] points = SphereSampler.sample(root.split(), settings.samples(), d);
      double[] w = Initializer.initialWeights(arch, root.split(), points);
      TrainingProblem problem = new TrainingProblem(arch, points, settings.batchSize(), root.split());
      double[] grad = new double[w.length];
      Adam.Moments adam = new Adam.Moments(w.length, settings);
      int batches = problem.batchCount();
      long bytes = -1;
      int quiet = 0;
      for (int round = 0; round < MAX_ROUNDS && quiet < 2; round++) {
        long start = mx.getThreadAllocatedBytes(tid);
        for (int epoch = 0; epoch < 30; epoch++) {
          problem.shuffle();
          for (int b = 0; b < batches; b++) {
            problem.batchLossAndGradient(b, w, grad);
            adam.update(w, grad);
          }
        }
        bytes = mx.getThreadAllocatedBytes(tid) - start;
        quiet = bytes < 1024 ? quiet + 1 : 0;
      }
      out.append(shape).append(' ').append(bytes).append('\n');
    }
    System.out.print(out);
  }
}
