package org.neuralpolytopes.geometry;

/**
 * The volume product of docs/metrics.md, "Duality metrics": vol(K) vol(K°), and its ratio to the
 * ball's, omega_d^2 (1 for the ball, 4^d / d! / omega_d^2 for the cube and the cross-polytope;
 * every origin-symmetric convex body lies between).
 *
 * <p>Three paths, best first ({@code method}):
 *
 * <ol>
 *   <li>{@code exact}: a convex polytope with a complete face complex (p = 1, relu): vol(K) from
 *       its cells, vol(K°) from its face lattice ({@link PolarVolume}); the error is rounding.
 *   <li>{@code exact_vertices}: a non-convex polytope: vol(K) exact, and K° = (conv K)° =
 *       {y : v . y <= 1 for K's vertices v}, exactly in d = 2, 3 ({@link HalfspaceVolume}), by
 *       quadrature of the exact support function h(u) = max_v v . u in higher d.
 *   <li>{@code quadrature}: any other body, as below.
 * </ol>
 *
 * <p>By quadrature: vol(K) = (1/d) integral of r^d and vol(K°) = (1/d) integral of h^(-d) over
 * S^{d-1}, with h the support function ({@link SupportFunction}), on the fixed direction set of
 * N points. The error estimate is |P_N - P_{N/4}|, the change of the product from a set a quarter
 * the size. It is an estimate of the size of the error, not a bound: the quasi-uniform sets do
 * not converge monotonically, and against the closed forms of rotated l_p balls the actual error
 * has been up to about three times the estimate (1e-5 to 2e-4 absolute at 8000 directions).
 *
 * @param volume vol(K)
 * @param polarVolume vol(K°)
 * @param product vol(K) vol(K°)
 * @param ratio product / omega_d^2
 * @param error estimated absolute error of the product
 * @param method exact, exact_vertices or quadrature
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
      double minH = Double.POSITIVE_INFINITY;
      DirectionSet set = DirectionSet.of(d, 200);
      double[] u = new double[d];
      for (int i = 0; i < set.size(); i++) {
        set.direction(i, u);
        minH = Math.min(minH, support(vertices, u));
      }
      double polar = minH > 0 ? HalfspaceVolume.polarVolume(vertices, 2 / minH, tol.incidence(), deadline, STAGE)
          : Double.NaN;
      if (Double.isFinite(polar)) {
        return of(d, volume, polar, EXACT_RELATIVE_ERROR * volume * polar, "exact_vertices");
      }
    }
    double fine = polarVolumeFromVertices(vertices, d, n, deadline);
    double coarse = polarVolumeFromVertices(vertices, d, Math.max(16, n / 4), deadline);
    return of(d, volume, fine, volume * Math.abs(fine - coarse), "exact_vertices");
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
   * As {@link #byQuadrature(RadialFunction, int, int)}, checking {@code deadline} before every
   * direction's support function: past it, {@link Deadline.DeadlineExceededException} with the
   * stage {@link #STAGE}.
   */
  public static MahlerProduct byQuadrature(RadialFunction r, int d, int n, Deadline deadline) {
    double[] fine = volumes(r, d, n, deadline);
    double[] coarse = volumes(r, d, Math.max(16, n / 4), deadline);
    double error = Math.abs(fine[0] * fine[1] - coarse[0] * coarse[1]);
    return of(d, fine[0], fine[1], error, "quadrature");
  }

  /** {vol(K), vol(K°)} by quadrature on the n-point direction set. */
  static double[] volumes(RadialFunction r, int d, int n, Deadline deadline) {
    DirectionSet set = DirectionSet.of(d, n);
    deadline.check(STAGE);
    SupportFunction h = new SupportFunction(r, d, deadline, STAGE);
    double[] u = new double[d];
    double sumK = 0;
    double sumPolar = 0;
    for (int i = 0; i < n; i++) {
      deadline.check(STAGE);
      set.direction(i, u);
      sumK += Math.pow(r.radius(u), d);
      sumPolar += Math.pow(h.support(u), -d);
    }
    double factor = DirectionSet.sphereArea(d) / d / n;
    return new double[] {factor * sumK, factor * sumPolar};
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
