package org.neuralpolytopes.geometry;

/**
 * How a trained network is measured.
 *
 * @param directions size of the fixed quasi-uniform direction set on S^{d-1} for the shape
 *     statistics (the same set for every run of a dimension)
 * @param tolerances every tolerance of the geometry
 */
public record GeometrySettings(int directions, Tolerances tolerances) implements java.io.Serializable {

  public static final GeometrySettings DEFAULT = new GeometrySettings(20000, Tolerances.DEFAULT);

  public GeometrySettings {
    if (directions < 16) {
      throw new IllegalArgumentException("directions must be >= 16, got " + directions);
    }
  }
}
