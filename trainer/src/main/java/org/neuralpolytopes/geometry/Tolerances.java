package org.neuralpolytopes.geometry;

/**
 * Every tolerance the geometry uses, in one value (the Commons Geometry "precision object"
 * pattern): set from the spec, passed to every algorithm, written with the results. No bare
 * epsilon elsewhere in the geometry code.
 *
 * @param merge relative tolerance under which two linear terms a, a' count as equal when cells
 *     are merged into facets (|a - a'| <= merge * max(|a|, |a'|)); also the slack of the
 *     convexity test (a vertex x of K with max_k a_k . x <= 1 + merge keeps the body convex) and
 *     of rank tests on linear terms
 * @param symmetry a map Q is a symmetry of a vertex set when every image Q v lies within
 *     symmetry * rho of a vertex w, rho = (|v| + |w|) / 2 the radius of the two points matched:
 *     relative to each match's own radius (a rotation by symmetry radians moves every point by
 *     that fraction of its radius), so that far-out spikes and inner vertices are judged alike
 * @param sphere a body whose radial range (radius_max - radius_min) / radius_mean is below this
 *     is a sphere
 * @param unboundedRadius a radius above this (in units where the training target is the unit
 *     sphere) counts as unbounded; above 1
 * @param incidence relative tolerance of the exact cell walk: a unit ray r lies on a wall with
 *     normal g when |g . r| <= incidence * |g|; a neuron's coefficient vector is identically zero
 *     on a cell when it cancels to at most incidence times the sum of the magnitudes of its terms.
 *     Also the rank test of the face lattice (a vertex lies in the span of others when its
 *     component out of it is at most incidence times its length; {@link FaceLattice}) and the
 *     "same hyperplane" test of the polar's half-spaces ({@link HalfspaceVolume})
 * @param critical angle on S^{d-1}, in radians, under which two refined critical points of the
 *     radial function are one (Morse face counts)
 * @param unit parameter-space tolerance of the canonical form: a unit whose size on the scale of
 *     x (its output weight in scale normal form, to the power 1/k) is below this times its layer's
 *     largest is dead, two units whose normalised incoming weights
 *     differ by less than this are one, and weights that differ by less than this tie when units
 *     are sorted
 */
public record Tolerances(double merge, double symmetry, double sphere, double unboundedRadius, double incidence,
    double critical, double unit) implements java.io.Serializable {

  public static final double DEFAULT_INCIDENCE = 1e-9;
  public static final double DEFAULT_CRITICAL = 1e-3;
  public static final double DEFAULT_UNIT = 1e-4;

  public static final Tolerances DEFAULT =
      new Tolerances(1e-6, 0.05, 1e-3, 1e6, DEFAULT_INCIDENCE, DEFAULT_CRITICAL, DEFAULT_UNIT);

  public Tolerances {
    check("merge", merge);
    check("symmetry", symmetry);
    check("sphere", sphere);
    check("unbounded_radius", unboundedRadius);
    // the bodies fit the unit sphere: at or below 1 every body would be "unbounded" (and the
    // level-set scan of era bodies, from 1 / unbounded_radius up to it, would be empty)
    String radius = org.neuralpolytopes.train.SettingBounds.unboundedRadiusProblem(unboundedRadius);
    if (radius != null) {
      throw new IllegalArgumentException("unbounded_radius tolerance " + radius);
    }
    check("incidence", incidence);
    check("critical", critical);
    check("unit", unit);
  }

  /** The tolerances with the default incidence, critical and unit. */
  public Tolerances(double merge, double symmetry, double sphere, double unboundedRadius) {
    this(merge, symmetry, sphere, unboundedRadius, DEFAULT_INCIDENCE);
  }

  /** The tolerances with the default critical and unit. */
  public Tolerances(double merge, double symmetry, double sphere, double unboundedRadius, double incidence) {
    this(merge, symmetry, sphere, unboundedRadius, incidence, DEFAULT_CRITICAL, DEFAULT_UNIT);
  }

  private static void check(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " tolerance must be a finite number > 0, got " + value);
    }
  }
}
