package org.neuralpolytopes.net;

import static org.neuralpolytopes.net.LogExpPower.FAST_LIMIT;
import static org.neuralpolytopes.net.LogExpPower.INV_LN2;
import static org.neuralpolytopes.net.LogExpPower.LG1;
import static org.neuralpolytopes.net.LogExpPower.LG2;
import static org.neuralpolytopes.net.LogExpPower.LG3;
import static org.neuralpolytopes.net.LogExpPower.LG4;
import static org.neuralpolytopes.net.LogExpPower.LG5;
import static org.neuralpolytopes.net.LogExpPower.LG6;
import static org.neuralpolytopes.net.LogExpPower.LG7;
import static org.neuralpolytopes.net.LogExpPower.LN2_HI;
import static org.neuralpolytopes.net.LogExpPower.LN2_LO;
import static org.neuralpolytopes.net.LogExpPower.Q0;
import static org.neuralpolytopes.net.LogExpPower.Q1;
import static org.neuralpolytopes.net.LogExpPower.Q2;
import static org.neuralpolytopes.net.LogExpPower.Q3;
import static org.neuralpolytopes.net.LogExpPower.Q4;
import static org.neuralpolytopes.net.LogExpPower.Q5;
import static org.neuralpolytopes.net.LogExpPower.Q6;
import static org.neuralpolytopes.net.LogExpPower.Q7;
import static org.neuralpolytopes.net.LogExpPower.Q8;
import static org.neuralpolytopes.net.LogExpPower.Q9;
import static org.neuralpolytopes.net.LogExpPower.SCALE_LIMIT;
import static org.neuralpolytopes.net.LogExpPower.SHIFT;
import static org.neuralpolytopes.net.LogExpPower.SHIFT_BITS;
import static org.neuralpolytopes.net.LogExpPower.SIGN_BIT;
import static org.neuralpolytopes.net.LogExpPower.SQRT_HALF_BITS;
import static org.neuralpolytopes.net.LogExpPower.TWO_54;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LogExpPower} on vectors of the preferred width (Vector API, loaded only when the JVM has
 * {@code jdk.incubator.vector}; {@link LinearRows#VECTOR}). Stage for stage the scalar kernel's
 * operations, lane by lane, so the same bits; the tail shorter than a vector goes through the
 * scalar kernel itself.
 *
 * <p>Three passes over the row (log; exp; scaling and slope), h and g holding the intermediate
 * double-doubles: the kernel's dependency chain is about 180 cycles long, and in one loop too few
 * iterations fit in the out-of-order window to overlap (measured 4.7 ns per element in one loop).
 * Every Vector API call is written out in the pass itself, with no helper method taking or
 * returning a vector: the Vector API's methods are force-inlined, but a plain helper is subject to
 * C2's inlining node budget ({@code NodeCountInliningCutoff}), and a helper left as a call turns
 * its vectors into objects (measured: 228 kB allocated per 1000 elements).
 */
final class VectorLogExpPower {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  /**
   * Whether {@link AbsPower} uses this kernel: only with {@code -Dpolytopes.vectorPower=true}.
   * Not the default because in a JVM that also runs the other Vector API kernels it upset C2's
   * compilation of those: until the passes are compiled they run in C1's code, which calls the
   * Vector API's small methods ({@code intoArray} and the like) instead of inlining them; C2 then
   * compiles those on their own, and later inlines them into {@link VectorDots#mix4x4} only
   * incrementally, past its node budget, so the stores there stay calls and every vector is
   * allocated (measured: AllocationTest's 2000 steps allocate 0.2-5 GB after the batch-pass tests
   * ran this kernel, nothing without it). The scalar kernel gives the same bits.
   */
  static final boolean ENABLED = Boolean.getBoolean("polytopes.vectorPower");

  /**
   * A first vector of a row that takes longer than this (all three passes) means the passes still
   * run interpreted or in C1's code, where each Vector API call is a Java loop over the lanes and
   * an allocation (about 200 microseconds per vector); compiled by C2 they take about 25 ns.
   */
  static final long COMPILED_NANOS = 2_000;

  /**
   * Set once the passes run as compiled code. Until then a row goes through the scalar kernel (the
   * same bits) except for its first vector, which keeps the passes' invocation counts rising to
   * C2's compile threshold: one vector per call is the least slow-mode work that gets them there
   * (about 5000 vectors instead of the 150 000 of whole rows; measured on 2 busy cores: 11 s of
   * warm-up with whole rows). The check is a timing, so when the switch happens varies from run to
   * run; the results do not, since both kernels give the same bits.
   */
  static boolean compiled;

  private VectorLogExpPower() {}

  static void apply(double[] z, double[] h, double[] g, int len, double p, LogExpPower.Scratch scratch) {
    int lanes = S.length();
    int end = len - len % lanes;
    if (!compiled) {
      int probe = Math.min(end, lanes);
      if (probe > 0) {
        long start = System.nanoTime();
        passes(z, h, g, probe, p);
        compiled = System.nanoTime() - start < COMPILED_NANOS;
      }
      LogExpPower.apply(z, h, g, len, p, scratch); // the whole row again: the same bits
      return;
    }
    applyVectors(z, h, g, len, p);
  }

  /** {@link #apply} without the warm-up check: the passes over every whole vector, the point-wise functions on the tail. */
  static void applyVectors(double[] z, double[] h, double[] g, int len, double p) {
    int end = len - len % S.length();
    passes(z, h, g, end, p);
    for (int i = end; i < len; i++) {
      h[i] = LogExpPower.value(z[i], p);
      g[i] = LogExpPower.slope(z[i], p);
    }
  }

  private static void passes(double[] z, double[] h, double[] g, int end, double p) {
    log(z, h, g, end);
    exp(h, g, end, p);
    finish(z, h, g, end, p);
  }

  /** hi = L_hi, lo = L_lo: LogExpPower.normal, exponent, mantissa and log. */
  private static void log(double[] z, double[] hi, double[] lo, int end) {
    DoubleVector lg1 = DoubleVector.broadcast(S, LG1);
    DoubleVector lg2 = DoubleVector.broadcast(S, LG2);
    DoubleVector lg3 = DoubleVector.broadcast(S, LG3);
    DoubleVector lg4 = DoubleVector.broadcast(S, LG4);
    DoubleVector lg5 = DoubleVector.broadcast(S, LG5);
    DoubleVector lg6 = DoubleVector.broadcast(S, LG6);
    DoubleVector lg7 = DoubleVector.broadcast(S, LG7);
    DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(S, LN2_LO);
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector a = DoubleVector.fromArray(S, z, i).abs();
      VectorMask<Double> subnormal = a.lt(Double.MIN_NORMAL);
      LongVector bits = a.blend(a.mul(TWO_54), subnormal).reinterpretAsLongs();
      LongVector kBits = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52);
      DoubleVector m = bits.sub(kBits.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
      DoubleVector k = kBits.add(SHIFT_BITS).reinterpretAsDoubles().sub(SHIFT)
          .add(DoubleVector.zero(S).blend(-54.0, subnormal));
      DoubleVector f = m.sub(1.0);
      DoubleVector den = f.add(2.0);
      DoubleVector denLo = f.sub(den.sub(2.0));
      DoubleVector s = f.div(den);
      DoubleVector sNeg = s.neg();
      DoubleVector remainder = sNeg.fma(denLo, sNeg.fma(den, f));
      DoubleVector sLo = remainder.mul(f.fma(-0.25, 0.5));
      DoubleVector zz = s.mul(s);
      DoubleVector r = zz.mul(zz.fma(zz.fma(zz.fma(zz.fma(zz.fma(zz.fma(lg7, lg6), lg5), lg4), lg3), lg2), lg1));
      DoubleVector logHi = s.mul(2.0);
      DoubleVector logLo = s.fma(r, sLo.mul(r.fma(3.0, 2.0)));
      DoubleVector kHi = k.mul(ln2Hi);
      DoubleVector sum = kHi.add(logHi);
      DoubleVector rest = logHi.sub(sum.sub(kHi)).add(k.fma(ln2Lo, logLo));
      DoubleVector lHi = sum.add(rest);
      lHi.intoArray(hi, i);
      rest.sub(lHi.sub(sum)).intoArray(lo, i);
    }
  }

  /** hi = exp(r), lo = n: LogExpPower.expExponent and expMantissa. */
  private static void exp(double[] hi, double[] lo, int end, double p) {
    DoubleVector pv = DoubleVector.broadcast(S, p);
    DoubleVector q0 = DoubleVector.broadcast(S, Q0);
    DoubleVector q1 = DoubleVector.broadcast(S, Q1);
    DoubleVector q2 = DoubleVector.broadcast(S, Q2);
    DoubleVector q3 = DoubleVector.broadcast(S, Q3);
    DoubleVector q4 = DoubleVector.broadcast(S, Q4);
    DoubleVector q5 = DoubleVector.broadcast(S, Q5);
    DoubleVector q6 = DoubleVector.broadcast(S, Q6);
    DoubleVector q7 = DoubleVector.broadcast(S, Q7);
    DoubleVector q8 = DoubleVector.broadcast(S, Q8);
    DoubleVector q9 = DoubleVector.broadcast(S, Q9);
    DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(S, LN2_LO);
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector lHi = DoubleVector.fromArray(S, hi, i);
      DoubleVector lLo = DoubleVector.fromArray(S, lo, i);
      DoubleVector wHi = lHi.mul(pv);
      DoubleVector wLo = pv.fma(lLo, pv.fma(lHi, wHi.neg()));
      DoubleVector n = wHi.fma(INV_LN2, SHIFT).sub(SHIFT);
      DoubleVector nNeg = n.neg();
      DoubleVector r0 = nNeg.fma(ln2Hi, wHi);
      DoubleVector r1 = nNeg.fma(ln2Lo, wLo);
      DoubleVector rHi = r0.add(r1);
      DoubleVector rLo = r0.sub(rHi).add(r1);
      DoubleVector q = rHi.fma(rHi.fma(rHi.fma(rHi.fma(rHi.fma(rHi.fma(rHi.fma(rHi.fma(rHi.fma(q9, q8), q7), q6), q5),
          q4), q3), q2), q1), q0);
      rHi.add(rHi.mul(rHi).fma(q, rLo.fma(rHi, rLo))).add(1.0).intoArray(hi, i);
      n.intoArray(lo, i);
    }
  }

  /** h = exp(r) 2^n; g = p h / t where LogExpPower.fast, else p (exp(r) / m) 2^(n - k) signed: LogExpPower.value and slope. */
  private static void finish(double[] z, double[] h, double[] g, int end, double p) {
    DoubleVector pv = DoubleVector.broadcast(S, p);
    DoubleVector cap = DoubleVector.broadcast(S, p > 1 ? Double.POSITIVE_INFINITY : 0.0);
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector t = DoubleVector.fromArray(S, z, i);
      DoubleVector e = DoubleVector.fromArray(S, h, i);
      DoubleVector n = DoubleVector.fromArray(S, g, i);
      DoubleVector a = t.abs();
      VectorMask<Double> subnormal = a.lt(Double.MIN_NORMAL);
      LongVector bits = a.blend(a.mul(TWO_54), subnormal).reinterpretAsLongs();
      LongVector kBits = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52);
      DoubleVector m = bits.sub(kBits.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
      DoubleVector k = kBits.add(SHIFT_BITS).reinterpretAsDoubles().sub(SHIFT)
          .add(DoubleVector.zero(S).blend(-54.0, subnormal));
      VectorMask<Double> special = a.lt(Double.POSITIVE_INFINITY).not().or(a.eq(0.0));
      // value: e 2^n by LogExpPower.scale
      LongVector nh = n.add(SHIFT).reinterpretAsLongs().sub(SHIFT_BITS).max(-SCALE_LIMIT).min(SCALE_LIMIT);
      LongVector nh1 = nh.lanewise(VectorOperators.ASHR, 1);
      DoubleVector h1 = nh1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector h2 = nh.sub(nh1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector value = e.mul(h1).mul(h2);
      value.blend(a, special).intoArray(h, i);
      VectorMask<Double> fast = n.abs().add(n.sub(k).abs()).compare(VectorOperators.LE, FAST_LIMIT);
      // slope: p (e / m) 2^(n - k) by LogExpPower.scale
      LongVector ng = n.sub(k).add(SHIFT).reinterpretAsLongs().sub(SHIFT_BITS).max(-SCALE_LIMIT).min(SCALE_LIMIT);
      LongVector ng1 = ng.lanewise(VectorOperators.ASHR, 1);
      DoubleVector g1 = ng1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector g2 = ng.sub(ng1).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector magnitude = e.div(m).mul(pv).mul(g1).mul(g2).blend(a.min(cap), special);
      magnitude.reinterpretAsLongs().or(t.reinterpretAsLongs().and(SIGN_BIT)).reinterpretAsDoubles().add(0.0)
          .blend(value.mul(pv).div(t), fast).intoArray(g, i);
    }
  }
}
