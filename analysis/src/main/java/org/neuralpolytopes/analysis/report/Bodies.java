package org.neuralpolytopes.analysis.report;

import java.util.Arrays;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Rebuilds a run's trained network from its {@code weights} and {@code weight_shapes} (docs/metrics.md:
 * layer by layer, each [units, fan_in] row-major) and, for era and era_even, its
 * {@code activation_coefficients} and {@code activation_shape}; the analysis never re-trains.
 */
final class Bodies {

  private Bodies() {}

  /** The network of a run, or null when the row has no usable weights. */
  static Network network(TableRow r) {
    double[] w = r.getDoubles("weights");
    if (w == null || w.length == 0) {
      return null;
    }
    for (double x : w) {
      if (!Double.isFinite(x)) {
        return null;
      }
    }
    // (sweeps written before the rational activations have no activation_* columns)
    boolean learnable = Activations.isLearnable(r.getString("activation"));
    Architecture arch = new Architecture(r.getInt("d"), r.getInt("layers"), r.getInt("units"), Activations.stored(
        r.getString("activation"), r.getDouble("p"), r.getInt("layers"), learnable ? r.getInts("activation_shape") : null));
    int[] shapes = r.getInts("weight_shapes");
    if (shapes != null && !Arrays.equals(shapes, arch.weightShapes())) {
      throw new IllegalArgumentException("run " + r.getString("run_id") + ": weight_shapes " + Arrays.toString(shapes)
          + " do not match (d, layers, units) = " + Arrays.toString(arch.weightShapes()));
    }
    return learnable ? Network.stored(arch, w, r.getDoubles("activation_coefficients")) : new Network(arch, w);
  }

  /** "(3, 1, 4, 1) seed 0": the paper's type and the seed index. */
  static String title(TableRow r) {
    return GridPoint.of(r).label() + " seed " + r.getInt("seed_index");
  }
}
