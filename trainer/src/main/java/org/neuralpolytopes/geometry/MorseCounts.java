package org.neuralpolytopes.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neuralpolytopes.net.Network;

/**
 * The critical points of the radial function r on S^{d-1} counted by index (docs/metrics.md, "Morse
 * face counts"): maxima are the vertices of a smooth or spiky body, index-1 saddles (d = 3) its
 * edge midpoints, minima its facet centres, so that for a symmetric convex polytope the counts
 * equal its f-vector (octahedron: 6, 12, 8).
 *
 * <p>Algorithm (discrete Morse theory on a mesh, then refinement), except for step 0:
 *
 * <ol start="0">
 *   <li>One-layer bodies of |t|^p with 0 < p < 1 in d = 3 (an even first-layer activation of
 *       homogeneity degree in (0, 1)) that step 1 does not call a sphere are counted exactly,
 *       without the mesh, from the arrangement
 *       of the great circles w_j . u = 0 ({@link KinkArrangement}, which has the argument): f is
 *       strictly geodesically concave in every face of the arrangement and along every arc, with
 *       cusps at the circles, so every vertex (where two or more circles meet) is a maximum of r,
 *       every arc between two vertices holds one saddle and every face one minimum; in general
 *       position [n(n-1), 2n(n-1), n(n-1)+2]. The mesh search merged cusps closer than two mesh
 *       steps (22 of the 52 cusps of a trained (3, 1, 8, 0.707) body at 5 000 points, with
 *       {@code morse_ok} true since the saddles between them were missed too). Vertices joined by
 *       an arc shorter than {@link Tolerances#critical()}, or within it of each other, are one;
 *       every face keeps its own minimum, however close to another's (near p = 1 they hug the
 *       vertices); {@code morse_ok} is Euler's formula on the counts, with the faces found by
 *       their sign vectors, so it is false where the vertices' merging left a face uncontracted.
 *       Above
 *       {@link KinkArrangement#MAX_CIRCLES} distinct circles, or with the rows in one plane
 *       (unbounded), the mesh search below is used.
 *   <li>If (radius_max - radius_min) / radius_mean is below {@link Tolerances#sphere()} the body
 *       is a sphere and nothing is counted.
 *   <li>log r is sampled on the points of a {@link SphereMesh}. A mesh point is a discrete
 *       maximum (minimum) when every neighbour is lower (higher); for d = 3 it is a discrete
 *       saddle when the sign of r(neighbour) - r(point) changes four or more times around its
 *       cyclic link (Banchoff 1967, "Critical points and curvature for embedded polyhedra"; ties
 *       are broken by point index, a symbolic perturbation). On a triangulated sphere these counts
 *       satisfy the Morse relation exactly, but mesh artefacts come in cancelling pairs along the
 *       ridges of kinked bodies (p <= 1: the vertex-to-vertex ridges are edges of the polytope or
 *       cusps of the spiky body), where the mesh zig-zags across the ridge.
 *   <li>On the geodesic mesh, a discrete maximum (minimum) with a higher (lower) mesh point
 *       within two mesh steps is an artefact and is not refined (non-maximum suppression); the
 *       others are refined by
 *       {@link LocalSearch} (nested line searches, exact at the kinks of the activation), first
 *       coarsely from the mesh point, rotating the search frame until the point is stable (so that
 *       an artefact on a ridge climbs the ridge to its vertex), then the distinct coarse results
 *       finely. Refined points closer than {@link Tolerances#critical()} are one.
 *   <li>Every mesh point flows to a discrete maximum by steepest ascent on the mesh (and to a
 *       minimum by steepest descent), hence to a refined maximum (minimum). A discrete saddle is
 *       labelled by the refined maxima its two highest upper arcs flow to and the refined minima
 *       its two lowest lower arcs flow to. A saddle whose two upper arcs reach the same maximum,
 *       or whose lower arcs reach the same minimum, is the partner of an artefact extremum that
 *       merged away and is cancelled with it (persistence-style cancellation; a genuine saddle
 *       joining a maximum to itself, such as the lowest point of a crater rim, is therefore not
 *       counted and the Morse check fails). The others are refined as min over the ridge of max
 *       across it and merged when their labels agree and they lie within two mesh spacings.
 *   <li>For twice-differentiable activations (|t|^p, p >= 2) the saddles are also found by
 *       Newton's method on the gradient of log r from every discrete saddle (cancelled ones too),
 *       keeping points with an indefinite Hessian, merged at {@link Tolerances#critical()}; these
 *       are the saddles unless only the labelled ones satisfy the Morse relation (on a nearly flat
 *       ridge the mesh flow can label two distinct saddles alike and merge them).
 *   <li>{@code morse_ok}: sum_i (-1)^i c_i == chi(S^{d-1}) (2 for d = 3, 0 for d = 2). Each index
 *       is counted by its own refinement and merging, so the relation checks their consistency
 *       (a missed, unmerged or spurious critical point breaks it); it is not an independent proof,
 *       since a saddle's cancellation relies on the extrema's labels.
 *   <li>Piecewise-linear bodies (|t|, relu) of d >= 4 whose face complex is complete and bounded:
 *       the maxima and minima are read off the cells exactly ({@link CellExtrema}: maxima at the
 *       extreme rays where N = 1 / r rises towards every neighbouring ray, minima where the
 *       projection of a cell's linear term onto a face lies inside it and N falls away from it in
 *       every cell around), merged at {@link Tolerances#critical()}; no mesh search. Smooth
 *       activations, incomplete complexes and d <= 3 (whose saddles need the mesh's flow labels)
 *       use steps 1-3.
 * </ol>
 *
 * For d = 4, 5 only maxima and minima are found (the mesh has no cyclic links there); the counts
 * of the other indices are -1 (unknown) and {@code morse_ok} is null. There, for first-layer
 * activations with a kink at 0 (|t|^p with p <= 1, relu), every refined extremum also climbs the
 * strata of the first layer's hyperplanes ({@code climb}: projected onto those within reach and
 * searched within their intersection, kept when r does not get worse), since the nested search's
 * middle levels do not locate kinks and leave results near, not on, the cusps; for one layer with
 * p < 1 every point where d - 1 hyperplanes meet is a maximum: the maxima are those tips
 * ({@link MahlerProduct#tips}, distinct at {@link Tolerances#critical()}; above its cap, the refined
 * vertex seeds, up to {@link #MAX_VERTEX_SEEDS}), and the minima one per region of the hyperplanes
 * ({@link ConeMinima}). For even activations (f(-x) = f(x)) each extremum is kept with its antipode.
 *
 * @param counts c_0 .. c_{d-1} from the maxima down; null for a sphere
 * @param morseOk the Morse relation; null for a sphere and for d >= 4
 * @param sphere whether the body's radial range is below the sphere tolerance
 * @param maxima the refined maxima (the vertices) as points r(u) u, flat, d coordinates each
 * @param saddles the refined index-1 saddles (d = 3) as points, flat
 * @param minima the refined minima (facet centres) as points, flat
 * @param evaluations evaluations of r spent (mesh and refinement)
 */
public record MorseCounts(
    int dimension,
    int[] counts,
    Boolean morseOk,
    boolean sphere,
    double[] maxima,
    double[] saddles,
    double[] minima,
    long evaluations) implements java.io.Serializable {

  private static final int MAX_ROUNDS = 60;

  /**
   * Brackets, in radians, in d <= 3: the outermost coordinate of the fine searches of maxima and
   * minima (at a cusp |t|^p the radius error is about bracket^p), the inner levels of the fine
   * searches (kinks there are exact; these brackets only end the golden-section searches in the
   * smooth pieces), and the inner levels of the coarse ones: numerical precisions of the method,
   * not tolerances.
   */
  private static final double FINE_PRECISION = 1e-10;
  private static final double INNER_PRECISION = 1e-8;
  private static final double COARSE_INNER_PRECISION = 1e-6;
  /** Finite-difference step (radians) and iteration limit of the Newton saddle search. */
  private static final double NEWTON_STEP = 1e-4;
  private static final int NEWTON_ITERATIONS = 100;
  /**
   * Gradient of log r (per radian) below which Newton's iteration has converged: a precision of
   * the method (the finite differences' own error is about NEWTON_STEP^2 times the third
   * derivative), not a tolerance; merging uses {@link Tolerances#critical()}.
   */
  private static final double NEWTON_GRADIENT = 1e-9;
  /**
   * Angle (radians) within which d - 1 first-layer hyperplanes count as meeting at a refined
   * point (it was projected onto them: rounding level), and relative residual under which a
   * unit's row counts as dependent on the rows already taken: numerical guards, not tolerances.
   */
  private static final double VERTEX_RESIDUAL = 1e-12;
  private static final double ROW_INDEPENDENCE = 1e-9;
  /**
   * Largest number of first-layer vertices taken as maxima of a one-layer p < 1 body (2 C(n, d - 1):
   * 20 for (4, n = 5), 30 for (5, n = 6), 1120 for (4, n = 16)); a cost bound, above which only
   * mesh points lead to them.
   */
  private static final int MAX_VERTEX_SEEDS = 2000;

  /** The body is a sphere: no counts. */
  public static MorseCounts sphere(int d) {
    return new MorseCounts(d, null, null, true, new double[0], new double[0], new double[0], 0);
  }

  /** The maxima as points, one row each (the vertex set V of the symmetry statistics). */
  public double[][] vertices() {
    return rows(maxima);
  }

  public double[][] facetCentres() {
    return rows(minima);
  }

  public double[][] edgeMidpoints() {
    return rows(saddles);
  }

  private double[][] rows(double[] flat) {
    int n = flat.length / dimension;
    double[][] out = new double[n][dimension];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * dimension, out[i], 0, dimension);
    }
    return out;
  }

  /** Euler characteristic of S^{d-1}: 1 + (-1)^(d-1). */
  public static int sphereEulerCharacteristic(int d) {
    return 1 + ((d - 1) % 2 == 0 ? 1 : -1);
  }

  /**
   * Counts the critical points of {@code r}'s radial function on {@code mesh}.
   *
   * @param shape the body's shape statistics (decides whether it is a sphere)
   */
  public static MorseCounts measure(RadialFunction r, SphereMesh mesh, Tolerances tol, ShapeStatistics shape) {
    return measure(r, mesh, tol, shape, Deadline.NONE);
  }

  /** The stage name of {@link Deadline.DeadlineExceededException}s thrown by the Morse counts. */
  public static final String STAGE = "Morse counts";

  /**
   * As {@link #measure(RadialFunction, SphereMesh, Tolerances, ShapeStatistics)}, checking
   * {@code deadline} while the mesh is sampled, before every refinement and every thousand
   * evaluations of r inside one: past it, {@link Deadline.DeadlineExceededException} with the
   * stage {@link #STAGE}.
   */
  public static MorseCounts measure(RadialFunction r, SphereMesh mesh, Tolerances tol, ShapeStatistics shape,
      Deadline deadline) {
    return measure(r, mesh, tol, shape, deadline, null);
  }

  /**
   * As {@link #measure(RadialFunction, SphereMesh, Tolerances, ShapeStatistics, Deadline)}, with the
   * extrema read off a complete cell complex ({@link PolytopeFaces#measureWithExtrema}; null when
   * there is none): in d >= {@link PolytopeFaces#EXTREMA_DIMENSION} its maxima and minima are the
   * counted ones and the mesh is not searched (step 7 of the class comment).
   */
  public static MorseCounts measure(RadialFunction r, SphereMesh mesh, Tolerances tol, ShapeStatistics shape,
      Deadline deadline, CellExtrema cells) {
    int d = mesh.dimension();
    if ((shape.radiusMax() - shape.radiusMin()) / shape.radiusMean() < tol.sphere()) {
      return sphere(d);
    }
    if (d == 3 && KinkArrangement.applies(r)) {
      MorseCounts exact = KinkArrangement.measure(r, tol, deadline);
      if (exact != null) {
        return exact;
      }
    }
    return cells != null && d >= PolytopeFaces.EXTREMA_DIMENSION ? fromCells(d, cells, tol, shape)
        : new Search(r, mesh, tol, deadline).run();
  }

  /**
   * The mesh search alone (steps 1-6), also for bodies that step 0 counts exactly: for tests and
   * cost comparisons of the two paths.
   */
  static MorseCounts byMesh(RadialFunction r, SphereMesh mesh, Tolerances tol, ShapeStatistics shape,
      Deadline deadline) {
    if ((shape.radiusMax() - shape.radiusMin()) / shape.radiusMean() < tol.sphere()) {
      return sphere(mesh.dimension());
    }
    return new Search(r, mesh, tol, deadline).run();
  }

  /**
   * Step 7 alone, without a mesh: the Morse counts of a body of d >= {@link PolytopeFaces#EXTREMA_DIMENSION}
   * whose maxima and minima were read off its complete cell complex.
   */
  public static MorseCounts fromCells(int d, CellExtrema cells, Tolerances tol, ShapeStatistics shape) {
    if (d < PolytopeFaces.EXTREMA_DIMENSION) {
      throw new IllegalArgumentException("extrema from the cells are counted in d >= "
          + PolytopeFaces.EXTREMA_DIMENSION + ", not d = " + d);
    }
    if ((shape.radiusMax() - shape.radiusMin()) / shape.radiusMean() < tol.sphere()) {
      return sphere(d);
    }
    List<double[]> maxima = new ArrayList<>();
    List<double[]> maximumPoints = new ArrayList<>();
    distinct(d, cells.maxima(), cells.maximumPoints(), tol.critical(), maxima, maximumPoints);
    List<double[]> minima = new ArrayList<>();
    List<double[]> minimumPoints = new ArrayList<>();
    distinct(d, cells.minima(), cells.minimumPoints(), tol.critical(), minima, minimumPoints);
    int[] counts = new int[d];
    Arrays.fill(counts, -1);
    counts[0] = maxima.size();
    counts[d - 1] = minima.size();
    return new MorseCounts(d, counts, null, false, flat(d, maximumPoints), new double[0], flat(d, minimumPoints), 0);
  }

  /** The directions (and their points) of {@code directions}, one of each group within {@code angle}. */
  private static void distinct(int d, double[] directions, double[] points, double angle,
      List<double[]> outDirections, List<double[]> outPoints) {
    double cos = Math.cos(angle);
    for (int i = 0; i < directions.length / d; i++) {
      double[] u = Arrays.copyOfRange(directions, i * d, i * d + d);
      boolean known = false;
      for (double[] v : outDirections) {
        known |= Linear.dot(v, u) >= cos;
      }
      if (!known) {
        outDirections.add(u);
        outPoints.add(Arrays.copyOfRange(points, i * d, i * d + d));
      }
    }
  }

  private static double[] flat(int d, List<double[]> rows) {
    double[] out = new double[rows.size() * d];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, out, i * d, d);
    }
    return out;
  }

  /** One measurement's working state. */
  private static final class Search {
    private final RadialFunction r;
    private final SphereMesh mesh;
    private final Tolerances tol;
    private final int d;
    private final int n;
    private final double[] value;
    private final LocalSearch local;
    private final double h;
    private final double coarse;
    /**
     * First window of a coarse search: one and a half mesh steps on the geodesic mesh; half a
     * step on the scattered meshes of d = 4, 5, whose steps are wide (0.1-0.2 rad) and where a
     * nested search over a window holding two maxima would go to the higher one.
     */
    private final double window;
    /** Final bracket of maxima and minima: at a cusp the radius error is about bracket^p. */
    private final double fine;
    /**
     * First window of the fine stage of maxima and minima: twice the coarse bracket in d <= 3;
     * the coarse bracket itself in d = 4, 5, where the coarse result lies within half of it of
     * the optimum and every level of the nested search costs (d - 2) powers more (a search whose
     * optimum still lies on the border re-centres and widens, as always).
     */
    private final double fineWindow;
    /** Final bracket of saddles, which only need to be told apart. */
    private final double fineSaddle;
    /** Inner bracket of the fine stages (0: the outer one). */
    private final double inner;
    /**
     * Whether refined extrema climb the strata of the first layer's kinks ({@link #climb}): d >= 4
     * and a first-layer activation with a kink at 0 (|t|^p with p <= 1, relu).
     */
    private final boolean strata;
    /** One layer with a cusp at 0 (|t|^p, p < 1): every first-layer vertex is a maximum of r. */
    private final boolean vertexMaxima;
    /** Whether f(-x) = f(x) (an even first-layer activation): extrema come in antipodal pairs. */
    private final boolean even;
    private long evaluations;
    /** Mesh points from the lowest to the highest (ties by index). */
    private int[] ascending;

    private final Deadline deadline;

    Search(RadialFunction r, SphereMesh mesh, Tolerances tol, Deadline deadline) {
      this.deadline = deadline;
      this.r = r;
      this.mesh = mesh;
      this.tol = tol;
      this.d = mesh.dimension();
      this.n = mesh.size();
      this.value = new double[n];
      this.local = new LocalSearch(r, d);
      local.setDeadline(deadline, STAGE);
      this.h = mesh.spacing();
      this.coarse = h / 8;
      this.window = d <= 3 ? 1.5 * h : 0.5 * h;
      // Nested searches cost (evaluations per level)^(d - 1): in d = 4, 5 every level stops at
      // the coarse or merge precision. The fine stage does not rotate its frame: it starts within
      // a quarter of a mesh step of a point that the coarse stage found stable in two frames.
      this.inner = d <= 3 ? INNER_PRECISION : 0;
      this.fine = d <= 3 ? FINE_PRECISION : 3 * tol.critical();
      this.fineWindow = 2 * coarse;
      this.fineSaddle = tol.critical() / 100;
      org.neuralpolytopes.net.Activation first = r.network().activation(0);
      double degree = first.homogeneityDegree();
      this.strata = d >= 4 && degree > 0 && degree <= 1;
      this.even = first.isEven();
      this.vertexMaxima = strata && degree < 1 && r.network().architecture().layers() == 1;
    }

    /** Inner bracket of a coarse stage (kinks are exact; this is for the smooth pieces). */
    private double coarseInner() {
      return d <= 3 ? COARSE_INNER_PRECISION : coarse;
    }

    private double fineInner(double outer) {
      return inner > 0 ? inner : outer;
    }

    /** The mesh points sorted by {@link #above} (a merge sort on primitive indices). */
    private int[] ascendingOrder() {
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = i;
      }
      int[] b = new int[n];
      for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
          int mid = Math.min(lo + width, n);
          int hi = Math.min(lo + 2 * width, n);
          int i = lo;
          int j = mid;
          for (int k = lo; k < hi; k++) {
            b[k] = (i < mid && (j >= hi || !above(a[i], a[j]))) ? a[i++] : a[j++];
          }
        }
        int[] t = a;
        a = b;
        b = t;
      }
      return a;
    }

    /** Whether point i is above point j (ties broken by index). */
    private boolean above(int i, int j) {
      return value[i] > value[j] || (value[i] == value[j] && i > j);
    }

    /** Samples log r on the mesh and orders the points. */
    private void sample() {
      double[] u = new double[d];
      for (int i = 0; i < n; i++) {
        if ((i & 1023) == 0) {
          deadline.check(STAGE);
        }
        mesh.point(i, u);
        value[i] = r.logRadius(u);
      }
      evaluations += n;
      ascending = ascendingOrder();
    }

    MorseCounts run() {
      // one-layer spiky bodies of d >= 4: a maximum at every tip, where d - 1 of the units'
      // hyperplanes meet (exact: MahlerProduct.tips, one per distinct direction), where the
      // refined vertex seeds stopped at MAX_VERTEX_SEEDS and lost some (a trained (5, 1, 16, 0.5)
      // body: 140 of 3 640; (4, 1, 16, 0.5): 1 030 of 1 120)
      List<double[]> tipDirections = new ArrayList<>();
      List<double[]> tipPoints = new ArrayList<>();
      // (the tips of the rows that draw a kink of their own, KinkArrangement.kinkRows, as in d = 3)
      double[][] tips = vertexMaxima
          ? MahlerProduct.tips(r.network(), KinkArrangement.kinkRows(MahlerProduct.firstLayerRows(r.network()), tol))
          : null;
      if (tips != null) {
        double[] directions = new double[tips.length * d];
        double[] points = new double[tips.length * d];
        for (int i = 0; i < tips.length; i++) {
          double length = Math.sqrt(Linear.dot(tips[i], tips[i]));
          for (int k = 0; k < d; k++) {
            directions[i * d + k] = tips[i][k] / length;
            points[i * d + k] = tips[i][k];
          }
        }
        distinct(d, directions, points, tol.critical(), tipDirections, tipPoints);
      }
      // one-layer spiky bodies of d >= 4: a minimum in every region of the units' hyperplanes
      // (ConeMinima), where the mesh search missed a quarter to a half of them
      long[] coneEvaluations = {0};
      List<double[]> coneMinima = vertexMaxima && ConeMinima.applies(r)
          ? ConeMinima.directions(r, tol, deadline, coneEvaluations) : null;
      evaluations += coneEvaluations[0];
      // the mesh, for what the exact forms above do not give
      List<Integer> maxima = new ArrayList<>();
      List<Integer> minima = new ArrayList<>();
      List<Integer> saddles = new ArrayList<>();
      if (tips == null || coneMinima == null) {
        sample();
        for (int i = 0; i < n; i++) {
          int[] nb = mesh.neighbours(i);
          if (nb.length == 0) {
            continue;
          }
          int changes = 0;
          int higher = 0;
          for (int a = 0; a < nb.length; a++) {
            boolean up = above(nb[a], i);
            if (up) {
              higher++;
            }
            if (d == 3 && up != above(nb[(a + 1) % nb.length], i)) {
              changes++;
            }
          }
          if (higher == 0) {
            maxima.add(i);
          } else if (higher == nb.length) {
            minima.add(i);
          } else if (d == 3 && changes >= 4) {
            saddles.add(i);
          }
        }
      }
      Extrema max = tips == null ? refineExtrema(maxima, LocalSearch.Sense.MAX) : null;
      Extrema min = coneMinima == null ? refineExtrema(minima, LocalSearch.Sense.MIN) : null;
      int[] counts = new int[d];
      Arrays.fill(counts, -1);
      counts[0] = max != null ? max.count() : tipDirections.size();
      counts[d - 1] = min != null ? min.count() : coneMinima.size();
      double[] saddlePoints = new double[0];
      Boolean ok = null;
      if (d == 3) {
        saddlePoints = refineSaddles(saddles, max, min);
        if (r.network().architecture().activation().isTwiceDifferentiable()) {
          // Newton's saddles, unless only the labelled ones satisfy the Morse relation
          double[] newton = newtonSaddles(saddles, saddlePoints);
          int expected = max.count() + min.count() - sphereEulerCharacteristic(3);
          if (newton.length / 3 == expected || saddlePoints.length / 3 != expected) {
            saddlePoints = newton;
          }
        }
        counts[1] = saddlePoints.length / 3;
      }
      if (d <= 3) {
        int chi = 0;
        for (int k = 0; k < d; k++) {
          chi += (k % 2 == 0 ? 1 : -1) * counts[k];
        }
        ok = chi == sphereEulerCharacteristic(d);
      }
      return new MorseCounts(d, counts, ok, false, max != null ? max.points() : flat(d, tipPoints), saddlePoints,
          min != null ? min.points() : onBody(coneMinima), evaluations + local.evaluations());
    }

    /** The points r(u) u of the body in the given directions, flat, d coordinates each. */
    private double[] onBody(List<double[]> directions) {
      double[] out = new double[directions.size() * d];
      for (int i = 0; i < directions.size(); i++) {
        double[] u = directions.get(i);
        double radius = r.radius(u);
        for (int k = 0; k < d; k++) {
          out[i * d + k] = radius * u[k];
        }
      }
      return out;
    }

    // ---- maxima and minima ----

    /** Refined extrema: their directions, and the extremum each discrete candidate became. */
    private final class Extrema {
      final List<double[]> directions = new ArrayList<>();
      /** mesh point -> index into directions of the extremum it flows to (-1: none). */
      final int[] flow;

      Extrema(int[] flow) {
        this.flow = flow;
      }

      int count() {
        return directions.size();
      }

      double[] points() {
        return onBody(directions);
      }
    }

    private Extrema refineExtrema(List<Integer> discrete, LocalSearch.Sense sense) {
      boolean up = sense == LocalSearch.Sense.MAX;
      // Non-maximum suppression on the geodesic mesh: a discrete extremum with a more extreme
      // point within two mesh steps (most artefacts of a ridge) is not refined; it flows on to
      // that point's extremum. (The neighbourhoods of the scattered meshes of d = 4, 5 are
      // already 1.6 mesh steps wide: no suppression beyond them.)
      int[] towards = new int[n];
      Arrays.fill(towards, -1);
      List<Integer> candidates = new ArrayList<>();
      for (int c : discrete) {
        if (!mesh.hasCyclicLinks()) {
          candidates.add(c);
          continue;
        }
        int best = c;
        for (int j : mesh.neighbours(c)) {
          for (int k : mesh.neighbours(j)) {
            if (up ? above(k, best) : above(best, k)) {
              best = k;
            }
          }
        }
        if (best == c) {
          candidates.add(c);
        } else {
          towards[c] = best;
        }
      }
      LocalSearch.Sense[] senses = new LocalSearch.Sense[d - 1];
      Arrays.fill(senses, sense);
      // Stage 1: every candidate, coarsely, in one frame; a result within h / 2 of a point already
      // found stable in two frames joins it, any other is searched on until it is stable in two
      // frames itself. Distinct stable results (h / 2 apart) are kept.
      List<double[]> coarsePoints = new ArrayList<>();
      int[] coarseOf = new int[candidates.size()];
      double[] u = new double[d];
      for (int c = 0; c < candidates.size(); c++) {
        deadline.check(STAGE);
        mesh.point(candidates.get(c), u);
        double[] p = local.refine(u, Linear.tangentBasis(u), senses, window, coarse, coarseInner(), 0,
            MAX_ROUNDS);
        if (p != null && strata) {
          p = climb(p, senses, window, coarse, coarseInner());
        }
        int known = p == null ? -1 : nearest(coarsePoints, p, h / 2);
        if (known < 0 && p != null && !(strata && onVertex(p))) {
          p = local.refine(p, Linear.tangentBasis(p), senses, window, coarse, coarseInner(), 2 * coarse,
              MAX_ROUNDS);
          if (p != null && strata) {
            p = climb(p, senses, window, coarse, coarseInner());
          }
        }
        coarseOf[c] = known >= 0 ? known : (p == null ? -1 : nearestOrAdd(coarsePoints, p, h / 2));
      }
      // Stage 1b (one layer of |t|^p, p < 1: maxima): every point where d - 1 hyperplanes
      // w_j . x = 0 meet is a strict local maximum of r (the d - 1 vanishing terms fall off like
      // distance^p, faster than the others can rise), and a cusp's basin can be narrower than the
      // scattered mesh's spacing (0.1-0.2 rad), so that no mesh point leads to it; a nested search
      // started on it goes to a higher cusp in its window. They are taken as they are.
      if (strata && up && vertexMaxima) {
        for (double[] seed : vertexSeeds()) {
          nearestOrAdd(coarsePoints, seed, tol.critical());
        }
      }
      // Stage 2: each distinct coarse result, finely; then merged at the critical tolerance.
      double merge = Math.max(tol.critical(), 4 * fine);
      Extrema out = new Extrema(new int[n]);
      int[] fineOf = new int[coarsePoints.size()];
      for (int k = 0; k < coarsePoints.size(); k++) {
        deadline.check(STAGE);
        double[] p0 = coarsePoints.get(k);
        double[] p;
        if (strata && onVertex(p0)) {
          // exact already: where d - 1 first-layer kinks meet
          p = p0;
        } else {
          p = local.refine(p0, Linear.tangentBasis(p0), senses, fineWindow, fine, fineInner(fine), 0, MAX_ROUNDS);
          if (p != null && strata) {
            p = climb(p, senses, fineWindow, fine, fineInner(fine));
          }
        }
        if (p == null) {
          fineOf[k] = -1;
        } else if (even) {
          // f(-x) = f(x): an extremum and its antipode are one pair, found once and kept both
          double[] q = p.clone();
          for (int i = 0; i < d; i++) {
            q[i] = -q[i];
          }
          int at = nearest(out.directions, p, merge);
          int antipode = at >= 0 ? -1 : nearest(out.directions, q, merge);
          if (at >= 0) {
            fineOf[k] = at;
          } else if (antipode >= 0) {
            fineOf[k] = antipode ^ 1;
          } else {
            out.directions.add(p);
            fineOf[k] = out.directions.size() - 1;
            out.directions.add(q);
          }
        } else {
          fineOf[k] = nearestOrAdd(out.directions, p, merge);
        }
      }
      // Flow of every mesh point to its refined extremum: points are visited from the extreme end,
      // so that the point each one flows through (its steepest neighbour, or for a suppressed
      // extremum the more extreme point near it) is already labelled.
      int[] label = new int[n];
      Arrays.fill(label, -2);
      for (int c = 0; c < candidates.size(); c++) {
        label[candidates.get(c)] = coarseOf[c] < 0 ? -1 : fineOf[coarseOf[c]];
      }
      for (int t = 0; t < n; t++) {
        int i = ascending[up ? n - 1 - t : t];
        if (label[i] != -2) {
          out.flow[i] = label[i];
        } else if (towards[i] >= 0) {
          out.flow[i] = out.flow[towards[i]];
        } else {
          int best = -1;
          for (int j : mesh.neighbours(i)) {
            if ((up ? above(j, i) : above(i, j)) && (best < 0 || (up ? above(j, best) : above(best, j)))) {
              best = j;
            }
          }
          out.flow[i] = best < 0 ? -1 : out.flow[best];
        }
      }
      return out;
    }

    /**
     * Climbs the strata of the first layer's kinks from the refined point u (d >= 4, activations
     * with a kink at 0). There the nested search is not exact: only its innermost line locates
     * kinks, and its middle levels compare values that golden sections left up to a bracket
     * (about 0.01 rad in d = 4) from a kink, where a cusp |t|^p is off by bracket^p (30 % of r
     * at p = 0.3); the outer levels then follow those errors, and results stop near, but not on,
     * the cusps (radii off by a percent, antipodes unmatched, two results of one cusp left
     * unmerged) or on a ridge away from any (spurious maxima). So: the first-layer units whose
     * hyperplanes w_j . x = 0 pass within {@code reach} of u (nearest first, linearly independent,
     * at most d - 1) define a stratum, the great subsphere orthogonal to their rows; u is projected
     * onto it and, unless it is a point (d - 1 units: a vertex, where the hyperplanes meet), the
     * optimum is searched within it (the kinks of those units are not crossed there, and the
     * others' are exact on its innermost line); repeated while new hyperplanes come within reach.
     * A step is kept only when r does not get worse in the search's sense, so a smooth extremum
     * near a hyperplane (|t|^p, p > 1 has none of these kinks; relu's one-sided ones may not
     * help) stays where the search left it.
     */
    private double[] climb(double[] u, LocalSearch.Sense[] senses, double reach, double precision, double inner) {
      double sign = senses[0] == LocalSearch.Sense.MAX ? 1 : -1;
      double[] best = u;
      double bestValue = sign * r.logRadius(u);
      evaluations++;
      int reached = 0;
      for (int round = 0; round < d - 1; round++) {
        double[][] rows = kinkRows(best, reach);
        if (rows.length <= reached) {
          return best;
        }
        reached = rows.length;
        double[][] frame = Linear.orthonormalFrame(d, 0, rows);
        double[] v = best.clone();
        for (int j = 0; j < rows.length; j++) {
          double s = Linear.dot(v, frame[j]);
          for (int i = 0; i < d; i++) {
            v[i] -= s * frame[j][i];
          }
        }
        Linear.normalise(v);
        double[] next = v;
        if (rows.length < d - 1) {
          double[][] leading = java.util.Arrays.copyOf(rows, rows.length + 1);
          leading[rows.length] = v;
          double[][] full = Linear.orthonormalFrame(d, 0, leading);
          double[][] tangents = java.util.Arrays.copyOfRange(full, rows.length + 1, d);
          next = local.refine(v, tangents, senses, reach, precision, inner,
              tangents.length > 1 ? 2 * precision : 0, MAX_ROUNDS);
          if (next == null) {
            return best;
          }
        }
        double value = sign * r.logRadius(next);
        evaluations++;
        if (!(value >= bestValue)) {
          return best;
        }
        best = next;
        bestValue = value;
      }
      return best;
    }

    /**
     * The unit vectors where d - 1 linearly independent first-layer hyperplanes meet, both signs;
     * none when there are more than {@link #MAX_VERTEX_SEEDS} (then only the mesh leads to them).
     */
    private List<double[]> vertexSeeds() {
      Network net = r.network();
      int units = net.architecture().units();
      List<double[]> out = new ArrayList<>();
      double subsets = 1;
      for (int k = 0; k < d - 1; k++) {
        subsets = subsets * (units - k) / (k + 1);
      }
      if (units < d - 1 || 2 * subsets > MAX_VERTEX_SEEDS) {
        return out;
      }
      int[] pick = new int[d - 1];
      for (int k = 0; k < d - 1; k++) {
        pick[k] = k;
      }
      while (true) {
        double[][] rows = new double[d - 1][d];
        for (int k = 0; k < d - 1; k++) {
          for (int i = 0; i < d; i++) {
            rows[k][i] = net.weight(pick[k] * d + i);
          }
        }
        try {
          double[] u = Linear.orthonormalFrame(d, 0, rows)[d - 1];
          double[] minus = u.clone();
          for (int i = 0; i < d; i++) {
            minus[i] = -minus[i];
          }
          out.add(u);
          out.add(minus);
        } catch (IllegalArgumentException dependent) {
          // these hyperplanes meet in more than a line: no vertex
        }
        int k = d - 2;
        while (k >= 0 && pick[k] == units - (d - 1) + k) {
          k--;
        }
        if (k < 0) {
          return out;
        }
        pick[k]++;
        for (int j = k + 1; j < d - 1; j++) {
          pick[j] = pick[j - 1] + 1;
        }
      }
    }

    /** Whether d - 1 first-layer hyperplanes meet at u (to rounding). */
    private boolean onVertex(double[] u) {
      return kinkRows(u, VERTEX_RESIDUAL).length == d - 1;
    }

    /**
     * The rows of the first-layer units whose hyperplanes pass within {@code reach} (radians) of
     * the unit vector u, nearest first, each kept when it is linearly independent of those before
     * it; at most d - 1.
     */
    private double[][] kinkRows(double[] u, double reach) {
      Network net = r.network();
      int units = net.architecture().units();
      double[][] w = new double[units][d];
      double[] distance = new double[units];
      Integer[] order = new Integer[units];
      for (int j = 0; j < units; j++) {
        double z = 0;
        double norm = 0;
        for (int i = 0; i < d; i++) {
          w[j][i] = net.weight(j * d + i);
          z += w[j][i] * u[i];
          norm += w[j][i] * w[j][i];
        }
        norm = Math.sqrt(norm);
        distance[j] = norm > 0 ? Math.asin(Math.min(1, Math.abs(z) / norm)) : Double.POSITIVE_INFINITY;
        order[j] = j;
      }
      Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
      List<double[]> rows = new ArrayList<>();
      List<double[]> basis = new ArrayList<>();
      for (int j : order) {
        if (rows.size() == d - 1 || !(distance[j] <= reach)) {
          break;
        }
        double[] e = w[j].clone();
        double length = Math.sqrt(Linear.dot(e, e));
        for (int pass = 0; pass < 2; pass++) {
          for (double[] b : basis) {
            double s = Linear.dot(e, b);
            for (int i = 0; i < d; i++) {
              e[i] -= s * b[i];
            }
          }
        }
        double residual = Math.sqrt(Linear.dot(e, e));
        if (residual > ROW_INDEPENDENCE * length) {
          for (int i = 0; i < d; i++) {
            e[i] /= residual;
          }
          basis.add(e);
          rows.add(w[j]);
        }
      }
      return rows.toArray(new double[0][]);
    }

    /** Index of a point of {@code list} within {@code angle} of p, adding p if there is none. */
    private int nearestOrAdd(List<double[]> list, double[] p, double angle) {
      int i = nearest(list, p, angle);
      if (i >= 0) {
        return i;
      }
      list.add(p);
      return list.size() - 1;
    }

    /** Index of the first point of {@code list} within {@code angle} of p, or -1. */
    private int nearest(List<double[]> list, double[] p, double angle) {
      double cos = Math.cos(angle);
      for (int i = 0; i < list.size(); i++) {
        if (Linear.dot(list.get(i), p) >= cos) {
          return i;
        }
      }
      return -1;
    }

    // ---- saddles (d = 3) ----

    private double[] refineSaddles(List<Integer> candidates, Extrema max, Extrema min) {
      LocalSearch.Sense[] senses = {LocalSearch.Sense.MIN, LocalSearch.Sense.MAX};
      List<double[]> found = new ArrayList<>();
      List<long[]> labels = new ArrayList<>();
      double[] u = new double[3];
      double[] e1 = new double[3];
      for (int s : candidates) {
        deadline.check(STAGE);
        int[] nb = mesh.neighbours(s);
        int[] upper = extremeArcs(s, nb, true);
        int[] lower = extremeArcs(s, nb, false);
        int a = max.flow[upper[0]];
        int b = max.flow[upper[1]];
        int c = min.flow[lower[0]];
        int e = min.flow[lower[1]];
        if (a < 0 || b < 0 || c < 0 || e < 0 || a == b || c == e) {
          continue;
        }
        long[] label = {Math.min(a, b), Math.max(a, b), Math.min(c, e), Math.max(c, e)};
        mesh.point(s, u);
        // x_1 points from the saddle towards its higher arcs (the maxima), x_2 across.
        for (int k = 0; k < 3; k++) {
          e1[k] = mesh.coordinate(upper[0], k) - mesh.coordinate(upper[1], k);
        }
        double[][] full = Linear.orthonormalFrame(3, 1, u, e1);
        double[][] frame = {full[1], full[2]};
        double[] p = local.refine(u, frame, senses, window, coarse, coarseInner(), 0, MAX_ROUNDS);
        if (p == null) {
          continue;
        }
        p = polish(p, frame, senses);
        if (p == null) {
          continue;
        }
        boolean known = false;
        double cos = Math.cos(2 * h);
        for (int i = 0; i < found.size() && !known; i++) {
          known = Arrays.equals(labels.get(i), label) && Linear.dot(found.get(i), p) >= cos;
        }
        if (!known) {
          found.add(p);
          labels.add(label);
        }
      }
      return onBody(found);
    }

    /**
     * Saddles of a twice-differentiable radial function (d = 3) by Newton's method on the
     * gradient of log r, from every discrete saddle of the mesh (cancelled ones included) and
     * every saddle the labelled search refined: a start converges to the critical point whose
     * basin it is in, and only points with an indefinite Hessian (index 1) are kept, merged at
     * {@link Tolerances#critical()}. Unlike the arc labels this does not depend on how mesh points
     * flow along a nearly flat ridge (rounded cuboctahedral frames at p = 2.5, for instance, have
     * two saddles on each ridge with a shallow minimum between them).
     */
    private double[] newtonSaddles(List<Integer> discrete, double[] labelled) {
      List<double[]> starts = new ArrayList<>();
      for (int s : discrete) {
        double[] u = new double[3];
        mesh.point(s, u);
        starts.add(u);
      }
      for (int i = 0; i < labelled.length / 3; i++) {
        double[] u = {labelled[3 * i], labelled[3 * i + 1], labelled[3 * i + 2]};
        Linear.normalise(u);
        starts.add(u);
      }
      List<double[]> found = new ArrayList<>();
      double cos = Math.cos(tol.critical());
      for (double[] u : starts) {
        deadline.check(STAGE);
        double[] p = newtonSaddle(u);
        if (p == null) {
          continue;
        }
        boolean known = false;
        for (int i = 0; i < found.size() && !known; i++) {
          known = Linear.dot(found.get(i), p) >= cos;
        }
        if (!known) {
          found.add(p);
        }
      }
      return onBody(found);
    }

    /**
     * Newton's method for a critical point of log r on S^2 from u, in the chart
     * v(s, t) = (p + s e1 + t e2) / |...| at the current point p (central differences with step
     * {@link #NEWTON_STEP}, Newton steps capped at one mesh spacing). Returns the point when it
     * converged (gradient below {@link #NEWTON_GRADIENT}) to a critical point whose Hessian determinant is negative
     * (index 1), else null.
     */
    private double[] newtonSaddle(double[] start) {
      double[] p = start.clone();
      double[] v = new double[3];
      double delta = NEWTON_STEP;
      for (int it = 0; it < NEWTON_ITERATIONS; it++) {
        double[][] e = Linear.tangentBasis(p);
        double g0 = chart(p, e, 0, 0, v);
        double gxp = chart(p, e, delta, 0, v);
        double gxm = chart(p, e, -delta, 0, v);
        double gyp = chart(p, e, 0, delta, v);
        double gym = chart(p, e, 0, -delta, v);
        double gx = (gxp - gxm) / (2 * delta);
        double gy = (gyp - gym) / (2 * delta);
        double hxx = (gxp - 2 * g0 + gxm) / (delta * delta);
        double hyy = (gyp - 2 * g0 + gym) / (delta * delta);
        double hxy = (chart(p, e, delta, delta, v) - chart(p, e, delta, -delta, v) - chart(p, e, -delta, delta, v)
            + chart(p, e, -delta, -delta, v)) / (4 * delta * delta);
        double det = hxx * hyy - hxy * hxy;
        if (!Double.isFinite(det) || det == 0) {
          return null;
        }
        if (Math.hypot(gx, gy) < NEWTON_GRADIENT) {
          return det < 0 ? p : null;
        }
        double dx = -(hyy * gx - hxy * gy) / det;
        double dy = -(hxx * gy - hxy * gx) / det;
        double step = Math.hypot(dx, dy);
        if (step > h) {
          dx *= h / step;
          dy *= h / step;
        }
        double norm = 0;
        for (int k = 0; k < 3; k++) {
          p[k] += dx * e[0][k] + dy * e[1][k];
          norm += p[k] * p[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < 3; k++) {
          p[k] /= norm;
        }
      }
      return null;
    }

    /** log r at (u + s e1 + t e2) / |...|, through the scratch v. */
    private double chart(double[] u, double[][] e, double s, double t, double[] v) {
      double norm = 0;
      for (int k = 0; k < 3; k++) {
        v[k] = u[k] + s * e[0][k] + t * e[1][k];
        norm += v[k] * v[k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < 3; k++) {
        v[k] /= norm;
      }
      evaluations++;
      return r.logRadius(v);
    }

    /** The fine stage of a saddle, in the frame carried along from its coarse search. */
    private double[] polish(double[] p, double[][] frame, LocalSearch.Sense[] senses) {
      double[][] full = Linear.orthonormalFrame(3, 1, p, frame[0]);
      double[][] f = {full[1], full[2]};
      return local.refine(p, f, senses, 2 * coarse, fineSaddle, fineInner(fineSaddle), 0, MAX_ROUNDS);
    }

    /**
     * The extreme neighbour of the two most extreme arcs of the link of s: for {@code upper} the
     * highest point of each of the two highest runs of higher neighbours, else the lowest point
     * of each of the two lowest runs of lower neighbours.
     */
    private int[] extremeArcs(int s, int[] nb, boolean upper) {
      int m = nb.length;
      int start = 0;
      while (start < m && (above(nb[start], s) == upper)) {
        start++;
      }
      // start is a neighbour outside the wanted side; runs are read from there around the link.
      List<Integer> peaks = new ArrayList<>();
      int peak = -1;
      for (int t = 1; t <= m; t++) {
        int j = nb[(start + t) % m];
        boolean in = above(j, s) == upper;
        if (in) {
          if (peak < 0 || (upper ? above(j, peak) : above(peak, j))) {
            peak = j;
          }
        } else if (peak >= 0) {
          peaks.add(peak);
          peak = -1;
        }
      }
      if (peak >= 0) {
        peaks.add(peak);
      }
      peaks.sort((a, b) -> upper ? (above(a, b) ? -1 : 1) : (above(a, b) ? 1 : -1));
      return new int[] {peaks.get(0), peaks.get(1)};
    }
  }
}
