package org.neuralpolytopes.net;

import static jdk.incubator.vector.VectorOperators.ABS;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.NEG;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CubeRoot}'s steps for a row of normal numbers as one loop with the Java Vector API
 * (incubator module {@code jdk.incubator.vector}), loaded only when the JVM has it
 * ({@link LinearRows#VECTOR}); {@link AbsPower} uses it for p = k + j/3.
 *
 * <p>Why: without the Vector API the steps are four loops (C2's SuperWord packs each, not one of
 * them all), every intermediate goes through memory, and the loop on the bits ORs a test of every
 * element into one word, which JDK 17's C2 reduces across the lanes once per vector (about 0.19
 * ns per element of the 1.4 the kernel takes). Here the row is read once, each value stays in
 * registers from the estimate to the root, and the test is ORed lane-wise and reduced once.
 *
 * <p>Bit-identical to the plain loops ({@link CubeRoot#signedEstimates}, {@link CubeRoot#refine},
 * {@link CubeRoot#residual}, {@link CubeRoot#root}): the same operations on every lane (fused
 * multiply-adds as {@link Math#fma}, the same integer operations on the bits), whatever the
 * vector width; the tail of the row, below a vector's width, goes through the point-wise
 * {@link CubeRoot#signedRoot}. Each method has every Vector API call written out, as in
 * {@link VectorDots}, so that C2 intrinsifies them all; and every floating-point operation is
 * written as {@code lanewise(OP, ...)}, not as {@code mul}, {@code add} or {@code fma}: those
 * go through one call site inside the API shared by every caller, and once the 256-bit vectors of
 * {@link VectorDots} had been through it, C2 no longer knew the exact class of this loop's
 * 512-bit vectors, failed to intrinsify the stores and allocated every vector (a p = 4/3 step
 * after p = 1 steps in one JVM took 3x as long as before; measured with -XX:+PrintInlining).
 */
final class VectorRoots {

  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

  private VectorRoots() {}

  /**
   * h[i] = sign(z[i]) cbrt|z[i]|^q for i in [0, len), q = 1 or 2, the bits of
   * {@link CubeRoot#signedRoot}; returns whether every |z[i]| is a normal finite double (if not,
   * h is unspecified).
   */
  static boolean signedRoots(double[] z, double[] h, int len, int q) {
    return q == 1 ? signedRoots1(z, h, len) : signedRoots2(z, h, len);
  }

  /**
   * h[i] = z[i] B and g[i] = p B with B = sign(z[i]) cbrt|z[i]| (p = 4/3: |t|^p and its slope),
   * the bits of {@link #signedRoots} with q = 1 followed by those two products; returns whether
   * every |z[i]| is a normal finite double (if not, h and g are unspecified).
   */
  static boolean rootProducts(double[] z, double[] h, double[] g, int len, double p) {
    int lanes = D.length();
    int end = len - len % lanes;
    DoubleVector first = DoubleVector.broadcast(D, CubeRoot.residualFirst(1));
    DoubleVector second = DoubleVector.broadcast(D, CubeRoot.residualSecond(1));
    DoubleVector pVector = DoubleVector.broadcast(D, p);
    LongVector outside = LongVector.zero(L);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector minusOne = DoubleVector.broadcast(D, -1.0);
    DoubleVector a0 = DoubleVector.broadcast(D, CubeRoot.A0);
    DoubleVector a1 = DoubleVector.broadcast(D, CubeRoot.A1);
    DoubleVector a2 = DoubleVector.broadcast(D, CubeRoot.A2);
    DoubleVector a3 = DoubleVector.broadcast(D, CubeRoot.A3);
    DoubleVector a4 = DoubleVector.broadcast(D, CubeRoot.A4);
    int i = 0;
    for (; i < end; i += lanes) {
      DoubleVector c = DoubleVector.fromArray(D, z, i);
      LongVector raw = c.reinterpretAsLongs();
      LongVector bits = raw.and(~RawBits.SIGN_BIT);
      LongVector third = bits.lanewise(VectorOperators.LSHR, 30).mul(CubeRoot.THIRD_OF_2_32)
          .lanewise(VectorOperators.LSHR, 2);
      outside = outside.or(bits.sub(CubeRoot.MIN_NORMAL_BITS)).or(bits.neg().add(CubeRoot.MAX_VALUE_BITS));
      DoubleVector r = LongVector.broadcast(L, CubeRoot.MAGIC).sub(third).or(raw.and(RawBits.SIGN_BIT))
          .reinterpretAsDoubles();
      DoubleVector e = c.lanewise(NEG).lanewise(MUL, r).lanewise(FMA, r.lanewise(MUL, r), one);
      r = r.lanewise(MUL, e).lanewise(FMA, e.lanewise(FMA, a4, a3).lanewise(FMA, e, a2).lanewise(FMA, e, a1)
          .lanewise(FMA, e, a0), r);
      DoubleVector y = c.lanewise(MUL, r);
      DoubleVector yLo = c.lanewise(FMA, r, y.lanewise(NEG));
      DoubleVector w = y.lanewise(MUL, r);
      DoubleVector wLo = y.lanewise(FMA, r, w.lanewise(NEG));
      DoubleVector inner = yLo.lanewise(FMA, r, wLo);
      DoubleVector residual = r.lanewise(FMA, inner, w.lanewise(FMA, r, minusOne));
      DoubleVector scaled = residual.lanewise(MUL, residual.lanewise(FMA, second, first));
      DoubleVector below = w.lanewise(ADD, w.lanewise(FMA, scaled, inner));
      c.lanewise(MUL, below).intoArray(h, i);
      below.lanewise(MUL, pVector).intoArray(g, i);
    }
    boolean normal = outside.reduceLanes(VectorOperators.OR) >= 0;
    for (; i < len; i++) {
      double c = z[i];
      normal &= CubeRoot.isNormal(c);
      double below = CubeRoot.signedRoot(c, 1);
      h[i] = c * below;
      g[i] = p * below;
    }
    return normal;
  }

  /** {@link #signedRoots} for q = 1. */
  private static boolean signedRoots1(double[] z, double[] h, int len) {
    int lanes = D.length();
    int end = len - len % lanes;
    DoubleVector first = DoubleVector.broadcast(D, CubeRoot.residualFirst(1));
    DoubleVector second = DoubleVector.broadcast(D, CubeRoot.residualSecond(1));
    LongVector outside = LongVector.zero(L);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector minusOne = DoubleVector.broadcast(D, -1.0);
    DoubleVector a0 = DoubleVector.broadcast(D, CubeRoot.A0);
    DoubleVector a1 = DoubleVector.broadcast(D, CubeRoot.A1);
    DoubleVector a2 = DoubleVector.broadcast(D, CubeRoot.A2);
    DoubleVector a3 = DoubleVector.broadcast(D, CubeRoot.A3);
    DoubleVector a4 = DoubleVector.broadcast(D, CubeRoot.A4);
    int i = 0;
    for (; i < end; i += lanes) {
      DoubleVector c = DoubleVector.fromArray(D, z, i);
      LongVector raw = c.reinterpretAsLongs();
      LongVector bits = raw.and(~RawBits.SIGN_BIT);
      LongVector third = bits.lanewise(VectorOperators.LSHR, 30).mul(CubeRoot.THIRD_OF_2_32)
          .lanewise(VectorOperators.LSHR, 2);
      outside = outside.or(bits.sub(CubeRoot.MIN_NORMAL_BITS)).or(bits.neg().add(CubeRoot.MAX_VALUE_BITS));
      DoubleVector r = LongVector.broadcast(L, CubeRoot.MAGIC).sub(third).or(raw.and(RawBits.SIGN_BIT))
          .reinterpretAsDoubles();
      DoubleVector e = c.lanewise(NEG).lanewise(MUL, r).lanewise(FMA, r.lanewise(MUL, r), one);
      r = r.lanewise(MUL, e).lanewise(FMA, e.lanewise(FMA, a4, a3).lanewise(FMA, e, a2).lanewise(FMA, e, a1)
          .lanewise(FMA, e, a0), r);
      DoubleVector y = c.lanewise(MUL, r);
      DoubleVector yLo = c.lanewise(FMA, r, y.lanewise(NEG));
      DoubleVector w = y.lanewise(MUL, r);
      DoubleVector wLo = y.lanewise(FMA, r, w.lanewise(NEG));
      DoubleVector inner = yLo.lanewise(FMA, r, wLo);
      DoubleVector residual = r.lanewise(FMA, inner, w.lanewise(FMA, r, minusOne));
      DoubleVector scaled = residual.lanewise(MUL, residual.lanewise(FMA, second, first));
      w.lanewise(ADD, w.lanewise(FMA, scaled, inner)).intoArray(h, i);
    }
    boolean normal = outside.reduceLanes(VectorOperators.OR) >= 0;
    for (; i < len; i++) {
      normal &= CubeRoot.isNormal(z[i]);
      h[i] = CubeRoot.signedRoot(z[i], 1);
    }
    return normal;
  }

  /** {@link #signedRoots} for q = 2: the root from |r|, so that it has the sign of z. */
  private static boolean signedRoots2(double[] z, double[] h, int len) {
    int lanes = D.length();
    int end = len - len % lanes;
    DoubleVector first = DoubleVector.broadcast(D, CubeRoot.residualFirst(2));
    DoubleVector second = DoubleVector.broadcast(D, CubeRoot.residualSecond(2));
    LongVector outside = LongVector.zero(L);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector minusOne = DoubleVector.broadcast(D, -1.0);
    DoubleVector a0 = DoubleVector.broadcast(D, CubeRoot.A0);
    DoubleVector a1 = DoubleVector.broadcast(D, CubeRoot.A1);
    DoubleVector a2 = DoubleVector.broadcast(D, CubeRoot.A2);
    DoubleVector a3 = DoubleVector.broadcast(D, CubeRoot.A3);
    DoubleVector a4 = DoubleVector.broadcast(D, CubeRoot.A4);
    int i = 0;
    for (; i < end; i += lanes) {
      DoubleVector c = DoubleVector.fromArray(D, z, i);
      LongVector raw = c.reinterpretAsLongs();
      LongVector bits = raw.and(~RawBits.SIGN_BIT);
      LongVector third = bits.lanewise(VectorOperators.LSHR, 30).mul(CubeRoot.THIRD_OF_2_32)
          .lanewise(VectorOperators.LSHR, 2);
      outside = outside.or(bits.sub(CubeRoot.MIN_NORMAL_BITS)).or(bits.neg().add(CubeRoot.MAX_VALUE_BITS));
      DoubleVector r = LongVector.broadcast(L, CubeRoot.MAGIC).sub(third).or(raw.and(RawBits.SIGN_BIT))
          .reinterpretAsDoubles();
      DoubleVector e = c.lanewise(NEG).lanewise(MUL, r).lanewise(FMA, r.lanewise(MUL, r), one);
      r = r.lanewise(MUL, e).lanewise(FMA, e.lanewise(FMA, a4, a3).lanewise(FMA, e, a2).lanewise(FMA, e, a1)
          .lanewise(FMA, e, a0), r);
      DoubleVector y = c.lanewise(MUL, r);
      DoubleVector yLo = c.lanewise(FMA, r, y.lanewise(NEG));
      DoubleVector w = y.lanewise(MUL, r);
      DoubleVector wLo = y.lanewise(FMA, r, w.lanewise(NEG));
      DoubleVector inner = yLo.lanewise(FMA, r, wLo);
      DoubleVector residual = r.lanewise(FMA, inner, w.lanewise(FMA, r, minusOne));
      DoubleVector scaled = residual.lanewise(MUL, residual.lanewise(FMA, second, first));
      DoubleVector a = r.lanewise(ABS);
      DoubleVector ys = c.lanewise(MUL, a);
      ys.lanewise(ADD, ys.lanewise(FMA, scaled, c.lanewise(FMA, a, ys.lanewise(NEG)))).intoArray(h, i);
    }
    boolean normal = outside.reduceLanes(VectorOperators.OR) >= 0;
    for (; i < len; i++) {
      normal &= CubeRoot.isNormal(z[i]);
      h[i] = CubeRoot.signedRoot(z[i], 2);
    }
    return normal;
  }
}
