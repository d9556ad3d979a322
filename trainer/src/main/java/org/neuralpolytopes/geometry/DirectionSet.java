package org.neuralpolytopes.geometry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * A fixed, deterministic, quasi-uniform set of directions on S^{d-1} with equal quadrature
 * weights, the same for every run of a dimension (docs/metrics.md, "Shape statistics"):
 *
 * <ol>
 *   <li>d = 2: N equally spaced angles theta_i = 2 pi i / N (the trapezoid rule, exact weights);
 *   <li>d = 3: the spherical Fibonacci lattice (z_i = 1 - (2i + 1)/N, longitude i times the golden
 *       angle; Gonzalez 2010, "Measurement of areas on a sphere using Fibonacci and
 *       latitude-longitude lattices"), equal-area to O(1/N);
 *   <li>d >= 4: the Sobol sequence mapped through the inverse normal CDF and normalised (a
 *       quasi-Monte Carlo version of normalised Gaussians).
 * </ol>
 *
 * Sets are cached per (d, N) and shared read-only across the tasks of one JVM.
 */
public final class DirectionSet {

  private static final Map<Long, DirectionSet> CACHE = new ConcurrentHashMap<>();
  /** Sobol coordinates are kept this far inside (0, 1), where the inverse normal CDF is finite. */
  private static final double SOBOL_CLAMP = 1e-12;

  private final int d;
  private final int count;
  private final double[] coords;

  private DirectionSet(int d, int count, double[] coords) {
    this.d = d;
    this.count = count;
    this.coords = coords;
  }

  public static DirectionSet of(int d, int count) {
    if (d < 2 || count < 1) {
      throw new IllegalArgumentException("direction set needs d >= 2 and count >= 1");
    }
    return CACHE.computeIfAbsent(((long) d << 32) | count, k -> new DirectionSet(d, count, build(d, count)));
  }

  private static double[] build(int d, int n) {
    double[] c = new double[n * d];
    if (d == 2) {
      for (int i = 0; i < n; i++) {
        double t = 2 * Math.PI * i / n;
        c[2 * i] = Math.cos(t);
        c[2 * i + 1] = Math.sin(t);
      }
    } else if (d == 3) {
      double golden = Math.PI * (3 - Math.sqrt(5));
      for (int i = 0; i < n; i++) {
        double z = 1 - (2.0 * i + 1) / n;
        double rho = Math.sqrt(Math.max(0, 1 - z * z));
        double phi = golden * i;
        c[3 * i] = rho * Math.cos(phi);
        c[3 * i + 1] = rho * Math.sin(phi);
        c[3 * i + 2] = z;
      }
    } else {
      SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
      sobol.skipTo(1);
      for (int i = 0; i < n; i++) {
        double[] q = sobol.nextVector();
        double norm2 = 0;
        for (int k = 0; k < d; k++) {
          double u = Math.min(Math.max(q[k], SOBOL_CLAMP), 1 - SOBOL_CLAMP);
          double g = Math.sqrt(2) * Erf.erfInv(2 * u - 1);
          c[i * d + k] = g;
          norm2 += g * g;
        }
        double inv = 1 / Math.sqrt(norm2);
        for (int k = 0; k < d; k++) {
          c[i * d + k] *= inv;
        }
      }
    }
    return c;
  }

  public int dimension() {
    return d;
  }

  public int size() {
    return count;
  }

  /** Copies direction i into {@code out}. */
  public void direction(int i, double[] out) {
    System.arraycopy(coords, i * d, out, 0, d);
  }

  /** Coordinate k of direction i. */
  public double coordinate(int i, int k) {
    return coords[i * d + k];
  }

  /**
   * Where the directions of {@code subset} lie in this set, when each of them is one of this set's
   * directions to the bit: in d = 2 every (N/M)-th direction when M divides N (the same angles), in
   * d >= 4 the first M (the same Sobol points); null otherwise (in d = 3 Fibonacci lattices of
   * different sizes share no directions). Checked coordinate by coordinate.
   */
  public int[] indicesOf(DirectionSet subset) {
    int m = subset.count;
    if (subset.d != d || m > count || d == 3 || (d == 2 && count % m != 0)) {
      return null;
    }
    int stride = d == 2 ? count / m : 1;
    int[] at = new int[m];
    for (int j = 0; j < m; j++) {
      at[j] = j * stride;
      for (int k = 0; k < d; k++) {
        if (Double.doubleToRawLongBits(coords[at[j] * d + k]) != Double.doubleToRawLongBits(subset.coords[j * d + k])) {
          return null;
        }
      }
    }
    return at;
  }

  /** Surface area of the unit sphere S^{d-1}: 2 pi^{d/2} / Gamma(d/2). */
  public static double sphereArea(int d) {
    return 2 * Math.pow(Math.PI, d / 2.0) / Gamma.gamma(d / 2.0);
  }

  /** Volume omega_d of the unit ball in R^d: |S^{d-1}| / d. */
  public static double ballVolume(int d) {
    return sphereArea(d) / d;
  }
}
