package org.neuralpolytopes.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Activations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The activation's batch form, sigma and sigma' of one row of 1000 pre-activations (standard
 * normal, as a layer's z), in nanoseconds per element: {@code apply} is the trainer's kernel for
 * abs_power at exponent {@code p}; {@code mathPow} is the loop it replaces for a p that is not an
 * integer or a half (Math.pow per element, then g = p h / t); {@code vectorPow} is the Vector
 * API's {@code VectorOperators.POW} (Intel SVML on x86) for the value alone, a reference for speed
 * (its bits differ from any scalar Java function, so the trainer does not use it). {@code gather}
 * and {@code tableLoad} load one double per element from a table of 2^14 at indices from the row's
 * exponent and top mantissa bits, by the Vector API's gather and by a plain loop: the price of
 * a table kernel's lookups (bench/RESULTS.md section 27; run them with one p). {@code lean} and
 * {@code leanWithoutDivision} time {@link org.neuralpolytopes.net.LeanPower}, a kernel without the
 * double-double logarithm (section 29).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {TrainerJvm.ADD_MODULES, TrainerJvm.VECTOR_MODULE, TrainerJvm.TRAP_LIMIT})
public class ActivationKernel {

  static final int LEN = 1000;
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  @Param({"1", "0.5", "1.25", "1.3333333333333333", "1.5", "2.7", "3", "16"})
  public double p;

  private Activation act;
  private double[] z;
  private int[] index;
  private double[] table;
  private double[] h;
  private double[] g;

  @Setup
  public void setUp() {
    act = Activations.of("abs_power", p);
    SplittableRandom rng = new SplittableRandom(1);
    z = new double[LEN];
    for (int i = 0; i < LEN; i++) {
      z[i] = rng.nextGaussian();
    }
    h = new double[LEN];
    g = new double[LEN];
    // the index a table kernel would take: exponent (within +-64 of 0) and 7 top mantissa bits
    table = new double[1 << 14];
    index = new int[LEN];
    for (int i = 0; i < LEN; i++) {
      long bits = Double.doubleToRawLongBits(z[i]);
      int exponent = Math.max(-64, Math.min(63, Math.getExponent(z[i])));
      index[i] = ((exponent + 64) << 7) | (int) ((bits >>> 45) & 127);
      table[index[i]] = i;
    }
  }

  @Benchmark
  @OperationsPerInvocation(LEN)
  public double apply() {
    act.apply(z, h, g, LEN);
    return h[LEN - 1] + g[LEN - 1];
  }

  @Benchmark
  @OperationsPerInvocation(LEN)
  public double mathPow() {
    double pp = p;
    for (int i = 0; i < LEN; i++) {
      h[i] = Math.pow(Math.abs(z[i]), pp);
    }
    for (int i = 0; i < LEN; i++) {
      double t = z[i];
      double guard = t + (1.0 - Math.min(Math.abs(t) * 0x1p600 * 0x1p600, 1.0));
      g[i] = pp * h[i] / guard;
    }
    return h[LEN - 1] + g[LEN - 1];
  }

  @Benchmark
  @OperationsPerInvocation(LEN)
  public double vectorPow() {
    int i = 0;
    for (; i < S.loopBound(LEN); i += S.length()) {
      DoubleVector.fromArray(S, z, i).abs().lanewise(VectorOperators.POW, p).intoArray(h, i);
    }
    for (; i < LEN; i++) {
      h[i] = Math.pow(Math.abs(z[i]), p);
    }
    return h[LEN - 1];
  }

  @Benchmark
  @OperationsPerInvocation(LEN)
  public double gather() {
    int i = 0;
    for (; i < S.loopBound(LEN); i += S.length()) {
      DoubleVector.fromArray(S, table, 0, index, i).intoArray(h, i);
    }
    for (; i < LEN; i++) {
      h[i] = table[index[i]];
    }
    return h[LEN - 1];
  }

  private final org.neuralpolytopes.net.LeanPower.Scratch leanScratch = new org.neuralpolytopes.net.LeanPower.Scratch();

  /** {@link org.neuralpolytopes.net.LeanPower}: the log-exp kernel without the double-double logarithm (a measurement). */
  @Benchmark
  @OperationsPerInvocation(LEN)
  public double lean() {
    org.neuralpolytopes.net.LeanPower.apply(z, h, g, LEN, p, leanScratch);
    return h[LEN - 1] + g[LEN - 1];
  }

  /** As {@link #lean}, the slope from |t|^(p-1) without a division. */
  @Benchmark
  @OperationsPerInvocation(LEN)
  public double leanWithoutDivision() {
    org.neuralpolytopes.net.LeanPower.applyWithoutDivision(z, h, g, LEN, p, leanScratch);
    return h[LEN - 1] + g[LEN - 1];
  }

  @Benchmark
  @OperationsPerInvocation(LEN)
  public double tableLoad() {
    for (int i = 0; i < LEN; i++) {
      h[i] = table[index[i]];
    }
    return h[LEN - 1];
  }
}
