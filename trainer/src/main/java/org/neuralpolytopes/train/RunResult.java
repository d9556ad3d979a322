package org.neuralpolytopes.train;

import java.io.Serializable;
import java.time.Instant;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.net.CanonicalForm;

/**
 * Everything one configuration produced: its configuration (provenance: any row can be re-run
 * exactly), status, training outcome, trained weights and measurements. Parts that were not
 * reached are null (no training outcome for a run that failed before training, no geometry for a
 * diverged run, no exact faces for an activation that is not piecewise linear, no Morse counts
 * or symmetry for an unbounded body, no symmetry for a sphere).
 *
 * @param faces the exact face complex (p = 1 and relu only; null otherwise or if it failed)
 * @param morse critical points of the radial function (null when unbounded or d > 5)
 * @param symmetry symmetry statistics of the vertex set: the exact vertices and edges when the
 *     face complex is complete, the Morse maxima otherwise
 * @param polytopeName the catalogue name of the body ({@code sphere}, {@code unnamed}, ...)
 * @param parameters the weights' canonical form modulo the network's symmetries
 * @param mahler the volume product vol(K) vol(K°) (null when unbounded)
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
    MorseCounts morse,
    VertexSymmetry symmetry,
    String polytopeName,
    CanonicalForm parameters,
    MahlerProduct mahler,
    double trainSeconds,
    double geometrySeconds,
    String host,
    String codeVersion,
    Instant startedAt)
    implements Serializable {

  private static final long serialVersionUID = 1L;
}
