package org.neuralpolytopes.train;

import java.io.Serializable;
import java.time.Instant;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.ShapeStatistics;

/**
 * Everything one configuration produced: its configuration (provenance: any row can be re-run
 * exactly), status, training outcome, trained weights and measurements. Parts that were not
 * reached are null (no training outcome for a run that failed before training, no geometry for a
 * diverged run, no exact faces for an activation that is not piecewise linear).
 *
 * @param faces the exact face complex (p = 1 and relu only; null otherwise or if it failed)
 */
public record RunResult(
    RunConfig config,
    String runId,
    String specName,
    Status status,
    String error,
    TrainingOutcome training,
    double[] weights,
    ShapeStatistics shape,
    PolytopeFaces faces,
    double trainSeconds,
    double geometrySeconds,
    String host,
    String codeVersion,
    Instant startedAt)
    implements Serializable {

  private static final long serialVersionUID = 1L;
}
