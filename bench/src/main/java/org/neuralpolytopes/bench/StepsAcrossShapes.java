package org.neuralpolytopes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.neuralpolytopes.train.PaperSteps;

/**
 * Trainer steps of several shapes one after the other in one JVM, as a sweep's executor trains
 * them: for each shape d/layers/units/p (abs_power) in the order given, 15 rounds of 30 epochs
 * (shuffle, then every mini-batch's loss, gradient and Adam update, the paper's schedule: 10 000
 * points, batch 1000), and the least thread CPU time per step over the rounds.
 *
 * <p>JMH ({@code TrainerStep}) runs each shape in a fresh fork; this harness shows what a fork per
 * shape hides, code compiled for one shape that a later shape deoptimises (bench/RESULTS.md,
 * section 11). Thread CPU time, so time the thread was descheduled on a shared machine does not
 * count.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000 -cp bench/target/benchmarks.jar \
 *     org.neuralpolytopes.bench.StepsAcrossShapes 3/1/4/1 2/1/2/1 5/1/6/1 3/2/6/1 3/1/4/1
 * </pre>
 */
public final class StepsAcrossShapes {

  private StepsAcrossShapes() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: StepsAcrossShapes d/layers/units/p ... (e.g. 3/1/4/1 2/1/2/1 5/1/6/1)");
      System.exit(2);
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    StringBuilder line = new StringBuilder();
    for (String shape : args) {
      PaperSteps net = PaperSteps.of(shape);
      int epochSteps = net.batchesPerEpoch();
      double best = Double.POSITIVE_INFINITY;
      for (int round = 0; round < 15; round++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        net.steps(30 * epochSteps);
        best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / (30.0 * epochSteps));
      }
      line.append(String.format(Locale.ROOT, "%s %.2f us  ", shape, best));
    }
    System.out.println(line.toString().trim());
  }
}
