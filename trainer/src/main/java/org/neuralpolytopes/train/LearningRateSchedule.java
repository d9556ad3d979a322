package org.neuralpolytopes.train;

/**
 * How Adam's learning rate changes over the epochs (training.lr_schedule), as a factor of
 * training.learning_rate at each epoch e of E = training.epochs:
 *
 * <ul>
 *   <li>{@code constant}: 1.
 *   <li>{@code cosine}: (1 + cos(pi e / E)) / 2, from 1 down to 0 (Loshchilov and Hutter 2017,
 *       without restarts).
 *   <li>{@code step}: 1, then 0.1 from E/2 and 0.01 from 3E/4 (the piecewise constant schedule).
 * </ul>
 */
public final class LearningRateSchedule {

  public static final String CONSTANT = "constant";
  public static final String COSINE = "cosine";
  public static final String STEP = "step";
  public static final java.util.List<String> NAMES = java.util.List.of(CONSTANT, COSINE, STEP);

  private LearningRateSchedule() {}

  /** The factor at epoch {@code epoch} (0-based) of {@code epochs}. */
  public static double factor(String schedule, int epoch, int epochs) {
    return switch (schedule) {
      case CONSTANT -> 1;
      case COSINE -> 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
      case STEP -> epoch >= 3L * epochs / 4 ? 0.01 : epoch >= epochs / 2 ? 0.1 : 1;
      default -> throw new IllegalArgumentException("unknown lr_schedule '" + schedule + "' (known: "
          + String.join(", ", NAMES) + ")");
    };
  }
}
