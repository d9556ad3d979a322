package org.neuralpolytopes.sweep;

import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * A relative cost of one configuration, used to start the most expensive first so that a grid
 * with a few heavy configurations does not end with one busy core. Training dominates: epochs x
 * samples x multiply-adds per point (d n + (L - 1) n^2 + n) for the forward pass, about twice that
 * for the backward pass, with a surcharge where the activation needs Math.pow; the geometry adds
 * the log-space evaluation over the direction set.
 */
public final class CostModel {

  private CostModel() {}

  public static double estimate(RunConfig c) {
    double n = c.units();
    double perPoint = c.d() * n + (c.layers() - 1) * n * n + n;
    boolean pow = "abs_power".equals(c.activation()) && c.p() != Math.rint(c.p());
    double activation = pow ? 4 : 1;
    TrainingSettings t = c.training();
    double train = (double) t.epochs() * t.samples() * (3 * perPoint + activation * c.layers() * n);
    double geometry = c.geometry().directions() * (perPoint + 20 * c.layers() * n);
    return train + geometry;
  }
}
