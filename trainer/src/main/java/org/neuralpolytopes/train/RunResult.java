package org.neuralpolytopes.train;

import java.io.Serializable;
import java.time.Instant;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.measure.Measurement;
import org.neuralpolytopes.net.CanonicalForm;

/**
 * Everything one run produced: its configuration (provenance: any row can be re-run exactly),
 * how training ended, the trained weights, and the measurement of its body
 * ({@link org.neuralpolytopes.measure.BodyMeasurement}), with the status combined from both
 * ({@link Status#combine}). Parts that were not reached are null.
 *
 * @param trainStatus how training ended: OK, TIMEOUT, DIVERGED, NO_FIT or FAILED
 * @param trainError why training's status is not OK (null when OK)
 * @param training the optimiser's report (null when training failed before it ran)
 * @param weights the trained weights (null when training failed)
 * @param measurement the body's measurement (null when training failed or diverged)
 */
public record RunResult(
    RunConfig config,
    String runId,
    String specName,
    Status status,
    String error,
    Status trainStatus,
    String trainError,
    TrainingOutcome training,
    double[] weights,
    double trainSeconds,
    String host,
    String codeVersion,
    Instant startedAt,
    Measurement measurement)
    implements Serializable {

  private static final long serialVersionUID = 2L;

  public ShapeStatistics shape() {
    return measurement == null ? null : measurement.shape();
  }

  public PolytopeFaces faces() {
    return measurement == null ? null : measurement.faces();
  }

  public MorseCounts morse() {
    return measurement == null ? null : measurement.morse();
  }

  public VertexSymmetry symmetry() {
    return measurement == null ? null : measurement.symmetry();
  }

  public String polytopeName() {
    return measurement == null ? null : measurement.polytopeName();
  }

  public CanonicalForm parameters() {
    return measurement == null ? null : measurement.parameters();
  }

  public MahlerProduct mahler() {
    return measurement == null ? null : measurement.mahler();
  }

  /** Wall time of measuring (0 when nothing was measured). */
  public double geometrySeconds() {
    return measurement == null ? 0 : measurement.seconds();
  }
}
