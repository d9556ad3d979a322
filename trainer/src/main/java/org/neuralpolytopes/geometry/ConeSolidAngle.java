package org.neuralpolytopes.geometry;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fraction of S^{d-1} that a pointed polyhedral cone takes (its solid angle over the sphere's
 * area), from a triangulation into simplicial cones.
 *
 * <p>For the simplicial cone spanned by the columns of V (any lengths), the fraction is the
 * probability that a standard Gaussian vector g lies in it. Writing g = V lambda with lambda =
 * t mu, t >= 0 and mu on the standard simplex Delta, and integrating t out:
 * <pre>
 *   P(g in cone V) = |det V| Gamma(d/2) / (2 pi^(d/2) (d-1)!) E_mu[|V mu|^(-d)],
 * </pre>
 * the expectation over mu uniform on Delta (for d = 2 and unit columns at angle theta it gives
 * theta / (2 pi) exactly).
 * <ol>
 *   <li>A simplicial cone with two unit generators more than {@link #MAX_ANGLE} apart is cut in two
 *       along the bisector of its widest pair, recursively, so that every piece is narrow.
 *   <li>On a narrow piece |V mu| is nearly constant, and the expectation is the mean over a fixed
 *       set of {@link #POINTS} pseudo-random points of Delta (normalised exponentials, fixed
 *       seed): reproducible, and within about 10^-3 of the exact fraction (orthants 2^-d, planar
 *       angles theta / (2 pi); {@code ConeSolidAngleTest}).
 * </ol>
 * A cone's fraction is the sum over the simplicial cones of its triangulation.
 */
final class ConeSolidAngle {

  /** Quadrature points on the simplex. */
  static final int POINTS = 32;
  /**
   * Widest angle (radians) between two generators of a cone integrated as one: on narrower cones
   * |V mu| stays within cos(MAX_ANGLE / 2) of 1 and the integrand within 17% of constant (d = 5).
   */
  static final double MAX_ANGLE = 0.5;
  /** Deepest subdivision (a cone is cut at most this many times along any path). */
  static final int MAX_DEPTH = 24;
  private static final long SEED = 0x501d_a761eL;

  private final int d;
  private final double[] mu;
  private final double constant;
  private final double[] generators;

  ConeSolidAngle(int d) {
    this.d = d;
    this.mu = new double[POINTS * d];
    SplittableRandom random = new SplittableRandom(SEED);
    for (int q = 0; q < POINTS; q++) {
      double sum = 0;
      for (int k = 0; k < d; k++) {
        mu[q * d + k] = -Math.log(1 - random.nextDouble());
        sum += mu[q * d + k];
      }
      for (int k = 0; k < d; k++) {
        mu[q * d + k] /= sum;
      }
    }
    double factorial = 1;
    for (int k = 2; k < d; k++) {
      factorial *= k;
    }
    // Gamma(d/2) by its recurrence from Gamma(1) = 1 or Gamma(1/2) = sqrt(pi)
    double gamma = d % 2 == 0 ? 1 : Math.sqrt(Math.PI);
    for (double a = d % 2 == 0 ? 1 : 0.5; a < d / 2.0; a++) {
      gamma *= a;
    }
    this.constant = gamma / (2 * Math.pow(Math.PI, d / 2.0) * factorial);
    this.generators = new double[d * d];
  }

  /** The fraction of the sphere in the cone of {@code cone}'s triangulation (its simplices' sum). */
  double fraction(PolyhedralCone cone) {
    double total = 0;
    List<int[]> simplices = cone.triangulation();
    for (int[] simplex : simplices) {
      for (int c = 0; c < d; c++) {
        for (int k = 0; k < d; k++) {
          generators[k * d + c] = cone.rayCoordinate(simplex[c], k);
        }
      }
      total += simplex(generators);
    }
    return total;
  }

  /** s^(-d/2), without a call to Math.pow. */
  private double inversePower(double s) {
    double r = 1;
    for (int k = 0; k < d / 2; k++) {
      r *= s;
    }
    return d % 2 == 0 ? 1 / r : 1 / (r * Math.sqrt(s));
  }

  /**
   * The fraction of the simplicial cone whose generators are the columns of the d x d matrix
   * {@code generators} (row-major: entry (k, c) at k d + c); the matrix is not changed.
   */
  double simplex(double[] generators) {
    double[] g = generators.clone();
    for (int c = 0; c < d; c++) {
      double norm = 0;
      for (int k = 0; k < d; k++) {
        norm += g[k * d + c] * g[k * d + c];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        return 0;
      }
      for (int k = 0; k < d; k++) {
        g[k * d + c] /= norm;
      }
    }
    return split(g, 0);
  }

  /**
   * Step 1: a cone wider than {@link #MAX_ANGLE} between two unit generators is cut in two along
   * the bisector of its widest pair (the two halves tile it), down to {@link #MAX_DEPTH} levels.
   */
  private double split(double[] g, int depth) {
    int wi = -1;
    int wj = -1;
    double least = Math.cos(MAX_ANGLE);
    for (int i = 0; i < d && depth < MAX_DEPTH; i++) {
      for (int j = i + 1; j < d; j++) {
        double cos = 0;
        for (int k = 0; k < d; k++) {
          cos += g[k * d + i] * g[k * d + j];
        }
        if (cos < least) {
          least = cos;
          wi = i;
          wj = j;
        }
      }
    }
    if (wi < 0) {
      return quadrature(g);
    }
    double[] m = new double[d];
    double norm = 0;
    for (int k = 0; k < d; k++) {
      m[k] = g[k * d + wi] + g[k * d + wj];
      norm += m[k] * m[k];
    }
    norm = Math.sqrt(norm);
    double[] a = g.clone();
    double[] b = g.clone();
    for (int k = 0; k < d; k++) {
      a[k * d + wi] = m[k] / norm;
      b[k * d + wj] = m[k] / norm;
    }
    return split(a, depth + 1) + split(b, depth + 1);
  }

  /** Step 2: the formula of the class comment with the mean over the fixed points of the simplex. */
  private double quadrature(double[] g) {
    double det = Math.abs(Linear.determinant(g, d));
    if (det == 0) {
      return 0;
    }
    double mean = 0;
    for (int q = 0; q < POINTS; q++) {
      double norm2 = 0;
      for (int k = 0; k < d; k++) {
        double v = 0;
        for (int c = 0; c < d; c++) {
          v += g[k * d + c] * mu[q * d + c];
        }
        norm2 += v * v;
      }
      mean += inversePower(norm2);
    }
    return constant * det * mean / POINTS;
  }
}
