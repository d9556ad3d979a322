package org.neuralpolytopes.analysis.render;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * How a vector copy writes its coordinates: the same text as JFreeSVG's own converter
 * ({@code SVGUtils.createDoubleConverter(dp)}, a {@link DecimalFormat} "0.#" with at most
 * {@code dp} decimals, US symbols, half-even rounding of the double's exact binary value), made
 * without a {@link DecimalFormat} for the numbers of a drawing:
 *
 * <ol>
 *   <li>t = |x| 10^dp. Where t is far from a tie (its fraction more than {@link #TIE_MARGIN} away
 *       from one half) and small (below {@link #FAST_LIMIT}), neither the rounding error of the
 *       product nor the format's own rounding (of x's shortest decimal digits) can move it across
 *       the tie, so the nearest integer N of t is the rounded number.
 *   <li>N (units of 10^-dp) is written as N / 10^dp, then its decimals without trailing zeros, and
 *       no point when they are all zero; a minus sign whenever x is negative (-0.0 and a negative
 *       number that rounds to 0 included: "-0", as DecimalFormat writes them).
 *   <li>Ties and near-ties (where DecimalFormat's half-even rule on the shortest digits decides),
 *       not-finite and large numbers are written by the DecimalFormat itself.
 * </ol>
 *
 * One instance per drawing (not thread-safe: the fallback format is shared).
 */
public final class SvgNumbers implements DoubleFunction<String> {

  /** Largest |x| 10^dp on the fast path: the product's rounding error (below 10^-7) is far inside the margin. */
  static final double FAST_LIMIT = 1e9;

  /** Distance of t's fraction from one half under which the DecimalFormat decides. */
  static final double TIE_MARGIN = 1e-6;

  private final int dp;
  private final long scale;
  private final DecimalFormat format;

  /** A converter with at most {@code dp} decimals (1 to 9). */
  public SvgNumbers(int dp) {
    if (dp < 1 || dp > 9) {
      throw new IllegalArgumentException("decimals 1..9, got " + dp);
    }
    this.dp = dp;
    this.scale = (long) Math.pow(10, dp);
    this.format = new DecimalFormat("0." + "#".repeat(dp), DecimalFormatSymbols.getInstance(Locale.US));
  }

  @Override
  public String apply(double x) {
    double a = Math.abs(x);
    double t = a * scale;
    if (!(t < FAST_LIMIT)) {
      return format.format(x);
    }
    double floor = Math.floor(t);
    double fraction = t - floor;
    if (!(Math.abs(fraction - 0.5) > TIE_MARGIN)) {
      return format.format(x);
    }
    long n = (long) floor + (fraction > 0.5 ? 1 : 0);
    StringBuilder sb = new StringBuilder(12);
    if (x < 0 || (x == 0 && 1 / x < 0)) {
      sb.append('-');
    }
    sb.append(n / scale);
    long decimals = n % scale;
    if (decimals != 0) {
      int digits = dp;
      while (decimals % 10 == 0) {
        decimals /= 10;
        digits--;
      }
      sb.append('.');
      String d = Long.toString(decimals);
      for (int i = d.length(); i < digits; i++) {
        sb.append('0');
      }
      sb.append(d);
    }
    return sb.toString();
  }
}
