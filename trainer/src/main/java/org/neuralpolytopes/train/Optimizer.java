package org.neuralpolytopes.train;

/**
 * A way to minimise a {@link TrainingProblem}. One class per optimiser, registered in
 * {@link Optimizers}; the trainer knows only this interface.
 */
public interface Optimizer {

  /** The name used in specs and tables. */
  String name();

  /**
   * Minimises the problem's loss starting from {@code weights}, which it updates in place.
   *
   * @param deadlineNanos {@link System#nanoTime()} value after which it stops with TIMEOUT
   */
  TrainingOutcome minimise(TrainingProblem problem, double[] weights, long deadlineNanos);
}
