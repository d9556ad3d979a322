package org.neuralpolytopes.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.train.TrainingProblem;
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
 * One epoch's shuffle of the training order ({@code TrainingProblem.shuffle}: Fisher-Yates with
 * SplittableRandom's bounded draws), in microseconds per shuffle, for the paper's 10 000 points.
 * The default fork makes the draws with the Vector API where the machine has 512-bit vectors;
 * the {@code scalar} benchmark's fork turns the Vector API off ({@code -Dpolytopes.vector=false}),
 * the draw-then-swap loop. Both give the same permutation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class EpochShuffle {

  @Param({"10000"})
  public int points;

  private TrainingProblem problem;

  @Setup
  public void setUp() {
    problem = new TrainingProblem(new Architecture(3, 1, 4, Activations.of("abs_power", 1.0)),
        new double[3 * points], 1000, new SplittableRandom(1));
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {TrainerJvm.ADD_MODULES, TrainerJvm.VECTOR_MODULE, TrainerJvm.TRAP_LIMIT})
  public TrainingProblem vector() {
    problem.shuffle();
    return problem;
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {TrainerJvm.ADD_MODULES, TrainerJvm.VECTOR_MODULE, TrainerJvm.TRAP_LIMIT, "-Dpolytopes.vector=false"})
  public TrainingProblem scalar() {
    problem.shuffle();
    return problem;
  }
}
