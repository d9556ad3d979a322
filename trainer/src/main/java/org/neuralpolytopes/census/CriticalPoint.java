package org.neuralpolytopes.census;

/**
 * One critical point (or critical set) of the population loss, modulo the symmetries.
 *
 * @param loss the population loss there, E_x[(f(x) - 1)^2] over the uniform sphere
 * @param kind {@link #MINIMUM}, {@link #SADDLE} or {@link #DEGENERATE}
 * @param index negative eigenvalues of the Hessian modulo the symmetries' directions
 * @param nullity zero eigenvalues left after those directions are projected out (0 unless
 *     degenerate)
 * @param eigenvalues that reduced Hessian's eigenvalues, ascending
 * @param gradientNorm max |gradient| at the representative
 * @param starts Newton starts that converged to it
 * @param pointsMerged distinct points merged into it (1 for an isolated point; more for a
 *     degenerate critical set reached at several of its points)
 * @param effectiveUnits units per layer of the canonical form
 * @param canonicalWeights the canonical form's weights in the frame of
 *     {@link Symmetries#oriented}
 * @param weights a representative's weights, in that frame, in the architecture's layout
 * @param lpBallFrame one layer: whether the effective rows are d orthogonal rows of equal length
 *     (the l_p ball); null for deeper networks
 * @param body the body {f = 1} at the representative
 */
public record CriticalPoint(double loss, String kind, int index, int nullity, double[] eigenvalues,
    double gradientNorm, int starts, int pointsMerged, int[] effectiveUnits, double[] canonicalWeights,
    double[] weights, Boolean lpBallFrame, Body body) {

  public static final String MINIMUM = "minimum";
  public static final String SADDLE = "saddle";
  public static final String DEGENERATE = "degenerate";

  /** The body's catalogue name, or {@code unbounded}. */
  public String polytopeName() {
    return body.name();
  }
}
