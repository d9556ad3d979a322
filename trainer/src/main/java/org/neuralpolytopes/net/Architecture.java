package org.neuralpolytopes.net;

import java.util.Objects;

/**
 * The shape of a bias-free network (docs/metrics.md, "The network and its body"): d inputs, L hidden
 * layers of n units each, activation sigma, output the plain sum of the last layer's units.
 *
 * <p>Weights live in one flat array, layer by layer from the input; layer l is its matrix in
 * row-major order with shape [n, fanIn(l)], so row i holds the incoming weights of unit i.
 */
public record Architecture(int d, int layers, int units, Activation activation) {

  public Architecture {
    if (d < 1 || layers < 1 || units < 1) {
      throw new IllegalArgumentException(
          "architecture needs d, layers, units >= 1, got d=" + d + " layers=" + layers + " units=" + units);
    }
    Objects.requireNonNull(activation, "activation");
  }

  /** Inputs of layer l (0-based): d for the first, n after. */
  public int fanIn(int layer) {
    return layer == 0 ? d : units;
  }

  /** Index of layer l's first weight in the flat array. */
  public int layerOffset(int layer) {
    return layer == 0 ? 0 : units * d + (layer - 1) * units * units;
  }

  /** Total number of weights (the parameter count; there are no biases). */
  public int weightCount() {
    return units * d + (layers - 1) * units * units;
  }

  /** The layer shapes, flat: [n, d, n, n, ...] as written to the {@code weight_shapes} column. */
  public int[] weightShapes() {
    int[] shapes = new int[2 * layers];
    for (int l = 0; l < layers; l++) {
      shapes[2 * l] = units;
      shapes[2 * l + 1] = fanIn(l);
    }
    return shapes;
  }

  /** Degree P = k^L of positive homogeneity of the whole network, NaN if sigma is not homogeneous. */
  public double degree() {
    return Math.pow(activation.homogeneityDegree(), layers);
  }
}
