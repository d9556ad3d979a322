package org.neuralpolytopes.net;

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
 * <p>Seven short passes over the batch, with h, g and a per-thread scratch row holding the
 * intermediate results (each pass reads and writes rows that stay in L1). Why not one loop: the
 * kernel's Vector API calls, once inlined, exceed C2's inlining node budget for one method
 * ({@code NodeCountInliningCutoff}, 18 000 nodes, about 40 calls); the calls past it are not
 * intrinsified and every vector becomes an object (measured: 228 kB allocated per 1000 elements
 * with one loop, 84 kB with three). Each pass below stays under 40 calls.
 */
final class VectorLogExpPower {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  /** One scratch row per thread, grown to the longest batch seen (allocation-free after that). */
  private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

  private VectorLogExpPower() {}

  static void apply(double[] z, double[] h, double[] g, int len, double p) {
    int end = len - len % S.length();
    double[] x = SCRATCH.get();
    if (x.length < end) {
      x = new double[end];
      SCRATCH.set(x);
    }
    reduce(z, x, g, end);
    logTail(x, g, end);
    log(z, x, h, g, end);
    exp(h, g, end, p);
    slopeMantissa(z, h, x, end, p);
    slopeScale(z, g, x, end);
    finish(z, h, g, x, end, p);
    LogExpPower.apply(z, h, g, end, len, p);
  }

  /** x = s, lo = s_lo (LogExpPower.log, step 3, first half). */
  private static void reduce(double[] z, double[] x, double[] lo, int end) {
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector m = mantissa(DoubleVector.fromArray(S, z, i).abs());
      DoubleVector f = m.sub(1.0);
      DoubleVector den = f.add(2.0);
      DoubleVector denLo = f.sub(den.sub(2.0));
      DoubleVector s = f.div(den);
      DoubleVector sNeg = s.neg();
      DoubleVector remainder = sNeg.fma(denLo, sNeg.fma(den, f));
      s.intoArray(x, i);
      remainder.mul(f.fma(-0.25, 0.5)).intoArray(lo, i);
    }
  }

  /** lo = the low part of log m, s R(s^2) + s_lo (2 + 3R) (LogExpPower.log, step 3). */
  private static void logTail(double[] x, double[] lo, int end) {
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector s = DoubleVector.fromArray(S, x, i);
      DoubleVector sLo = DoubleVector.fromArray(S, lo, i);
      DoubleVector zz = s.mul(s);
      DoubleVector poly = zz.fma(LG7, LG6);
      poly = zz.fma(poly, bc(LG5));
      poly = zz.fma(poly, bc(LG4));
      poly = zz.fma(poly, bc(LG3));
      poly = zz.fma(poly, bc(LG2));
      poly = zz.fma(poly, bc(LG1));
      DoubleVector r = zz.mul(poly);
      s.fma(r, sLo.mul(r.fma(3.0, 2.0))).intoArray(lo, i);
    }
  }

  /** hi, lo = L_hi, L_lo (LogExpPower.log, step 4). */
  private static void log(double[] z, double[] x, double[] hi, double[] lo, int end) {
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector k = exponent(DoubleVector.fromArray(S, z, i).abs());
      DoubleVector logHi = DoubleVector.fromArray(S, x, i).mul(2.0);
      DoubleVector logLo = DoubleVector.fromArray(S, lo, i);
      DoubleVector kHi = k.mul(LN2_HI);
      DoubleVector sum = kHi.add(logHi);
      DoubleVector rest = logHi.sub(sum.sub(kHi)).add(k.fma(bc(LN2_LO), logLo));
      DoubleVector lHi = sum.add(rest);
      lHi.intoArray(hi, i);
      rest.sub(lHi.sub(sum)).intoArray(lo, i);
    }
  }

  /** hi = exp(r), lo = n (LogExpPower.expMantissa and expExponent). */
  private static void exp(double[] hi, double[] lo, int end, double p) {
    DoubleVector pv = bc(p);
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector lHi = DoubleVector.fromArray(S, hi, i);
      DoubleVector lLo = DoubleVector.fromArray(S, lo, i);
      DoubleVector wHi = lHi.mul(p);
      DoubleVector wLo = pv.fma(lLo, pv.fma(lHi, wHi.neg()));
      DoubleVector n = lHi.mul(p).fma(INV_LN2, SHIFT).sub(SHIFT);
      DoubleVector nNeg = n.neg();
      DoubleVector r0 = nNeg.fma(bc(LN2_HI), wHi);
      DoubleVector r1 = nNeg.fma(bc(LN2_LO), wLo);
      DoubleVector rHi = r0.add(r1);
      DoubleVector rLo = r0.sub(rHi).add(r1);
      DoubleVector q = rHi.fma(Q9, Q8);
      q = rHi.fma(q, bc(Q7));
      q = rHi.fma(q, bc(Q6));
      q = rHi.fma(q, bc(Q5));
      q = rHi.fma(q, bc(Q4));
      q = rHi.fma(q, bc(Q3));
      q = rHi.fma(q, bc(Q2));
      q = rHi.fma(q, bc(Q1));
      q = rHi.fma(q, bc(Q0));
      DoubleVector tail = rHi.mul(rHi).fma(q, rLo.fma(rHi, rLo));
      rHi.add(tail).add(1.0).intoArray(hi, i);
      n.intoArray(lo, i);
    }
  }

  /** x = p exp(r) / m (LogExpPower.slope, first half). */
  private static void slopeMantissa(double[] z, double[] e, double[] x, int end, double p) {
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector m = mantissa(DoubleVector.fromArray(S, z, i).abs());
      DoubleVector.fromArray(S, e, i).div(m).mul(p).intoArray(x, i);
    }
  }

  /** x = x 2^(n - k) (LogExpPower.slope, second half). */
  private static void slopeScale(double[] z, double[] n, double[] x, int end) {
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector k = exponent(DoubleVector.fromArray(S, z, i).abs());
      DoubleVector shift = DoubleVector.fromArray(S, n, i).sub(k).max(-SCALE_LIMIT).min(SCALE_LIMIT);
      scale(DoubleVector.fromArray(S, x, i), shift).intoArray(x, i);
    }
  }

  /** h = exp(r) 2^n, g = x with the sign of t; t = 0, infinite or NaN selected (LogExpPower.value, slope). */
  private static void finish(double[] z, double[] h, double[] g, double[] x, int end, double p) {
    double cap = p > 1 ? Double.POSITIVE_INFINITY : 0.0;
    for (int i = 0; i < end; i += S.length()) {
      DoubleVector t = DoubleVector.fromArray(S, z, i);
      DoubleVector a = t.abs();
      VectorMask<Double> special = a.lt(Double.POSITIVE_INFINITY).not().or(a.eq(0.0));
      DoubleVector n = DoubleVector.fromArray(S, g, i);
      scale(DoubleVector.fromArray(S, h, i), n.max(-SCALE_LIMIT).min(SCALE_LIMIT)).blend(a, special).intoArray(h, i);
      DoubleVector magnitude = DoubleVector.fromArray(S, x, i).blend(a.min(cap), special);
      magnitude.reinterpretAsLongs().or(t.reinterpretAsLongs().and(SIGN_BIT)).reinterpretAsDoubles().add(0.0)
          .intoArray(g, i);
    }
  }

  /** LogExpPower.normal: |t| scaled by 2^54 where subnormal. */
  private static DoubleVector normal(DoubleVector a) {
    return a.blend(a.mul(TWO_54), a.lt(Double.MIN_NORMAL));
  }

  /** LogExpPower.exponent. */
  private static DoubleVector exponent(DoubleVector a) {
    LongVector kBits = normal(a).reinterpretAsLongs().sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52);
    DoubleVector kAdjust = DoubleVector.zero(S).blend(-54.0, a.lt(Double.MIN_NORMAL));
    return kBits.add(SHIFT_BITS).reinterpretAsDoubles().sub(SHIFT).add(kAdjust);
  }

  /** LogExpPower.mantissa. */
  private static DoubleVector mantissa(DoubleVector a) {
    LongVector bits = normal(a).reinterpretAsLongs();
    LongVector kBits = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52);
    return bits.sub(kBits.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
  }

  private static DoubleVector bc(double c) {
    return DoubleVector.broadcast(S, c);
  }

  /** LogExpPower.scale lane by lane. */
  private static DoubleVector scale(DoubleVector x, DoubleVector e) {
    LongVector n = e.add(SHIFT).reinterpretAsLongs().sub(SHIFT_BITS);
    LongVector n1 = n.lanewise(VectorOperators.ASHR, 1);
    LongVector n2 = n.sub(n1);
    DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    DoubleVector s2 = n2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    return x.mul(s1).mul(s2);
  }
}
