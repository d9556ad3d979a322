package org.neuralpolytopes.bench;

import java.util.concurrent.TimeUnit;
import org.neuralpolytopes.train.PaperSteps;
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

  private PaperSteps net;

  @Setup
  public void setUp() {
    net = PaperSteps.of(shape);
  }

  @Benchmark
  public double step() {
    return net.step();
  }
}
