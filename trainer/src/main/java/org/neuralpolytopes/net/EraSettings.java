package org.neuralpolytopes.net;

import java.io.Serializable;
import java.util.List;

/**
 * The settings of the learnable rational activations {@code era} and {@code era_even} (the spec's
 * {@code era:} block; docs/spec.md, docs/training.md "Rational activations"): the degrees of
 * numerator and denominator, how the coefficients start, whether the layers share one set of
 * coefficients, and the gradient clipping of their training.
 *
 * @param numerator degree m of the numerator P, 1 .. {@link #MAX_DEGREE}
 * @param denominator degree of the denominator Q, even, 0 .. {@link #MAX_DEGREE}: Q is a product of
 *     denominator / 2 quadratic factors
 * @param init {@code abs_power} (a least-squares fit of |t|^p over the pre-activations' range at
 *     initialisation), {@code swish} (a fit of t sigmoid(t) over the same range) or {@code random}
 * @param sharing {@code layer} (one set of coefficients per hidden layer) or {@code shared} (one set
 *     for every layer); a network of one layer always has one set, written {@code layer}
 * @param clipNorm the largest Euclidean norm of a mini-batch gradient (weights and coefficients
 *     together) of an ERA run; a longer gradient is scaled down to it; 0 turns clipping off
 */
public record EraSettings(int numerator, int denominator, String init, String sharing, double clipNorm)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String ABS_POWER = "abs_power";
  public static final String SWISH = "swish";
  public static final String RANDOM = "random";
  public static final List<String> INITS = List.of(ABS_POWER, SWISH, RANDOM);

  public static final String LAYER = "layer";
  public static final String SHARED = "shared";
  public static final List<String> SHARINGS = List.of(LAYER, SHARED);

  /** Largest degree of numerator and denominator (monomial coefficients beyond it are ill-conditioned). */
  public static final int MAX_DEGREE = 12;

  /**
   * The defaults: degree 6 over 4, so that both variants grow like t^2 at both ends (the
   * seed's 5/4 grows like a_5 t, which is negative at one end: see docs/training.md), fitted to
   * |t|^p, one set per layer, gradients clipped to norm 1.
   */
  public static final EraSettings DEFAULT = new EraSettings(6, 4, ABS_POWER, LAYER, 1.0);

  public EraSettings {
    if (numerator < 1 || numerator > MAX_DEGREE) {
      throw new IllegalArgumentException("era.numerator must be between 1 and " + MAX_DEGREE + ", got " + numerator);
    }
    if (denominator < 0 || denominator > MAX_DEGREE) {
      throw new IllegalArgumentException(
          "era.denominator must be between 0 and " + MAX_DEGREE + ", got " + denominator);
    }
    if (denominator % 2 != 0) {
      throw new IllegalArgumentException("era.denominator must be even (a product of quadratic factors), got "
          + denominator);
    }
    if (!INITS.contains(init)) {
      throw new IllegalArgumentException("era.init must be one of " + String.join(", ", INITS) + ", got " + init);
    }
    if (!SHARINGS.contains(sharing)) {
      throw new IllegalArgumentException(
          "era.sharing must be one of " + String.join(", ", SHARINGS) + ", got " + sharing);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("era.clip_norm must be a finite number >= 0 (0 = off), got " + clipNorm);
    }
  }

  /**
   * Why these degrees do not suit the variant {@code activation} ({@code era} or {@code era_even}),
   * or null when they do: R must grow at infinity (numerator above denominator) so that the level
   * set is bounded, and era_even's numerator is a polynomial in t^2, so its degree is even.
   */
  public String degreeProblem(String activation) {
    boolean even = Era.EVEN_NAME.equals(activation);
    if (even && numerator % 2 != 0) {
      return "era_even needs an even numerator (P is a polynomial in t^2), got " + numerator;
    }
    if (numerator <= denominator) {
      return activation + " needs numerator > denominator so that R grows at infinity and the level set is bounded, got "
          + numerator + " <= " + denominator;
    }
    return null;
  }

  /** Whether the exponent p means anything for these settings (the abs_power initialisation). */
  public boolean usesExponent() {
    return ABS_POWER.equals(init);
  }

  /** These settings for a network of {@code layers} layers: one layer has one set, written {@code layer}. */
  public EraSettings forLayers(int layers) {
    return layers == 1 && !LAYER.equals(sharing) ? new EraSettings(numerator, denominator, init, LAYER, clipNorm) : this;
  }

  /** The settings as the spec writes them, for manifests. */
  public java.util.Map<String, Object> asMap() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("numerator", numerator);
    m.put("denominator", denominator);
    m.put("init", init);
    m.put("sharing", sharing);
    m.put("clip_norm", clipNorm);
    return m;
  }
}
