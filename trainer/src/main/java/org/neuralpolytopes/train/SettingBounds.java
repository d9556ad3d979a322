package org.neuralpolytopes.train;

import org.neuralpolytopes.geometry.GeometrySettings;

/**
 * The accepted range of every number a run's settings hold, and the forms a number may be written
 * in: the one validation that the sweep spec's parser and the {@code train} command both apply,
 * so that a value one of them refuses the other refuses too, with the same words. Each check
 * returns the problem as text ("must be between 2 and 64, got 65"), or null when the value is
 * fine; the caller puts the key or option in front.
 */
public final class SettingBounds {

  private SettingBounds() {}

  /** An inclusive range of integers. */
  public record IntRange(long min, long max) {

    /** The problem with {@code v}, or null. */
    public String problem(long v) {
      return v < min || v > max ? "must be between " + min + " and " + max + ", got " + v : null;
    }
  }

  /** Input dimension d. */
  public static final IntRange D = new IntRange(2, 64);
  /** Hidden layers. */
  public static final IntRange LAYERS = new IntRange(1, 64);
  /** Units per hidden layer. */
  public static final IntRange UNITS = new IntRange(1, 4096);
  /** Seeds per grid point. */
  public static final IntRange SEEDS = new IntRange(1, 100_000);
  /** Training points. */
  public static final IntRange SAMPLES = new IntRange(1, 10_000_000);
  /** Points per optimiser step (and at most the samples). */
  public static final IntRange BATCH_SIZE = new IntRange(1, 10_000_000);
  /** Epoch limit. */
  public static final IntRange EPOCHS = new IntRange(1, 100_000_000);
  /** Window of the convergence stop (0 = off). */
  public static final IntRange PLATEAU_WINDOW = new IntRange(0, 100_000_000);
  /** Directions of the shape statistics. */
  public static final IntRange DIRECTIONS = new IntRange(16, 10_000_000);
  /** Activation cells the exact face walk may visit. */
  public static final IntRange MAX_CELLS = new IntRange(1, GeometrySettings.MAX_MAX_CELLS);
  /** Sphere mesh points of the Morse counts. */
  public static final IntRange MORSE_POINTS = new IntRange(100, 10_000_000);
  /** Epochs between two cooling steps. */
  public static final IntRange COOLING_EVERY = new IntRange(1, 100_000_000);
  /** Held-out points on which Cooling measures the temperature. */
  public static final IntRange COOLING_HOLDOUT = new IntRange(1, 10_000_000);
  /** Degree of a rational activation's numerator. */
  public static final IntRange ERA_NUMERATOR = new IntRange(1, org.neuralpolytopes.net.EraSettings.MAX_DEGREE);
  /** Degree of a rational activation's denominator (even). */
  public static final IntRange ERA_DENOMINATOR = new IntRange(0, org.neuralpolytopes.net.EraSettings.MAX_DEGREE);
  /** Exponents a range of p may generate. */
  public static final IntRange EXPONENT_STEPS = new IntRange(1, 100_000);

  /**
   * The most configurations one spec may expand to, whatever its {@code limits.max_configurations}
   * says: the driver holds every configuration in memory (a few hundred bytes each), so a grid is
   * refused above this before anything is allocated.
   */
  public static final int HARD_MAX_CONFIGURATIONS = 1_000_000;
  /** The spec's own cap on its configuration count. */
  public static final IntRange MAX_CONFIGURATIONS = new IntRange(1, HARD_MAX_CONFIGURATIONS);

  /**
   * A number as a spec or the command line may write it: a decimal ("1.5", "1e-3") or a fraction
   * of two decimals ("4/3"), so that conjugate exponents can be given exactly. Throws
   * {@link NumberFormatException} with a one-line message for anything else (NaN and Infinity
   * included: no setting takes them).
   */
  public static double parseNumber(String text) {
    String s = text == null ? "" : text.trim();
    int slash = s.indexOf('/');
    double value;
    try {
      if (slash > 0) {
        double num = decimal(s.substring(0, slash));
        double den = decimal(s.substring(slash + 1));
        if (den == 0) {
          throw new NumberFormatException("division by zero in '" + s + "'");
        }
        value = num / den;
      } else {
        value = decimal(s);
      }
    } catch (NumberFormatException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("division by zero")) {
        throw e;
      }
      throw new NumberFormatException("expected a number or a fraction such as 4/3, got '" + s + "'");
    }
    if (!Double.isFinite(value)) {
      throw new NumberFormatException("not a finite number: '" + s + "'");
    }
    return value;
  }

  /** A plain decimal; Java's words NaN and Infinity and its type suffixes (1d, 2f) are refused. */
  private static double decimal(String s) {
    String t = s.trim();
    if (t.isEmpty() || !t.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
      throw new NumberFormatException(t);
    }
    return Double.parseDouble(t);
  }

  /** An activation exponent: finite and > 0. */
  public static String exponentProblem(double p) {
    return p > 0 && Double.isFinite(p) ? null : "exponents must be finite and > 0, got " + p;
  }

  /** A learning rate, epsilon, tolerance or timeout: finite and > 0. */
  public static String positiveProblem(double v) {
    return v > 0 && Double.isFinite(v) ? null : "must be a finite number > 0, got " + v;
  }

  /** The unbounded radius: finite and above 1, the radius of the unit sphere the bodies fit. */
  public static String unboundedRadiusProblem(double v) {
    return v > 1 && Double.isFinite(v) ? null
        : "must be a finite number above 1 (the radius of the unit sphere the bodies fit), got " + v;
  }

  /** An Adam decay rate: in [0, 1). */
  public static String unitIntervalProblem(double v) {
    return v >= 0 && v < 1 ? null : "must be in [0, 1), got " + v;
  }

  /** The convergence stop's tolerance: finite and >= 0. */
  public static String nonNegativeProblem(double v) {
    return v >= 0 && Double.isFinite(v) ? null : "must be a finite number >= 0, got " + v;
  }

  /** The batch against the samples it is drawn from. */
  public static String batchProblem(long batch, long samples) {
    return batch > samples ? "batch_size " + batch + " exceeds samples " + samples : null;
  }
}
