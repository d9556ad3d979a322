package org.neuralpolytopes.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A core's peak rate of fused multiply-adds on doubles, the yardstick for the trainer's kernels:
 * 16 independent chains acc = acc * b + c on vectors of the preferred species (16 chains hide an
 * FMA latency of 4 cycles on two pipes with room to spare), all in registers. The score is vector
 * FMAs per second; flop/s = score x 2 x lanes (the set-up prints the lane count).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {TrainerJvm.ADD_MODULES, TrainerJvm.VECTOR_MODULE, TrainerJvm.TRAP_LIMIT})
public class FmaPeak {

  static final int ROUNDS = 1000;
  static final int CHAINS = 16;
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  public double b = 0.999_999;
  public double c = 1e-9;

  @Benchmark
  @OperationsPerInvocation(ROUNDS * CHAINS)
  public double vectorFma() {
    DoubleVector bv = DoubleVector.broadcast(S, b);
    DoubleVector cv = DoubleVector.broadcast(S, c);
    DoubleVector a0 = DoubleVector.broadcast(S, 1.0);
    DoubleVector a1 = a0.add(1);
    DoubleVector a2 = a0.add(2);
    DoubleVector a3 = a0.add(3);
    DoubleVector a4 = a0.add(4);
    DoubleVector a5 = a0.add(5);
    DoubleVector a6 = a0.add(6);
    DoubleVector a7 = a0.add(7);
    DoubleVector a8 = a0.add(8);
    DoubleVector a9 = a0.add(9);
    DoubleVector a10 = a0.add(10);
    DoubleVector a11 = a0.add(11);
    DoubleVector a12 = a0.add(12);
    DoubleVector a13 = a0.add(13);
    DoubleVector a14 = a0.add(14);
    DoubleVector a15 = a0.add(15);
    for (int r = 0; r < ROUNDS; r++) {
      a0 = a0.fma(bv, cv);
      a1 = a1.fma(bv, cv);
      a2 = a2.fma(bv, cv);
      a3 = a3.fma(bv, cv);
      a4 = a4.fma(bv, cv);
      a5 = a5.fma(bv, cv);
      a6 = a6.fma(bv, cv);
      a7 = a7.fma(bv, cv);
      a8 = a8.fma(bv, cv);
      a9 = a9.fma(bv, cv);
      a10 = a10.fma(bv, cv);
      a11 = a11.fma(bv, cv);
      a12 = a12.fma(bv, cv);
      a13 = a13.fma(bv, cv);
      a14 = a14.fma(bv, cv);
      a15 = a15.fma(bv, cv);
    }
    DoubleVector sum = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7)))
        .add(a8.add(a9).add(a10.add(a11)).add(a12.add(a13).add(a14.add(a15))));
    return sum.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  /** Prints the lane count of the preferred species (8 with AVX-512, 4 with AVX2), for the flop/s. */
  @Setup
  public void printLanes() {
    System.out.println("preferred species: " + S.length() + " doubles");
  }
}
