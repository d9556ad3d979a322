package org.neuralpolytopes.analysis.report;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The polar distance between the exact l_1 and l_q balls of one frame in R^d (the one-layer
 * |t|^p networks with weights e_1, ..., e_d, docs/paper-claims.md), measured as the duality stage
 * measures a trained pair (BodyMeasurement.polarDistance). The l_1 ball's polar is the cube, the
 * l_infinity ball, so for a finite q the exact pair is not dual: at q = 16 in d = 3 it is 0.0885
 * apart (at the cube's corners; about 1.5 / q), above the duality criterion 0.02, which no
 * p = 16 body can then meet (docs/findings.md). Computed once per (d, q, directions) per JVM, in
 * well under a second.
 */
final class ExactLimitPair {

  private ExactLimitPair() {}

  /** The most directions the duality stage takes a polar distance on (sweep-job's DualityStage.MAX_DIRECTIONS). */
  static final int MAX_DIRECTIONS = 4000;

  private static final Map<String, Double> CACHE = new ConcurrentHashMap<>();

  /** The polar distance of the exact l_1 and l_q balls of R^d on {@code directions} directions, or null when it fails. */
  static Double distance(int d, double q, int directions) {
    String key = d + "/" + q + "/" + directions;
    Double known = CACHE.get(key);
    if (known != null) {
      return known;
    }
    try {
      double x = BodyMeasurement.polarDistance(ball(d, 1), ball(d, q), directions, Deadline.NONE).distance();
      CACHE.put(key, x);
      return x;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The one-layer |t|^p network of weights e_1, ..., e_d: its body is the l_p unit ball. */
  static Network ball(int d, double p) {
    double[] w = new double[d * d];
    for (int i = 0; i < d; i++) {
      w[i * d + i] = 1;
    }
    return new Network(new Architecture(d, 1, d, Activations.of(GridPoint.ABS_POWER, p)), w);
  }
}
