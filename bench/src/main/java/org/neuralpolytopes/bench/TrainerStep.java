package org.neuralpolytopes.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.train.Adam;
import org.neuralpolytopes.train.Initializer;
import org.neuralpolytopes.train.SphereSampler;
import org.neuralpolytopes.train.TrainingProblem;
import org.neuralpolytopes.train.TrainingSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One optimiser step of the trainer, as {@code Adam.minimise} takes it: gather the next
 * mini-batch of the shuffled epoch (reshuffling after the last one), loss and gradient, Adam
 * update. The paper's schedule: 10 000 points on the sphere, batch 1000. Throughput is steps
 * per second; {@code -prof gc} gives the bytes allocated per step.
 *
 * <p>{@code shape} is d/layers/units/p (abs_power; slashes because JMH splits a parameter's
 * values at commas). The same step in PyTorch is
 * {@code bench/torch_step.py}; {@code bench/run} runs both and prints the ratios.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {TrainerJvm.ADD_MODULES, TrainerJvm.VECTOR_MODULE, TrainerJvm.TRAP_LIMIT})
public class TrainerStep {

  @Param({"3/1/4/1", "3/2/8/1", "5/3/16/1", "3/1/3/1.5"})
  public String shape;

  private TrainingProblem problem;
  private double[] w;
  private double[] grad;
  private Adam.Moments adam;
  private int batch;
  private int batches;

  @Setup
  public void setUp() {
    String[] s = shape.split("/");
    int d = Integer.parseInt(s[0].trim());
    Architecture arch = new Architecture(d, Integer.parseInt(s[1].trim()), Integer.parseInt(s[2].trim()),
        Activations.of("abs_power", Double.parseDouble(s[3].trim())));
    TrainingSettings settings = TrainingSettings.PAPER;
    SplittableRandom root = new SplittableRandom(1);
    double[] points = SphereSampler.sample(root.split(), settings.samples(), d);
    w = Initializer.initialWeights(arch, root.split(), points);
    problem = new TrainingProblem(arch, points, settings.batchSize(), root.split());
    grad = new double[w.length];
    adam = new Adam.Moments(w.length, settings);
    batches = problem.batchCount();
    batch = batches;
  }

  @Benchmark
  public double step() {
    if (batch == batches) {
      problem.shuffle();
      batch = 0;
    }
    double loss = problem.batchLossAndGradient(batch++, w, grad);
    adam.update(w, grad);
    return loss;
  }
}
