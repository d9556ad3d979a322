package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.Network;

/**
 * The volume product of docs/metrics.md, "Duality metrics": vol(K) vol(K°), and its ratio to the
 * ball's, omega_d^2 (1 for the ball, 4^d / d! / omega_d^2 for the cube and the cross-polytope;
 * every origin-symmetric convex body lies between).
 *
 * <p>Four paths, best first ({@code method}):
 *
 * <ol>
 *   <li>{@code exact}: a convex polytope with a complete face complex (p = 1, relu): vol(K) from
 *       its cells, vol(K°) from its face lattice ({@link PolarVolume}); the error is rounding.
 *   <li>{@code exact_vertices}: a non-convex polytope: vol(K) exact, and K° = (conv K)° =
 *       {y : v . y <= 1 for K's vertices v}, exactly in d = 2, 3 ({@link HalfspaceVolume}), by
 *       quadrature of the exact support function h(u) = max_v v . u in higher d.
 *   <li>{@code tip_hull}: a one-layer body of |t|^p with 0 < p < 1, whose hull is that of its
 *       tips ({@link #tips}): K° = {y : x . y <= 1 for the tips x}, exactly in d = 2, 3, by
 *       quadrature of the exact h(u) = max_x x . u in higher d; vol(K) by quadrature of r^d; the
 *       error is the larger change of the product from the sets of N/2 and N/4 directions. The
 *       quadrature's local search for h stops short of such narrow tips in d = 4, 5 (the d = 5
 *       l_0.5 ball's polar volume read 701 for 32, with an error estimate of a thousandth of that).
 *   <li>{@code quadrature}: any other body, as below.
 * </ol>
 *
 * <p>By quadrature: vol(K) = (1/d) integral of r^d and vol(K°) = (1/d) integral of h^(-d) over
 * S^{d-1}, with h the support function ({@link SupportFunction}), on the fixed direction set of
 * N points. The error estimate is |P_N - P_{N/4}|, the change of the product from a set a quarter
 * the size. It is an estimate of the size of the error, not a bound: the quasi-uniform sets do
 * not converge monotonically, and against the closed forms of rotated l_p balls the actual error
 * has been up to about three times the estimate (1e-5 to 2e-4 absolute at 8000 directions). h is
 * refined to {@link SupportFunction#SIMPLEX_PRECISION}, or first to a coarser precision for
 * continuously differentiable bodies, kept when its sampled bias is negligible against the
 * estimate ({@link #byQuadrature(RadialFunction, int, int, Deadline)}).
 *
 * @param volume vol(K)
 * @param polarVolume vol(K°)
 * @param product vol(K) vol(K°)
 * @param ratio product / omega_d^2
 * @param error estimated absolute error of the product
 * @param method exact, exact_vertices, tip_hull or quadrature
 */
public record MahlerProduct(double volume, double polarVolume, double product, double ratio, double error,
    String method) implements java.io.Serializable {

  /** The stage name of {@link Deadline.DeadlineExceededException}s thrown by the volume product. */
  public static final String STAGE = "volume product";

  /** Relative rounding of the exact path (determinants of a few thousand flags). */
  static final double EXACT_RELATIVE_ERROR = 1e-10;

  /** The exact product of a complete, convex face complex, with the default tolerances. */
  public static MahlerProduct exact(PolytopeFaces faces) {
    return exact(faces, Tolerances.DEFAULT, Deadline.NONE);
  }

  /**
   * The exact product of a complete, convex face complex (the face lattice's rank test:
   * {@code tol}); past {@code deadline} it throws {@link Deadline.DeadlineExceededException}
   * with the stage {@link #STAGE}.
   */
  public static MahlerProduct exact(PolytopeFaces faces, Tolerances tol, Deadline deadline) {
    double volume = faces.volume();
    double polar = PolarVolume.of(faces, tol, deadline);
    double product = volume * polar;
    return of(faces.dimension(), volume, polar, EXACT_RELATIVE_ERROR * product, "exact");
  }

  /** As {@link #fromVertices(double, double[][], int, int, Tolerances, Deadline)}, defaults, no deadline. */
  public static MahlerProduct fromVertices(double volume, double[][] vertices, int d, int n) {
    return fromVertices(volume, vertices, d, n, Tolerances.DEFAULT, Deadline.NONE);
  }

  /**
   * The product of a polytope from its exact volume and vertices: in d = 2, 3 the polar
   * (conv V)° = {y : v . y <= 1} exactly ({@link HalfspaceVolume}, "same hyperplane" at
   * {@link Tolerances#incidence()}; error: rounding); in higher d the integral of h(u)^(-d),
   * h(u) = max_v v . u exact, by quadrature over {@code n} directions (error estimate
   * |P_N - P_{N/4}|). Past {@code deadline}: {@link Deadline.DeadlineExceededException}, stage
   * {@link #STAGE}.
   */
  public static MahlerProduct fromVertices(double volume, double[][] vertices, int d, int n, Tolerances tol,
      Deadline deadline) {
    if (d <= 3) {
      double polar = exactPolarVolume(vertices, d, tol, deadline);
      if (Double.isFinite(polar)) {
        return of(d, volume, polar, EXACT_RELATIVE_ERROR * volume * polar, "exact_vertices");
      }
    }
    double fine = polarVolumeFromVertices(vertices, d, n, deadline);
    double coarse = polarVolumeFromVertices(vertices, d, Math.max(16, n / 4), deadline);
    return of(d, volume, fine, volume * Math.abs(fine - coarse), "exact_vertices");
  }

  /**
   * vol({y : v . y <= 1 for the points v}) exactly, in d = 2, 3 ({@link HalfspaceVolume}, "same
   * hyperplane" at {@link Tolerances#incidence()}); NaN when the origin is not inside their hull.
   */
  private static double exactPolarVolume(double[][] vertices, int d, Tolerances tol, Deadline deadline) {
    double minH = Double.POSITIVE_INFINITY;
    DirectionSet set = DirectionSet.of(d, 200);
    double[] u = new double[d];
    for (int i = 0; i < set.size(); i++) {
      set.direction(i, u);
      minH = Math.min(minH, support(vertices, u));
    }
    return minH > 0 ? HalfspaceVolume.polarVolume(vertices, 2 / minH, tol.incidence(), deadline, STAGE) : Double.NaN;
  }

  private static double polarVolumeFromVertices(double[][] vertices, int d, int n, Deadline deadline) {
    DirectionSet set = DirectionSet.of(d, n);
    double[] u = new double[d];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if ((i & 63) == 0) {
        deadline.check(STAGE);
      }
      set.direction(i, u);
      sum += Math.pow(support(vertices, u), -d);
    }
    return DirectionSet.sphereArea(d) / d * sum / n;
  }

  /** The support function of the points' hull: max over the points v of v . u. */
  private static double support(double[][] vertices, double[] u) {
    double h = Double.NEGATIVE_INFINITY;
    for (double[] v : vertices) {
      double s = 0;
      for (int k = 0; k < u.length; k++) {
        s += v[k] * u[k];
      }
      h = Math.max(h, s);
    }
    return h;
  }

  /** Tips at most for {@link #tipHull}: their support function is a scan over all of them per direction. */
  static final int MAX_TIPS = 4096;

  /**
   * The tips of a one-layer body of |t|^p with 0 < p < 1, whose convex hull is the body's, or null
   * for any other body or above {@link #MAX_TIPS}: the points r(u) u where d - 1 of the units'
   * hyperplanes meet. On each cone of the arrangement of those hyperplanes f = sum_j (+-w_j . x)^p
   * is concave (t^p is, for p < 1), so {f <= 1} is there the complement of a convex set and has no
   * exposed point but on the arrangement's rays: the hull of K is the hull of its tips. The radius
   * of a tip leaves out the units that vanish there (|w . u| at most 1e-12 |w|: their rounding,
   * |1e-17|^p, would shift it by 1e-5 at p = 0.3).
   */
  public static double[][] tips(Network net) {
    return tips(net, firstLayerRows(net));
  }

  /**
   * As {@link #tips(Network)}, with the tips where d - 1 of {@code kinks} meet (rows, or their unit
   * normals: only their directions count), the radius from every unit of the network: the Morse
   * maxima take those of {@link KinkArrangement#kinkRows}, the hull every row's.
   */
  static double[][] tips(Network net, double[][] kinks) {
    org.neuralpolytopes.net.Architecture arch = net.architecture();
    org.neuralpolytopes.net.Activation act = arch.activation();
    double degree = act.homogeneityDegree();
    if (arch.layers() != 1 || act.learnable() != null || !act.isEven() || !(degree > 0 && degree < 1) || kinks == null) {
      return null;
    }
    int d = arch.d();
    double[][] all = firstLayerRows(net);
    double[][] w = kinks;
    int n = w.length;
    java.util.List<double[]> out = new java.util.ArrayList<>();
    int[] pick = new int[d - 1];
    for (int i = 0; i < d - 1; i++) {
      pick[i] = i;
    }
    double[] minor = new double[(d - 1) * (d - 1)];
    while (d - 1 <= n) {
      // the line where the picked rows vanish: the cofactor vector of the (d - 1) x d matrix
      double[] v = new double[d];
      double length = 0;
      double scale = 1;
      for (int i : pick) {
        scale *= Linear.norm(w[i], 0, d);
      }
      for (int col = 0; col < d; col++) {
        int m = 0;
        for (int i : pick) {
          for (int k = 0; k < d; k++) {
            if (k != col) {
              minor[m++] = w[i][k];
            }
          }
        }
        v[col] = (col % 2 == 0 ? 1 : -1) * Linear.determinant(minor, d - 1);
        length += v[col] * v[col];
      }
      length = Math.sqrt(length);
      if (length > 1e-9 * scale) {
        for (int sign = -1; sign <= 1; sign += 2) {
          double[] u = new double[d];
          for (int k = 0; k < d; k++) {
            u[k] = sign * v[k] / length;
          }
          double f = 0;
          for (double[] row : all) {
            double t = Linear.dot(row, u);
            if (Math.abs(t) > 1e-12 * Linear.norm(row, 0, d)) {
              f += act.value(t);
            }
          }
          double radius = Math.pow(f, -1 / degree);
          if (!(radius < Double.POSITIVE_INFINITY)) {
            return null; // f vanishes on this line: unbounded, no hull
          }
          double[] x = new double[d];
          for (int k = 0; k < d; k++) {
            x[k] = radius * u[k];
          }
          out.add(x);
          if (out.size() > MAX_TIPS) {
            return null;
          }
        }
      }
      // next (d - 1)-subset in lexicographic order
      int i = d - 2;
      while (i >= 0 && pick[i] == n - (d - 1) + i) {
        i--;
      }
      if (i < 0) {
        break;
      }
      pick[i]++;
      for (int j = i + 1; j < d - 1; j++) {
        pick[j] = pick[j - 1] + 1;
      }
    }
    return out.isEmpty() ? null : out.toArray(new double[0][]);
  }

  /** The first layer's weight rows of {@code net}, one array per unit. */
  static double[][] firstLayerRows(Network net) {
    int d = net.architecture().d();
    double[][] w = new double[net.architecture().units()][d];
    for (int j = 0; j < w.length; j++) {
      for (int k = 0; k < d; k++) {
        w[j][k] = net.weight(j * d + k);
      }
    }
    return w;
  }

  /**
   * The product of a body whose convex hull is the hull of known points ({@link #tips}): vol(K) by
   * quadrature of r^d, vol(K°) = vol((conv tips)°) exactly in d <= 3 ({@link HalfspaceVolume}),
   * by quadrature of h^(-d) with h(u) = max over the tips of x . u, exact, in d >= 4; error the
   * larger of |P_N - P_{N/2}| and |P_N - P_{N/4}|. The general quadrature's support function is a
   * local search, which misses a spiky body's narrow tips in d = 4, 5 (the d = 5 cross frame at
   * p = 0.5: polar volume 701 against 32).
   */
  public static MahlerProduct tipHull(RadialFunction r, double[][] tips, int d, int n, Tolerances tol,
      Deadline deadline) {
    double exactPolar = d <= 3 ? exactPolarVolume(tips, d, tol, deadline) : Double.NaN;
    // the product on n directions, and its distance to those on n/2 and n/4: the integrand r^d of
    // a spiky body is concentrated at its tips, and one comparison can be small by chance (the
    // l_0.5 ball in d = 3: |P_2000 - P_500| was a ninth of the true error, |P_2000 - P_1000| not)
    double product = Double.NaN;
    double volume = Double.NaN;
    double polar = Double.NaN;
    double error = 0;
    for (int m : new int[] {n, Math.max(16, n / 2), Math.max(16, n / 4)}) {
      DirectionSet set = DirectionSet.of(d, m);
      double v = radialVolume(r, set, deadline);
      double q = Double.isFinite(exactPolar) ? exactPolar : polarVolumeFromVertices(tips, d, m, deadline);
      if (m == n) {
        volume = v;
        polar = q;
        product = v * q;
      } else {
        error = Math.max(error, Math.abs(product - v * q));
      }
    }
    return of(d, volume, polar, error, "tip_hull");
  }

  private static double radialVolume(RadialFunction r, DirectionSet set, Deadline deadline) {
    int d = set.dimension();
    double[] u = new double[d];
    double sum = 0;
    for (int i = 0; i < set.size(); i++) {
      if ((i & 63) == 0) {
        deadline.check(STAGE);
      }
      set.direction(i, u);
      sum += Math.pow(r.radius(u), d);
    }
    return DirectionSet.sphereArea(d) / d * sum / set.size();
  }

  private static MahlerProduct of(int d, double volume, double polar, double error, String method) {
    double ball = DirectionSet.ballVolume(d);
    double product = volume * polar;
    return new MahlerProduct(volume, polar, product, product / (ball * ball), error, method);
  }

  /** The product of the body of {@code r} by quadrature over {@code n} directions. */
  public static MahlerProduct byQuadrature(RadialFunction r, int d, int n) {
    return byQuadrature(r, d, n, Deadline.NONE);
  }

  /**
   * Precision (radians) at which the support function's refinement starts for bodies whose radial
   * function is continuously differentiable (|t|^p with p > 1), in d >= 3: there h at a maximiser
   * is flat, so stopping the search at angle e from the maximiser lowers h by O(e^2) relative
   * (O(e^p) where a unit's input vanishes at the maximiser, for 1 < p < 2; SupportFunctionTest:
   * at most 10 e^min(p, 2) on l_p balls). Other bodies (p <= 1: kinks and cusps, where the error
   * is O(e), or O(e^p) for p < 1) are refined to {@link SupportFunction#SIMPLEX_PRECISION}.
   */
  static final double SMOOTH_PRECISION = 1e-4;
  /**
   * As {@link #SMOOTH_PRECISION} in d = 2, where the direction set is the trapezoid rule on equal
   * angles, spectrally accurate for smooth integrands: its quadrature error (1e-10 to 1e-7
   * relative on the paper grid) asks for a finer h.
   */
  static final double SMOOTH_PRECISION_PLANE = 1e-5;
  /** A pass whose bias is not negligible is followed by one at a precision this many times finer. */
  static final double PRECISION_STEP = 10;
  /**
   * Every this-many-th direction of each set has its refinement continued to
   * {@link SupportFunction#SIMPLEX_PRECISION}; the relative decrease of those directions' sum of
   * h^(-d) estimates the relative bias b of the polar volume at the pass's precision.
   */
  static final int BIAS_SAMPLE_STRIDE = 16;
  /**
   * A pass is kept when the sampled bias of either set, times P_N, is below this fraction of
   * |P_N - P_{N/4}|: the product and its error estimate then move by about 1% of that estimate or
   * less.
   */
  static final double NEGLIGIBLE_BIAS = 1e-2;

  /**
   * As {@link #byQuadrature(RadialFunction, int, int)}, checking {@code deadline} before every
   * direction's support function: past it, {@link Deadline.DeadlineExceededException} with the
   * stage {@link #STAGE}.
   *
   * <ol>
   *   <li>A pass at precision e: one support function (one scanned point cloud) serves both
   *       direction sets. vol(K) and vol(K°) on the fine set of n directions give P_N; every
   *       {@link #BIAS_SAMPLE_STRIDE}-th direction's search also goes on to
   *       {@link SupportFunction#SIMPLEX_PRECISION} (the sum keeps the value at e), and b_N, the
   *       relative decrease of those directions' sum of h^(-d), estimates the relative bias of
   *       vol(K°), and so of P_N, at e. The same on the coarse set of max(16, n/4) directions
   *       (P_{N/4}, b_{N/4}); where its directions are among the fine set's
   *       ({@link DirectionSet#indicesOf}: d = 2 and d >= 4), their values are reused. The error
   *       estimate is |P_N - P_{N/4}|.
   *   <li>The first pass is at {@link #SMOOTH_PRECISION} ({@link #SMOOTH_PRECISION_PLANE} in
   *       d = 2) for a continuously differentiable radial function, else at
   *       {@link SupportFunction#SIMPLEX_PRECISION} and final.
   *   <li>A pass is kept when max(b_N, b_{N/4}) P_N is below {@link #NEGLIGIBLE_BIAS} times its
   *       error estimate. Otherwise the next pass is at e / {@link #PRECISION_STEP} if the bias,
   *       falling as e^2, is expected to be below a quarter of that there, else at
   *       {@link SupportFunction#SIMPLEX_PRECISION} (near-spheres and ellipsoids, whose quadrature
   *       error is at rounding level); a pass at SIMPLEX_PRECISION is final.
   * </ol>
   */
  public static MahlerProduct byQuadrature(RadialFunction r, int d, int n, Deadline deadline) {
    return byQuadrature(r, d, n, refinementPrecision(r), deadline);
  }

  /** As {@link #byQuadrature(RadialFunction, int, int, Deadline)} with the first pass at {@code precision}. */
  static MahlerProduct byQuadrature(RadialFunction r, int d, int n, double precision, Deadline deadline) {
    return byQuadrature(r, d, n, precision, deadline, false);
  }

  /**
   * As {@link #byQuadrature(RadialFunction, int, int, double, Deadline)}; with {@code searchOnly}
   * the support function searches every direction even where it has an exact form (a norm ball:
   * {@link NormBallSupport}), which is how the precision schedule above is tested.
   */
  static MahlerProduct byQuadrature(RadialFunction r, int d, int n, double precision, Deadline deadline,
      boolean searchOnly) {
    DirectionSet fineSet = DirectionSet.of(d, n);
    DirectionSet coarseSet = DirectionSet.of(d, Math.max(16, n / 4));
    int[] nested = fineSet.indicesOf(coarseSet);
    for (double e = precision; ; ) {
      deadline.check(STAGE);
      SupportFunction h = searchOnly ? SupportFunction.searching(r, d, e, deadline, STAGE)
          : new SupportFunction(r, d, e, deadline, STAGE);
      Integrands fine = Integrands.of(r, h, fineSet, e, deadline);
      Integrands coarse = nested != null ? fine.subset(nested) : Integrands.of(r, h, coarseSet, e, deadline);
      double[] v = fine.volumes(d);
      double[] c = coarse.volumes(d);
      double product = v[0] * v[1];
      double error = Math.abs(product - c[0] * c[1]);
      double bias = Math.max(fine.bias(), coarse.bias()) * product;
      if (e <= SupportFunction.SIMPLEX_PRECISION || bias < NEGLIGIBLE_BIAS * error) {
        return of(d, v[0], v[1], error, "quadrature");
      }
      e = bias / (PRECISION_STEP * PRECISION_STEP) < NEGLIGIBLE_BIAS / 4 * error ? e / PRECISION_STEP
          : SupportFunction.SIMPLEX_PRECISION;
    }
  }

  /**
   * The refinement's first precision for the body of {@code r}: {@link #SMOOTH_PRECISION} (in
   * d = 2 {@link #SMOOTH_PRECISION_PLANE}) when r is continuously differentiable (a homogeneous
   * activation of degree above 1: |t|^p, p > 1), else {@link SupportFunction#SIMPLEX_PRECISION}.
   */
  static double refinementPrecision(RadialFunction r) {
    if (!(r.homogeneous() && r.network().architecture().activation().homogeneityDegree() > 1)) {
      return SupportFunction.SIMPLEX_PRECISION;
    }
    return r.network().architecture().d() == 2 ? SMOOTH_PRECISION_PLANE : SMOOTH_PRECISION;
  }

  /**
   * r(u)^d and h(u)^(-d) at every direction of a set, and the sampled bias of step 2 (0 when the
   * refinement is already at {@link SupportFunction#SIMPLEX_PRECISION}).
   */
  private record Integrands(double[] radial, double[] polar, double bias) {

    static Integrands of(RadialFunction r, SupportFunction h, DirectionSet set, double precision, Deadline deadline) {
      int n = set.size();
      int d = set.dimension();
      boolean sampled = precision > SupportFunction.SIMPLEX_PRECISION;
      double[] radial = new double[n];
      double[] polar = new double[n];
      double[] u = new double[d];
      double coarser = 0;
      double finer = 0;
      for (int i = 0; i < n; i++) {
        deadline.check(STAGE);
        set.direction(i, u);
        radial[i] = Math.pow(r.radius(u), d);
        polar[i] = Math.pow(h.support(u), -d);
        if (sampled && i % BIAS_SAMPLE_STRIDE == 0) {
          coarser += polar[i];
          finer += Math.pow(h.refineFurther(SupportFunction.SIMPLEX_PRECISION), -d);
        }
      }
      return new Integrands(radial, polar, coarser > 0 ? (coarser - finer) / coarser : 0);
    }

    /** The values at the given indices, in their order, with this set's bias estimate. */
    Integrands subset(int[] at) {
      double[] rs = new double[at.length];
      double[] ps = new double[at.length];
      for (int j = 0; j < at.length; j++) {
        rs[j] = radial[at[j]];
        ps[j] = polar[at[j]];
      }
      return new Integrands(rs, ps, bias);
    }

    /** {vol(K), vol(K°)}: (|S^{d-1}| / d) times the mean of each integrand, summed in index order. */
    double[] volumes(int d) {
      double sumK = 0;
      double sumPolar = 0;
      for (int i = 0; i < radial.length; i++) {
        sumK += radial[i];
        sumPolar += polar[i];
      }
      double factor = DirectionSet.sphereArea(d) / d / radial.length;
      return new double[] {factor * sumK, factor * sumPolar};
    }
  }

  /** The lower bound 4^d / d! of the product over origin-symmetric convex bodies (the cube's). */
  public static double cubeProduct(int d) {
    double f = 1;
    for (int i = 2; i <= d; i++) {
      f *= i;
    }
    return Math.pow(4, d) / f;
  }
}
