package org.neuralpolytopes.sweep;

import java.io.Serializable;
import org.neuralpolytopes.schema.RunRows;
import org.neuralpolytopes.train.RunConfig;

/**
 * One unit of an executor's work, sent to it as a small serialisable value: train and measure a
 * configuration ({@link TrainJob}), or measure a stored network again ({@link MeasureJob}). It
 * returns the rows to write, never throws for a bad run (a failure is a row with its status), and
 * captures nothing of the driver.
 */
interface RunJob extends Serializable {

  /** The run it writes. */
  String runId();

  /** The configuration (for the cost model: its size and settings). */
  RunConfig config();

  /** Whether it trains (false: it only measures stored weights). */
  boolean trains();

  /** Does the work on the calling thread. */
  RunRows run();
}
