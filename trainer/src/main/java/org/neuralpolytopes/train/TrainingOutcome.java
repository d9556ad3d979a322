package org.neuralpolytopes.train;

/**
 * What an optimiser reports.
 *
 * @param stopReason why it stopped
 * @param initialLoss loss over all training points before the first step
 * @param finalLoss loss over all training points with the final weights (NaN if diverged)
 * @param epochsRun complete passes over the training points
 * @param steps optimiser updates
 * @param lossCurveEpochs epochs (1-based) at which {@code lossCurve} was recorded, log-spaced
 * @param lossCurve mean batch loss of those epochs
 * @param bestLoss the lowest epoch loss (mean batch loss of an epoch) of the run, every epoch
 *     counted; NaN when no epoch ran (a closed form)
 * @param bestEpoch the epoch (1-based) of {@code bestLoss}; 0 when no epoch ran
 * @param coolingSteps the cooling steps that changed the network ({@link Cooling#steps}); 0 without
 *     Cooling
 * @param coolingTemperatures the temperature of every cooling step taken, in order, also of those
 *     that did nothing (not finite and positive; {@link Cooling#temperatures}); null without Cooling
 */
public record TrainingOutcome(
    StopReason stopReason,
    double initialLoss,
    double finalLoss,
    int epochsRun,
    long steps,
    int[] lossCurveEpochs,
    double[] lossCurve,
    double bestLoss,
    int bestEpoch,
    int coolingSteps,
    double[] coolingTemperatures) implements java.io.Serializable {

  /** An outcome without Cooling. */
  public TrainingOutcome(StopReason stopReason, double initialLoss, double finalLoss, int epochsRun, long steps,
      int[] lossCurveEpochs, double[] lossCurve, double bestLoss, int bestEpoch) {
    this(stopReason, initialLoss, finalLoss, epochsRun, steps, lossCurveEpochs, lossCurve, bestLoss, bestEpoch, 0,
        null);
  }

  /** An outcome without epochs to compare with (a closed form, a start that diverged at once). */
  public TrainingOutcome(StopReason stopReason, double initialLoss, double finalLoss, int epochsRun, long steps,
      int[] lossCurveEpochs, double[] lossCurve) {
    this(stopReason, initialLoss, finalLoss, epochsRun, steps, lossCurveEpochs, lossCurve, Double.NaN, 0, 0, null);
  }
}
