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
 */
public record TrainingOutcome(
    StopReason stopReason,
    double initialLoss,
    double finalLoss,
    int epochsRun,
    long steps,
    int[] lossCurveEpochs,
    double[] lossCurve) implements java.io.Serializable {}
