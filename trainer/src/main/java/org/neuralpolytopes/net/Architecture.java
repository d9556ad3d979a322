package org.neuralpolytopes.net;

import java.util.Objects;

/**
 * The shape of a bias-free network (docs/metrics.md, "The network and its body"): d inputs, L hidden
 * layers of n units each, activation sigma, output the plain sum of the last layer's units.
 *
 * <p>Weights live in one flat array, layer by layer from the input; layer l is its matrix in
 * row-major order with shape [n, fanIn(l)], so row i holds the incoming weights of unit i. A
 * learnable activation ({@link Era}) adds its coefficients after the weights: the parameter
 * vector is the weights, then one set of coefficients per layer (or one shared set).
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

  /** Sets of activation coefficients: 0 for a fixed activation, 1 when shared, else one per layer. */
  public int coefficientSets() {
    LearnableActivation l = activation.learnable();
    return l == null ? 0 : l.shared() ? 1 : layers;
  }

  /** Activation coefficients in the parameter vector (0 for a fixed activation). */
  public int coefficientCount() {
    LearnableActivation l = activation.learnable();
    return l == null ? 0 : coefficientSets() * l.coefficientCount();
  }

  /** Length of the parameter vector: the weights, then the activation coefficients. */
  public int parameterCount() {
    return weightCount() + coefficientCount();
  }

  /** The set of activation coefficients layer l uses. */
  public int coefficientSet(int layer) {
    LearnableActivation l = activation.learnable();
    return l == null || l.shared() ? 0 : layer;
  }

  /** Index in the parameter vector of the first coefficient of set s. */
  public int setOffset(int set) {
    LearnableActivation l = activation.learnable();
    return weightCount() + (l == null ? 0 : set * l.coefficientCount());
  }

  /** Degree P = k^L of positive homogeneity of the whole network, NaN if sigma is not homogeneous. */
  public double degree() {
    return Math.pow(activation.homogeneityDegree(), layers);
  }
}
