package org.neuralpolytopes.sweep.duality;

import org.apache.spark.api.java.function.Function;
import org.neuralpolytopes.geometry.PolarDistance;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.schema.DualityRow;

/** Measures one conjugate pair on an executor; a failure becomes a row with its error. */
final class PairTask implements Function<PairInput, DualityRow> {

  private static final long serialVersionUID = 1L;

  @Override
  public DualityRow call(PairInput in) {
    Double distance = null;
    Double residual = null;
    String error = null;
    try {
      PolarDistance pd = BodyMeasurement.polarDistance(network(in, in.p(), in.weightsP(), in.coefficientsP()),
          network(in, in.q(), in.weightsQ(), in.coefficientsQ()), in.directions(), Deadline.NONE);
      distance = pd.distance();
      residual = pd.residual();
    } catch (RuntimeException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return row(in, distance, residual, error, in.polarInputs());
  }

  /** A pair's row: its polar distance, residual and error as given, the rest from its input (what runs/ holds). */
  static DualityRow row(PairInput in, Double distance, Double residual, String error, String polarInputs) {
    return new DualityRow(in.runIdP(), in.runIdQ(), in.d(), in.layers(), in.units(), in.activation(),
        in.seedIndex(), in.seed(), in.p(), in.q(), in.qIsLimit(), distance, residual, facesDual(in.countsP(), in.countsQ()),
        in.mahlerRatioP(), in.mahlerRatioQ(), error, polarInputs);
  }

  /**
   * Whether the face counts at p reversed are those at q: false when a count known on both sides
   * differs, null when either has none or when they agree where both are known but some count is
   * unknown (-1: the middle Morse counts of d = 4, 5, which were compared as numbers and made every
   * p = 1 pair of d = 4, 5 false, its cross-polytope and rounded hypercube included).
   */
  static Boolean facesDual(int[] countsP, int[] countsQ) {
    if (countsP == null || countsQ == null || countsP.length != countsQ.length) {
      return countsP == null || countsQ == null ? null : false;
    }
    boolean unknown = false;
    int n = countsP.length;
    for (int i = 0; i < n; i++) {
      int a = countsP[n - 1 - i];
      int b = countsQ[i];
      if (a < 0 || b < 0) {
        unknown = true;
      } else if (a != b) {
        return false;
      }
    }
    return unknown ? null : true;
  }

  /** The network of one run of the pair; a rational one with its trained coefficients. */
  private static Network network(PairInput in, double p, double[] weights, double[] coefficients) {
    Architecture a = new Architecture(in.d(), in.layers(), in.units(),
        Activations.stored(in.activation(), p, in.layers(), in.activationShape()));
    return Network.stored(a, weights, coefficients);
  }
}
