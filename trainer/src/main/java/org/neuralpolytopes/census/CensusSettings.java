package org.neuralpolytopes.census;

import org.neuralpolytopes.geometry.GeometrySettings;

/**
 * How a critical-point census runs.
 *
 * @param starts Newton starts: the first {@code starts} points of a Sobol sequence in weight
 *     space; at least 2^m for m weights (see {@link Census#check})
 * @param gradientTolerance a search has converged to a critical point when every entry of the
 *     gradient of the population loss is at most this
 * @param hessianTolerance an eigenvalue of the Hessian (modulo the symmetries' directions) counts
 *     as zero when its size is at most this times the largest one's: the point is then degenerate
 * @param maxIterations Newton (Levenberg-Marquardt) iterations per start, at most
 * @param timeoutSeconds wall-clock limit of the whole census
 * @param geometry settings of the body measurements; its {@code tolerances.unit} is also the
 *     tolerance of the canonical form and of the comparison of critical points
 */
public record CensusSettings(int starts, double gradientTolerance, double hessianTolerance, int maxIterations,
    double timeoutSeconds, GeometrySettings geometry) {

  public static final int DEFAULT_STARTS = 4096;
  public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-10;
  public static final double DEFAULT_HESSIAN_TOLERANCE = 1e-6;
  public static final int DEFAULT_MAX_ITERATIONS = 300;
  public static final double DEFAULT_TIMEOUT_SECONDS = 3600;

  public static final CensusSettings DEFAULT = new CensusSettings(DEFAULT_STARTS, DEFAULT_GRADIENT_TOLERANCE,
      DEFAULT_HESSIAN_TOLERANCE, DEFAULT_MAX_ITERATIONS, DEFAULT_TIMEOUT_SECONDS, GeometrySettings.DEFAULT);

  public CensusSettings {
    if (starts < 1) {
      throw new IllegalArgumentException("--starts must be >= 1, got " + starts);
    }
    if (!(gradientTolerance > 0) || Double.isInfinite(gradientTolerance)) {
      throw new IllegalArgumentException("gradient tolerance must be a finite number > 0, got " + gradientTolerance);
    }
    if (!(hessianTolerance > 0 && hessianTolerance < 1)) {
      throw new IllegalArgumentException("hessian tolerance must be in (0, 1), got " + hessianTolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got " + maxIterations);
    }
    if (!(timeoutSeconds > 0)) {
      throw new IllegalArgumentException("--timeout must be > 0, got " + timeoutSeconds);
    }
  }

  public CensusSettings withStarts(int s) {
    return new CensusSettings(s, gradientTolerance, hessianTolerance, maxIterations, timeoutSeconds, geometry);
  }

  public CensusSettings withTimeout(double seconds) {
    return new CensusSettings(starts, gradientTolerance, hessianTolerance, maxIterations, seconds, geometry);
  }
}
