package org.neuralpolytopes.net;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fills the Vector API's operator caches with every operation the trainer's Vector API code uses,
 * once, while {@link VectorDots} initialises: before any kernel is hot.
 *
 * <p>Why: every lane-wise operation passes its fallback through one shared method,
 * {@code VectorOperators.ImplCache.find}, whose first call per element type and operator fills a
 * cache through an interface call. When that first call comes late, after C2 has compiled code
 * that inlines {@code find}, it deoptimises with a class check (four times, then {@code find} is
 * recompiled). C2 adds the traps of every method a compilation inlines, once per inlining: a
 * kernel with thirty-six vector operations, such as {@code mix4x4AddTimes}, then counts 144 class
 * checks, past {@code -XX:PerMethodTrapLimit} (100), and C2 compiles each of its class guesses
 * with a virtual call behind it instead of a trap, so no vector keeps its exact class. Its stores
 * then cannot be intrinsified (the compiler's
 * log: {@code missing constant: vclass=DecodeN}), and every vector of the kernel is allocated on
 * every step: {@code AllocationTest}'s intermittent failure, more frequent the more Vector API
 * code the JVM ran late ({@code bench/RESULTS.md} section 22). Filled here, the caches never miss
 * again and {@code find} never traps.
 *
 * <p>The trainer's JVMs also run with {@code -XX:PerMethodTrapLimit=10000} (the parent pom's
 * {@code trainer.jvm.options}), which closes the other ways traps in the API's shared methods add
 * up past the limit (a cast in the lane-wise template trapped when a new operator came, section
 * 23); the caches keep JVMs started without it from the way described here.
 *
 * <p>The list must cover every element type and operator the trainer's Vector API code uses
 * ({@code VectorDots}, whose test of a row for {@code CubeRoot} uses long operators; the shuffle's
 * draws use the long operators); an operation missing here
 * brings the failure back only where it runs late.
 */
final class VectorCaches {

  private VectorCaches() {}

  /**
   * Runs each operation once on the given species of double vectors (only those the JVM's kernels
   * use: a class of vector run even once here enters the type profiles of the API's shared call
   * sites) and on the preferred long vectors; returns a value that depends on all of them.
   */
  static double fill(VectorSpecies<Double> dots, VectorSpecies<Double> elementWise) {
    double sum = doubles(dots);
    if (elementWise != dots) {
      sum += doubles(elementWise);
    }
    long[] b = new long[LongVector.SPECIES_PREFERRED.length()];
    Arrays.fill(b, 3);
    LongVector u = LongVector.fromArray(LongVector.SPECIES_PREFERRED, b, 0);
    LongVector v = u.add(5).add(u).mul(u).mul(7).sub(u)
        .lanewise(VectorOperators.XOR, u.lanewise(VectorOperators.LSHR, 3))
        .lanewise(VectorOperators.LSHR, u)
        .and(-2L).min(u).max(u.neg()).or(u);
    v.intoArray(b, 0);
    return sum + b[0] + v.lane(0) + v.reduceLanes(VectorOperators.OR);
  }

  private static double doubles(VectorSpecies<Double> s) {
    double[] a = new double[s.length()];
    Arrays.fill(a, 1.5);
    DoubleVector x = DoubleVector.fromArray(s, a, 0);
    DoubleVector y = x.add(x).mul(x).mul(2.0).fma(x, x).lanewise(VectorOperators.MUL, x).add(DoubleVector.zero(s));
    y.intoArray(a, 0);
    // CubeRoot's test of a row (VectorDots.allNormal) reads doubles as longs
    return a[0] + y.lane(0) + y.reinterpretAsLongs().and(-2L).min(1L).max(0L).or(1L).neg().reduceLanes(VectorOperators.OR);
  }
}
