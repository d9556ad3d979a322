package org.neuralpolytopes.geometry;

/**
 * The support function h_K(u) = max over x in K of x . u of a star body given by its radial
 * function (docs/metrics.md, "Duality metrics"), and with it the radial function of the polar body,
 * r_{K°}(u) = 1 / h_K(u) (K° = {y : x . y <= 1 for all x in K}; for a non-convex K this is the
 * polar of its convex hull, since both have the same support function).
 *
 * <ol>
 *   <li>The surface points x_i = r(v_i) v_i over a direction set are computed once.
 *   <li>For a direction u, the best point x_i . u is found by a scan (u's nearest surface points
 *       need not be near u for a non-convex body, so no local search from u itself).
 *   <li>The maximiser is refined by Nelder-Mead (Nelder and Mead 1965) on phi(v) = r(v) v . u over
 *       tangent coordinates around v_i, from a simplex the size of the set's spacing down to
 *       1e-8 radians. phi is continuous (piecewise smooth for polytopes, whose maxima are vertices, and
 *       ridged along edges, which a simplex follows where a compass search stalls).
 * </ol>
 *
 * Not thread-safe (it evaluates the radial function, which shares its network's buffers).
 */
public final class SupportFunction {

  private final RadialFunction r;
  private final int d;
  private final int count;
  private final double[] points;
  private final double[] dirs;
  private final double spacing;
  private final double[] v;
  private final double[] trial;
  private final double[] tangents;
  private final double[] c;

  /**
   * Size of the surface point cloud scanned for each direction, by dimension: enough that the
   * scanned maximiser lies in the basin of the true one; the refinement supplies the precision.
   */
  public static int cloudSize(int d) {
    return d == 2 ? 1000 : d == 3 ? 4000 : 8000;
  }

  /** The support function with the default point cloud of the dimension. */
  public SupportFunction(RadialFunction r, int d) {
    this(r, DirectionSet.of(d, cloudSize(d)));
  }

  public SupportFunction(RadialFunction r, DirectionSet directions) {
    this.r = r;
    this.d = directions.dimension();
    this.count = directions.size();
    this.points = new double[count * d];
    this.dirs = new double[count * d];
    double[] u = new double[d];
    for (int i = 0; i < count; i++) {
      directions.direction(i, u);
      double ri = r.radius(u);
      for (int k = 0; k < d; k++) {
        dirs[i * d + k] = u[k];
        points[i * d + k] = Double.isFinite(ri) ? ri * u[k] : 0;
      }
    }
    // typical angular distance between neighbouring directions: (|S^{d-1}| / N)^(1/(d-1))
    this.spacing = Math.pow(DirectionSet.sphereArea(d) / count, 1.0 / (d - 1));
    this.v = new double[d];
    this.trial = new double[d];
    this.tangents = new double[(d - 1) * d];
    this.c = new double[d];
  }

  /** h_K(u) for a unit vector u. */
  public double support(double[] u) {
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      double s = 0;
      for (int k = 0; k < d; k++) {
        s += points[i * d + k] * u[k];
      }
      if (s > bestValue) {
        bestValue = s;
        best = i;
      }
    }
    System.arraycopy(dirs, best * d, v, 0, d);
    return refine(u, bestValue);
  }

  /** r_{K°}(u) = 1 / h_K(u). */
  public double polarRadius(double[] u) {
    return 1 / support(u);
  }

  /**
   * Nelder-Mead over tangent coordinates t at the scanned maximiser v0: v(t) = (v0 + T t)/|...|.
   * A simplex follows ridges (edges of polytopes and of spiky bodies) where a compass search along
   * fixed axes stalls.
   */
  private double refine(double[] u, double start) {
    tangentBasis(v);
    final double[] origin = v.clone();
    int m = d - 1;
    // simplex: origin and origin + spacing along each tangent direction
    double[][] simplex = new double[m + 1][m];
    double[] values = new double[m + 1];
    values[0] = start;
    for (int i = 1; i <= m; i++) {
      simplex[i][i - 1] = spacing;
      values[i] = phi(origin, simplex[i], u);
    }
    double[] centroid = new double[m];
    double[] point = new double[m];
    double[] point2 = new double[m];
    for (int iter = 0; iter < 200 * m; iter++) {
      // order: best (largest phi) first
      for (int i = 1; i <= m; i++) {
        for (int j = i; j > 0 && values[j] > values[j - 1]; j--) {
          double tv = values[j];
          values[j] = values[j - 1];
          values[j - 1] = tv;
          double[] ts = simplex[j];
          simplex[j] = simplex[j - 1];
          simplex[j - 1] = ts;
        }
      }
      double size = 0;
      for (int i = 1; i <= m; i++) {
        for (int k = 0; k < m; k++) {
          size = Math.max(size, Math.abs(simplex[i][k] - simplex[0][k]));
        }
      }
      if (size < 1e-8) {
        break;
      }
      java.util.Arrays.fill(centroid, 0);
      for (int i = 0; i < m; i++) {
        for (int k = 0; k < m; k++) {
          centroid[k] += simplex[i][k] / m;
        }
      }
      double[] worst = simplex[m];
      for (int k = 0; k < m; k++) {
        point[k] = centroid[k] + (centroid[k] - worst[k]);
      }
      double reflected = phi(origin, point, u);
      if (reflected > values[0]) {
        for (int k = 0; k < m; k++) {
          point2[k] = centroid[k] + 2 * (centroid[k] - worst[k]);
        }
        double expanded = phi(origin, point2, u);
        if (expanded > reflected) {
          System.arraycopy(point2, 0, worst, 0, m);
          values[m] = expanded;
        } else {
          System.arraycopy(point, 0, worst, 0, m);
          values[m] = reflected;
        }
      } else if (reflected > values[m - 1]) {
        System.arraycopy(point, 0, worst, 0, m);
        values[m] = reflected;
      } else {
        for (int k = 0; k < m; k++) {
          point2[k] = centroid[k] + 0.5 * (worst[k] - centroid[k]);
        }
        double contracted = phi(origin, point2, u);
        if (contracted > values[m]) {
          System.arraycopy(point2, 0, worst, 0, m);
          values[m] = contracted;
        } else {
          for (int i = 1; i <= m; i++) {
            for (int k = 0; k < m; k++) {
              simplex[i][k] = simplex[0][k] + 0.5 * (simplex[i][k] - simplex[0][k]);
            }
            values[i] = phi(origin, simplex[i], u);
          }
        }
      }
    }
    double best = start;
    for (double value : values) {
      best = Math.max(best, value);
    }
    return best;
  }

  /** phi at tangent coordinates t around origin: r(v) v . u with v the normalised point. */
  private double phi(double[] origin, double[] t, double[] u) {
    double norm = 0;
    for (int k = 0; k < d; k++) {
      double x = origin[k];
      for (int j = 0; j < d - 1; j++) {
        x += t[j] * tangents[j * d + k];
      }
      trial[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    double dot = 0;
    for (int k = 0; k < d; k++) {
      trial[k] /= norm;
      dot += trial[k] * u[k];
    }
    if (dot <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double value = r.radius(trial) * dot;
    return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
  }

  /** An orthonormal basis of the tangent space at the unit vector x (Gram-Schmidt on e_k). */
  private void tangentBasis(double[] x) {
    int made = 0;
    for (int e = 0; e < d && made < d - 1; e++) {
      java.util.Arrays.fill(c, 0);
      c[e] = 1;
      double proj = x[e];
      for (int k = 0; k < d; k++) {
        c[k] -= proj * x[k];
      }
      for (int j = 0; j < made; j++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += c[k] * tangents[j * d + k];
        }
        for (int k = 0; k < d; k++) {
          c[k] -= dot * tangents[j * d + k];
        }
      }
      double norm = 0;
      for (int k = 0; k < d; k++) {
        norm += c[k] * c[k];
      }
      if (norm > 1e-6) {
        norm = Math.sqrt(norm);
        for (int k = 0; k < d; k++) {
          tangents[made * d + k] = c[k] / norm;
        }
        made++;
      }
    }
  }
}
