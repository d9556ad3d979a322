package org.neuralpolytopes.geometry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The activation cells of a bias-free piecewise-linear network (|t| or relu) on S^{d-1}, found
 * exactly by walking from cell to cell (docs/metrics.md, "Exact faces of piecewise-linear networks").
 *
 * <p>Fix the state of every neuron: the sign of its pre-activation (+1, -1; for relu on or off),
 * or 0 when the pre-activation vanishes identically on the cell. Every layer is then linear, so
 * neuron j's pre-activation is z_j(x) = c_j . x with c_j = sum_k W_jk phi(s_k) c_k over the layer
 * below (phi(s) the activation's slope on side s, {@link Activation.LinearPieces#slope}: s for
 * |t|, [s = +1] for relu; c_j = row j of W for the first layer), and f(x) =
 * a . x with a = sum over the last layer of phi(s_j) c_j: a linear term in the tropical language
 * of Trimmel's thesis (TropEx: Trimmel, Petzka and Sminchisescu, ICLR 2021). The cell of a state is the cone
 * {x : s_j c_j . x >= 0 for all j}, convex because each layer's c_j only depends on the states
 * below. Because there are no biases every hyperplane passes through 0, so the cells are cones
 * and we work with them, never with a box around 0.
 *
 * <ol>
 *   <li>Start: the state at a direction x0 chosen, among a fixed pseudo-random set, furthest (in
 *       relative angle) from every neuron's hyperplane.
 *   <li>For each state taken from the queue: compute the c_j and a; a c_j that cancels to
 *       {@link Tolerances#incidence()} times the sum of its terms' magnitudes is identically zero
 *       (state 0, no inequality). The cell's inequalities s_j c_j . x >= 0 give a
 *       {@link PolyhedralCone}: its extreme rays, its walls (the non-redundant inequalities; one
 *       wall may be shared by several neurons, for example relu units in +/- pairs or duplicated
 *       units) and a triangulation. A cone that is not pointed contains a line on which f is
 *       linear and f >= 0, so f vanishes along it: the body is unbounded and the walk stops.
 *   <li>Crossing a wall F (rays R_F, inward normal g_F): recompute the states layer by layer with
 *       the states already decided below. A neuron whose new c_j vanishes on every ray of F has F
 *       in its hyperplane (a first-layer neuron, or a deeper one bent onto F), so its state across
 *       F is the sign of c_j . (-g_F). Any other neuron has one sign on all of F (a neuron of fixed
 *       sign on the cell that vanished inside F would vanish on all of F) and keeps it: the sign of
 *       c_j . r at the ray r of F where |c_j . r| is largest. This decides states exactly, with no
 *       step across the wall.
 *   <li>Cells are identified by their state vectors (a state vector's cell is convex, so it is one
 *       cell), rays by the signs of every pre-activation at the ray (0 for those that vanish), so
 *       the same ray seen from different cells gets one id without comparing coordinates.
 *   <li>Breadth-first until no new state appears: the cells tile the sphere and adjacent cells
 *       share a whole wall, so every cell is reached. Beyond {@code maxCells} cells no new cell
 *       is admitted and the walk ends with {@link Outcome#LIMIT}: for a small cap (below
 *       {@link PolytopeFaces#MIN_CAP_SKIPPED}) once the admitted ones are visited, for a larger one
 *       at once (the outcome is certain, and visiting the rest of a large cap costs minutes in
 *       d = 5); so does a cell with more than {@code maxCells} extreme rays.
 * </ol>
 *
 * Instances are immutable.
 */
public final class LinearCells {

  /** How the walk ended. */
  public enum Outcome {
    /** Every cell was visited. */
    COMPLETE,
    /**
     * More cells than the cap: the first maxCells found were visited (for a large cap, those found
     * before the cell after the cap), the others left out (or a cell had more extreme rays than
     * the cap, and the walk stopped there).
     */
    LIMIT,
    /** A cell contains a line: f vanishes along it, the body is unbounded; the walk stopped. */
    NOT_POINTED
  }

  /**
   * One activation cell.
   *
   * @param a the linear term: f(x) = a . x on the cell
   * @param rays ids of the cell's extreme rays
   * @param neighbours the cell across each wall, in wall order (-1 for a cell left out by the cap)
   * @param wallRays ids of the rays of each wall, in wall order
   * @param simplices a triangulation of the cell into simplicial cones, d ray ids each, flat
   */
  record Cell(double[] a, int[] rays, int[] neighbours, int[][] wallRays, int[] simplices) {}

  private final int d;
  private final Outcome outcome;
  private final List<Cell> cells;
  private final double[] rays;
  private final int rayCount;
  private final boolean vanishes;

  private LinearCells(int d, Outcome outcome, List<Cell> cells, double[] rays, int rayCount, boolean vanishes) {
    this.d = d;
    this.outcome = outcome;
    this.cells = cells;
    this.rays = rays;
    this.rayCount = rayCount;
    this.vanishes = vanishes;
  }

  public int dimension() {
    return d;
  }

  public Outcome outcome() {
    return outcome;
  }

  /**
   * Cells visited, in the order they were found: all of them when the walk is complete; for
   * {@link Outcome#LIMIT}, the first maxCells (fewer if one cell had too many rays, or if the cap
   * is large and the walk ended when the cell after the cap was found).
   */
  public int cellCount() {
    return cells.size();
  }

  List<Cell> cells() {
    return cells;
  }

  public int rayCount() {
    return rayCount;
  }

  /** Unit direction of ray i, copied. */
  public double[] ray(int i) {
    return Arrays.copyOfRange(rays, i * d, i * d + d);
  }

  double rayCoordinate(int i, int k) {
    return rays[i * d + k];
  }

  /** The linear term of cell i, copied. */
  public double[] linearTerm(int i) {
    return cells.get(i).a().clone();
  }

  /**
   * Whether f is at most 1 / unbounded_radius at some extreme ray of a visited cell (the radius
   * there exceeds the unbounded radius; a = 0 included), or a cell was not pointed.
   */
  public boolean unbounded() {
    return vanishes || outcome == Outcome.NOT_POINTED;
  }

  /**
   * Walks the cells of {@code net}, whose activation must be |t| (abs_power with p = 1) or relu.
   *
   * @param maxCells stop with {@link Outcome#LIMIT} when there are more cells than this
   */
  public static LinearCells walk(Network net, Tolerances tol, int maxCells) {
    return walk(net, tol, maxCells, Long.MAX_VALUE);
  }

  /**
   * As {@link #walk(Network, Tolerances, int)}, and also stops with {@link Outcome#LIMIT} once
   * {@link System#nanoTime()} passes {@code deadlineNanos} (a deep, wide net can have more cells
   * than any cap makes affordable).
   */
  public static LinearCells walk(Network net, Tolerances tol, int maxCells, long deadlineNanos) {
    Walker w = new Walker(net, tol, maxCells);
    w.deadline = deadlineNanos == Long.MAX_VALUE ? Deadline.NONE : Deadline.at(deadlineNanos);
    w.limitAtDeadline = true;
    return w.run();
  }

  /**
   * As {@link #walk(Network, Tolerances, int)}, checking {@code deadline} before every cell (and
   * every inequality of a cell's cone): past it the walk throws
   * {@link Deadline.DeadlineExceededException} with the stage {@link PolytopeFaces#STAGE}.
   */
  public static LinearCells walk(Network net, Tolerances tol, int maxCells, Deadline deadline) {
    Walker w = new Walker(net, tol, maxCells);
    w.deadline = deadline;
    return w.run();
  }

  /**
   * The fraction of S^{d-1} taken by the activation cell of the unit direction x
   * ({@link CellEstimate}): NaN when x lies within the incidence tolerance of a neuron's
   * hyperplane, -1 when its cell is not pointed (the body is unbounded there).
   */
  static double cellFraction(Network net, Tolerances tol, double[] x, ConeSolidAngle angle, Deadline deadline,
      String stage) {
    Walker w = new Walker(net, tol, Integer.MAX_VALUE);
    w.deadline = deadline;
    w.stage = stage;
    byte[] s = w.statesAt(x);
    if (s == null) {
      return Double.NaN;
    }
    PolyhedralCone cone = w.cone(s, new double[w.neurons * w.d], new double[w.neurons], deadline);
    return cone.kind() == PolyhedralCone.Kind.POINTED ? angle.fraction(cone) : -1;
  }

  /** A state or sign vector with value semantics (one byte per neuron: -1, 0, +1). */
  record Signs(byte[] s) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Signs other && Arrays.equals(s, other.s);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(s);
    }
  }

  private static final class Walker {
    private final Architecture arch;
    private final int d;
    private final int layers;
    private final int n;
    private final int neurons;
    private final Activation.LinearPieces pieces;
    private final double[] w;
    private final double incidence;
    private final double vanishing;
    private final int maxCells;

    private final Map<Signs, Integer> cellIds = new HashMap<>();
    private final Map<Signs, Integer> rayIds = new HashMap<>();
    private double[] rayCoords = new double[1024];
    private int rayCount;
    private boolean vanishes;

    private Deadline deadline = Deadline.NONE;
    private String stage = PolytopeFaces.STAGE;
    /** Whether the deadline ends the walk with {@link Outcome#LIMIT} instead of throwing. */
    private boolean limitAtDeadline;

    Walker(Network net, Tolerances tol, int maxCells) {
      this.arch = net.architecture();
      Activation act = arch.activation();
      this.pieces = act.linearPieces();
      if (pieces == Activation.LinearPieces.NONE) {
        throw new IllegalArgumentException("the cell walk needs a piecewise-linear activation (|t| or relu), not " + act);
      }
      this.d = arch.d();
      if (d < 2) {
        throw new IllegalArgumentException("the cell walk needs d >= 2");
      }
      this.layers = arch.layers();
      this.n = arch.units();
      this.neurons = layers * n;
      this.w = net.weights();
      this.incidence = tol.incidence();
      this.vanishing = 1 / tol.unboundedRadius();
      this.maxCells = maxCells;
    }

    private double phi(byte s) {
      return pieces.slope(s);
    }

    /**
     * Computes neuron (l, j)'s coefficient vector into c from the layer below (states s, vectors
     * c); returns false, leaving zeros, when it vanishes identically.
     */
    private boolean combine(int l, int j, byte[] s, double[] c, double[] norms) {
      int idx = l * n + j;
      int base = idx * d;
      int off = arch.layerOffset(l);
      if (l == 0) {
        boolean any = false;
        for (int k = 0; k < d; k++) {
          c[base + k] = w[off + j * d + k];
          any |= c[base + k] != 0;
        }
        norms[idx] = Linear.norm(c, base, d);
        // A first-layer row is its weights: only exact zeros vanish (no arithmetic to tolerate).
        return any;
      }
      Arrays.fill(c, base, base + d, 0);
      double scale = 0;
      int below = (l - 1) * n;
      for (int k = 0; k < n; k++) {
        double coef = w[off + j * n + k] * phi(s[below + k]);
        if (coef == 0) {
          continue;
        }
        int kb = (below + k) * d;
        for (int t = 0; t < d; t++) {
          c[base + t] += coef * c[kb + t];
        }
        scale += Math.abs(coef) * norms[below + k];
      }
      double norm = Linear.norm(c, base, d);
      if (norm <= incidence * scale || norm == 0) {
        Arrays.fill(c, base, base + d, 0);
        norms[idx] = 0;
        return false;
      }
      norms[idx] = norm;
      return true;
    }

    /**
     * The cone of the cell with states s (step 2): fills c and norms with every neuron's
     * coefficient vector and its norm.
     */
    private PolyhedralCone cone(byte[] s, double[] c, double[] norms, Deadline coneDeadline) {
      double[] rows = new double[neurons * d];
      int m = 0;
      for (int l = 0; l < layers; l++) {
        for (int j = 0; j < n; j++) {
          int idx = l * n + j;
          boolean alive = combine(l, j, s, c, norms);
          if (alive != (s[idx] != 0)) {
            throw new IllegalStateException("cell walk: neuron " + idx + " vanishes in one computation of a cell and not in another");
          }
          if (alive) {
            for (int k = 0; k < d; k++) {
              rows[m * d + k] = s[idx] * c[idx * d + k];
            }
            m++;
          }
        }
      }
      return PolyhedralCone.of(d, rows, m, incidence, maxCells, coneDeadline, stage);
    }

    LinearCells run() {
      byte[] start = startStates();
      Deque<byte[]> queue = new ArrayDeque<>();
      List<Cell> cells = new ArrayList<>();
      cellIds.put(new Signs(start), 0);
      queue.add(start);
      Outcome outcome = Outcome.COMPLETE;
      walk:
      while (!queue.isEmpty()) {
        if (limitAtDeadline && deadline.passed()) {
          outcome = Outcome.LIMIT;
          break;
        }
        deadline.check(stage);
        byte[] s = queue.poll();
        double[] c = new double[neurons * d];
        double[] norms = new double[neurons];
        PolyhedralCone cone = cone(s, c, norms, limitAtDeadline ? Deadline.NONE : deadline);
        double[] a = new double[d];
        int last = (layers - 1) * n;
        for (int j = 0; j < n; j++) {
          double p = phi(s[last + j]);
          for (int k = 0; k < d; k++) {
            a[k] += p * c[(last + j) * d + k];
          }
        }
        switch (cone.kind()) {
          case NOT_POINTED -> {
            outcome = Outcome.NOT_POINTED;
            break walk;
          }
          case TOO_MANY_RAYS -> {
            outcome = Outcome.LIMIT;
            break walk;
          }
          case FLAT -> throw new IllegalStateException(
              "cell walk: cell " + cells.size() + " has no interior (a sliver thinner than the incidence tolerance?)");
          default -> { }
        }
        int[] rayIdsOfCell = new int[cone.rayCount()];
        for (int i = 0; i < cone.rayCount(); i++) {
          double[] r = cone.ray(i);
          rayIdsOfCell[i] = rayId(r, s, c, norms);
          if (Linear.dot(a, 0, r, d) <= vanishing) {
            vanishes = true;
          }
        }
        List<PolyhedralCone.Wall> walls = cone.walls();
        int[] neighbours = new int[walls.size()];
        int[][] wallRays = new int[walls.size()][];
        for (int k = 0; k < walls.size(); k++) {
          PolyhedralCone.Wall wall = walls.get(k);
          byte[] across = cross(cone, wall);
          Signs key = new Signs(across);
          Integer id = cellIds.get(key);
          if (id == null && cellIds.size() >= maxCells) {
            // More cells than the cap: visit those already admitted, leave this one out.
            outcome = Outcome.LIMIT;
            id = -1;
          } else if (id == null) {
            id = cellIds.size();
            cellIds.put(key, id);
            queue.add(across);
          }
          neighbours[k] = id;
          int[] wr = new int[wall.rays().length];
          for (int i = 0; i < wr.length; i++) {
            wr[i] = rayIdsOfCell[wall.rays()[i]];
          }
          wallRays[k] = wr;
        }
        List<int[]> tri = cone.triangulation();
        int[] simplices = new int[tri.size() * d];
        for (int t = 0; t < tri.size(); t++) {
          for (int k = 0; k < d; k++) {
            simplices[t * d + k] = rayIdsOfCell[tri.get(t)[k]];
          }
        }
        cells.add(new Cell(a, rayIdsOfCell, neighbours, wallRays, simplices));
        if (outcome == Outcome.LIMIT && maxCells >= PolytopeFaces.MIN_CAP_SKIPPED) {
          // more cells than a large cap are certain: visiting the admitted ones would only
          // lengthen the partial counts
          break;
        }
      }
      return new LinearCells(d, outcome, List.copyOf(cells), Arrays.copyOf(rayCoords, rayCount * d), rayCount,
          vanishes);
    }

    /** The id of the ray r of the cell (s, c): from the signs of every pre-activation at r. */
    private int rayId(double[] r, byte[] s, double[] c, double[] norms) {
      byte[] signs = new byte[neurons];
      for (int j = 0; j < neurons; j++) {
        if (s[j] == 0) {
          continue;
        }
        double z = Linear.dot(c, j * d, r, d);
        signs[j] = Math.abs(z) <= incidence * norms[j] ? 0 : (byte) (z > 0 ? 1 : -1);
      }
      Signs key = new Signs(signs);
      Integer id = rayIds.get(key);
      if (id == null) {
        id = rayCount++;
        rayIds.put(key, id);
        if (rayCoords.length < rayCount * d) {
          rayCoords = Arrays.copyOf(rayCoords, 2 * rayCoords.length);
        }
        System.arraycopy(r, 0, rayCoords, id * d, d);
      }
      return id;
    }

    /** The states of the cell across {@code wall} (step 3 of the class comment). */
    private byte[] cross(PolyhedralCone cone, PolyhedralCone.Wall wall) {
      int[] wr = wall.rays();
      double[] normal = wall.normal();
      byte[] t = new byte[neurons];
      double[] c = new double[neurons * d];
      double[] norms = new double[neurons];
      for (int l = 0; l < layers; l++) {
        for (int j = 0; j < n; j++) {
          int idx = l * n + j;
          if (!combine(l, j, t, c, norms)) {
            continue;
          }
          // The neuron's value at the wall ray where it is largest: its sign on the whole wall
          // (a neuron keeps one sign on the wall), or, when it vanishes on every wall ray, the
          // value one step across, -c . g.
          double limit = incidence * norms[idx];
          double side = 0;
          for (int i : wr) {
            double z = 0;
            for (int k = 0; k < d; k++) {
              z += c[idx * d + k] * cone.rayCoordinate(i, k);
            }
            if (Math.abs(z) > Math.abs(side)) {
              side = z;
            }
          }
          if (Math.abs(side) <= limit) {
            side = -Linear.dot(c, idx * d, normal, d);
          }
          if (Math.abs(side) <= limit) {
            throw new IllegalStateException("cell walk: neuron " + idx + " has no definite sign across a wall");
          }
          t[idx] = (byte) (side > 0 ? 1 : -1);
        }
      }
      return t;
    }

    /** The states at the most generic of a fixed set of pseudo-random directions (step 1). */
    private byte[] startStates() {
      SplittableRandom random = new SplittableRandom(0x5eedL);
      byte[] best = null;
      double bestMargin = incidence;
      double[] x = new double[d];
      for (int attempt = 0; attempt < 64; attempt++) {
        for (int k = 0; k < d; k++) {
          x[k] = gaussian(random);
        }
        Linear.normalise(x);
        byte[] s = new byte[neurons];
        double margin = states(x, s);
        if (margin > bestMargin) {
          bestMargin = margin;
          best = s;
        }
      }
      if (best == null) {
        throw new IllegalStateException("cell walk: no direction off every neuron's hyperplane among 64 tries");
      }
      return best;
    }

    /** The states at the unit direction x, or null when x lies within the incidence tolerance of a hyperplane. */
    byte[] statesAt(double[] x) {
      byte[] s = new byte[neurons];
      return states(x, s) > incidence ? s : null;
    }

    /**
     * Fills s with the states at the unit direction x; returns the least relative distance of x
     * from a live neuron's hyperplane.
     */
    private double states(double[] x, byte[] s) {
      double[] c = new double[neurons * d];
      double[] norms = new double[neurons];
      double margin = Double.POSITIVE_INFINITY;
      for (int l = 0; l < layers; l++) {
        for (int j = 0; j < n; j++) {
          int idx = l * n + j;
          if (!combine(l, j, s, c, norms)) {
            continue;
          }
          double z = Linear.dot(c, idx * d, x, d);
          margin = Math.min(margin, Math.abs(z) / norms[idx]);
          s[idx] = (byte) (z > 0 ? 1 : -1);
        }
      }
      return margin;
    }

    private static double gaussian(SplittableRandom r) {
      double u1 = r.nextDouble();
      double u2 = r.nextDouble();
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
  }
}
