package org.neuralpolytopes.schema;

import static org.neuralpolytopes.schema.ColumnType.BOOLEAN;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE_ARRAY;
import static org.neuralpolytopes.schema.ColumnType.INT;
import static org.neuralpolytopes.schema.ColumnType.INT_ARRAY;
import static org.neuralpolytopes.schema.ColumnType.LONG;
import static org.neuralpolytopes.schema.ColumnType.STRING;
import static org.neuralpolytopes.schema.ColumnType.TIMESTAMP;

import java.util.function.Function;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.net.CanonicalForm;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.TrainingOutcome;

/**
 * The {@code runs/} table: one row per configuration (docs/metrics.md, "Column names"). Column order
 * here is the order in the Parquet files and in the train command's JSON.
 */
public final class RunsTable {

  /** Version of the output layout (tables, columns, _sweep.json); readers refuse others. */
  public static final int SCHEMA_VERSION = 1;

  public static final TableSchema<RunResult> SCHEMA = TableSchema.<RunResult>builder("runs")
      .add("run_id", STRING, "", "stable hash of the canonical configuration (16 hex digits)", RunResult::runId)
      .add("spec_name", STRING, "", "name of the sweep spec (train for a single run)", RunResult::specName)
      .add("d", INT, "", "input dimension", r -> r.config().d())
      .add("layers", INT, "", "hidden layers L", r -> r.config().layers())
      .add("units", INT, "", "units n per hidden layer", r -> r.config().units())
      .add("p", DOUBLE, "", "activation exponent (1 for relu)", r -> r.config().p())
      .add("activation", STRING, "", "activation family: abs_power or relu", r -> r.config().activation())
      .add("seed", LONG, "", "random seed of the run (samples, initial weights, shuffles)", r -> r.config().seed())
      .add("seed_index", INT, "", "which of the grid point's seeds (0-based)", r -> r.config().seedIndex())
      .add("optimizer", STRING, "", "optimiser name", r -> r.config().training().optimizer())
      .add("samples", INT, "points", "training points on the sphere", r -> r.config().training().samples())
      .add("batch_size", INT, "points", "points per optimiser step", r -> r.config().training().batchSize())
      .add("epochs", INT, "", "epoch limit", r -> r.config().training().epochs())
      .add("learning_rate", DOUBLE, "", "Adam step size", r -> r.config().training().learningRate())
      .add("beta1", DOUBLE, "", "Adam first-moment decay", r -> r.config().training().beta1())
      .add("beta2", DOUBLE, "", "Adam second-moment decay", r -> r.config().training().beta2())
      .add("epsilon", DOUBLE, "", "Adam denominator guard", r -> r.config().training().epsilon())
      .add("timeout_seconds", DOUBLE, "s", "training time limit", r -> r.config().training().timeoutSeconds())
      .add("plateau_window", INT, "epochs", "window of the convergence stop (0 = off: every epoch runs)", r -> r.config().training().plateauWindow())
      .add("plateau_tolerance", DOUBLE, "", "relative improvement of the best epoch loss over the window below which training stops", r -> r.config().training().plateauTolerance())
      .add("directions", INT, "", "size of the direction set of the shape statistics", r -> r.config().geometry().directions())
      .add("tol_merge", DOUBLE, "", "relative tolerance for equal linear terms", r -> r.config().geometry().tolerances().merge())
      .add("tol_symmetry", DOUBLE, "", "symmetry tolerance, in mean radii", r -> r.config().geometry().tolerances().symmetry())
      .add("tol_sphere", DOUBLE, "", "relative radial range under which a body is a sphere", r -> r.config().geometry().tolerances().sphere())
      .add("tol_unbounded_radius", DOUBLE, "", "radius above which a body counts as unbounded", r -> r.config().geometry().tolerances().unboundedRadius())
      .add("tol_incidence", DOUBLE, "", "relative tolerance of the exact cell walk (a ray on a wall, a neuron identically zero)", r -> r.config().geometry().tolerances().incidence())
      .add("max_cells", INT, "", "activation cells the exact walk may visit before it stops with GEOMETRY_LIMIT", r -> r.config().geometry().maxCells())
      .add("tol_critical", DOUBLE, "rad", "angle under which two refined critical points of r are one", r -> r.config().geometry().tolerances().critical())
      .add("tol_unit", DOUBLE, "", "relative tolerance for dead, duplicate and tied units in the canonical form", r -> r.config().geometry().tolerances().unit())
      .add("morse_points", INT, "", "size of the sphere mesh of the Morse counts", r -> r.config().geometry().morsePoints())
      .add("status", STRING, "", "OK, DIVERGED, UNBOUNDED, TIMEOUT, GEOMETRY_LIMIT or FAILED", r -> r.status().name())
      .add("error", STRING, "", "why the status is not OK (null when OK)", RunResult::error)
      .add("stop_reason", STRING, "", "why training ended: MAX_EPOCHS, PLATEAU (convergence stop), DIVERGED or TIMEOUT", training(t -> t.stopReason().name()))
      .add("initial_loss", DOUBLE, "", "mean squared error over the training points before training", training(TrainingOutcome::initialLoss))
      .add("final_loss", DOUBLE, "", "mean squared error over the training points after training", training(TrainingOutcome::finalLoss))
      .add("epochs_run", INT, "", "epochs completed (lbfgs: passes over the training points)", training(TrainingOutcome::epochsRun))
      .add("steps", LONG, "", "optimiser steps taken (lbfgs: iterations)", training(TrainingOutcome::steps))
      .add("loss_curve_epochs", INT_ARRAY, "", "epochs (1, 2, 5, 10, 20, ... and the last) at which loss_curve was taken", training(TrainingOutcome::lossCurveEpochs))
      .add("loss_curve", DOUBLE_ARRAY, "", "mean batch loss of those epochs", training(TrainingOutcome::lossCurve))
      .add("train_seconds", DOUBLE, "s", "wall time of sampling, initialisation and training", RunResult::trainSeconds)
      .add("geometry_seconds", DOUBLE, "s", "wall time of all measurements", RunResult::geometrySeconds)
      .add("weight_count", INT, "", "number of weights (there are no biases)", r -> r.config().architecture().weightCount())
      .add("weights", DOUBLE_ARRAY, "", "trained weights, flat, layer by layer, each [units, fan_in] row-major", RunResult::weights)
      .add("weight_shapes", INT_ARRAY, "", "layer shapes, flat: [n, d, n, n, ...]", r -> r.config().architecture().weightShapes())
      .add("radius_min", DOUBLE, "", "smallest r(u) over the direction set", shape(ShapeStatistics::radiusMin))
      .add("radius_max", DOUBLE, "", "largest r(u) over the direction set", shape(ShapeStatistics::radiusMax))
      .add("radius_mean", DOUBLE, "", "mean r(u) over the direction set", shape(ShapeStatistics::radiusMean))
      .add("sphericity_error", DOUBLE, "", "max over the direction set of abs(r(u) - 1) (0 = the unit sphere)", shape(ShapeStatistics::sphericityError))
      .add("volume", DOUBLE, "", "(1/d) * integral of r(u)^d over S^{d-1}, by quadrature on the direction set", shape(ShapeStatistics::volume))
      .add("f_vector", INT_ARRAY, "", "exact faces (p = 1, relu): [f_0, ..., f_{d-1}] = numbers of vertices, edges, ..., facets of K; null when not determined (d >= 4 and not convex, partial, unbounded)", faces(PolytopeFaces::fVector))
      .add("euler_ok", BOOLEAN, "", "sum_i (-1)^i f_i == 1 + (-1)^(d-1)", faces(PolytopeFaces::eulerOk))
      .add("convex", BOOLEAN, "", "whether the body is convex: every cell ray on K satisfies max_k a_k . x <= 1 + tol_merge", faces(PolytopeFaces::convex))
      .add("activation_cells", INT, "", "activation-pattern cells on the sphere before merging (for GEOMETRY_LIMIT: the max_cells visited)", faces(PolytopeFaces::activationCells))
      .add("region_bound", DOUBLE, "", "Serra et al.'s upper bound on activation patterns for (d, L, n), thesis equation (1.7); float64 because it outgrows int64 (exact up to 2^53, +Infinity beyond 1.8e308)", faces(PolytopeFaces::regionBound))
      .add("facet_count", INT, "", "facets: cells merged where adjacent linear terms agree within tol_merge (for GEOMETRY_LIMIT: among the cells visited); rows in facets/", faces(PolytopeFaces::facetCount))
      .add("vertex_count", INT, "", "vertices of K; rows in vertices/", faces(PolytopeFaces::vertexCount))
      .add("exact_volume", DOUBLE, "", "the body's volume computed exactly from the activation cells (p = 1, relu)", faces(PolytopeFaces::volume))
      .add("sphere", BOOLEAN, "", "(radius_max - radius_min) / radius_mean is below tol_sphere: no counts, no symmetry", morse(MorseCounts::sphere))
      .add("morse_counts", INT_ARRAY, "", "critical points of r by index from the maxima down (octahedron: [6, 12, 8]); -1 = not computed (indices 1 .. d-2 for d = 4, 5)", morse(MorseCounts::counts))
      .add("morse_ok", BOOLEAN, "", "sum_i (-1)^i morse_counts[i] == chi(S^{d-1}) (2 for d = 3, 0 for d = 2); null for d = 4, 5", morse(MorseCounts::morseOk))
      .add("symmetry_order", INT, "", "orthogonal maps taking the vertex set to itself within tol_symmetry, reflections included", symmetry(VertexSymmetry::symmetryOrder))
      .add("rotation_order", INT, "", "proper rotations among them", symmetry(VertexSymmetry::rotationOrder))
      .add("symmetry_group", STRING, "", "point group: D_m or C_m for d = 2, Schoenflies for d = 3 (O_h, I_h, D_4h, ...), null for d >= 4", symmetry(VertexSymmetry::symmetryGroup))
      .add("vertex_orbits", INT, "", "orbits of the vertex set under the group (1 = vertex-transitive)", symmetry(VertexSymmetry::vertexOrbits))
      .add("symmetry_defect", DOUBLE, "mean radii", "largest distance between a mapped vertex and its match, over all maps (maps found only as products of others may exceed tol_symmetry)", symmetry(VertexSymmetry::symmetryDefect))
      .add("radius_cv", DOUBLE, "", "coefficient of variation of the vertex radii", symmetry(VertexSymmetry::radiusCv))
      .add("edge_cv", DOUBLE, "", "coefficient of variation of the edge lengths: exact edges for p = 1 and relu, nearest-neighbour distances of the Morse maxima otherwise", symmetry(VertexSymmetry::edgeCv))
      .add("valence", INT_ARRAY, "", "histogram of vertex degrees (valence[k] = vertices of degree k); exact complex only (p = 1, relu)", symmetry(VertexSymmetry::valence))
      .add("polytope_name", STRING, "", "catalogue name from (d, counts, symmetry_order, vertex orbits): square, cuboctahedron, cube (rounded, p=4), sphere, unnamed, ...", RunResult::polytopeName)
      .add("polar_volume", DOUBLE, "", "vol(K°) of the polar body K° = {y : x . y <= 1 for all x in K} (of the convex hull for a non-convex K)", mahler(MahlerProduct::polarVolume))
      .add("mahler_product", DOUBLE, "", "vol(K) vol(K°)", mahler(MahlerProduct::product))
      .add("mahler_ratio", DOUBLE, "", "mahler_product / omega_d^2: 1 for the ball, 4^d/d!/omega_d^2 for the cube and cross-polytope", mahler(MahlerProduct::ratio))
      .add("mahler_error", DOUBLE, "", "estimated absolute error of mahler_product: rounding for the exact paths; abs(P_N - P_{N/4}) for quadrature, an estimate, not a bound", mahler(MahlerProduct::error))
      .add("mahler_method", STRING, "", "exact (convex polytope, face lattice), exact_vertices (non-convex polytope: exact volume, polar of the vertices' hull exact in d = 2, 3), or quadrature", mahler(MahlerProduct::method))
      .add("effective_units", INT_ARRAY, "", "units per layer left after dropping dead and merging duplicate units", params(CanonicalForm::effectiveUnits))
      .add("canonical_weights", DOUBLE_ARRAY, "", "weights modulo permutation, scaling and sign flip: layer l has shape [effective_units[l], fan_in]", params(CanonicalForm::weights))
      .add("host", STRING, "", "host that ran the configuration", RunResult::host)
      .add("code_version", STRING, "", "project version + git commit of the code that ran it", RunResult::codeVersion)
      .add("started_at", TIMESTAMP, "UTC", "when the run started", RunResult::startedAt)
      .build();

  private RunsTable() {}

  private static Function<RunResult, Object> training(Function<TrainingOutcome, Object> f) {
    return r -> r.training() == null ? null : f.apply(r.training());
  }

  private static Function<RunResult, Object> morse(Function<MorseCounts, Object> f) {
    return r -> r.morse() == null ? null : f.apply(r.morse());
  }

  private static Function<RunResult, Object> mahler(Function<MahlerProduct, Object> f) {
    return r -> r.mahler() == null ? null : f.apply(r.mahler());
  }

  private static Function<RunResult, Object> symmetry(Function<VertexSymmetry, Object> f) {
    return r -> r.symmetry() == null ? null : f.apply(r.symmetry());
  }

  private static Function<RunResult, Object> params(Function<CanonicalForm, Object> f) {
    return r -> r.parameters() == null ? null : f.apply(r.parameters());
  }

  private static Function<RunResult, Object> shape(Function<ShapeStatistics, Object> f) {
    return r -> r.shape() == null ? null : f.apply(r.shape());
  }

  private static Function<RunResult, Object> faces(Function<PolytopeFaces, Object> f) {
    return r -> r.faces() == null ? null : f.apply(r.faces());
  }
}
