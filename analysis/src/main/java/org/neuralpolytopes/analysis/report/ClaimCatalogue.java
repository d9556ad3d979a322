package org.neuralpolytopes.analysis.report;

import java.util.List;

/**
 * The paper's claims (docs/paper-claims.md; Hashimoto, Naito and Naito, <i>Neural Polytopes</i>, 2023)
 * and the numbers the report judges them by: the configurations each claim is about, the bodies
 * it expects, their known shapes, and the tolerances of the criteria.
 */
final class ClaimCatalogue {

  private ClaimCatalogue() {}

  static final String POLYGONS = "neural polygons";
  static final String POLYHEDRA = "neural polyhedra";
  static final String DEEPER = "deeper is rounder";
  static final String HIGHER = "higher dimension";
  static final String EDGE = "p changes the edge";
  static final String DUALITY = "duality";
  static final String NEAR_DUALITY = "near duality";
  static final String SPHERE = "p = 2 gives the sphere";

  /** Every claim, in the paper's order. */
  static final List<String> CLAIMS = List.of(POLYGONS, POLYHEDRA, DEEPER, HIGHER, EDGE, DUALITY, NEAR_DUALITY, SPHERE);

  /** Relative tolerance on radius_max / radius_min against the regular shape's value. */
  static final double RATIO_TOLERANCE = 0.02;
  /**
   * frame_defect (largest |cos| between weight rows, or their relative length spread) under which a
   * (d, 1, d, p) body counts as the l_p ball: 5%, as the default tol_symmetry, because trained
   * bodies are regular only to within a few percent (flat losses for p < 1 leave 3-6%).
   */
  static final double FRAME_TOLERANCE = 0.05;
  /** sphericity_error below which a body counts as the unit sphere. */
  static final double SPHERE_TOLERANCE = 0.01;
  /** polar_distance below which two bodies count as exactly dual. */
  static final double DUAL_TOLERANCE = 0.02;
  /** polar_distance below which two bodies count as close to dual. */
  static final double NEAR_DUAL_TOLERANCE = 0.15;

  /** A named polyhedron of the paper: units of its (3, 1, n, 1) net, name and point group. */
  record NamedPolyhedron(int units, String name, String group) {}

  static final List<NamedPolyhedron> POLYHEDRA_OF_THE_PAPER = List.of(
      new NamedPolyhedron(3, "octahedron", "O_h"),
      new NamedPolyhedron(4, "cuboctahedron", "O_h"),
      new NamedPolyhedron(6, "icosidodecahedron", "I_h"));

  /** Units of the (3, 1, n, p) nets whose p = 1 and large-p bodies are close to dual. */
  static final List<Integer> NEAR_DUAL_UNITS = List.of(4, 6);

  /** radius_max / radius_min of the regular 2n-gon: 1 / cos(pi / 2n). */
  static double polygonRatio(int units) {
    return 1 / Math.cos(Math.PI / (2 * units));
  }

  /**
   * Circumradius over inradius of the regular polyhedra of the paper, in closed form: the
   * octahedron sqrt(3) (vertices at 1, faces at 1/sqrt(3)); the cuboctahedron sqrt(2) (edge a:
   * circumradius a, squares at a/sqrt(2)); the icosidodecahedron phi / sqrt(1 + 2/sqrt(5)) (edge 1:
   * circumradius phi, pentagons nearest, at sqrt(phi^2 - (5 + sqrt 5)/10)).
   */
  static double polyhedronRatio(int units) {
    double phi = (1 + Math.sqrt(5)) / 2;
    return switch (units) {
      case 3 -> Math.sqrt(3);
      case 4 -> Math.sqrt(2);
      case 6 -> phi / Math.sqrt(1 + 2 / Math.sqrt(5));
      default -> throw new IllegalArgumentException("no regular polyhedron of the paper for " + units + " units");
    };
  }

  /** radius_max / radius_min of the l_p ball in R^d: d^|1/2 - 1/p|. */
  static double lpBallRatio(int d, double p) {
    return Math.pow(d, Math.abs(0.5 - 1 / p));
  }
}
