package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;

/**
 * The exact volume of the polar K° of a convex polytope K = {x : a_F . x <= 1 for every facet F},
 * from K's face complex (docs/metrics.md, "Duality metrics", the exact path for polytopes).
 *
 * <ol>
 *   <li>K° = conv{a_F}, and its faces are dual to K's: the face of K° dual to a face G of K is
 *       conv{a_F : F contains G} (Ziegler, "Lectures on Polytopes", 2.3).
 *   <li>K's face lattice is rebuilt from the facets' vertex sets: the faces of dimension k - 1 are
 *       the maximal intersections of a k-face with a facet that have affine dimension k - 1
 *       (Ziegler 2.2), down to the vertices.
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

  /**
   * vol(K°) of a complete, convex face complex.
   *
   * @throws IllegalArgumentException when the complex is not complete and convex
   */
  public static double of(PolytopeFaces faces) {
    if (faces.outcome() != PolytopeFaces.Outcome.COMPLETE || !Boolean.TRUE.equals(faces.convex())) {
      throw new IllegalArgumentException("the exact polar volume needs a complete, convex face complex");
    }
    int d = faces.dimension();
    int nv = faces.vertices().size();
    double[][] x = new double[nv][];
    for (int i = 0; i < nv; i++) {
      x[i] = faces.vertices().get(i).x();
    }
    List<BitSet> facets = new ArrayList<>();
    List<double[]> normals = new ArrayList<>();
    for (PolytopeFaces.Facet f : faces.facets()) {
      BitSet s = new BitSet(nv);
      for (int id : f.vertexIds()) {
        s.set(id);
      }
      facets.add(s);
      normals.add(f.a());
    }
    // levels.get(k): the faces of dimension k as vertex sets; facets are level d - 1
    List<List<BitSet>> levels = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      levels.add(new ArrayList<>());
    }
    levels.set(d - 1, facets);
    for (int k = d - 2; k >= 0; k--) {
      Set<BitSet> next = new LinkedHashSet<>();
      for (BitSet g : levels.get(k + 1)) {
        List<BitSet> candidates = new ArrayList<>();
        for (BitSet f : facets) {
          BitSet c = (BitSet) g.clone();
          c.and(f);
          if (!c.isEmpty() && !c.equals(g) && dimension(c, x) == k) {
            candidates.add(c);
          }
        }
        for (BitSet c : candidates) {
          boolean maximal = true;
          for (BitSet o : candidates) {
            if (o != c && !o.equals(c) && contains(o, c)) {
              maximal = false;
              break;
            }
          }
          if (maximal) {
            next.add(c);
          }
        }
      }
      levels.set(k, new ArrayList<>(next));
    }
    // the dual point of every face: the mean of the linear terms of the facets containing it
    List<List<double[]>> dual = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      List<double[]> points = new ArrayList<>();
      for (BitSet g : levels.get(k)) {
        double[] c = new double[d];
        int count = 0;
        for (int f = 0; f < facets.size(); f++) {
          if (contains(facets.get(f), g)) {
            for (int i = 0; i < d; i++) {
              c[i] += normals.get(f)[i];
            }
            count++;
          }
        }
        for (int i = 0; i < d; i++) {
          c[i] /= count;
        }
        points.add(c);
      }
      dual.add(points);
    }
    double[][] m = new double[d][];
    double[] sum = {0};
    for (int f = 0; f < levels.get(d - 1).size(); f++) {
      m[d - 1] = dual.get(d - 1).get(f);
      flags(levels, dual, d - 1, levels.get(d - 1).get(f), m, sum);
    }
    double factorial = 1;
    for (int i = 2; i <= d; i++) {
      factorial *= i;
    }
    return sum[0] / factorial;
  }

  /** Adds |det| over the flags below the face {@code g} of dimension {@code k}. */
  private static void flags(List<List<BitSet>> levels, List<List<double[]>> dual, int k, BitSet g,
      double[][] m, double[] sum) {
    if (k == 0) {
      sum[0] += Math.abs(new LUDecomposition(new Array2DRowRealMatrix(m, false)).getDeterminant());
      return;
    }
    List<BitSet> below = levels.get(k - 1);
    for (int i = 0; i < below.size(); i++) {
      if (contains(g, below.get(i))) {
        m[k - 1] = dual.get(k - 1).get(i);
        flags(levels, dual, k - 1, below.get(i), m, sum);
      }
    }
  }

  private static boolean contains(BitSet outer, BitSet inner) {
    BitSet c = (BitSet) inner.clone();
    c.andNot(outer);
    return c.isEmpty();
  }

  /** Affine dimension of a vertex set: the rank of the differences to its first vertex. */
  static int dimension(BitSet set, double[][] x) {
    int first = set.nextSetBit(0);
    List<double[]> rows = new ArrayList<>();
    for (int i = set.nextSetBit(first + 1); i >= 0; i = set.nextSetBit(i + 1)) {
      double[] r = new double[x[first].length];
      for (int k = 0; k < r.length; k++) {
        r[k] = x[i][k] - x[first][k];
      }
      rows.add(r);
    }
    if (rows.isEmpty()) {
      return 0;
    }
    // rank with a tolerance relative to the largest singular value: the vertices carry rounding
    double[] sv = new org.apache.commons.math3.linear.SingularValueDecomposition(
        new Array2DRowRealMatrix(rows.toArray(new double[0][]), false)).getSingularValues();
    int rank = 0;
    for (double s : sv) {
      if (s > 1e-9 * sv[0]) {
        rank++;
      }
    }
    return rank;
  }
}
