package org.neuralpolytopes.geometry;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The exact face complex of the polytope K = {f = 1} of a bias-free |t| or relu network
 * (docs/metrics.md, "Exact faces of piecewise-linear networks"), built on the cells of
 * {@link LinearCells}:
 *
 * <ol>
 *   <li>Facets: adjacent cells (sharing a wall) whose linear terms agree to the relative
 *       tolerance {@link Tolerances#merge()} are merged (union-find); each merged cell is one facet,
 *       lying in the hyperplane a . x = 1. Every wall is checked to be seen alike from both sides.
 *   <li>Points of K: a cell ray u lies on K at x = u / f(u), radius 1 / f(u).
 *   <li>Vertices: in d = 2, the rays between two facets; in d = 3, the rays where three or more
 *       facet boundary arcs meet (the boundary between two facets lies on one great circle, so a
 *       ray where only two facets meet is inside an edge); in d >= 4, the rays where the facets
 *       around have linear terms of rank d. Each vertex of K is an extreme ray of a cell, because
 *       a ray inside a two-dimensional face of the fan has all the linear terms around it agreeing
 *       on that face.
 *   <li>Edges and the f-vector: d = 2, the facets are the edges; d = 3, the facet boundary arcs
 *       form a graph on the sphere whose nodes of degree 2 join arcs into edges, so K's map is
 *       (vertices, chains of arcs, facets) whether or not K is convex; d >= 4 when K is convex, K
 *       is the polar of conv{a_k} and its face lattice is built from the facets' vertex sets
 *       ({@link FaceLattice}). For d >= 4 and non-convex K
 *       the f-vector is left undetermined.
 *   <li>Measures: facet areas and the body's volume from each cell's triangulation (a simplicial
 *       cone with rays u_i cut by a . x = 1 has volume |det(x_i)| / d! and section area
 *       |a| |det(x_i)| / (d - 1)!); convex = every cell ray on K satisfies max_k a_k . x <= 1 +
 *       merge; euler_ok = sum_i (-1)^i f_i == 1 + (-1)^(d-1).
 * </ol>
 *
 * Before the walk the number of cells is estimated from a sample of directions
 * ({@link CellEstimate}); when the estimate's 95% interval lies above the cell cap (of at least
 * {@link #MIN_CAP_SKIPPED} cells), the walk is not started and the result is
 * {@link Outcome#GEOMETRY_LIMIT} with the estimate alone. A walk
 * stopped by the cell cap gives {@link Outcome#GEOMETRY_LIMIT} with the cells visited and the
 * facets merged among them (partial counts) and nothing else; an unbounded body (f vanishes at
 * some cell ray, or a cell is not pointed) gives {@link Outcome#UNBOUNDED}.
 *
 * @param dimension d
 * @param outcome whether the complex is complete, cut by the cell cap, or the body unbounded
 * @param activationCells activation cells (before merging); the cells visited for GEOMETRY_LIMIT;
 *     null when a cell that is not pointed stopped the walk, or the estimate stopped it before it
 *     began
 * @param regionBound Serra et al.'s bound on activation patterns ({@link RegionBound})
 * @param facetCount facets (for GEOMETRY_LIMIT: merged among the cells visited); null if unbounded
 * @param vertexCount vertices of K; null unless complete and bounded
 * @param fVector (f_0, ..., f_{d-1}); null when not determined
 * @param convex whether the body is convex; null unless complete and bounded
 * @param eulerOk whether the f-vector satisfies Euler's relation; null without f-vector
 * @param volume the body's volume, exactly; null unless complete and bounded
 * @param facets every facet, by id
 * @param vertices every vertex, by id
 * @param edges every edge (empty when the f-vector is undetermined)
 * @param cellEstimate the sampled estimate of the number of cells made before the walk; null when
 *     none was made (a complex built from given cells)
 */
public record PolytopeFaces(
    int dimension,
    Outcome outcome,
    Integer activationCells,
    double regionBound,
    Integer facetCount,
    Integer vertexCount,
    int[] fVector,
    Boolean convex,
    Boolean eulerOk,
    Double volume,
    List<Facet> facets,
    List<Vertex> vertices,
    List<Edge> edges,
    CellEstimate cellEstimate) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A complex without a cell estimate. */
  public PolytopeFaces(int dimension, Outcome outcome, Integer activationCells, double regionBound,
      Integer facetCount, Integer vertexCount, int[] fVector, Boolean convex, Boolean eulerOk, Double volume,
      List<Facet> facets, List<Vertex> vertices, List<Edge> edges) {
    this(dimension, outcome, activationCells, regionBound, facetCount, vertexCount, fVector, convex, eulerOk,
        volume, facets, vertices, edges, null);
  }

  /** The Chao1 estimate of the number of activation cells ({@link CellEstimate}), or null. */
  public Double estimatedCells() {
    return cellEstimate == null ? null : cellEstimate.estimate();
  }

  private PolytopeFaces withCellEstimate(CellEstimate estimate) {
    return new PolytopeFaces(dimension, outcome, activationCells, regionBound, facetCount, vertexCount, fVector,
        convex, eulerOk, volume, facets, vertices, edges, estimate);
  }

  /**
   * Caps below this are walked even when the estimate says they will be exceeded: visiting so few
   * cells takes a fraction of a second even in d = 5, and gives partial counts.
   */
  static final int MIN_CAP_SKIPPED = 2000;

  /** Whether the walk is not started: the cap is large and clearly below the estimate. */
  private static boolean skipWalk(CellEstimate estimate, int cap) {
    return cap >= MIN_CAP_SKIPPED && estimate.clearlyExceeds(cap);
  }

  /** The result when the estimate says, before any walk, that there are clearly too many cells. */
  private static PolytopeFaces tooManyCells(int d, double regionBound, CellEstimate estimate) {
    return new PolytopeFaces(d, Outcome.GEOMETRY_LIMIT, null, regionBound, null, null, null, null, null, null,
        List.of(), List.of(), List.of(), estimate);
  }

  /** The cell estimate for the settings' cap ({@link CellEstimate#of(Network, Tolerances, int, int, Deadline, String)}). */
  private static CellEstimate estimate(Network net, GeometrySettings settings, Deadline deadline) {
    int cap = settings.maxCells();
    return CellEstimate.of(net, settings.tolerances(), CellEstimate.samplesFor(cap), cap, deadline, STAGE);
  }

  /** How far the face complex got. */
  public enum Outcome {
    /** Every cell visited, the body bounded: every figure is set. */
    COMPLETE,
    /** More activation cells than the cap: partial counts only. */
    GEOMETRY_LIMIT,
    /** f vanishes in some direction: no polytope. */
    UNBOUNDED
  }

  /**
   * One facet.
   *
   * @param a its linear term: the facet lies in a . x = 1 and f(x) = a . x on its cone
   * @param area its (d-1)-volume (length in d = 2)
   * @param vertexIds its vertices; in d = 2 and 3 in boundary order, counter-clockwise seen from
   *     outside, when the boundary is one cycle; ascending otherwise
   * @param cells activation cells merged into it
   */
  public record Facet(double[] a, double area, int[] vertexIds, int cells) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * One vertex.
   *
   * @param x its coordinates (on K)
   * @param radius |x|
   * @param valence edges at the vertex; null when edges are not determined
   */
  public record Vertex(double[] x, double radius, Integer valence) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One edge between two vertex ids, with its length. */
  public record Edge(int from, int to, double length) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The stage name of {@link Deadline.DeadlineExceededException}s thrown by the exact faces. */
  public static final String STAGE = "exact faces";

  /** Walks the cells of {@code net} and builds its face complex. */
  public static PolytopeFaces measure(Network net, GeometrySettings settings) {
    return measure(net, settings, Deadline.NONE);
  }

  /**
   * As {@link #measure(Network, GeometrySettings)}, the walk stopping at {@code deadlineNanos}
   * with {@link Outcome#GEOMETRY_LIMIT} and partial counts.
   */
  public static PolytopeFaces measure(Network net, GeometrySettings settings, long deadlineNanos) {
    Architecture arch = net.architecture();
    double bound = RegionBound.of(arch.d(), arch.layers(), arch.units());
    CellEstimate estimate = estimate(net, settings, Deadline.NONE);
    if (skipWalk(estimate, settings.maxCells())) {
      return tooManyCells(arch.d(), bound, estimate);
    }
    LinearCells cells = LinearCells.walk(net, settings.tolerances(), settings.maxCells(), deadlineNanos);
    return of(cells, net, settings.tolerances(), bound, Deadline.NONE).withCellEstimate(estimate);
  }

  /**
   * As {@link #measure(Network, GeometrySettings)}, checking {@code deadline} before every cell of
   * the walk and through the building of the complex: past it, throws
   * {@link Deadline.DeadlineExceededException} with the stage {@link #STAGE}.
   */
  public static PolytopeFaces measure(Network net, GeometrySettings settings, Deadline deadline) {
    return measure(net, settings, deadline, false).faces();
  }

  /**
   * A face complex and, when it is complete and bounded in d >= {@link #EXTREMA_DIMENSION}, the
   * extrema of the radial function read off its cells ({@link CellExtrema}, else null). The
   * extrema stay with the caller: they are not part of the serialised complex.
   */
  public record WithExtrema(PolytopeFaces faces, CellExtrema extrema) {}

  /**
   * The lowest dimension whose Morse counts take their maxima and minima from the cells
   * ({@link MorseCounts}); below it they come from the mesh, whose flow labels the saddles.
   */
  public static final int EXTREMA_DIMENSION = 4;

  /**
   * As {@link #measure(Network, GeometrySettings, Deadline)}, and for a complete, bounded complex
   * in d >= {@link #EXTREMA_DIMENSION} also the radial function's extrema from its cells.
   */
  public static WithExtrema measureWithExtrema(Network net, GeometrySettings settings, Deadline deadline) {
    return measure(net, settings, deadline, true);
  }

  private static WithExtrema measure(Network net, GeometrySettings settings, Deadline deadline, boolean extrema) {
    Architecture arch = net.architecture();
    double bound = RegionBound.of(arch.d(), arch.layers(), arch.units());
    CellEstimate estimate = estimate(net, settings, deadline);
    if (skipWalk(estimate, settings.maxCells())) {
      return new WithExtrema(tooManyCells(arch.d(), bound, estimate), null);
    }
    LinearCells cells = LinearCells.walk(net, settings.tolerances(), settings.maxCells(), deadline);
    WithExtrema built = build(cells, net, settings.tolerances(), bound, deadline, extrema);
    return new WithExtrema(built.faces().withCellEstimate(estimate), built.extrema());
  }

  /** The face complex of walked cells. */
  static PolytopeFaces of(LinearCells lc, Network net, Tolerances tol, double regionBound) {
    return of(lc, net, tol, regionBound, Deadline.NONE);
  }

  /** The face complex of walked cells, checking {@code deadline} ({@link #STAGE}) as it is built. */
  static PolytopeFaces of(LinearCells lc, Network net, Tolerances tol, double regionBound, Deadline deadline) {
    return build(lc, net, tol, regionBound, deadline, false).faces();
  }

  /** The face complex of walked cells, and when asked (and it applies) the extrema from its cells. */
  private static WithExtrema build(LinearCells lc, Network net, Tolerances tol, double regionBound, Deadline deadline,
      boolean extrema) {
    int d = lc.dimension();
    if (lc.outcome() == LinearCells.Outcome.NOT_POINTED) {
      return new WithExtrema(new PolytopeFaces(d, Outcome.UNBOUNDED, null, regionBound, null, null, null, null, null,
          null, List.of(), List.of(), List.of()), null);
    }
    if (lc.unbounded()) {
      Integer cells = lc.outcome() == LinearCells.Outcome.COMPLETE ? lc.cellCount() : null;
      return new WithExtrema(new PolytopeFaces(d, Outcome.UNBOUNDED, cells, regionBound, null, null, null, null, null,
          null, List.of(), List.of(), List.of()), null);
    }
    int[] facetOf = mergeFacets(lc, tol);
    int facetCount = 0;
    for (int f : facetOf) {
      facetCount = Math.max(facetCount, f + 1);
    }
    if (lc.outcome() == LinearCells.Outcome.LIMIT) {
      return new WithExtrema(new PolytopeFaces(d, Outcome.GEOMETRY_LIMIT, lc.cellCount(), regionBound, facetCount,
          null, null, null, null, null, List.of(), List.of(), List.of()), null);
    }
    PolytopeFaces faces = new Builder(lc, net, tol, facetOf, facetCount, deadline).build(regionBound);
    CellExtrema found = extrema && d >= EXTREMA_DIMENSION
        ? CellExtrema.of(lc, tol, deadline, STAGE) : null;
    return new WithExtrema(faces, found);
  }

  /**
   * Facet id of every visited cell: components of the graph of walls whose two cells have equal
   * linear terms, numbered in the order of their first cell.
   */
  private static int[] mergeFacets(LinearCells lc, Tolerances tol) {
    List<LinearCells.Cell> cells = lc.cells();
    int count = cells.size();
    int[] parent = new int[count];
    for (int i = 0; i < count; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < count; i++) {
      LinearCells.Cell c = cells.get(i);
      for (int j : c.neighbours()) {
        if (j > i && j < count && sameTerm(c.a(), cells.get(j).a(), tol.merge())) {
          int ri = find(parent, i);
          int rj = find(parent, j);
          if (ri != rj) {
            parent[Math.max(ri, rj)] = Math.min(ri, rj);
          }
        }
      }
    }
    int[] facetOf = new int[count];
    int[] idOfRoot = new int[count];
    Arrays.fill(idOfRoot, -1);
    int next = 0;
    for (int i = 0; i < count; i++) {
      int r = find(parent, i);
      if (idOfRoot[r] < 0) {
        idOfRoot[r] = next++;
      }
      facetOf[i] = idOfRoot[r];
    }
    return facetOf;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** |a - b| <= merge * max(|a|, |b|). */
  static boolean sameTerm(double[] a, double[] b, double merge) {
    double diff = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      diff += (a[k] - b[k]) * (a[k] - b[k]);
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return Math.sqrt(diff) <= merge * Math.sqrt(Math.max(na, nb));
  }

  /** The number of faces of each dimension 0..d-1, which must be set. */
  public int fVector(int k) {
    return fVector[k];
  }

  /** Whether sum_i (-1)^i f_i == 1 + (-1)^(d-1) (the Euler-Poincare relation of a d-polytope's boundary). */
  public static boolean euler(int[] f) {
    int d = f.length;
    long sum = 0;
    for (int i = 0; i < d; i++) {
      sum += (i % 2 == 0 ? 1 : -1) * (long) f[i];
    }
    return sum == 1 + (d % 2 == 0 ? -1 : 1);
  }

  /** Builds the complete complex of a finished walk of a bounded body. */
  private static final class Builder {
    private final LinearCells lc;
    private final Network net;
    private final Tolerances tol;
    private final int d;
    private final List<LinearCells.Cell> cells;
    private final int[] facetOf;
    private final int facetCount;
    private final int rayCount;
    private final double[] point;
    private final int[][] rayFacets;
    private final Deadline deadline;

    Builder(LinearCells lc, Network net, Tolerances tol, int[] facetOf, int facetCount, Deadline deadline) {
      this.deadline = deadline;
      this.lc = lc;
      this.net = net;
      this.tol = tol;
      this.d = lc.dimension();
      this.cells = lc.cells();
      this.facetOf = facetOf;
      this.facetCount = facetCount;
      this.rayCount = lc.rayCount();
      this.point = new double[rayCount * d];
      for (int r = 0; r < rayCount; r++) {
        if ((r & 255) == 0) {
          deadline.check(STAGE);
        }
        double[] u = lc.ray(r);
        double f = net.value(u);
        for (int k = 0; k < d; k++) {
          point[r * d + k] = u[k] / f;
        }
      }
      List<Set<Integer>> around = new ArrayList<>(rayCount);
      for (int r = 0; r < rayCount; r++) {
        around.add(new LinkedHashSet<>());
      }
      for (int i = 0; i < cells.size(); i++) {
        for (int r : cells.get(i).rays()) {
          around.get(r).add(facetOf[i]);
        }
      }
      rayFacets = new int[rayCount][];
      for (int r = 0; r < rayCount; r++) {
        rayFacets[r] = around.get(r).stream().mapToInt(Integer::intValue).toArray();
      }
    }

    PolytopeFaces build(double regionBound) {
      checkWalls();
      double[][] a = new double[facetCount][];
      int[] cellsIn = new int[facetCount];
      for (int i = 0; i < cells.size(); i++) {
        if (a[facetOf[i]] == null) {
          a[facetOf[i]] = cells.get(i).a();
        }
        cellsIn[facetOf[i]]++;
      }
      // Areas and volume from the cells' triangulations.
      double[] area = new double[facetCount];
      double volume = 0;
      double dFactorial = factorial(d);
      double[] m = new double[d * d];
      for (int i = 0; i < cells.size(); i++) {
        deadline.check(STAGE);
        LinearCells.Cell c = cells.get(i);
        double norm = Linear.norm(c.a(), 0, d);
        int[] s = c.simplices();
        for (int t = 0; t < s.length; t += d) {
          for (int k = 0; k < d; k++) {
            double fu = 0;
            for (int q = 0; q < d; q++) {
              fu += c.a()[q] * lc.rayCoordinate(s[t + k], q);
            }
            for (int q = 0; q < d; q++) {
              m[k * d + q] = lc.rayCoordinate(s[t + k], q) / fu;
            }
          }
          double det = Math.abs(Linear.determinant(m, d));
          volume += det / dFactorial;
          area[facetOf[i]] += norm * det * d / dFactorial;
        }
      }
      // Convexity: every cell ray on K below every facet's plane.
      boolean convex = true;
      for (int r = 0; r < rayCount && convex; r++) {
        deadline.check(STAGE);
        for (int f = 0; f < facetCount && convex; f++) {
          convex = Linear.dot(a[f], 0, point, r * d, d) <= 1 + tol.merge();
        }
      }
      // Vertices, edges, f-vector.
      int[] vertexOf = new int[rayCount];
      Arrays.fill(vertexOf, -1);
      List<int[]> edges = new ArrayList<>();
      int[] fVector;
      int[][] facetVertices = new int[facetCount][];
      if (d == 2) {
        fVector = polygon(vertexOf, edges, facetVertices);
      } else if (d == 3) {
        fVector = polyhedron(vertexOf, edges, facetVertices, a);
      } else {
        fVector = higher(vertexOf, edges, facetVertices, a, convex);
      }
      int vertexCount = 0;
      for (int v : vertexOf) {
        vertexCount = Math.max(vertexCount, v + 1);
      }
      double[] vx = new double[vertexCount * d];
      for (int r = 0; r < rayCount; r++) {
        if (vertexOf[r] >= 0) {
          System.arraycopy(point, r * d, vx, vertexOf[r] * d, d);
        }
      }
      int[] valence = new int[vertexCount];
      List<Edge> edgeList = new ArrayList<>();
      for (int[] e : edges) {
        valence[e[0]]++;
        valence[e[1]]++;
        double len = 0;
        for (int k = 0; k < d; k++) {
          double diff = vx[e[0] * d + k] - vx[e[1] * d + k];
          len += diff * diff;
        }
        edgeList.add(new Edge(e[0], e[1], Math.sqrt(len)));
      }
      List<Vertex> vertices = new ArrayList<>(vertexCount);
      for (int v = 0; v < vertexCount; v++) {
        double[] x = Arrays.copyOfRange(vx, v * d, v * d + d);
        vertices.add(new Vertex(x, Linear.norm(x, 0, d), fVector == null ? null : valence[v]));
      }
      List<Facet> facets = new ArrayList<>(facetCount);
      for (int f = 0; f < facetCount; f++) {
        facets.add(new Facet(a[f].clone(), area[f], facetVertices[f], cellsIn[f]));
      }
      Boolean euler = fVector == null ? null : euler(fVector);
      return new PolytopeFaces(d, Outcome.COMPLETE, cells.size(), regionBound, facetCount, vertexCount, fVector,
          convex, euler, volume, List.copyOf(facets), List.copyOf(vertices), List.copyOf(edgeList));
    }

    /** Every wall is seen from its other cell with the same rays (the cells form a fan). */
    private void checkWalls() {
      for (int i = 0; i < cells.size(); i++) {
        deadline.check(STAGE);
        LinearCells.Cell c = cells.get(i);
        for (int k = 0; k < c.neighbours().length; k++) {
          int j = c.neighbours()[k];
          LinearCells.Cell other = cells.get(j);
          int back = -1;
          for (int q = 0; q < other.neighbours().length; q++) {
            if (other.neighbours()[q] == i) {
              back = q;
            }
          }
          if (back < 0) {
            throw new IllegalStateException("cell walk: cell " + j + " does not see cell " + i + " across their wall");
          }
          int[] mine = c.wallRays()[k].clone();
          int[] theirs = other.wallRays()[back].clone();
          Arrays.sort(mine);
          Arrays.sort(theirs);
          if (!Arrays.equals(mine, theirs)) {
            throw new IllegalStateException("cell walk: the wall between cells " + i + " and " + j
                + " has rays " + Arrays.toString(mine) + " on one side and " + Arrays.toString(theirs) + " on the other");
          }
        }
      }
    }

    /** Boundary walls (between two facets) as {ray ids..., facet, facet}, each once. */
    private List<int[]> boundaryWalls() {
      List<int[]> out = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        LinearCells.Cell c = cells.get(i);
        for (int k = 0; k < c.neighbours().length; k++) {
          int j = c.neighbours()[k];
          if (j > i && facetOf[i] != facetOf[j]) {
            int[] wr = c.wallRays()[k];
            int[] arc = Arrays.copyOf(wr, wr.length + 2);
            arc[wr.length] = facetOf[i];
            arc[wr.length + 1] = facetOf[j];
            out.add(arc);
          }
        }
      }
      return out;
    }

    /** d = 2: boundary rays are the vertices, facets the edges. */
    private int[] polygon(int[] vertexOf, List<int[]> edges, int[][] facetVertices) {
      int next = 0;
      List<int[]> walls = boundaryWalls();
      List<Integer> boundary = new ArrayList<>();
      for (int[] w : walls) {
        boundary.add(w[0]);
      }
      Collections.sort(boundary);
      for (int r : boundary) {
        if (vertexOf[r] < 0) {
          vertexOf[r] = next++;
        }
      }
      for (int f = 0; f < facetCount; f++) {
        List<Integer> ends = new ArrayList<>();
        for (int r = 0; r < rayCount; r++) {
          if (vertexOf[r] >= 0 && contains(rayFacets[r], f)) {
            ends.add(r);
          }
        }
        if (ends.size() != 2) {
          throw new IllegalStateException("polygon: facet " + f + " has " + ends.size() + " end points, not 2");
        }
        int u = ends.get(0);
        int v = ends.get(1);
        double cross = point[u * 2] * point[v * 2 + 1] - point[u * 2 + 1] * point[v * 2];
        if (cross < 0) {
          int t = u;
          u = v;
          v = t;
        }
        facetVertices[f] = new int[] {vertexOf[u], vertexOf[v]};
        edges.add(new int[] {vertexOf[u], vertexOf[v]});
      }
      return new int[] {next, facetCount};
    }

    /**
     * d = 3: the facet boundary arcs form a graph on the sphere; its nodes of degree >= 3 are the
     * vertices, and chains through nodes of degree 2 are the edges.
     */
    private int[] polyhedron(int[] vertexOf, List<int[]> edges, int[][] facetVertices, double[][] a) {
      List<int[]> arcs = boundaryWalls();
      List<List<Integer>> at = new ArrayList<>(rayCount);
      for (int r = 0; r < rayCount; r++) {
        at.add(new ArrayList<>(2));
      }
      for (int i = 0; i < arcs.size(); i++) {
        at.get(arcs.get(i)[0]).add(i);
        at.get(arcs.get(i)[1]).add(i);
      }
      int next = 0;
      for (int r = 0; r < rayCount; r++) {
        int degree = at.get(r).size();
        if (degree >= 3) {
          vertexOf[r] = next++;
        } else if (degree == 1) {
          throw new IllegalStateException("polyhedron: a facet boundary ends at ray " + r);
        }
      }
      boolean[] used = new boolean[arcs.size()];
      for (int r = 0; r < rayCount; r++) {
        if (vertexOf[r] < 0) {
          continue;
        }
        for (int start : at.get(r)) {
          if (used[start]) {
            continue;
          }
          int arc = start;
          int node = r;
          while (true) {
            used[arc] = true;
            int[] ar = arcs.get(arc);
            node = ar[0] == node ? ar[1] : ar[0];
            if (vertexOf[node] >= 0) {
              break;
            }
            List<Integer> two = at.get(node);
            arc = two.get(0) == arc ? two.get(1) : two.get(0);
          }
          edges.add(new int[] {vertexOf[r], vertexOf[node]});
        }
      }
      for (int i = 0; i < used.length; i++) {
        if (!used[i]) {
          throw new IllegalStateException("polyhedron: a facet boundary loop without vertices");
        }
      }
      for (int f = 0; f < facetCount; f++) {
        deadline.check(STAGE);
        facetVertices[f] = facetCycle(f, arcs, vertexOf, a[f]);
      }
      return new int[] {next, edges.size(), facetCount};
    }

    /** The facet's vertices around its boundary (counter-clockwise from outside), or ascending. */
    private int[] facetCycle(int f, List<int[]> arcs, int[] vertexOf, double[] a) {
      List<int[]> mine = new ArrayList<>();
      Set<Integer> nodes = new HashSet<>();
      for (int[] arc : arcs) {
        if (arc[2] == f || arc[3] == f) {
          mine.add(arc);
          nodes.add(arc[0]);
          nodes.add(arc[1]);
        }
      }
      List<Integer> ordered = new ArrayList<>();
      boolean cycle = !mine.isEmpty() && mine.size() == nodes.size();
      if (cycle) {
        for (int node : nodes) {
          int degree = 0;
          for (int[] arc : mine) {
            degree += (arc[0] == node ? 1 : 0) + (arc[1] == node ? 1 : 0);
          }
          cycle &= degree == 2;
        }
      }
      if (cycle) {
        int first = mine.get(0)[0];
        int node = first;
        int[] previous = null;
        do {
          ordered.add(node);
          int[] step = null;
          for (int[] arc : mine) {
            if (arc != previous && (arc[0] == node || arc[1] == node)) {
              step = arc;
              break;
            }
          }
          previous = step;
          node = step[0] == node ? step[1] : step[0];
        } while (node != first && ordered.size() <= nodes.size());
        cycle = ordered.size() == nodes.size();
      }
      if (!cycle) {
        Set<Integer> ids = new java.util.TreeSet<>();
        for (int r = 0; r < rayCount; r++) {
          if (vertexOf[r] >= 0 && contains(rayFacets[r], f)) {
            ids.add(vertexOf[r]);
          }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
      }
      double turn = 0;
      for (int i = 0; i < ordered.size(); i++) {
        int p = ordered.get(i);
        int q = ordered.get((i + 1) % ordered.size());
        turn += a[0] * (point[p * 3 + 1] * point[q * 3 + 2] - point[p * 3 + 2] * point[q * 3 + 1])
            + a[1] * (point[p * 3 + 2] * point[q * 3] - point[p * 3] * point[q * 3 + 2])
            + a[2] * (point[p * 3] * point[q * 3 + 1] - point[p * 3 + 1] * point[q * 3]);
      }
      if (turn < 0) {
        Collections.reverse(ordered);
      }
      return ordered.stream().filter(r -> vertexOf[r] >= 0).mapToInt(r -> vertexOf[r]).toArray();
    }

    /** d >= 4: vertices by rank; the f-vector from the face lattice when K is convex. */
    private int[] higher(int[] vertexOf, List<int[]> edges, int[][] facetVertices, double[][] a, boolean convex) {
      double[] terms = new double[facetCount * d];
      for (int f = 0; f < facetCount; f++) {
        System.arraycopy(a[f], 0, terms, f * d, d);
      }
      int next = 0;
      for (int r = 0; r < rayCount; r++) {
        if ((r & 255) == 0) {
          deadline.check(STAGE);
        }
        if (rayFacets[r].length >= d && Linear.rank(terms, rayFacets[r], d, tol.merge()) == d) {
          vertexOf[r] = next++;
        }
      }
      List<Set<Integer>> byFacet = new ArrayList<>();
      for (int f = 0; f < facetCount; f++) {
        byFacet.add(new java.util.TreeSet<>());
      }
      for (int r = 0; r < rayCount; r++) {
        if (vertexOf[r] >= 0) {
          for (int f : rayFacets[r]) {
            byFacet.get(f).add(vertexOf[r]);
          }
        }
      }
      List<int[]> lists = new ArrayList<>();
      for (int f = 0; f < facetCount; f++) {
        facetVertices[f] = byFacet.get(f).stream().mapToInt(Integer::intValue).toArray();
        lists.add(facetVertices[f]);
      }
      if (!convex) {
        return null;
      }
      double[] vx = new double[next * d];
      for (int r = 0; r < rayCount; r++) {
        if (vertexOf[r] >= 0) {
          System.arraycopy(point, r * d, vx, vertexOf[r] * d, d);
        }
      }
      FaceLattice lattice = FaceLattice.of(d, vx, lists, tol.incidence(), deadline, STAGE);
      edges.addAll(lattice.edges());
      int[] f = lattice.fVector();
      f[0] = next;
      return f;
    }

    private static boolean contains(int[] a, int x) {
      for (int v : a) {
        if (v == x) {
          return true;
        }
      }
      return false;
    }

    private static double factorial(int k) {
      double f = 1;
      for (int i = 2; i <= k; i++) {
        f *= i;
      }
      return f;
    }
  }
}
