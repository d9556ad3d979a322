package org.neuralpolytopes.geometry;

import java.util.Locale;

/**
 * Whether the body {x : f(x) <= 1} is star-shaped about the origin (docs/metrics.md,
 * "star_shaped"): the origin lies inside (f(0) < 1) and every ray from it crosses the level set
 * f = 1 once, so that the body is {t u : 0 <= t <= r(u)} and the radial function describes it.
 * The body of a positively homogeneous network always is (f(t u) = t^P f(u) grows along every ray);
 * that of a rational network is checked on every direction of the direction set, each ray scanned
 * up to the unbounded radius ({@link LevelSetRay}). Measurements that take the body to be
 * {t u : t <= r(u)} (volume, Morse counts, symmetry, name, volume product) need it.
 *
 * @param starShaped the origin is inside and no scanned ray crosses the level set more than once
 * @param originValue f(0)
 * @param severalCrossings directions whose ray crosses the level set more than once
 * @param directions directions checked (0: not checked, the network is homogeneous)
 * @param returning directions whose ray crosses the level set and comes back into the body to stay
 *     up to the scan's limit (the unbounded radius): f rises above 1 and falls below it again, as
 *     a rational activation with a negative leading coefficient makes f tend to -infinity; the body
 *     {f <= 1} then reaches beyond the unbounded radius although the first crossing is finite
 */
public record StarShape(boolean starShaped, double originValue, int severalCrossings, int directions, int returning)
    implements java.io.Serializable {

  /** Checks the body of {@code r} over {@code set}. */
  public static StarShape measure(RadialFunction r, DirectionSet set) {
    if (r.homogeneous()) {
      return new StarShape(true, 0, 0, 0, 0);
    }
    double f0 = r.originValue();
    double[] u = new double[set.dimension()];
    int several = 0;
    int returning = 0;
    for (int i = 0; i < set.size(); i++) {
      set.direction(i, u);
      LevelSetRay.Crossings c = r.crossings(u);
      if (c.count() > 1) {
        several++;
        if (c.insideAtLimit()) {
          returning++;
        }
      }
    }
    return new StarShape(f0 < 1 && several == 0, f0, several, set.size(), returning);
  }

  /** Whether the body reaches beyond the scan's limit on some ray whose first crossing is finite. */
  public boolean reachesBeyondLimit() {
    return returning > 0;
  }

  /** Why the body is not star-shaped (null when it is). */
  public String reason() {
    if (starShaped) {
      return null;
    }
    if (!(originValue < 1)) {
      return String.format(Locale.ROOT, "f(0) = %.4g is not below 1: the origin is not inside the body", originValue);
    }
    return "the level set f = 1 crosses " + severalCrossings + " of " + directions + " rays more than once";
  }
}
