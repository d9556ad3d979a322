package org.neuralpolytopes.analysis.render;

import java.util.List;

/**
 * An orthographic camera looking at the origin from azimuth phi (around the z axis, from x) and
 * elevation theta (above the xy plane). View coordinates: x to the right, y up, z toward the
 * viewer.
 */
public record View(String name, double azimuthDegrees, double elevationDegrees) {

  /** The three views of every 3-D figure. */
  public static final List<View> STANDARD = List.of(
      new View("oblique", 35, 25),
      new View("from below", 125, -35),
      new View("top", 0, 90));

  /** The view coordinates of world point (x, y, z). */
  public double[] apply(double x, double y, double z) {
    double phi = Math.toRadians(azimuthDegrees);
    double theta = Math.toRadians(elevationDegrees);
    double cp = Math.cos(phi);
    double sp = Math.sin(phi);
    double ct = Math.cos(theta);
    double st = Math.sin(theta);
    double rx = -sp * x + cp * y;
    double ry = -st * cp * x - st * sp * y + ct * z;
    double rz = ct * cp * x + ct * sp * y + st * z;
    return new double[] {rx, ry, rz};
  }

  public String caption() {
    return String.format(java.util.Locale.ROOT, "%s (az %.0f°, el %.0f°)", name, azimuthDegrees, elevationDegrees);
  }
}
