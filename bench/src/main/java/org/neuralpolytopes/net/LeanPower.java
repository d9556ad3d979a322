package org.neuralpolytopes.net;

/**
 * A measurement, not a kernel the trainer uses: how fast |t|^p and its slope can be for a generic
 * p when the logarithm is not carried in double-double (issue 16, bench/RESULTS.md section 29).
 * Base 2: |t| = 2^k m, log2 |t| = k + log2 m; p k is split exactly by one fused multiply-add, so
 * only p log2 m (|p log2 m| <= p / 2) carries the logarithm's rounding, and n = round(p log2 |t|),
 * r = (p k - n) + p log2 m in [-1/2, 1/2]; 2^r = e^(r ln2) by {@link LogExpPower}'s series. The
 * rounding error of p log2 m grows with p: a few ulps at p = 2.7, more at large p. No test of the
 * double range (zeros, subnormals, infinities, results near the ends of the range): the
 * production kernel's costs 0.05-0.1 ns per element on top. {@link #applyWithoutDivision} takes
 * the slope from |t|^(p-1) (a second exponent on the same logarithm) instead of p h / t.
 */
public final class LeanPower {

  private static final double INV_LN2 = 1.44269504088896338700e+00;
  private static final double LN2 = 0.6931471805599453;
  private static final double TWO_INV_LN2 = 2 * INV_LN2;

  private LeanPower() {}

  /** Working rows, as long as the longest row yet. */
  public static final class Scratch {
    double[] a = new double[0];
    double[] b = new double[0];
    double[] c = new double[0];

    void reserve(int len) {
      if (a.length < len) {
        a = new double[len];
        b = new double[len];
        c = new double[len];
      }
    }
  }

  /** h = |z|^p, g = p h / z. Small loops, as {@link LogExpPower#apply}'s, for C2 to vectorise each. */
  public static void apply(double[] z, double[] h, double[] g, int len, double p, Scratch s) {
    reduced(z, len, p, s);
    double[] a = s.a;
    double[] b = s.b;
    for (int i = 0; i < len; i++) {
      h[i] = LogExpPower.expSeries(a[i]);
    }
    for (int i = 0; i < len; i++) {
      double value = LogExpPower.expOfReduced(a[i], 0, h[i]) * b[i];
      h[i] = value;
      g[i] = p * value / z[i];
    }
  }

  /** h = |z|^p, g = p |z|^(p-1) sign(z), the slope from its own exponent (no division). */
  public static void applyWithoutDivision(double[] z, double[] h, double[] g, int len, double p, Scratch s) {
    reduced(z, len, p - 1, s);
    double[] a = s.a;
    double[] b = s.b;
    for (int i = 0; i < len; i++) {
      g[i] = LogExpPower.expSeries(a[i]);
    }
    for (int i = 0; i < len; i++) {
      double u = LogExpPower.expOfReduced(a[i], 0, g[i]) * b[i]; // |z|^(p-1)
      double t = z[i];
      h[i] = u * Math.abs(t);
      g[i] = p * u;
    }
    signs(z, g, len);
  }

  /** |z|^e = 2^n e^(r ln2): s.a = r ln2, s.b = 2^n (the stages before the exponential's series). */
  private static void reduced(double[] z, int len, double e, Scratch s) {
    s.reserve(len);
    split(z, len, s.a, s.b);
    ratios(len, s.a);
    log2(len, s.a);
    reduce(len, e, s.a, s.b, s.c);
    powersOfTwo(len, s.c, s.b);
  }

  /** g takes z's sign (g >= 0 before). */
  private static void signs(double[] z, double[] g, int len) {
    RawBits.check(z, len);
    RawBits.check(g, len);
    for (int i = 0; i < len; i++) {
      RawBits.put(g, i, RawBits.get(g, i) | (RawBits.get(z, i) & RawBits.SIGN_BIT));
    }
  }

  /** a = s = (m - 1) / (m + 1) from a = m. */
  private static void ratios(int len, double[] a) {
    for (int i = 0; i < len; i++) {
      double f = a[i] - 1;
      a[i] = f / (2 + f);
    }
  }

  private static void split(double[] z, int len, double[] a, double[] b) {
    RawBits.check(z, len);
    RawBits.check(a, len);
    RawBits.check(b, len);
    for (int i = 0; i < len; i++) {
      long x = (RawBits.get(z, i) & ~RawBits.SIGN_BIT) - LogExpPower.SQRT_HALF_BITS;
      RawBits.put(a, i, (x & LogExpPower.MANTISSA_BITS) + LogExpPower.SQRT_HALF_BITS);
      RawBits.put(b, i, (x >> 52) + LogExpPower.SHIFT_BITS);
    }
  }

  /** a = log2 m from a = s. */
  private static void log2(int len, double[] a) {
    for (int i = 0; i < len; i++) {
      double sv = a[i];
      a[i] = Math.fma(sv, TWO_INV_LN2, sv * LogExpPower.logSeries(sv) * INV_LN2); // log(1 + f) = 2 s + s R
    }
  }

  /** a = r ln2, c = n + 1.5 2^52 + 1023, from a = log2 m and b = k + 1.5 2^52. */
  private static void reduce(int len, double p, double[] a, double[] b, double[] c) {
    for (int i = 0; i < len; i++) {
      double k = b[i] - LogExpPower.SHIFT;
      double hi = p * k;
      double lo = Math.fma(p, k, -hi);
      double t = p * a[i];
      double n = (hi + t + LogExpPower.SHIFT) - LogExpPower.SHIFT;
      double r = ((hi - n) + t) + lo;
      a[i] = r * LN2;
      c[i] = n + (LogExpPower.SHIFT + 1023);
    }
  }

  /** b = 2^n from c = n + 1.5 2^52 + 1023. */
  private static void powersOfTwo(int len, double[] c, double[] b) {
    RawBits.check(c, len);
    RawBits.check(b, len);
    for (int i = 0; i < len; i++) {
      RawBits.put(b, i, RawBits.get(c, i) << 52);
    }
  }

  /**
   * Its error against {@code Math.pow} (within 1 ulp of the exact value): the largest difference
   * in ulps of value and slope over random |t| in [2^-40, 2^40) and both signs, for each p given.
   * {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.net.LeanPower 2.7 0.7 16}
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("stages")) {
      stages();
      return;
    }
    int len = 1 << 16;
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    double[] z = new double[len];
    for (int i = 0; i < len; i++) {
      z[i] = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-40, 40)) * (rng.nextBoolean() ? 1 : -1);
    }
    double[] h = new double[len];
    double[] g = new double[len];
    Scratch s = new Scratch();
    for (String arg : args) {
      double p = Double.parseDouble(arg);
      for (boolean division : new boolean[] {true, false}) {
        if (division) {
          apply(z, h, g, len, p, s);
        } else {
          applyWithoutDivision(z, h, g, len, p, s);
        }
        double worstH = 0;
        double worstG = 0;
        for (int i = 0; i < len; i++) {
          double ph = Math.pow(Math.abs(z[i]), p);
          double pg = Math.copySign(p * Math.pow(Math.abs(z[i]), p - 1), z[i]);
          worstH = Math.max(worstH, Math.abs(h[i] - ph) / Math.ulp(ph));
          worstG = Math.max(worstG, Math.abs(g[i] - pg) / Math.ulp(pg));
        }
        System.out.printf(java.util.Locale.ROOT, "p = %s %s: value within %.2f ulp of Math.pow, slope %.2f%n", arg,
            division ? "(slope p h / t)" : "(slope from |t|^(p-1))", worstH, worstG);
      }
    }
  }

  /** Nanoseconds per element of each stage alone (rows of 1000, best of 20 rounds). */
  static void stages() {
    int len = 1000;
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    double[] z = new double[len];
    for (int i = 0; i < len; i++) {
      z[i] = rng.nextGaussian();
    }
    double[] h = new double[len];
    double[] g = new double[len];
    Scratch sc = new Scratch();
    sc.reserve(len);
    double p = 2.7;
    String[] names = {"split", "ratios", "log2", "reduce", "powersOfTwo", "expSeries", "value+slope", "all"};
    double[] best = new double[names.length];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int round = 0; round < 40; round++) {
      for (int st = 0; st < names.length; st++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 2000; rep++) {
          switch (st) {
            case 0 -> split(z, len, sc.a, sc.b);
            case 1 -> ratios(len, sc.c);
            case 2 -> log2(len, sc.c);
            case 3 -> reduce(len, p, h, sc.b, sc.c);
            case 4 -> powersOfTwo(len, sc.c, g);
            case 5 -> {
              for (int i = 0; i < len; i++) {
                h[i] = LogExpPower.expSeries(sc.a[i]);
              }
            }
            case 6 -> {
              for (int i = 0; i < len; i++) {
                double value = LogExpPower.expOfReduced(sc.a[i], 0, h[i]) * sc.b[i];
                h[i] = value;
                g[i] = p * value / z[i];
              }
            }
            default -> apply(z, h, g, len, p, sc);
          }
          if (st == 1 || st == 2) {
            System.arraycopy(z, 0, sc.c, 0, len);
          }
        }
        best[st] = Math.min(best[st], (System.nanoTime() - t0) / 2000.0 / len);
      }
    }
    for (int st = 0; st < names.length; st++) {
      System.out.printf(java.util.Locale.ROOT, "%-12s %.3f ns per element%n", names[st], best[st]);
    }
  }

  private static double exp(double r) {
    return LogExpPower.expOfReduced(r, 0, LogExpPower.expSeries(r));
  }
}
