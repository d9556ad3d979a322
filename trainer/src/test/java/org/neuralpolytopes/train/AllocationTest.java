package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;

/**
 * The optimiser step allocates nothing (docs/performance.md, "The trainer's step": the forward and
 * backward pass and the Adam update allocate nothing per step). The JVM counts the bytes this
 * thread allocates over 2000 steps: an
 * allocation in every step would be at least 16 bytes (the smallest object) each, 32 000 in all;
 * the count stays under 1 KB, which is what the JVM's own bookkeeping (compilation, the counter
 * itself) allocates now and then. A count, not a timing; bench/run's JMH -prof gc gives the
 * bytes per step.
 */
class AllocationTest {

  /** The warm-up's bound, in rounds of 200 steps and a full-batch pass. */
  private static final int MAX_WARM_UP_ROUNDS = 2000;

  @ParameterizedTest(name = "d={0} L={1} n={2} {3} p={4}")
  @CsvSource({
      "3, 1, 4, abs_power, 1",
      "3, 2, 8, abs_power, 1",
      "5, 3, 16, abs_power, 1",
      "3, 1, 3, abs_power, 1.5",
      "3, 2, 4, abs_power, 4",
      "3, 1, 4, abs_power, 1.3",
      "3, 2, 8, abs_power, 1.3333333333333333",
      "3, 1, 4, abs_power, 2.25",
      "3, 2, 5, relu, 1"})
  void adamStepsAndFullBatchPassesAllocateNothing(int d, int layers, int units, String act, double p) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Architecture arch = new Architecture(d, layers, units, Activations.of(act, p));
    SplittableRandom rng = new SplittableRandom(3);
    double[] points = SphereSampler.sample(rng.split(), 2000, d);
    double[] w = Initializer.initialWeights(arch, rng.split(), points);
    TrainingProblem problem = new TrainingProblem(arch, points, 500, rng.split());
    double[] grad = new double[w.length];
    Adam.Moments adam = new Adam.Moments(w.length, TrainingSettings.PAPER);
    // Warm-up until compiled: first calls resolve classes and constants, and the Vector API's
    // vectors are objects until C2 compiles them away (escape analysis), so the interpreter and
    // C1's code allocate. How many steps that takes depends on the JIT's queue, not on the
    // network: the JVM has one C2 thread on a 2-core machine, and a kernel can run as C1 code
    // for a second or more while C2 compiles a large method before it (BatchPass.forward took
    // 0.3-0.8 s in JFR recordings of this class run after BatchPassTest), which at a few
    // microseconds per step is tens of thousands of steps (bench/RESULTS.md section 20). So the
    // warm-up runs until two rounds in a row allocate nothing, bounded by a count rather than
    // a clock (if every step allocates, 400 000 steps of the largest network here before the
    // test fails: about a minute at its 120-130 us per step, an estimate); steady state is what
    // is measured, and a step that still allocates then fails the test below.
    long tid = Thread.currentThread().getId();
    int quietRounds = 0;
    for (int round = 0; round < MAX_WARM_UP_ROUNDS && quietRounds < 2; round++) {
      long start = mx.getThreadAllocatedBytes(tid);
      steps(problem, w, grad, adam, 200);
      problem.fullLossAndGradient(w, grad);
      quietRounds = mx.getThreadAllocatedBytes(tid) - start < 1024 ? quietRounds + 1 : 0;
    }
    long before = mx.getThreadAllocatedBytes(tid);
    steps(problem, w, grad, adam, 2000);
    problem.fullLossAndGradient(w, grad);
    long bytes = mx.getThreadAllocatedBytes(tid) - before;
    assertTrue(bytes < 1024, bytes + " bytes allocated by 2000 steps and a full-batch pass");
  }

  private static void steps(TrainingProblem problem, double[] w, double[] grad, Adam.Moments adam, int count) {
    int batches = problem.batchCount();
    for (int s = 0; s < count; s++) {
      if (s % batches == 0) {
        problem.shuffle();
      }
      problem.batchLossAndGradient(s % batches, w, grad);
      adam.update(w, grad);
    }
  }
}
