package org.neuralpolytopes.measure;

import java.time.Instant;
import java.util.concurrent.CancellationException;
import org.neuralpolytopes.geometry.CellExtrema;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolarDistance;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.geometry.RegionBound;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.SphereMesh;
import org.neuralpolytopes.geometry.StarShape;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.geometry.VanishingSearch;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.CanonicalForm;
import org.neuralpolytopes.net.Network;

/**
 * The one measurement stage: a trained network and geometry settings in, every per-run
 * measurement of docs/metrics.md out. The sweep (after training), {@code measure} (on stored
 * weights, without training) and everything else that needs a measured body call this, so a
 * figure is computed in one place only.
 *
 * <ol>
 *   <li>Shape statistics over the direction set, whether the body is star-shaped ({@link StarShape}),
 *       the canonical form of the weights (homogeneous activations) and the frame defect: always
 *       (milliseconds for homogeneous networks, where r is in closed form; a scan of every ray for
 *       the rational ones), even past the deadline.
 *   <li>Piecewise-linear activations: the exact face complex ({@link PolytopeFaces}).
 *   <li>Bounded, star-shaped bodies of d <= 5: the Morse counts of the radial function (in d = 4, 5
 *       with the maxima and minima of a complete face complex read off its cells,
 *       {@link CellExtrema}; none for a piecewise-linear body of d = 4, 5 with more cells than
 *       max_cells, where the mesh search would miss most extrema).
 *   <li>The point group of the vertex set (the exact vertices and edges of a complete face complex,
 *       the Morse maxima otherwise) and the catalogue name.
 *   <li>The volume product by the best path the body allows ({@link MahlerProduct}).
 * </ol>
 *
 * A body that is not star-shaped (status NOT_STAR_SHAPED) keeps stage 1, with its volume null, and
 * skips stages 3-5, which take the body to be {t u : t <= r(u)}; the error says why.
 *
 * Stages 2-5 run under the run's one {@link Deadline}: when it passes, the stage in progress and
 * every later one are skipped (status TIMEOUT, {@link Measurement#cutStage()} names the first
 * skipped stage, the error lists the columns left null). An exception in a stage gives FAILED with
 * the earlier stages kept; only a cancellation propagates (a killed Spark task writes no row).
 */
public final class BodyMeasurement {

  /** Directions of the volume product's quadrature, at most (its cost grows with them). */
  public static final int MAX_MAHLER_DIRECTIONS = 8000;

  private BodyMeasurement() {}

  /** Measures the body of {@code net} with {@code settings}, stages 2-5 bounded by {@code deadline}. */
  public static Measurement of(Network net, GeometrySettings settings, Deadline deadline) {
    Instant measuredAt = Instant.now();
    long t0 = System.nanoTime();
    Architecture arch = net.architecture();
    int d = arch.d();
    Tolerances tol = settings.tolerances();
    RadialFunction radial = new RadialFunction(net, tol);
    MeasureStage stage = MeasureStage.SHAPE_STATISTICS;
    ShapeStatistics shape = null;
    StarShape star = null;
    CanonicalForm parameters = null;
    Double frameDefect = null;
    PolytopeFaces faces = null;
    CellExtrema cellExtrema = null;
    MorseCounts morse = null;
    VertexSymmetry symmetry = null;
    String name = null;
    MahlerProduct mahler = null;
    VanishingSearch.Result vanishing = null;
    MeasureStatus status = MeasureStatus.OK;
    String error = null;
    String cut = null;
    try {
      DirectionSet directions = DirectionSet.of(d, settings.directions());
      int[] farthest = new int[VanishingSearch.FARTHEST];
      shape = ShapeStatistics.measure(radial, directions, tol, farthest);
      star = StarShape.measure(radial, directions);
      stage = MeasureStage.CANONICAL_FORM;
      // the canonical form quotients out the scaling symmetry of a homogeneous activation
      parameters = radial.homogeneous() ? CanonicalForm.of(arch, net.weights(), tol.unit()) : null;
      frameDefect = frameDefect(arch, net.weights());
      if (arch.activation().isPiecewiseLinear()) {
        stage = MeasureStage.EXACT_FACES;
        deadline.check(stage.label());
        try {
          PolytopeFaces.WithExtrema exactFaces = PolytopeFaces.measureWithExtrema(net, settings, deadline);
          faces = exactFaces.faces();
          cellExtrema = exactFaces.extrema();
        } catch (CancellationException | Deadline.DeadlineExceededException e) {
          throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
          // the face complex failed: the smooth measurements below still describe the body
          status = MeasureStatus.FAILED;
          error = stage.label() + ": " + describe(e);
        }
        if (faces != null && faces.outcome() == PolytopeFaces.Outcome.GEOMETRY_LIMIT && deadline.passed()) {
          faces = null; // the walk was cut by the deadline, not by max_cells: its partial counts are dropped
          throw new Deadline.DeadlineExceededException(stage.label());
        }
        // a complete polytope's radius_max and radius_min are exact, not sampled
        shape = shape.withExactExtremes(faces);
      }
      boolean exact = faces != null && faces.outcome() == PolytopeFaces.Outcome.COMPLETE;
      boolean unboundedFaces = faces != null && faces.outcome() == PolytopeFaces.Outcome.UNBOUNDED;
      // fewer first-layer units than inputs: f(x) depends on W_1 x alone, so it is constant along
      // the kernel of W_1, and the ray there never reaches f = 1. The sampled directions miss that
      // one line (a (3, 1, 2) net at p = 2 read radius_max 25-32 and status OK)
      boolean flat = arch.units() < d;
      // two or more layers of |t|^p, p != 1: f vanishes where some layer's pre-activations all
      // cancel, and the sampled radius near there stays moderate (r ~ delta^(-1/p^(L-1)) at an
      // angle delta; a (2, 2, 2) net at p = 4 vanishing on x_1 = +-x_2 read radius_max 1092 and
      // status OK). Searched at the start of the Morse stage, under its deadline: it decides
      // whether there is a bounded body to count
      if (!(shape.unbounded() || unboundedFaces || flat) && VanishingSearch.applies(arch)
          && VanishingSearch.affordable(arch)) {
        stage = MeasureStage.MORSE_COUNTS;
        deadline.check(stage.label());
        vanishing = VanishingSearch.search(net, directions, farthest, deadline, stage.label());
      }
      boolean vanishes = vanishing != null && vanishing.vanishes();
      if (shape.unbounded() || unboundedFaces || flat || vanishes || star.reachesBeyondLimit()) {
        if (status == MeasureStatus.OK) {
          status = MeasureStatus.UNBOUNDED;
          error = star.reachesBeyondLimit() && !shape.unbounded() && !flat
              ? "along " + star.returning() + " of " + star.directions() + " rays f rises above 1 and falls below it again,"
                  + " staying below up to radius " + tol.unboundedRadius() + ": the body {f <= 1} reaches beyond it"
                  + " (radius_min, radius_mean and volume are of the first crossings)"
              : flat
              ? "the first layer has " + arch.units() + " units for d = " + d + " inputs: f is constant along the "
                  + "kernel of its weights, where the radius is infinite"
              : vanishes ? vanishing.message()
              : shape.unbounded()
              ? "radius exceeds " + tol.unboundedRadius() + " in some direction (f vanishes there)"
              : "the exact cell walk found an activation cell on which f vanishes in some direction (radius above "
                  + tol.unboundedRadius() + ")";
        }
        // the radius is infinite somewhere, whatever the sampled directions reached
        shape = shape.withInfiniteExtent();
      } else if (!star.starShaped()) {
        if (status == MeasureStatus.OK) {
          status = MeasureStatus.NOT_STAR_SHAPED;
          error = star.reason() + "; null: volume and the columns of the stages morse_counts, symmetry, mahler_product";
        }
      } else {
        boolean cellsOverCap = faces != null && faces.outcome() == PolytopeFaces.Outcome.GEOMETRY_LIMIT;
        // In d >= 4 the mesh search misses most extrema of a piecewise-linear body (the cells find
        // several times more), and on a body with more cells than max_cells it costs a minute:
        // such a body gets no Morse counts, rather than wrong ones.
        if (d <= SphereMesh.MAX_DIMENSION && !(cellsOverCap && d >= PolytopeFaces.EXTREMA_DIMENSION)) {
          stage = MeasureStage.MORSE_COUNTS;
          deadline.check(stage.label());
          morse = exact && cellExtrema != null && d >= PolytopeFaces.EXTREMA_DIMENSION
              ? MorseCounts.fromCells(d, cellExtrema, tol, shape)
              : MorseCounts.measure(radial, SphereMesh.of(d, settings.morsePoints()), tol, shape, deadline);
          // the refined maxima and minima are values of r the direction set can miss (a spiky body's tips)
          shape = shape.withCriticalExtremes(morse);
        }
        stage = MeasureStage.SYMMETRY;
        deadline.check(stage.label());
        if (exact) {
          symmetry = VertexSymmetry.measure(vertexCoordinates(faces), edges(faces), tol, deadline);
        } else if (morse != null && !morse.sphere() && morse.maxima().length > 0) {
          symmetry = VertexSymmetry.measure(morse.vertices(), tol, deadline);
        }
        name = name(morse, exact ? faces.fVector() : null, symmetry, arch, radial.homogeneous());
        stage = MeasureStage.MAHLER_PRODUCT;
        deadline.check(stage.label());
        mahler = mahler(faces, exact, radial, d, settings, deadline);
        if (status == MeasureStatus.OK && faces != null && faces.outcome() == PolytopeFaces.Outcome.GEOMETRY_LIMIT) {
          status = MeasureStatus.GEOMETRY_LIMIT;
          error = faces.activationCells() == null && faces.cellEstimate() != null
              ? String.format(java.util.Locale.ROOT, "an estimated %.0f activation cells (%s) is clearly more than"
                  + " geometry.max_cells = %d: the walk was not started", faces.cellEstimate().estimate(),
                  faces.cellEstimate().interval(), settings.maxCells())
              : "more than geometry.max_cells = " + settings.maxCells()
                  + " activation cells (or rays of one cell): the exact face counts are partial";
          if (d >= PolytopeFaces.EXTREMA_DIMENSION) {
            error += "; null in d >= 4: the Morse counts and the vertex symmetry";
          }
        }
      }
    } catch (CancellationException e) {
      throw e;
    } catch (Deadline.DeadlineExceededException e) {
      status = MeasureStatus.TIMEOUT;
      cut = stage.label();
      error = String.format(java.util.Locale.ROOT, "the run's deadline cut the measurements at %s, %.1f s into measuring;"
          + " null: %s", stage.label(), (System.nanoTime() - t0) / 1e9, String.join(", ", stage.columnsFromHereOn()));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError e) {
      status = MeasureStatus.FAILED;
      error = stage.label() + ": " + describe(e);
    }
    return new Measurement(settings, status, error, cut, shape, parameters, frameDefect,
        RegionBound.central(d, arch.layers(), arch.units()), faces, morse, symmetry, name, mahler,
        (System.nanoTime() - t0) / 1e9, measuredAt, star, vanishing == null ? null : vanishing.cancellation());
  }

  /**
   * The catalogue name: with the exponent for |t|^p, and for a smooth body of a rational activation
   * the polytope it rounds, "octahedron (rounded)" (no exponent: its p names only its
   * initialisation).
   */
  static String name(MorseCounts morse, int[] fVector, VertexSymmetry symmetry, Architecture arch,
      boolean homogeneous) {
    if (homogeneous) {
      return PolytopeCatalogue.name(morse, fVector, symmetry, arch.activation().isPiecewiseLinear(),
          arch.activation().p());
    }
    String base = PolytopeCatalogue.name(morse, fVector, symmetry, true, 1);
    return base == null || base.equals(PolytopeCatalogue.SPHERE) || base.equals(PolytopeCatalogue.UNNAMED) ? base
        : base + " (rounded)";
  }

  /**
   * The duality measurement of a conjugate pair (docs/metrics.md, "Duality metrics"): the polar
   * distance between the body of {@code p} and that of {@code q}, over at most
   * {@code directions} directions, bounded by {@code deadline}.
   */
  public static PolarDistance polarDistance(Network p, Network q, int directions, Deadline deadline) {
    deadline.check("polar_distance");
    return PolarDistance.between(new RadialFunction(p), new RadialFunction(q), p.architecture().d(), directions, deadline);
  }

  /**
   * frame_defect of a (d, 1, d) network (docs/metrics.md): the largest |cos| of the angle between
   * two weight rows, or the relative spread max|w_i| / min|w_i| - 1 of their lengths, whichever is
   * larger; 0 exactly for the l_p ball's weights c Q (Q orthogonal). Null for other shapes, and for
   * activations other than |t|^p (a relu net with W = I read 0, though its body is no l_p ball:
   * it is unbounded).
   */
  public static Double frameDefect(Architecture arch, double[] w) {
    int d = arch.d();
    boolean power = arch.activation().isEven() && arch.activation().learnable() == null;
    if (!power || arch.layers() != 1 || arch.units() != d || w == null || w.length < d * d) {
      return null;
    }
    double[] norm = new double[d];
    for (int i = 0; i < d; i++) {
      double s = 0;
      for (int k = 0; k < d; k++) {
        s += w[i * d + k] * w[i * d + k];
      }
      norm[i] = Math.sqrt(s);
    }
    double maxCos = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (int i = 0; i < d; i++) {
      min = Math.min(min, norm[i]);
      max = Math.max(max, norm[i]);
      for (int j = i + 1; j < d; j++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += w[i * d + k] * w[j * d + k];
        }
        maxCos = Math.max(maxCos, Math.abs(dot) / (norm[i] * norm[j]));
      }
    }
    if (!(min > 0)) {
      return null;
    }
    return Math.max(maxCos, max / min - 1);
  }

  /**
   * The volume product by the best path the body allows: exact for a complete convex face
   * complex, exact vertices for a non-convex one, quadrature otherwise.
   */
  static MahlerProduct mahler(PolytopeFaces faces, boolean exact, RadialFunction radial, int d, GeometrySettings gs,
      Deadline deadline) {
    int n = Math.min(gs.directions(), MAX_MAHLER_DIRECTIONS);
    if (exact && Boolean.TRUE.equals(faces.convex())) {
      return MahlerProduct.exact(faces, gs.tolerances(), deadline);
    }
    if (exact && faces.volume() != null) {
      return MahlerProduct.fromVertices(faces.volume(), vertexCoordinates(faces), d, n, gs.tolerances(), deadline);
    }
    double[][] tips = radial.homogeneous() ? MahlerProduct.tips(radial.network()) : null;
    if (tips != null) {
      return MahlerProduct.tipHull(radial, tips, d, n, gs.tolerances(), deadline);
    }
    return MahlerProduct.byQuadrature(radial, d, n, deadline);
  }

  static double[][] vertexCoordinates(PolytopeFaces faces) {
    double[][] x = new double[faces.vertices().size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = faces.vertices().get(i).x();
    }
    return x;
  }

  /** The complex's edges as vertex index pairs, null when they are not determined. */
  static int[][] edges(PolytopeFaces faces) {
    if (faces.edges().isEmpty()) {
      return null;
    }
    int[][] e = new int[faces.edges().size()][];
    for (int i = 0; i < e.length; i++) {
      e[i] = new int[] {faces.edges().get(i).from(), faces.edges().get(i).to()};
    }
    return e;
  }

  /** One line: the exception, its message and where it was thrown. */
  public static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage().replace('\n', ' '));
    }
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length > 0) {
      sb.append(" (at ").append(trace[0]).append(')');
    }
    return sb.toString();
  }
}
