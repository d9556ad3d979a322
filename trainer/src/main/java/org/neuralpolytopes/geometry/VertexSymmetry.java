package org.neuralpolytopes.geometry;

import java.util.Arrays;

/**
 * The vertex symmetry statistics of docs/metrics.md ("Vertex symmetry statistics") of a vertex set V:
 * the exact vertices for p = 1 and relu bodies whose face complex is complete (with their exact
 * edges), the Morse maxima otherwise.
 *
 * @param symmetryOrder number of orthogonal maps Q with Q V = V within the symmetry tolerance
 *     (null when V spans less than a hyperplane of R^d, whose group is infinite; a V that spans
 *     a hyperplane W has the maps of W that fix it, each extended by +1 or -1 on W's normal)
 * @param rotationOrder the proper rotations among them
 * @param symmetryGroup the group's name ({@link PointGroup#name()}); null for d >= 4
 * @param vertexOrbits number of orbits of V under the group
 * @param symmetryDefect largest matched distance over all maps, each relative to the mean radius
 *     of the two points matched ({@link PointGroup#defect()})
 * @param radiusCv coefficient of variation of the vertex radii
 * @param edgeCv coefficient of variation of the edge lengths: the exact edges when given, else the
 *     nearest-neighbour distances (null for fewer than two vertices)
 * @param valence histogram of vertex degrees, valence[k] = vertices of degree k (exact complex
 *     only, else null)
 * @param orbit the orbit index of every vertex (null with the group)
 * @param orbitSizes the orbits' sizes, ascending (null with the group)
 * @param outerOrbitSize size of the orbit of largest mean radius (null with the group)
 * @param radiusToEdge mean vertex radius over mean nearest-neighbour distance
 */
public record VertexSymmetry(
    Integer symmetryOrder,
    Integer rotationOrder,
    String symmetryGroup,
    Integer vertexOrbits,
    Double symmetryDefect,
    double radiusCv,
    Double edgeCv,
    int[] valence,
    int[] orbit,
    int[] orbitSizes,
    Integer outerOrbitSize,
    double radiusToEdge) implements java.io.Serializable {

  /** Measures the vertex set (n rows of d coordinates, n >= 1), without edges. */
  public static VertexSymmetry measure(double[][] vertices, Tolerances tol) {
    return measure(vertices, null, tol);
  }

  /** As {@link #measure(double[][], Tolerances)}, with a deadline ({@link #STAGE}). */
  public static VertexSymmetry measure(double[][] vertices, Tolerances tol, Deadline deadline) {
    return measure(vertices, null, tol, deadline);
  }

  /**
   * Measures the vertex set with its exact edges ({from, to} vertex index pairs; null when
   * unknown): edge_cv then comes from the edges' lengths and valence from their degrees.
   */
  public static VertexSymmetry measure(double[][] vertices, int[][] edges, Tolerances tol) {
    return measure(vertices, edges, tol, Deadline.NONE);
  }

  /** The stage name of {@link Deadline.DeadlineExceededException}s thrown by the vertex symmetry. */
  public static final String STAGE = "vertex symmetry";

  /**
   * As {@link #measure(double[][], int[][], Tolerances)}, checking {@code deadline} through the
   * point group's search: past it, {@link Deadline.DeadlineExceededException} with the stage
   * {@link #STAGE}.
   */
  public static VertexSymmetry measure(double[][] vertices, int[][] edges, Tolerances tol, Deadline deadline) {
    int n = vertices.length;
    if (n == 0) {
      throw new IllegalArgumentException("no vertices");
    }
    double[] radius = new double[n];
    for (int i = 0; i < n; i++) {
      radius[i] = norm(vertices[i]);
    }
    double[] nearest = PointIndex.nearestDistances(vertices, 1, deadline, STAGE);
    double radiusCv = cv(radius);
    Double edgeCv = n >= 2 ? cv(nearest) : null;
    int[] valence = null;
    if (edges != null && edges.length > 0) {
      double[] lengths = new double[edges.length];
      int[] degree = new int[n];
      int maxDegree = 0;
      for (int e = 0; e < edges.length; e++) {
        lengths[e] = Linear.distance(vertices[edges[e][0]], vertices[edges[e][1]]);
        maxDegree = Math.max(maxDegree, Math.max(++degree[edges[e][0]], ++degree[edges[e][1]]));
      }
      edgeCv = cv(lengths);
      valence = new int[maxDegree + 1];
      for (int k : degree) {
        valence[k]++;
      }
    }
    double radiusToEdge = n >= 2 ? mean(radius) / mean(nearest) : Double.NaN;
    PointGroup group = PointGroup.of(vertices, tol.symmetry(), deadline, STAGE);
    if (group == null) {
      return new VertexSymmetry(null, null, null, null, null, radiusCv, edgeCv, valence, null, null, null,
          radiusToEdge);
    }
    int[] orbit = group.orbits();
    int orbits = group.orbitCount();
    int[] sizes = new int[orbits];
    double[] radiusSum = new double[orbits];
    for (int i = 0; i < n; i++) {
      sizes[orbit[i]]++;
      radiusSum[orbit[i]] += radius[i];
    }
    int outer = 0;
    for (int o = 1; o < orbits; o++) {
      if (radiusSum[o] / sizes[o] > radiusSum[outer] / sizes[outer]) {
        outer = o;
      }
    }
    int outerSize = sizes[outer];
    Arrays.sort(sizes);
    return new VertexSymmetry(group.order(), group.rotationOrder(), group.name(), orbits, group.defect(),
        radiusCv, edgeCv, valence, orbit, sizes, outerSize, radiusToEdge);
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Population standard deviation over mean. */
  private static double cv(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / x.length) / m;
  }
}
