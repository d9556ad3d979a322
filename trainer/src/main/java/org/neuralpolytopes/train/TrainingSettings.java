package org.neuralpolytopes.train;

/**
 * How one configuration is trained. Defaults are the Neural Polytopes paper's schedule: 10 000
 * points on the sphere, Adam, batch 1000, 10 000 epochs.
 *
 * @param optimizer registered optimiser name ({@link Optimizers})
 * @param samples training points, uniform on S^{d-1}
 * @param batchSize points per optimiser step
 * @param epochs passes over the training points, at most
 * @param learningRate Adam's step size
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator guard
 * @param timeoutSeconds wall-clock limit for training; exceeded gives status TIMEOUT
 * @param plateauWindow epochs over which {@link PlateauStop} looks for progress; 0 turns the
 *     convergence stop off (the run then takes every epoch)
 * @param plateauTolerance the relative improvement of the best epoch loss below which a window
 *     counts as a plateau
 * @param points where the training points come from: {@code random} or {@code sobol}
 *     ({@link TrainingPoints})
 * @param resample {@code never} (one fixed set) or {@code epoch} (fresh points every epoch)
 * @param lrSchedule Adam's learning rate over the epochs ({@link LearningRateSchedule})
 */
public record TrainingSettings(
    String optimizer,
    int samples,
    int batchSize,
    int epochs,
    double learningRate,
    double beta1,
    double beta2,
    double epsilon,
    double timeoutSeconds,
    int plateauWindow,
    double plateauTolerance,
    String points,
    String resample,
    String lrSchedule) implements java.io.Serializable {

  /** The paper's schedule, every epoch of it: no convergence stop. */
  public static final TrainingSettings PAPER =
      new TrainingSettings("adam", 10000, 1000, 10000, 1e-3, 0.9, 0.999, 1e-8, 600);

  /** The convergence stop's window when it is on by default (see {@link #DEFAULT}). */
  public static final int DEFAULT_PLATEAU_WINDOW = 500;

  /** The convergence stop's tolerance when it is on by default (see {@link #DEFAULT}). */
  public static final double DEFAULT_PLATEAU_TOLERANCE = 1e-3;

  /**
   * What a spec or the train command gets for every key it leaves out: the paper's schedule with
   * the convergence stop on (docs/training.md, "The convergence stop", says why).
   */
  public static final TrainingSettings DEFAULT =
      PAPER.withPlateau(DEFAULT_PLATEAU_WINDOW, DEFAULT_PLATEAU_TOLERANCE);

  /** Settings without the convergence stop. */
  public TrainingSettings(String optimizer, int samples, int batchSize, int epochs, double learningRate,
      double beta1, double beta2, double epsilon, double timeoutSeconds) {
    this(optimizer, samples, batchSize, epochs, learningRate, beta1, beta2, epsilon, timeoutSeconds, 0, 0);
  }

  /** Settings with one fixed set of random points and a constant learning rate. */
  public TrainingSettings(String optimizer, int samples, int batchSize, int epochs, double learningRate,
      double beta1, double beta2, double epsilon, double timeoutSeconds, int plateauWindow, double plateauTolerance) {
    this(optimizer, samples, batchSize, epochs, learningRate, beta1, beta2, epsilon, timeoutSeconds, plateauWindow,
        plateauTolerance, TrainingPoints.RANDOM, TrainingPoints.NEVER, LearningRateSchedule.CONSTANT);
  }

  public TrainingSettings {
    Optimizers.of(optimizer);
    require(TrainingPoints.RANDOM.equals(points) || TrainingPoints.SOBOL.equals(points),
        "points must be random or sobol, got " + points);
    require(TrainingPoints.NEVER.equals(resample) || TrainingPoints.EPOCH.equals(resample),
        "resample must be never or epoch, got " + resample);
    require(LearningRateSchedule.NAMES.contains(lrSchedule),
        "lr_schedule must be one of " + String.join(", ", LearningRateSchedule.NAMES) + ", got " + lrSchedule);
    require(!TrainingPoints.EPOCH.equals(resample) || Adam.NAME.equals(optimizer),
        "resample: epoch needs a stochastic optimiser (adam), not " + optimizer);
    require(LearningRateSchedule.CONSTANT.equals(lrSchedule) || Adam.NAME.equals(optimizer),
        "lr_schedule " + lrSchedule + " applies to adam only, not " + optimizer);
    require(samples >= 1, "samples must be >= 1, got " + samples);
    require(batchSize >= 1, "batch_size must be >= 1, got " + batchSize);
    require(batchSize <= samples, "batch_size (" + batchSize + ") must not exceed samples (" + samples + ")");
    require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    require(learningRate > 0 && Double.isFinite(learningRate), "learning_rate must be > 0, got " + learningRate);
    require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
    require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
    require(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be > 0, got " + epsilon);
    require(timeoutSeconds > 0, "timeout_seconds must be > 0, got " + timeoutSeconds);
    require(plateauWindow >= 0, "plateau_window must be >= 0 (0 = off), got " + plateauWindow);
    require(plateauTolerance >= 0 && Double.isFinite(plateauTolerance),
        "plateau_tolerance must be a finite number >= 0, got " + plateauTolerance);
    if (plateauWindow == 0) {
      plateauTolerance = 0; // one way to say "off"
    }
  }

  /** Whether the convergence stop is on. */
  public boolean plateauStop() {
    return plateauWindow > 0;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public TrainingSettings withEpochs(int e) {
    return new TrainingSettings(optimizer, samples, batchSize, e, learningRate, beta1, beta2, epsilon, timeoutSeconds,
        plateauWindow, plateauTolerance, points, resample, lrSchedule);
  }

  /** These settings with the convergence stop set (window 0 = off). */
  public TrainingSettings withPlateau(int window, double tolerance) {
    return new TrainingSettings(optimizer, samples, batchSize, epochs, learningRate, beta1, beta2, epsilon,
        timeoutSeconds, window, tolerance, points, resample, lrSchedule);
  }

  /** These settings with another optimiser. */
  public TrainingSettings withOptimizer(String name) {
    return new TrainingSettings(name, samples, batchSize, epochs, learningRate, beta1, beta2, epsilon,
        timeoutSeconds, plateauWindow, plateauTolerance, points, resample, lrSchedule);
  }

  /** These settings with the population-loss options: point kind, resampling, schedule. */
  public TrainingSettings withSampling(String pointKind, String resampling, String schedule) {
    return new TrainingSettings(optimizer, samples, batchSize, epochs, learningRate, beta1, beta2, epsilon,
        timeoutSeconds, plateauWindow, plateauTolerance, pointKind, resampling, schedule);
  }

  /** Whether every setting of the population-loss options is at its default (one fixed random set). */
  public boolean defaultSampling() {
    return TrainingPoints.RANDOM.equals(points) && TrainingPoints.NEVER.equals(resample)
        && LearningRateSchedule.CONSTANT.equals(lrSchedule);
  }

  /** The settings as the spec writes them, for manifests. */
  public java.util.Map<String, Object> asMap() {
    java.util.Map<String, Object> tr = new java.util.LinkedHashMap<>();
    tr.put("optimizer", optimizer);
    tr.put("samples", samples);
    tr.put("batch_size", batchSize);
    tr.put("epochs", epochs);
    tr.put("learning_rate", learningRate);
    tr.put("beta1", beta1);
    tr.put("beta2", beta2);
    tr.put("epsilon", epsilon);
    tr.put("timeout_seconds", timeoutSeconds);
    tr.put("plateau_window", plateauWindow);
    tr.put("plateau_tolerance", plateauTolerance);
    tr.put("points", points);
    tr.put("resample", resample);
    tr.put("lr_schedule", lrSchedule);
    return tr;
  }
}
