package org.neuralpolytopes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.train.Adam;
import org.neuralpolytopes.train.Initializer;
import org.neuralpolytopes.train.SphereSampler;
import org.neuralpolytopes.train.TrainingProblem;
import org.neuralpolytopes.train.TrainingSettings;

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
      double best = Double.POSITIVE_INFINITY;
      for (int round = 0; round < 15; round++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int epoch = 0; epoch < 30; epoch++) {
          problem.shuffle();
          for (int b = 0; b < batches; b++) {
            problem.batchLossAndGradient(b, w, grad);
            adam.update(w, grad);
          }
        }
        best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / (30.0 * batches));
      }
      line.append(String.format(Locale.ROOT, "%s %.2f us  ", shape, best));
    }
    System.out.println(line.toString().trim());
  }
}
