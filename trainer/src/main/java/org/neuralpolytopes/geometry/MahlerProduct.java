package org.neuralpolytopes.geometry;

/**
 * The volume product of METRICS.md, "Duality metrics": vol(K) vol(K°), and its ratio to the
 * ball's, omega_d^2 (1 for the ball, 4^d / d! / omega_d^2 for the cube and the cross-polytope;
 * every origin-symmetric convex body lies between).
 *
 * <p>By quadrature: vol(K) = (1/d) integral of r^d and vol(K°) = (1/d) integral of h^(-d) over
 * S^{d-1}, with h the support function ({@link SupportFunction}), on the fixed direction set of
 * N points. The error estimate is |P_N - P_{N/4}|, the change of the product from a set a quarter
 * the size: the quadrature converges at least like N^(-1/2) for these piecewise smooth integrands
 * (faster for smooth ones), so the error of P_N is below that difference.
 *
 * @param volume vol(K)
 * @param polarVolume vol(K°)
 * @param product vol(K) vol(K°)
 * @param ratio product / omega_d^2
 * @param error estimated absolute error of the product
 */
public record MahlerProduct(double volume, double polarVolume, double product, double ratio, double error)
    implements java.io.Serializable {

  /** The product of the body of {@code r} by quadrature over {@code n} directions. */
  public static MahlerProduct byQuadrature(RadialFunction r, int d, int n) {
    double[] fine = volumes(r, d, n);
    double[] coarse = volumes(r, d, Math.max(16, n / 4));
    double product = fine[0] * fine[1];
    double error = Math.abs(product - coarse[0] * coarse[1]);
    double ball = DirectionSet.ballVolume(d);
    return new MahlerProduct(fine[0], fine[1], product, product / (ball * ball), error);
  }

  /** {vol(K), vol(K°)} by quadrature on the n-point direction set. */
  static double[] volumes(RadialFunction r, int d, int n) {
    DirectionSet set = DirectionSet.of(d, n);
    SupportFunction h = new SupportFunction(r, d);
    double[] u = new double[d];
    double sumK = 0;
    double sumPolar = 0;
    for (int i = 0; i < n; i++) {
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
