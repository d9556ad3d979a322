package org.neuralpolytopes.train;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;

/**
 * One configuration: everything that decides a run's result. Immutable and serialisable, so it
 * is what a Spark task receives.
 *
 * <p>Identity: {@link #runId()} is a hash of the canonical form, which holds every field that
 * changes the result (architecture, exponent, activation, seed, training settings including the
 * convergence stop when it is on, geometry settings) but not the timeout, which only decides whether a run finishes. Doubles enter the
 * canonical form by their exact bits, so the id does not depend on how a number was written.
 *
 * @param seed the random seed of this run (samples, initial weights, shuffles); in a sweep it is
 *     derived by {@link #deriveSeed} from the spec's master seed and the seed index
 * @param seedIndex which of a grid point's seeds this is (0 for a single run)
 */
public record RunConfig(
    int d,
    int layers,
    int units,
    double p,
    String activation,
    long seed,
    int seedIndex,
    TrainingSettings training,
    GeometrySettings geometry)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Bumped when the canonical form changes meaning; part of every id. */
  public static final String IDENTITY_VERSION = "v1";

  public RunConfig {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(geometry, "geometry");
    if (d < 2) {
      throw new IllegalArgumentException("d must be >= 2, got " + d);
    }
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    if (units < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + units);
    }
    Activations.of(activation, p);
    if (!Activations.usesExponent(activation)) {
      p = 1;
    }
  }

  /** A configuration with the paper's schedule and default geometry. */
  public static RunConfig of(int d, int layers, int units, double p, String activation, long seed) {
    return new RunConfig(d, layers, units, p, activation, seed, 0, TrainingSettings.PAPER, GeometrySettings.DEFAULT);
  }

  public Activation activationFunction() {
    return Activations.of(activation, p);
  }

  public Architecture architecture() {
    return new Architecture(d, layers, units, activationFunction());
  }

  public RunConfig withTraining(TrainingSettings t) {
    return new RunConfig(d, layers, units, p, activation, seed, seedIndex, t, geometry);
  }

  public RunConfig withGeometry(GeometrySettings g) {
    return new RunConfig(d, layers, units, p, activation, seed, seedIndex, training, g);
  }

  /** The canonical text the run id hashes. */
  public String canonicalForm() {
    TrainingSettings t = training;
    Tolerances tol = geometry.tolerances();
    return IDENTITY_VERSION
        + "|d=" + d + "|layers=" + layers + "|units=" + units + "|p=" + bits(p)
        + "|activation=" + activation + "|seed=" + seed
        + "|optimizer=" + t.optimizer() + "|samples=" + t.samples() + "|batch_size=" + t.batchSize()
        + "|epochs=" + t.epochs() + "|learning_rate=" + bits(t.learningRate())
        + "|beta1=" + bits(t.beta1()) + "|beta2=" + bits(t.beta2()) + "|epsilon=" + bits(t.epsilon())
        + plateau(t)
        + "|directions=" + geometry.directions()
        + "|tol=" + bits(tol.merge()) + "," + bits(tol.symmetry()) + "," + bits(tol.sphere())
        + "," + bits(tol.unboundedRadius()) + "," + bits(tol.incidence())
        + "|max_cells=" + geometry.maxCells()
        + morse(geometry);
  }

  /**
   * The Morse and canonical-form settings' part of the canonical form: empty at their defaults,
   * so that runs keep the ids they had before these settings existed.
   */
  private static String morse(GeometrySettings g) {
    Tolerances tol = g.tolerances();
    String s = "";
    if (tol.critical() != Tolerances.DEFAULT_CRITICAL || tol.unit() != Tolerances.DEFAULT_UNIT) {
      s += "|tol_morse=" + bits(tol.critical()) + "," + bits(tol.unit());
    }
    if (g.morsePoints() != GeometrySettings.DEFAULT_MORSE_POINTS) {
      s += "|morse_points=" + g.morsePoints();
    }
    return s;
  }

  /**
   * The convergence stop's part of the canonical form: empty when it is off, so that a run of
   * the full schedule keeps the id it had before the stop existed.
   */
  private static String plateau(TrainingSettings t) {
    return t.plateauStop()
        ? "|plateau_window=" + t.plateauWindow() + "|plateau_tolerance=" + bits(t.plateauTolerance())
        : "";
  }

  /** Stable 16-hex-digit id: the first 64 bits of SHA-256 of the canonical form. */
  public String runId() {
    return hex(sha256(canonicalForm()), 8);
  }

  /**
   * The seed of seed index {@code index} of an architecture in a sweep with master seed
   * {@code master}. It depends on the master seed, the index and (d, layers, units) only, so
   * runs that differ in p, activation or training settings start from the same samples and
   * initial weights (common random numbers: their differences are the settings', not luck's).
   */
  public static long deriveSeed(long master, int index, int d, int layers, int units) {
    byte[] h = sha256(IDENTITY_VERSION + "|seed|master=" + master + "|index=" + index
        + "|d=" + d + "|layers=" + layers + "|units=" + units);
    long s = 0;
    for (int i = 0; i < 8; i++) {
      s = (s << 8) | (h[i] & 0xff);
    }
    return s & Long.MAX_VALUE;
  }

  private static String bits(double v) {
    return Long.toHexString(Double.doubleToLongBits(v));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  private static String hex(byte[] bytes, int count) {
    StringBuilder sb = new StringBuilder(2 * count);
    for (int i = 0; i < count; i++) {
      sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
    }
    return sb.toString();
  }
}
