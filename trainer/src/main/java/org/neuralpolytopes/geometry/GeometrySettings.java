package org.neuralpolytopes.geometry;

import org.neuralpolytopes.identity.StableHash;

/**
 * How a trained network is measured.
 *
 * @param directions size of the fixed quasi-uniform direction set on S^{d-1} for the shape
 *     statistics (the same set for every run of a dimension)
 * @param tolerances every tolerance of the geometry
 * @param maxCells the exact cell walk of a piecewise-linear network stops (status
 *     GEOMETRY_LIMIT, partial counts) when the network has more activation cells than this, or
 *     one cell more extreme rays
 * @param morsePoints size of the sphere mesh on which the critical points of the radial function
 *     are found ({@link SphereMesh}: points on the circle for d = 2, at least this many vertices
 *     of a geodesic icosahedron for d = 3, scattered points for d = 4, 5)
 */
public record GeometrySettings(int directions, Tolerances tolerances, int maxCells, int morsePoints)
    implements java.io.Serializable {

  public static final int DEFAULT_MAX_CELLS = 200_000;

  /** The largest max_cells a spec may ask for (the walk keeps every cell in memory). */
  public static final int MAX_MAX_CELLS = 10_000_000;

  public static final int DEFAULT_MORSE_POINTS = 20000;

  public static final GeometrySettings DEFAULT =
      new GeometrySettings(20000, Tolerances.DEFAULT, DEFAULT_MAX_CELLS, DEFAULT_MORSE_POINTS);

  public GeometrySettings {
    if (directions < 16) {
      throw new IllegalArgumentException("directions must be >= 16, got " + directions);
    }
    java.util.Objects.requireNonNull(tolerances, "tolerances");
    if (maxCells < 1 || maxCells > MAX_MAX_CELLS) {
      throw new IllegalArgumentException("max_cells must be between 1 and " + MAX_MAX_CELLS + ", got " + maxCells);
    }
    if (morsePoints < 100) {
      throw new IllegalArgumentException("morse_points must be >= 100, got " + morsePoints);
    }
  }

  /** Settings with the default cell cap and Morse mesh. */
  public GeometrySettings(int directions, Tolerances tolerances) {
    this(directions, tolerances, DEFAULT_MAX_CELLS);
  }

  /** Settings with the default Morse mesh. */
  public GeometrySettings(int directions, Tolerances tolerances, int maxCells) {
    this(directions, tolerances, maxCells, DEFAULT_MORSE_POINTS);
  }

  /** Bumped when the canonical form of the geometry settings changes meaning; part of every id. */
  public static final String MEASURE_IDENTITY_VERSION = "m1";

  /**
   * The version of the measuring code: bumped whenever it writes something else for some stored
   * network with the same settings (a status, a count, a statistic), so that rows it measured get
   * another {@code measure_id} than rows of an earlier version, and a sweep or {@code measure}
   * over an older folder measures those again. The history, one line per version, is
   * {@link #MEASUREMENT_CHANGES}.
   */
  public static final int MEASUREMENT_VERSION = 10;

  /**
   * What each version changed, index = version - 1 (printed when a folder's runs are measured
   * again for it). Version 1 is every output written before versions were counted (2026-11-28),
   * whose canonical form had no version in it.
   */
  public static final java.util.List<String> MEASUREMENT_CHANGES = java.util.List.of(
      "the measurements before versions were counted",
      "a network whose first layer has fewer units than inputs is UNBOUNDED at every p",
      "effective_units drops a unit only when its size on the scale of x is below tol_unit of the largest"
          + " (at p > 1 units that bound the body were dropped)",
      "a vertex set that spans only a hyperplane has its finite symmetry group (was null)",
      "d = 4, 5 maxima and minima of |t|^p (p <= 1) and relu bodies lie on the first layer's kinks, in antipodal pairs"
          + " for |t|^p (trained (4, 1, 5, 0.3) bodies had 109-131 maxima of at most 20)",
      "a rational-activation body whose rays leave it and come back for good (f -> -infinity) is UNBOUNDED"
          + " (was NOT_STAR_SHAPED, with the first crossings' radii as if bounded)",
      "d = 3 one-layer |t|^p bodies with p < 1: Morse counts from the arrangement of the kink circles, exact whatever"
          + " morse_points (the mesh merged cusps closer than two mesh steps: [8, 16, 10] with morse_ok true for"
          + " [56, 112, 58])",
      "two or more layers of |t|^p, p != 1: UNBOUNDED where some layer's pre-activations cancel to rounding in a"
          + " direction a search over the sphere finds (a census point vanishing on x1 = +-x2 read OK, radius_max 1092)",
      "one-layer |t|^p bodies with p < 1: the volume product from the hull of their tips (mahler_method tip_hull; the"
          + " d = 5 l_0.5 ball's polar volume read 701 for 32), and in d = 4, 5 a Morse maximum at every tip and a"
          + " minimum in every region of the units' hyperplanes (the mesh found 32 of 62 minima for six rows of R^5,"
          + " the seeds 140 of 3 640 maxima for a (5, 1, 16) body); a frame with an axis exactly at the"
          + " orthonormal frame's threshold no longer fails the symmetry stage; frame_defect is null for relu",
      "the runs table's vanishing_cancellation: the smallest layer cancellation the search for a vanishing f found"
          + " (null when it did not search, as for a network above its work cap, which before left no mark); a complete"
          + " exact polytope's radius_max is its farthest vertex and, convex, its radius_min the nearest facet plane"
          + " (sampled, a (3, 2, 3, 1) body read 16.3 for 66.0), and every body's extremes take in its refined maxima and"
          + " minima (a spiky body's tips: the l_0.5 ball read 0.565 for 1 on 200 directions); an UNBOUNDED row's"
          + " radius_max and sphericity_error are"
          + " infinite (were the sampled ones); d >= 4 one-layer spiky Morse counts leave out dead and coincident rows as"
          + " d = 3 does (five rows of R^4 with a dead one and a near copy read 50 maxima and 84 minima for 20 and 30)");

  /**
   * The canonical text {@link #measureId()} hashes: every setting, doubles by their exact bits,
   * and the measuring code's version.
   */
  public String canonicalForm() {
    return canonicalForm(MEASUREMENT_VERSION);
  }

  /**
   * The canonical form as measuring code of the given version wrote it: version 1's is that of
   * every folder written before versions were counted (no version field), so such rows read as
   * measured by version 1.
   */
  public String canonicalForm(int measurementVersion) {
    if (measurementVersion < 1 || measurementVersion > MEASUREMENT_VERSION) {
      throw new IllegalArgumentException("no measurement version " + measurementVersion);
    }
    Tolerances t = tolerances;
    return MEASURE_IDENTITY_VERSION + (measurementVersion == 1 ? "" : "|measurement=" + measurementVersion)
        + "|directions=" + directions + "|max_cells=" + maxCells
        + "|morse_points=" + morsePoints
        + "|tol=" + StableHash.bits(t.merge()) + "," + StableHash.bits(t.symmetry()) + "," + StableHash.bits(t.sphere())
        + "," + StableHash.bits(t.unboundedRadius()) + "," + StableHash.bits(t.incidence())
        + "," + StableHash.bits(t.critical()) + "," + StableHash.bits(t.unit());
  }

  /**
   * The {@code measure_id} of rows measured with these settings: 16 hex digits of SHA-256 of
   * {@link #canonicalForm()}. Two rows with the same measure_id were measured alike: with the
   * same settings, by the same version of the measuring code.
   */
  public String measureId() {
    return StableHash.hex64(canonicalForm());
  }

  /** The {@code measure_id} measuring code of the given version gave rows measured with these settings. */
  public String measureId(int measurementVersion) {
    return StableHash.hex64(canonicalForm(measurementVersion));
  }

  /**
   * The {@code measure_id} each earlier version of the measuring code gave rows measured with
   * these settings, to its version (computed once: a folder's stored runs are looked up in it).
   */
  public java.util.Map<String, Integer> earlierMeasureIds() {
    java.util.Map<String, Integer> ids = new java.util.HashMap<>();
    for (int v = 1; v < MEASUREMENT_VERSION; v++) {
      ids.put(measureId(v), v);
    }
    return ids;
  }

  /** The settings as the spec writes them (nested maps, snake_case keys), for manifests. */
  public java.util.Map<String, Object> asMap() {
    java.util.Map<String, Object> geo = new java.util.LinkedHashMap<>();
    geo.put("directions", directions);
    geo.put("max_cells", maxCells);
    geo.put("morse_points", morsePoints);
    java.util.Map<String, Object> tol = new java.util.LinkedHashMap<>();
    tol.put("merge", tolerances.merge());
    tol.put("symmetry", tolerances.symmetry());
    tol.put("sphere", tolerances.sphere());
    tol.put("unbounded_radius", tolerances.unboundedRadius());
    tol.put("incidence", tolerances.incidence());
    tol.put("critical", tolerances.critical());
    tol.put("unit", tolerances.unit());
    geo.put("tolerances", tol);
    return geo;
  }

  public GeometrySettings withMaxCells(int cap) {
    return new GeometrySettings(directions, tolerances, cap, morsePoints);
  }
}
