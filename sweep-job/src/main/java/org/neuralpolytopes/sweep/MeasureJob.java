package org.neuralpolytopes.sweep;

import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.measure.Measurement;
import org.neuralpolytopes.schema.RunRows;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.RunConfig;

/**
 * Measures a stored network again with other geometry settings: its runs/ row keeps every
 * training value, the measurement is new ({@link RunsTable#measureStored}).
 *
 * @param stored the run's whole runs/ row as stored
 */
record MeasureJob(Object[] stored, GeometrySettings geometry) implements RunJob {

  private static final long serialVersionUID = 1L;

  @Override
  public String runId() {
    return (String) stored[0];
  }

  @Override
  public RunConfig config() {
    return RunsTable.config(stored, geometry);
  }

  @Override
  public boolean trains() {
    return false;
  }

  @Override
  public RunRows run() {
    try {
      return RunsTable.measureStored(stored, geometry);
    } catch (RuntimeException e) {
      return RunRows.remeasured(stored, Measurement.failed(geometry, e));
    }
  }
}
