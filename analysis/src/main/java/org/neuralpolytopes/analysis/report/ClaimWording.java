package org.neuralpolytopes.analysis.report;

import static org.neuralpolytopes.analysis.report.ClaimCatalogue.DUAL_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.FRAME_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.NEAR_DUAL_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.RATIO_TOLERANCE;
import static org.neuralpolytopes.analysis.report.ClaimCatalogue.SPHERE_TOLERANCE;

import java.util.List;

/** The words of the paper-claims table: what a body is expected to look like, and the criteria. */
final class ClaimWording {

  private ClaimWording() {}

  /** The table's header. */
  static final List<String> HEADER = List.of("claim", "(d, L, n, p)", "paper", "measured", "verdict", "seeds agreeing",
      "criterion");

  /** The shape the paper expects of an l_p-ball body at exponent p, from its p = 1, large-p and p = 2 shapes. */
  static String edge(double p, String atOne, String large, String atTwo) {
    if (p < 1) {
      return "spiky " + atOne;
    } else if (p == 1) {
      return atOne;
    } else if (p < 2) {
      return "rounded " + atOne;
    } else if (p == 2) {
      return atTwo;
    } else if (p < 8) {
      return "rounded " + large;
    }
    return large + " (nearly)";
  }

  static String percent(double x) {
    return Values.num(100 * x) + "%";
  }

  /** What NO_FIT means, in the page's, the Markdown file's and the criteria's words (docs/training.md). */
  static final String NO_FIT_MEANING = "final loss not below 1 - 1e-9, no better than f = 0, or a fit (1 - loss) "
      + "below 1% of the run's best: the output collapsed";

  /** The criteria in force, for the page and the Markdown file. */
  static List<String> criteria() {
    return List.of(
        "Seeds: a check counts the runs (seeds) of its configuration that meet its criterion; a run without "
            + "geometry (DIVERGED, FAILED) never does, and a NO_FIT run (" + NO_FIT_MEANING + ") is "
            + "left out of the count altogether: it is not a fit of the sphere. The seeds column says how many were "
            + "left out. match = every counted seed, partial = some, no match = none; no fit = the configuration was "
            + "run but every seed is NO_FIT, so none is counted (not in this sweep = no run at all).",
        "Regular polygon (2, 1, n, 1): radius_max/radius_min within " + percent(RATIO_TOLERANCE)
            + " of 1/cos(pi/(2n)) (necessary for regularity), f_vector (2n, 2n) and symmetry_order 4n (D_2n).",
        "l_p ball (d, 1, d, p): the body is the l_p ball up to rotation and scale exactly when the d weight rows are "
            + "orthogonal and of equal length; frame_defect (runs/: max(largest |cos| between two rows, "
            + "max|w_i|/min|w_i| - 1)) <= " + Values.num(FRAME_TOLERANCE) + ". The radius ratio against the l_p ball's "
            + "d^|1/2 - 1/p| is shown beside it, not judged: over a finite direction set it misses the tips of spiky "
            + "(p < 1) bodies.",
        "Sphere: sphericity_error <= " + Values.num(SPHERE_TOLERANCE) + ".",
        "Deeper is rounder: an L = 2 seed agrees when its sphericity_error is below the mean of the L = 1 seeds at "
            + "equal (d, n) and training schedule.",
        "Named polyhedra: polytope_name and symmetry_group as the paper names them; the radius ratio against the "
            + "regular polyhedron's is shown beside them.",
        "Duality needs polar_distance from duality/: exact when <= " + Values.num(DUAL_TOLERANCE) + ", near when between "
            + Values.num(DUAL_TOLERANCE) + " and " + Values.num(NEAR_DUAL_TOLERANCE) + ". p = 1 is compared with the q "
            + "duality/ pairs it with: the largest p above 2 of the same seed whose run is OK, which is below the "
            + "grid's largest p where that p's runs are not OK (the row says so); a pair whose runs are all NO_FIT on "
            + "one side reads no fit.");
  }
}
