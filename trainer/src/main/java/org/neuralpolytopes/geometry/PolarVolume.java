package org.neuralpolytopes.geometry;

import java.util.BitSet;
import java.util.List;

/**
 * The exact volume of the polar K° of a convex polytope K = {x : a_F . x <= 1 for every facet F},
 * from K's face complex (docs/metrics.md, "Duality metrics", the exact path for polytopes).
 *
 * <ol>
 *   <li>K° = conv{a_F}, and its faces are dual to K's: the face of K° dual to a face G of K is
 *       conv{a_F : F contains G} (Ziegler, "Lectures on Polytopes", 2.3).
 *   <li>K's face lattice is rebuilt from the facets' vertex sets ({@link FaceLattice}), with the
 *       facets that contain each face.
 *   <li>K° is cut into simplices by its barycentric subdivision from the origin (an interior point,
 *       since K is bounded): one simplex conv{0, c(v*), c(e*), ..., c(F*)} for every complete flag
 *       v in e in ... in F of K, with c the mean of a face's vertices, so
 *       vol(K°) = sum over flags |det(c(v*), ..., c(F*))| / d!.
 * </ol>
 *
 * Exact up to rounding for convex K in any dimension (d = 5 polars of zonotopes have about 10^5
 * flags); a non-convex K has no such formula (its polar is that of its hull) and is refused.
 */
public final class PolarVolume {

  private PolarVolume() {}

  /** As {@link #of(PolytopeFaces, Tolerances, Deadline)} with the default tolerances and no deadline. */
  public static double of(PolytopeFaces faces) {
    return of(faces, Tolerances.DEFAULT, Deadline.NONE);
  }

  /**
   * vol(K°) of a complete, convex face complex.
   *
   * @param tol the face lattice's rank test uses {@link Tolerances#incidence()}
   * @param deadline checked per face while the lattice is built and per facet of the flag sum
   * @throws IllegalArgumentException when the complex is not complete and convex
   */
  public static double of(PolytopeFaces faces, Tolerances tol, Deadline deadline) {
    if (faces.outcome() != PolytopeFaces.Outcome.COMPLETE || !Boolean.TRUE.equals(faces.convex())) {
      throw new IllegalArgumentException("the exact polar volume needs a complete, convex face complex");
    }
    int d = faces.dimension();
    int nv = faces.vertices().size();
    double[] x = new double[nv * d];
    for (int i = 0; i < nv; i++) {
      System.arraycopy(faces.vertices().get(i).x(), 0, x, i * d, d);
    }
    List<PolytopeFaces.Facet> facetList = faces.facets();
    FaceLattice lattice = FaceLattice.of(d, x, facetList.stream().map(PolytopeFaces.Facet::vertexIds).toList(),
        tol.incidence(), deadline, MahlerProduct.STAGE);
    // The dual point of every face: the mean of the linear terms of the facets containing it. The
    // lattice merges no facets, so its facet i is facetList's facet i.
    double[][][] dual = new double[d][][];
    for (int k = 0; k < d; k++) {
      dual[k] = new double[lattice.count(k)][];
      for (int i = 0; i < lattice.count(k); i++) {
        BitSet around = lattice.facetsContaining(k, i);
        double[] c = new double[d];
        for (int f = around.nextSetBit(0); f >= 0; f = around.nextSetBit(f + 1)) {
          double[] a = facetList.get(f).a();
          for (int q = 0; q < d; q++) {
            c[q] += a[q];
          }
        }
        int count = around.cardinality();
        for (int q = 0; q < d; q++) {
          c[q] /= count;
        }
        dual[k][i] = c;
      }
    }
    double[] m = new double[d * d];
    double sum = 0;
    for (int f = 0; f < lattice.count(d - 1); f++) {
      deadline.check(MahlerProduct.STAGE);
      System.arraycopy(dual[d - 1][f], 0, m, (d - 1) * d, d);
      sum += flags(lattice, dual, d - 1, f, m, d);
    }
    double factorial = 1;
    for (int i = 2; i <= d; i++) {
      factorial *= i;
    }
    return sum / factorial;
  }

  /** Sum of |det| over the flags below the i-th face of dimension k (rows k..d-1 of m set). */
  private static double flags(FaceLattice lattice, double[][][] dual, int k, int i, double[] m, int d) {
    if (k == 0) {
      return Math.abs(Linear.determinant(m, d));
    }
    double sum = 0;
    for (int child : lattice.children(k, i)) {
      System.arraycopy(dual[k - 1][child], 0, m, (k - 1) * d, d);
      sum += flags(lattice, dual, k - 1, child, m, d);
    }
    return sum;
  }
}
