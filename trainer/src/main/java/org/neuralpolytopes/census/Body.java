package org.neuralpolytopes.census;

import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.measure.MeasureStatus;
import org.neuralpolytopes.measure.Measurement;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.SphereMesh;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.net.CanonicalForm;
import org.neuralpolytopes.net.Network;

/**
 * The body {f = 1} of a network at a critical point, measured by the one measurement stage a run
 * uses ({@link BodyMeasurement}): shape statistics, the Morse counts of the radial function
 * (d <= 5), the symmetry of its maxima and the catalogue name.
 *
 * <p>A first layer of rank below d makes f vanish on its kernel: the body is unbounded, decided
 * here from the canonical form's first layer (dead units dropped: at a critical point a dead
 * unit's weights are only as small as the solver's gradient tolerance allows, about its cube
 * root for p = 4, so the raw weights' rank would count it), since the direction set may miss the
 * kernel's directions, where the radius is only large. Nothing else is measured then. Deeper
 * layers can make f vanish too (V h(x) = 0 for a last layer V, as at the (2, 2, 2, 4) point whose
 * f is proportional to (x_1^4 - x_2^4)^4): the measurement's search for a layer whose
 * pre-activations cancel ({@link org.neuralpolytopes.geometry.VanishingSearch}) finds that, and
 * gives status UNBOUNDED.
 *
 * @param name the catalogue name ({@code sphere}, {@code square (rounded, p=4)}, {@code unnamed},
 *     ...) or {@link #UNBOUNDED}
 * @param morseCounts critical points of the radial function by index from the maxima down (null
 *     for a sphere or an unbounded body)
 * @param symmetryGroup the point group of the maxima (null when not measured)
 */
public record Body(String name, int[] morseCounts, String symmetryGroup) {

  public static final String UNBOUNDED = "unbounded";

  static Body measure(Network net, CanonicalForm canonical, GeometrySettings gs) {
    int d = net.architecture().d();
    Tolerances tol = gs.tolerances();
    if (firstLayerRank(Symmetries.layers(canonical, d)[0], d, tol.unit()) < d) {
      return new Body(UNBOUNDED, null, null);
    }
    Measurement m = BodyMeasurement.of(net, gs, Deadline.NONE);
    if (m.status() == MeasureStatus.UNBOUNDED) {
      return new Body(UNBOUNDED, null, null);
    }
    String name = m.polytopeName() != null ? m.polytopeName() : PolytopeCatalogue.UNNAMED;
    return new Body(name, m.morse() == null ? null : m.morse().counts(),
        m.symmetry() == null ? null : m.symmetry().symmetryGroup());
  }

  /** Rank of the rows: singular values above {@code tol} times the largest. */
  static int firstLayerRank(double[][] rows, int d, double tol) {
    RealMatrix w = MatrixUtils.createRealMatrix(rows.length, d);
    for (int i = 0; i < rows.length; i++) {
      w.setRow(i, rows[i]);
    }
    double[] sigma = new SingularValueDecomposition(w).getSingularValues();
    int rank = 0;
    for (double s : sigma) {
      if (s > tol * sigma[0]) {
        rank++;
      }
    }
    return rank;
  }
}
