package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The face lattice of a convex d-polytope K with 0 in its interior, from its vertices and the
 * vertex sets of its facets (Ziegler, "Lectures on Polytopes", 1995, section 2.2: the faces are
 * the intersections of facets, ordered by inclusion):
 *
 * <ol>
 *   <li>Level d - 1: the facets, as vertex sets.
 *   <li>Level k from level k + 1: for every (k+1)-face G and facet F, the vertex set G and F have in
 *       common is a face of K (an intersection of faces); it is a k-face when its vertices span an
 *       affine subspace of dimension k. Every k-face H inside G arises so (H is an intersection of
 *       facets, one of which does not contain G), so G's children are complete, and a face's
 *       facets are the union of its parents' facets.
 *   <li>The rank test: a proper face lies in a hyperplane a . x = 1 that misses the origin, so the
 *       affine dimension of its vertices is their linear rank minus one. The rank is taken by
 *       Gram-Schmidt with largest-residual pivoting ({@link Linear#rank}): a vertex counts as
 *       independent when its component out of the span of those taken exceeds
 *       {@link Tolerances#incidence()} times its length.
 * </ol>
 *
 * Used for the f-vector of convex bodies of d >= 4 ({@link PolytopeFaces}) and for the flags of
 * the polar volume in every d ({@link PolarVolume}). Immutable.
 */
final class FaceLattice {

  private final int d;
  /** levels.get(k): the k-faces as vertex sets. */
  private final List<List<BitSet>> levels;
  /** children.get(k)[i]: indices in level k - 1 of the faces of the i-th k-face (k >= 1). */
  private final List<int[][]> children;
  /** facets.get(k)[i]: the facets (indices in level d - 1) that contain the i-th k-face. */
  private final List<BitSet[]> facets;

  private FaceLattice(int d, List<List<BitSet>> levels, List<int[][]> children, List<BitSet[]> facets) {
    this.d = d;
    this.levels = levels;
    this.children = children;
    this.facets = facets;
  }

  /**
   * The lattice of the polytope with vertices {@code points} (flat, d coordinates each) and the
   * given facets' vertex ids.
   *
   * @param incidence relative tolerance of the rank test ({@link Tolerances#incidence()})
   * @param deadline checked once per face of each level, under the name {@code stage}
   */
  static FaceLattice of(int d, double[] points, List<int[]> facetVertices, double incidence, Deadline deadline,
      String stage) {
    List<List<BitSet>> levels = new ArrayList<>();
    List<int[][]> children = new ArrayList<>();
    List<BitSet[]> facets = new ArrayList<>();
    for (int k = 0; k < d; k++) {
      levels.add(List.of());
      children.add(new int[0][]);
      facets.add(new BitSet[0]);
    }
    // the facets as given, in order (facet i of the lattice is facetVertices' i-th)
    List<BitSet> top = new ArrayList<>();
    for (int[] ids : facetVertices) {
      BitSet b = new BitSet();
      for (int v : ids) {
        b.set(v);
      }
      top.add(b);
    }
    BitSet[] topFacets = new BitSet[top.size()];
    for (int f = 0; f < top.size(); f++) {
      topFacets[f] = new BitSet();
      topFacets[f].set(f);
    }
    levels.set(d - 1, top);
    facets.set(d - 1, topFacets);
    for (int k = d - 2; k >= 0; k--) {
      List<BitSet> upper = levels.get(k + 1);
      BitSet[] upperFacets = facets.get(k + 1);
      List<BitSet> level = new ArrayList<>();
      List<BitSet> levelFacets = new ArrayList<>();
      // every candidate vertex set seen at this level: its face index, or -1 when not a k-face
      Map<BitSet, Integer> seen = new HashMap<>();
      int[][] below = new int[upper.size()][];
      int[] found = new int[top.size()];
      for (int g = 0; g < upper.size(); g++) {
        deadline.check(stage);
        BitSet face = upper.get(g);
        int count = 0;
        for (BitSet facet : top) {
          if (!face.intersects(facet)) {
            continue;
          }
          BitSet s = (BitSet) face.clone();
          s.and(facet);
          if (s.cardinality() < k + 1 || s.equals(face)) {
            continue;
          }
          Integer id = seen.get(s);
          if (id == null) {
            id = Linear.rank(points, s.stream().toArray(), d, incidence) == k + 1 ? level.size() : -1;
            seen.put(s, id);
            if (id >= 0) {
              level.add(s);
              levelFacets.add(new BitSet());
            }
          }
          if (id >= 0 && !contains(found, count, id)) {
            found[count++] = id;
            levelFacets.get(id).or(upperFacets[g]);
          }
        }
        below[g] = Arrays.copyOf(found, count);
      }
      levels.set(k, level);
      children.set(k + 1, below);
      facets.set(k, levelFacets.toArray(new BitSet[0]));
    }
    return new FaceLattice(d, levels, children, facets);
  }

  private static boolean contains(int[] a, int n, int x) {
    for (int i = 0; i < n; i++) {
      if (a[i] == x) {
        return true;
      }
    }
    return false;
  }

  int dimension() {
    return d;
  }

  /** Number of k-faces. */
  int count(int k) {
    return levels.get(k).size();
  }

  /** The vertex ids of the i-th k-face. */
  BitSet face(int k, int i) {
    return (BitSet) levels.get(k).get(i).clone();
  }

  /** Indices (in level k - 1) of the (k-1)-faces of the i-th k-face, for k >= 1. */
  int[] children(int k, int i) {
    return children.get(k)[i];
  }

  /** Indices of the facets (level d - 1) that contain the i-th k-face. */
  BitSet facetsContaining(int k, int i) {
    return (BitSet) facets.get(k)[i].clone();
  }

  /** (f_0, ..., f_{d-1}). */
  int[] fVector() {
    int[] f = new int[d];
    for (int k = 0; k < d; k++) {
      f[k] = count(k);
    }
    return f;
  }

  /** The edges (1-faces) as vertex id pairs. */
  List<int[]> edges() {
    List<int[]> out = new ArrayList<>();
    if (d < 2) {
      return out;
    }
    for (BitSet e : levels.get(1)) {
      out.add(e.stream().toArray());
    }
    return out;
  }
}
