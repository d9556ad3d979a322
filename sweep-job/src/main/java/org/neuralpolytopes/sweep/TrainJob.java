package org.neuralpolytopes.sweep;

import org.neuralpolytopes.schema.RunRows;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.Runs;

/** Trains a configuration and measures its body ({@link Runs#run}). */
record TrainJob(RunConfig config, String specName) implements RunJob {

  private static final long serialVersionUID = 1L;

  @Override
  public String runId() {
    return config.runId();
  }

  @Override
  public boolean trains() {
    return true;
  }

  @Override
  public RunRows run() {
    return RunRows.of(Runs.run(config, specName));
  }
}
