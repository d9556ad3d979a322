package org.neuralpolytopes.measure;

import java.io.Serializable;
import java.time.Instant;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.StarShape;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.net.CanonicalForm;

/**
 * Everything measured on one trained network with one set of geometry settings
 * ({@link BodyMeasurement#of}). Parts that were not reached are null: no exact faces for an
 * activation that is not piecewise linear, no Morse counts, symmetry or volume product for an
 * unbounded body, nothing after the stage the deadline cut ({@link #cutStage}).
 *
 * @param settings the geometry settings it was measured with ({@link GeometrySettings#measureId()})
 * @param status how measuring ended
 * @param error why the status is not OK (null when OK)
 * @param cutStage the first stage the deadline skipped (null unless TIMEOUT)
 * @param shape radii over the direction set
 * @param parameters the weights modulo the network's symmetries
 * @param frameDefect how far a (d, 1, d) network's weight rows are from a scaled orthogonal frame
 *     (docs/metrics.md); null for other shapes
 * @param regionBoundCentral the bias-free bound on activation cells of the architecture
 *     ({@link org.neuralpolytopes.geometry.RegionBound#central})
 * @param faces the exact face complex (piecewise-linear activations)
 * @param morse critical points of the radial function (d <= 5, bounded bodies)
 * @param symmetry the point group of the vertex set
 * @param polytopeName the catalogue name of the body
 * @param mahler the volume product vol(K) vol(K°)
 * @param seconds wall time of measuring
 * @param measuredAt when measuring started
 * @param starShape whether the body is star-shaped about the origin (null when not measured)
 * @param vanishingCancellation the smallest layer cancellation {@link
 *     org.neuralpolytopes.geometry.VanishingSearch} found (null when it did not search: one layer,
 *     p = 1, relu, rational activations, a body already known unbounded, or a network above
 *     {@link org.neuralpolytopes.geometry.VanishingSearch#MAX_WORK})
 */
public record Measurement(
    GeometrySettings settings,
    MeasureStatus status,
    String error,
    String cutStage,
    ShapeStatistics shape,
    CanonicalForm parameters,
    Double frameDefect,
    Double regionBoundCentral,
    PolytopeFaces faces,
    MorseCounts morse,
    VertexSymmetry symmetry,
    String polytopeName,
    MahlerProduct mahler,
    double seconds,
    Instant measuredAt,
    StarShape starShape,
    Double vanishingCancellation)
    implements Serializable {

  private static final long serialVersionUID = 3L;

  /** A measurement without the star-shape check (nothing measured, or a failure before it). */
  public Measurement(GeometrySettings settings, MeasureStatus status, String error, String cutStage,
      ShapeStatistics shape, CanonicalForm parameters, Double frameDefect, Double regionBoundCentral,
      PolytopeFaces faces, MorseCounts morse, VertexSymmetry symmetry, String polytopeName, MahlerProduct mahler,
      double seconds, Instant measuredAt) {
    this(settings, status, error, cutStage, shape, parameters, frameDefect, regionBoundCentral, faces, morse,
        symmetry, polytopeName, mahler, seconds, measuredAt, null, null);
  }

  /** Whether the body is known not to be star-shaped (its volume and later measurements are null). */
  public boolean notStarShaped() {
    return starShape != null && !starShape.starShaped();
  }

  /** The hash of the settings, the {@code measure_id} column. */
  public String measureId() {
    return settings.measureId();
  }

  /** Whether the exact face complex is complete (so facets/ and vertices/ get rows). */
  public boolean exactFacesComplete() {
    return faces != null && faces.outcome() == PolytopeFaces.Outcome.COMPLETE;
  }

  /** Nothing measured: an error stopped the measurement (its message, after "measure: "). */
  public static Measurement failed(GeometrySettings settings, Throwable error) {
    return new Measurement(settings, MeasureStatus.FAILED, "measure: " + BodyMeasurement.describe(error), null, null,
        null, null, null, null, null, null, null, null, 0, Instant.now());
  }

  /** Nothing measured: the network was not usable (training failed or diverged). */
  public static Measurement skipped(GeometrySettings settings, String why) {
    return new Measurement(settings, MeasureStatus.SKIPPED, why, null, null, null, null, null, null, null, null, null,
        null, 0, Instant.now());
  }
}
