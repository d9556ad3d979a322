package org.neuralpolytopes.train;

import java.io.Serializable;
import java.util.Objects;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.identity.StableHash;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;

/**
 * One configuration: everything that decides a run's result. Immutable and serialisable, so it
 * is what a Spark task receives.
 *
 * <p>Identity: {@link #runId()} is a hash of the canonical form, which holds every field that
 * changes the trained network (architecture, exponent, activation, seed, training settings
 * including the convergence stop when it is on) but not the timeout, which only decides whether
 * a run finishes, and not the geometry settings, which decide how the network is measured
 * ({@code measure_id}). Doubles enter the canonical form by their exact bits, so the id does not
 * depend on how a number was written.
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
  public static final String IDENTITY_VERSION = "v2";

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
    Optimizers.requireApplicable(training.optimizer(), d, units, activation, p);
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

  /**
   * The canonical text the run id hashes: the trained network's identity (architecture,
   * exponent, activation, seed, training settings). The geometry settings are not part of it:
   * they decide how a network is measured, not which network it is ({@link
   * GeometrySettings#measureId()} names them).
   */
  public String canonicalForm() {
    TrainingSettings t = training;
    return IDENTITY_VERSION
        + "|d=" + d + "|layers=" + layers + "|units=" + units + "|p=" + bits(p)
        + "|activation=" + activation + "|seed=" + seed
        + "|optimizer=" + t.optimizer() + "|samples=" + t.samples() + "|batch_size=" + t.batchSize()
        + "|epochs=" + t.epochs() + "|learning_rate=" + bits(t.learningRate())
        + "|beta1=" + bits(t.beta1()) + "|beta2=" + bits(t.beta2()) + "|epsilon=" + bits(t.epsilon())
        + plateau(t) + sampling(t);
  }

  /**
   * The population-loss options' part of the canonical form: empty at their defaults (one fixed
   * random set, a constant learning rate), so that runs keep the ids they had before these
   * options existed.
   */
  private static String sampling(TrainingSettings t) {
    return t.defaultSampling() ? ""
        : "|points=" + t.points() + "|resample=" + t.resample() + "|lr_schedule=" + t.lrSchedule();
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
    return StableHash.hex64(canonicalForm());
  }

  /**
   * The seed of seed index {@code index} of an architecture in a sweep with master seed
   * {@code master}. It depends on the master seed, the index and (d, layers, units) only, so
   * runs that differ in p, activation or training settings start from the same samples and
   * initial weights (common random numbers: their differences are the settings', not luck's).
   */
  public static long deriveSeed(long master, int index, int d, int layers, int units) {
    // "v1": seeds keep their values across identity versions (same samples and initial weights)
    return StableHash.long63("v1|seed|master=" + master + "|index=" + index
        + "|d=" + d + "|layers=" + layers + "|units=" + units);
  }

  private static String bits(double v) {
    return StableHash.bits(v);
  }
}
