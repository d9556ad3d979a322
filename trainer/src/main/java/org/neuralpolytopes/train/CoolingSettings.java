package org.neuralpolytopes.train;

import java.io.Serializable;

/**
 * The settings of Cooling (training.cooling; docs/training.md, "Cooling"): every {@code every}
 * epochs the loss-optimal output scale is measured on {@code holdout} held-out points of the sphere
 * and applied, either pushed into the layers ({@code redistribute}) or kept as a final scale.
 *
 * @param every epochs between two cooling steps, >= 1
 * @param holdout held-out points on the sphere on which the scale is measured, >= 1
 * @param redistribute true: the scale goes into the layers (rebalanced, then tau^(i/L) through layer
 *     i); false: it stays a final scale of the output (folded into the first layer when training ends)
 */
public record CoolingSettings(int every, int holdout, boolean redistribute) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What a {@code cooling:} block gives for every key it leaves out. */
  public static final CoolingSettings DEFAULT = new CoolingSettings(100, 1000, true);

  public CoolingSettings {
    if (every < 1) {
      throw new IllegalArgumentException("cooling.every must be >= 1, got " + every);
    }
    if (holdout < 1) {
      throw new IllegalArgumentException("cooling.holdout must be >= 1, got " + holdout);
    }
  }

  /** The part of a run's canonical form (its identity). */
  String canonical() {
    return "every:" + every + ",holdout:" + holdout + ",redistribute:" + redistribute;
  }

  /** The settings as the spec writes them, for manifests. */
  public java.util.Map<String, Object> asMap() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("every", every);
    m.put("holdout", holdout);
    m.put("redistribute", redistribute);
    return m;
  }
}
