package org.neuralpolytopes.train;

/** Why training ended (the {@code stop_reason} column). */
public enum StopReason {
  /** The configured number of epochs ran. */
  MAX_EPOCHS,
  /** The convergence stop: the loss stopped improving ({@link PlateauStop}). */
  PLATEAU,
  /** The loss became NaN or infinite. */
  DIVERGED,
  /** The wall-clock limit was reached; the weights are those of the last finished step. */
  TIMEOUT,
  /** The optimiser computed its weights in closed form, without iterations ({@link ExactQuadratic}). */
  CLOSED_FORM
}
