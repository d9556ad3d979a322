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
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.measure.Measurement;
import org.neuralpolytopes.net.EraSettings;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.train.CoolingSettings;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.TrainingSettings;
import org.neuralpolytopes.net.CanonicalForm;
import org.neuralpolytopes.train.BuildInfo;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Status;
import org.neuralpolytopes.train.TrainingOutcome;

/**
 * The {@code runs/} table: one row per trained network, with its latest measurement
 * (docs/metrics.md, "Column names"). Column order here is the order in the Parquet files and in
 * the train command's JSON. The {@link ColumnStage#TRAINING} columns describe the trained
 * network and never change once written; the {@link ColumnStage#MEASURING} ones are replaced when
 * the network is measured again ({@link #remeasured}).
 */
public final class RunsTable {

  /** Version of the output layout (tables, columns, _sweep.json); readers refuse others. */
  public static final int SCHEMA_VERSION = 2;

  public static final String RUN_ID = "run_id";
  public static final String SPEC_NAME = "spec_name";
  public static final String D = "d";
  public static final String LAYERS = "layers";
  public static final String UNITS = "units";
  public static final String P = "p";
  public static final String ACTIVATION = "activation";
  public static final String SEED = "seed";
  public static final String SEED_INDEX = "seed_index";
  public static final String OPTIMIZER = "optimizer";
  public static final String SAMPLES = "samples";
  public static final String BATCH_SIZE = "batch_size";
  public static final String EPOCHS = "epochs";
  public static final String LEARNING_RATE = "learning_rate";
  public static final String BETA1 = "beta1";
  public static final String BETA2 = "beta2";
  public static final String EPSILON = "epsilon";
  public static final String TIMEOUT_SECONDS = "timeout_seconds";
  public static final String PLATEAU_WINDOW = "plateau_window";
  public static final String PLATEAU_TOLERANCE = "plateau_tolerance";
  public static final String POINTS = "points";
  public static final String RESAMPLE = "resample";
  public static final String LR_SCHEDULE = "lr_schedule";
  public static final String ERA_NUMERATOR = "era_numerator";
  public static final String ERA_DENOMINATOR = "era_denominator";
  public static final String ERA_INIT = "era_init";
  public static final String ERA_SHARING = "era_sharing";
  public static final String ERA_CLIP_NORM = "era_clip_norm";
  public static final String COOLING_EVERY = "cooling_every";
  public static final String COOLING_HOLDOUT = "cooling_holdout";
  public static final String COOLING_REDISTRIBUTE = "cooling_redistribute";
  public static final String STATUS = "status";
  public static final String ERROR = "error";
  public static final String TRAIN_STATUS = "train_status";
  public static final String TRAIN_ERROR = "train_error";
  public static final String STOP_REASON = "stop_reason";
  public static final String INITIAL_LOSS = "initial_loss";
  public static final String FINAL_LOSS = "final_loss";
  public static final String EPOCHS_RUN = "epochs_run";
  public static final String STEPS = "steps";
  public static final String LOSS_CURVE_EPOCHS = "loss_curve_epochs";
  public static final String LOSS_CURVE = "loss_curve";
  public static final String COOLING_STEPS = "cooling_steps";
  public static final String COOLING_TEMPERATURES = "cooling_temperatures";
  public static final String TRAIN_SECONDS = "train_seconds";
  public static final String WEIGHT_COUNT = "weight_count";
  public static final String WEIGHTS = "weights";
  public static final String WEIGHT_SHAPES = "weight_shapes";
  public static final String ACTIVATION_COEFFICIENTS = "activation_coefficients";
  public static final String ACTIVATION_SHAPE = "activation_shape";
  public static final String HOST = "host";
  public static final String CODE_VERSION = "code_version";
  public static final String STARTED_AT = "started_at";
  public static final String MEASURE_ID = "measure_id";
  public static final String DIRECTIONS = "directions";
  public static final String MAX_CELLS = "max_cells";
  public static final String MORSE_POINTS = "morse_points";
  public static final String TOL_MERGE = "tol_merge";
  public static final String TOL_SYMMETRY = "tol_symmetry";
  public static final String TOL_SPHERE = "tol_sphere";
  public static final String TOL_UNBOUNDED_RADIUS = "tol_unbounded_radius";
  public static final String TOL_INCIDENCE = "tol_incidence";
  public static final String TOL_CRITICAL = "tol_critical";
  public static final String TOL_UNIT = "tol_unit";
  public static final String MEASURE_STATUS = "measure_status";
  public static final String CUT_STAGE = "cut_stage";
  public static final String GEOMETRY_SECONDS = "geometry_seconds";
  public static final String MEASURED_AT = "measured_at";
  public static final String MEASURE_HOST = "measure_host";
  public static final String MEASURE_CODE_VERSION = "measure_code_version";
  public static final String RADIUS_MIN = "radius_min";
  public static final String RADIUS_MAX = "radius_max";
  public static final String RADIUS_MEAN = "radius_mean";
  public static final String SPHERICITY_ERROR = "sphericity_error";
  public static final String VOLUME = "volume";
  public static final String STAR_SHAPED = "star_shaped";
  public static final String VANISHING_CANCELLATION = "vanishing_cancellation";
  public static final String EFFECTIVE_UNITS = "effective_units";
  public static final String CANONICAL_WEIGHTS = "canonical_weights";
  public static final String FRAME_DEFECT = "frame_defect";
  public static final String F_VECTOR = "f_vector";
  public static final String EULER_OK = "euler_ok";
  public static final String CONVEX = "convex";
  public static final String ACTIVATION_CELLS = "activation_cells";
  public static final String CELLS_ESTIMATE = "cells_estimate";
  public static final String REGION_BOUND = "region_bound";
  public static final String REGION_BOUND_CENTRAL = "region_bound_central";
  public static final String FACET_COUNT = "facet_count";
  public static final String VERTEX_COUNT = "vertex_count";
  public static final String EXACT_VOLUME = "exact_volume";
  public static final String SPHERE = "sphere";
  public static final String MORSE_COUNTS = "morse_counts";
  public static final String MORSE_OK = "morse_ok";
  public static final String SYMMETRY_ORDER = "symmetry_order";
  public static final String ROTATION_ORDER = "rotation_order";
  public static final String SYMMETRY_GROUP = "symmetry_group";
  public static final String VERTEX_ORBITS = "vertex_orbits";
  public static final String SYMMETRY_DEFECT = "symmetry_defect";
  public static final String RADIUS_CV = "radius_cv";
  public static final String EDGE_CV = "edge_cv";
  public static final String VALENCE = "valence";
  public static final String POLYTOPE_NAME = "polytope_name";
  public static final String POLAR_VOLUME = "polar_volume";
  public static final String MAHLER_PRODUCT = "mahler_product";
  public static final String MAHLER_RATIO = "mahler_ratio";
  public static final String MAHLER_ERROR = "mahler_error";
  public static final String MAHLER_METHOD = "mahler_method";

  private static final String THIS_HOST = BuildInfo.host();

  public static final TableSchema<RunResult> SCHEMA = TableSchema.<RunResult>builder("runs",
          "one row per trained network (configuration and seed), with its latest measurement")
      .stage(ColumnStage.TRAINING)
      .add(RUN_ID, STRING, "", "stable hash of the trained network: architecture, activation, seed and training settings (16 hex digits); not the geometry settings (measure_id)", RunResult::runId)
      .add(SPEC_NAME, STRING, "", "name of the sweep spec (train for a single run)", RunResult::specName)
      .add(D, INT, "", "input dimension", r -> r.config().d())
      .add(LAYERS, INT, "", "hidden layers L", r -> r.config().layers())
      .add(UNITS, INT, "", "units n per hidden layer", r -> r.config().units())
      .add(P, DOUBLE, "", "activation exponent (1 for relu; for era and era_even the exponent of their abs_power initialisation, else 1)", r -> r.config().p())
      .add(ACTIVATION, STRING, "", "activation family: abs_power, relu, or the rational era and era_even (docs/training.md)", r -> r.config().activation())
      .add(SEED, LONG, "", "random seed of the run (samples, initial weights, shuffles)", r -> r.config().seed())
      .add(SEED_INDEX, INT, "", "which of the grid point's seeds (0-based)", r -> r.config().seedIndex())
      .add(OPTIMIZER, STRING, "", "optimiser: adam, lbfgs or exact (the closed form for p = 2)", r -> r.config().training().optimizer())
      .add(SAMPLES, INT, "points", "training points on the sphere", r -> r.config().training().samples())
      .add(BATCH_SIZE, INT, "points", "points per optimiser step", r -> r.config().training().batchSize())
      .add(EPOCHS, INT, "", "epoch limit", r -> r.config().training().epochs())
      .add(LEARNING_RATE, DOUBLE, "", "Adam step size", r -> r.config().training().learningRate())
      .add(BETA1, DOUBLE, "", "Adam first-moment decay", r -> r.config().training().beta1())
      .add(BETA2, DOUBLE, "", "Adam second-moment decay", r -> r.config().training().beta2())
      .add(EPSILON, DOUBLE, "", "Adam denominator guard", r -> r.config().training().epsilon())
      .add(TIMEOUT_SECONDS, DOUBLE, "s", "the run's one deadline, training and measuring together (a measure run gets it anew for measuring)", r -> r.config().training().timeoutSeconds())
      .add(PLATEAU_WINDOW, INT, "epochs", "window of the convergence stop (0 = off: every epoch runs)", r -> r.config().training().plateauWindow())
      .add(POINTS, STRING, "", "where the training points come from: random (Gaussian, normalised) or sobol (a rotated Sobol set mapped to the sphere)", r -> r.config().training().points())
      .add(RESAMPLE, STRING, "", "never (one fixed set) or epoch (fresh points every epoch: descent on the population loss)", r -> r.config().training().resample())
      .add(LR_SCHEDULE, STRING, "", "Adam's learning rate over the epochs: constant, cosine or step", r -> r.config().training().lrSchedule())
      .add(PLATEAU_TOLERANCE, DOUBLE, "", "relative improvement of the best epoch loss over the window below which training stops", r -> r.config().training().plateauTolerance())
      .add(ERA_NUMERATOR, INT, "", "era, era_even: degree of the numerator P (null for other activations)", era(EraSettings::numerator))
      .add(ERA_DENOMINATOR, INT, "", "era, era_even: degree of the denominator Q, twice its quadratic factors", era(EraSettings::denominator))
      .add(ERA_INIT, STRING, "", "era, era_even: how the coefficients started: abs_power (fit of |t|^p), swish (fit of t sigmoid(t)) or random", era(EraSettings::init))
      .add(ERA_SHARING, STRING, "", "era, era_even: layer (one set of coefficients per layer) or shared (one set)", era(EraSettings::sharing))
      .add(ERA_CLIP_NORM, DOUBLE, "", "era, era_even: largest norm of a mini-batch gradient (0 = no clipping)", era(EraSettings::clipNorm))
      .add(COOLING_EVERY, INT, "epochs", "Cooling: epochs between two cooling steps (null: no Cooling)", cooling(CoolingSettings::every))
      .add(COOLING_HOLDOUT, INT, "points", "Cooling: held-out points on which the temperature is measured", cooling(CoolingSettings::holdout))
      .add(COOLING_REDISTRIBUTE, BOOLEAN, "", "Cooling: true = the temperature goes into the layers (rebalanced), false = it stays a final output scale until training ends", cooling(CoolingSettings::redistribute))
      .stage(ColumnStage.COMBINED)
      .add(STATUS, STRING, "", "the run's outcome: OK, DIVERGED, UNBOUNDED, NOT_STAR_SHAPED, TIMEOUT, GEOMETRY_LIMIT, NO_FIT or FAILED (most severe of train_status and measure_status; docs/training.md)", r -> r.status().name())
      .add(ERROR, STRING, "", "why the status is not OK: training's and measuring's messages (null when OK)", RunResult::error)
      .stage(ColumnStage.TRAINING)
      .add(TRAIN_STATUS, STRING, "", "how training ended: OK, TIMEOUT, DIVERGED, NO_FIT (final loss not below 1 - 1e-9, the loss of f = 0: the output is numerically zero; or a final fit, 1 - loss, below 1% of the run's best: the output collapsed) or FAILED", r -> r.trainStatus().name())
      .add(TRAIN_ERROR, STRING, "", "why train_status is not OK (null when OK)", RunResult::trainError)
      .add(STOP_REASON, STRING, "", "why training ended: MAX_EPOCHS, PLATEAU (convergence stop), CLOSED_FORM (optimizer exact), DIVERGED or TIMEOUT", training(t -> t.stopReason().name()))
      .add(INITIAL_LOSS, DOUBLE, "", "mean squared error over the training points before training", training(TrainingOutcome::initialLoss))
      .add(FINAL_LOSS, DOUBLE, "", "mean squared error over the training points after training", training(TrainingOutcome::finalLoss))
      .add(EPOCHS_RUN, INT, "", "epochs completed (lbfgs: passes over the training points)", training(TrainingOutcome::epochsRun))
      .add(STEPS, LONG, "", "optimiser steps taken (lbfgs: iterations)", training(TrainingOutcome::steps))
      .add(LOSS_CURVE_EPOCHS, INT_ARRAY, "", "epochs (1, 2, 5, 10, 20, ... and the last) at which loss_curve was taken", training(TrainingOutcome::lossCurveEpochs))
      .add(LOSS_CURVE, DOUBLE_ARRAY, "", "mean batch loss of those epochs", training(TrainingOutcome::lossCurve))
      .add(COOLING_STEPS, INT, "", "Cooling: cooling steps that changed the network (a step whose temperature is not finite and positive does nothing); null: no Cooling", cooled(TrainingOutcome::coolingSteps))
      .add(COOLING_TEMPERATURES, DOUBLE_ARRAY, "", "Cooling: the temperature tau = mean(f) / mean(f^2) on the held-out points of every cooling step taken, in order (after epochs every, 2 every, ... before the last; those reached when training stopped early), the steps that did nothing included, their tau as computed: NaN, infinite, zero or negative (the train command's JSON writes a NaN or infinite one as null); null: no Cooling", cooled(TrainingOutcome::coolingTemperatures))
      .add(TRAIN_SECONDS, DOUBLE, "s", "wall time of sampling, initialisation and training", RunResult::trainSeconds)
      .add(WEIGHT_COUNT, INT, "", "number of weights (there are no biases; activation coefficients not counted)", r -> r.config().architecture().weightCount())
      .add(WEIGHTS, DOUBLE_ARRAY, "", "trained weights, flat, layer by layer, each [units, fan_in] row-major", RunsTable::weightsOnly)
      .add(WEIGHT_SHAPES, INT_ARRAY, "", "layer shapes, flat: [n, d, n, n, ...]", r -> r.config().architecture().weightShapes())
      .add(ACTIVATION_COEFFICIENTS, DOUBLE_ARRAY, "", "era, era_even: the trained activations, set after set (activation_shape), each a_0 .. a_m, c_1, b_1, ..., c_K, b_K of R(t) = (a_0 + a_1 t + ... + a_m t^m) / prod_j ((t - c_j)^2 + b_j^2 + 0.01) (docs/training.md); null for other activations", r -> r.weights() == null ? null : Network.storedCoefficients(r.config().architecture(), r.weights()))
      .add(ACTIVATION_SHAPE, INT_ARRAY, "", "era, era_even: [sets, m, 2K]: sets of coefficients (1: every layer uses the one set; L: layer l uses set l), numerator degree m, denominator degree 2K; each set has m + 1 + 2K numbers", RunsTable::activationShape)
      .add(HOST, STRING, "", "host that trained the network", RunResult::host)
      .add(CODE_VERSION, STRING, "", "project version + git commit of the code that trained it", RunResult::codeVersion)
      .add(STARTED_AT, TIMESTAMP, "UTC", "when training started", RunResult::startedAt)
      .stage(ColumnStage.MEASURING)
      .add(MEASURE_ID, STRING, "", "stable hash of the geometry settings below and of the measuring code's version (16 hex digits): rows with the same measure_id were measured alike", measured(Measurement::measureId))
      .add(DIRECTIONS, INT, "", "size of the direction set of the shape statistics", settings(GeometrySettings::directions))
      .add(MAX_CELLS, INT, "", "activation cells the exact walk may visit before it stops with GEOMETRY_LIMIT", settings(GeometrySettings::maxCells))
      .add(MORSE_POINTS, INT, "", "size of the sphere mesh of the Morse counts", settings(GeometrySettings::morsePoints))
      .add(TOL_MERGE, DOUBLE, "", "relative tolerance for equal linear terms", settings(g -> g.tolerances().merge()))
      .add(TOL_SYMMETRY, DOUBLE, "", "symmetry tolerance, in mean radii", settings(g -> g.tolerances().symmetry()))
      .add(TOL_SPHERE, DOUBLE, "", "relative radial range under which a body is a sphere", settings(g -> g.tolerances().sphere()))
      .add(TOL_UNBOUNDED_RADIUS, DOUBLE, "", "radius above which a body counts as unbounded", settings(g -> g.tolerances().unboundedRadius()))
      .add(TOL_INCIDENCE, DOUBLE, "", "relative tolerance of the exact cell walk (a ray on a wall, a neuron identically zero)", settings(g -> g.tolerances().incidence()))
      .add(TOL_CRITICAL, DOUBLE, "rad", "angle under which two refined critical points of r are one", settings(g -> g.tolerances().critical()))
      .add(TOL_UNIT, DOUBLE, "", "relative tolerance for dead, duplicate and tied units in the canonical form", settings(g -> g.tolerances().unit()))
      .add(MEASURE_STATUS, STRING, "", "how measuring ended: OK, UNBOUNDED, NOT_STAR_SHAPED, GEOMETRY_LIMIT, TIMEOUT (the run's deadline cut a stage), FAILED, or SKIPPED (no usable network)", measured(m -> m.status().name()))
      .add(CUT_STAGE, STRING, "", "the first measurement stage the run's deadline skipped (shape_statistics, canonical_form, exact_faces, morse_counts, symmetry, mahler_product); its columns and every later stage's are null; null when nothing was cut", measured(Measurement::cutStage))
      .add(GEOMETRY_SECONDS, DOUBLE, "s", "wall time of measuring", measured(Measurement::seconds))
      .add(MEASURED_AT, TIMESTAMP, "UTC", "when measuring started", measured(Measurement::measuredAt))
      .add(MEASURE_HOST, STRING, "", "host that measured the network", r -> r.measurement() == null ? null : THIS_HOST)
      .add(MEASURE_CODE_VERSION, STRING, "", "project version + git commit of the code that measured it", r -> r.measurement() == null ? null : BuildInfo.codeVersion())
      .stage(ColumnStage.MEASURING)
      .add(RADIUS_MIN, DOUBLE, "", "smallest r(u) over the direction set and the refined minima of r (morse_counts); for a complete exact polytope (p = 1, relu) the nearest facet plane when convex (exact), else the smaller of that and the nearest vertex", shape(ShapeStatistics::radiusMin))
      .add(RADIUS_MAX, DOUBLE, "", "largest r(u) over the direction set and the refined maxima of r (morse_counts: a spiky body's tips); for a complete exact polytope (p = 1, relu) its farthest vertex (exact); infinite when the body is unbounded (status UNBOUNDED)", shape(ShapeStatistics::radiusMax))
      .add(RADIUS_MEAN, DOUBLE, "", "mean r(u) over the direction set", shape(ShapeStatistics::radiusMean))
      .add(SPHERICITY_ERROR, DOUBLE, "", "max over the direction set of abs(r(u) - 1) (0 = the unit sphere), and over radius_min and radius_max (infinite for an unbounded body)", shape(ShapeStatistics::sphericityError))
      .add(VOLUME, DOUBLE, "", "(1/d) * integral of r(u)^d over S^{d-1}, by quadrature on the direction set; null when the body is not star-shaped", r -> r.shape() == null || r.measurement().notStarShaped() ? null : r.shape().volume())
      .add(STAR_SHAPED, BOOLEAN, "", "the origin is inside the body and every ray of the direction set crosses the level set f = 1 once (always true for abs_power and relu; docs/metrics.md)", measured(m -> m.starShape() == null ? null : m.starShape().starShaped()))
      .add(VANISHING_CANCELLATION, DOUBLE, "", "two or more layers of |t|^p, p != 1: the smallest cancellation min_l |z_l(u)| / sum |W_l h(u)| of some layer's pre-activations that the search over the sphere found (docs/geometry.md); at most 1e-12 means f vanishes there (status UNBOUNDED), random nets read 0.04-0.2; null when not searched: one layer, p = 1, relu, era, era_even, a body already found unbounded, or layers * units^2 * d above 2^24 (VanishingSearch.MAX_WORK, a d = 64 net of 4 096 units)", measured(m -> m.vanishingCancellation() == null || m.vanishingCancellation().isNaN() ? null : m.vanishingCancellation()))
      .add(EFFECTIVE_UNITS, INT_ARRAY, "", "units per layer left after dropping dead and merging duplicate units; null for era and era_even (no scaling symmetry)", params(CanonicalForm::effectiveUnits))
      .add(CANONICAL_WEIGHTS, DOUBLE_ARRAY, "", "weights modulo permutation, scaling and sign flip: layer l has shape [effective_units[l], fan_in]", params(CanonicalForm::weights))
      .add(FRAME_DEFECT, DOUBLE, "", "(d, 1, d) networks: max(largest abs cos between two weight rows, max|w_i| / min|w_i| - 1); 0 exactly for an l_p ball up to rotation and scale; null for other shapes and for activations other than |t|^p", measured(Measurement::frameDefect))
      .add(F_VECTOR, INT_ARRAY, "", "exact faces (p = 1, relu): [f_0, ..., f_{d-1}] = numbers of vertices, edges, ..., facets of K; null when not determined (d >= 4 and not convex, partial, unbounded)", faces(PolytopeFaces::fVector))
      .add(EULER_OK, BOOLEAN, "", "sum_i (-1)^i f_i == 1 + (-1)^(d-1)", faces(PolytopeFaces::eulerOk))
      .add(CONVEX, BOOLEAN, "", "whether the body is convex: every cell ray on K satisfies max_k a_k . x <= 1 + tol_merge", faces(PolytopeFaces::convex))
      .add(ACTIVATION_CELLS, INT, "", "activation-pattern cells on the sphere before merging (for GEOMETRY_LIMIT: the max_cells visited)", faces(PolytopeFaces::activationCells))
      .add(CELLS_ESTIMATE, DOUBLE, "", "an estimate of the activation cells made before the walk (CellEstimate): Chao1 from a sample of random directions, plus a Horvitz-Thompson estimate of the cells the sample missed when Chao1 does not settle a large max_cells (docs/metrics.md); a walk is not started when the estimate's 95% interval lies above a large max_cells (GEOMETRY_LIMIT, the interval in error); null for smooth activations", faces(PolytopeFaces::estimatedCells))
      .add(REGION_BOUND, DOUBLE, "", "Serra et al.'s upper bound on the activation patterns of a relu network with biases of these widths (d, L, n), thesis equation (1.7): a bound for relu, a reference for |t|, whose nets can exceed it when L >= 2 (trained (2, 2, 2, 1) nets: 12 cells against 11); region_bound_central bounds both; float64 because it outgrows int64 (exact up to 2^53, +Infinity beyond 1.8e308)", faces(PolytopeFaces::regionBound))
      .add(REGION_BOUND_CENTRAL, DOUBLE, "", "the bias-free bound on activation cells on the sphere (RegionBound.central): 2 sum_{i<e} C(n-1, i) for the first layer's central arrangement (Cover 1965; Zaslavsky 1975; exact for L = 1, n^2 - n + 2 in d = 3), times sum_{i<e} C(n, i) per deeper layer (Buck 1943), e = min(d, n); float64", measured(Measurement::regionBoundCentral))
      .add(FACET_COUNT, INT, "", "facets: cells merged where adjacent linear terms agree within tol_merge (for GEOMETRY_LIMIT: among the cells visited); rows in facets/", faces(PolytopeFaces::facetCount))
      .add(VERTEX_COUNT, INT, "", "vertices of K; rows in vertices/", faces(PolytopeFaces::vertexCount))
      .add(EXACT_VOLUME, DOUBLE, "", "the body's volume computed exactly from the activation cells (p = 1, relu)", faces(PolytopeFaces::volume))
      .add(SPHERE, BOOLEAN, "", "(radius_max - radius_min) / radius_mean is below tol_sphere: no counts, no symmetry", morse(MorseCounts::sphere))
      .add(MORSE_COUNTS, INT_ARRAY, "", "critical points of r by index from the maxima down (octahedron: [6, 12, 8]); -1 = not computed (indices 1 .. d-2 for d = 4, 5); null for a piecewise-linear body of d = 4, 5 with more cells than max_cells (GEOMETRY_LIMIT)", morse(MorseCounts::counts))
      .add(MORSE_OK, BOOLEAN, "", "sum_i (-1)^i morse_counts[i] == chi(S^{d-1}) (2 for d = 3, 0 for d = 2); null for d = 4, 5 and for a sphere (no counts)", morse(MorseCounts::morseOk))
      .add(SYMMETRY_ORDER, INT, "", "orthogonal maps taking the vertex set to itself within tol_symmetry, reflections included; a vertex set in a hyperplane has the maps of the hyperplane, each with +-1 on its normal (a square in a plane of R^3: D_4h, 16); null (with the group, orbits and defect) when the vertex set spans less than a hyperplane (infinite group)", symmetry(VertexSymmetry::symmetryOrder))
      .add(ROTATION_ORDER, INT, "", "proper rotations among them", symmetry(VertexSymmetry::rotationOrder))
      .add(SYMMETRY_GROUP, STRING, "", "point group: D_m or C_m for d = 2, Schoenflies for d = 3 (O_h, I_h, D_4h, ...), null for d >= 4 and for a sphere (no vertices)", symmetry(VertexSymmetry::symmetryGroup))
      .add(VERTEX_ORBITS, INT, "", "orbits of the vertex set under the group (1 = vertex-transitive)", symmetry(VertexSymmetry::vertexOrbits))
      .add(SYMMETRY_DEFECT, DOUBLE, "", "largest |Q v - w| / ((|v| + |w|) / 2) between a mapped vertex and its match, over all maps (maps found only as products of others may exceed tol_symmetry)", symmetry(VertexSymmetry::symmetryDefect))
      .add(RADIUS_CV, DOUBLE, "", "coefficient of variation of the vertex radii", symmetry(VertexSymmetry::radiusCv))
      .add(EDGE_CV, DOUBLE, "", "coefficient of variation of the edge lengths: exact edges for p = 1 and relu, nearest-neighbour distances of the Morse maxima otherwise", symmetry(VertexSymmetry::edgeCv))
      .add(VALENCE, INT_ARRAY, "", "histogram of vertex degrees (valence[k] = vertices of degree k); exact complex only (p = 1, relu)", symmetry(VertexSymmetry::valence))
      .add(POLYTOPE_NAME, STRING, "", "catalogue name from (d, counts, symmetry_order, vertex orbits): square, cuboctahedron, cube (rounded, p=4), sphere, unnamed, ...", RunResult::polytopeName)
      .add(POLAR_VOLUME, DOUBLE, "", "vol(K°) of the polar body K° = {y : x . y <= 1 for all x in K} (of the convex hull for a non-convex K)", mahler(MahlerProduct::polarVolume))
      .add(MAHLER_PRODUCT, DOUBLE, "", "vol(K) vol(K°)", mahler(MahlerProduct::product))
      .add(MAHLER_RATIO, DOUBLE, "", "mahler_product / omega_d^2: 1 for the ball, 4^d/d!/omega_d^2 for the cube and cross-polytope", mahler(MahlerProduct::ratio))
      .add(MAHLER_ERROR, DOUBLE, "", "estimated absolute error of mahler_product: rounding for the exact paths; abs(P_N - P_{N/4}) for quadrature, an estimate, not a bound", mahler(MahlerProduct::error))
      .add(MAHLER_METHOD, STRING, "", "exact (convex polytope, face lattice), exact_vertices (non-convex polytope: exact volume, polar of the vertices' hull exact in d = 2, 3), tip_hull (one layer of |t|^p, p < 1: the polar of the tips' hull, exact in d = 2, 3; volume by quadrature), or quadrature", mahler(MahlerProduct::method))
      .build();

  private RunsTable() {}

  /** The row of a run. */
  public static Object[] row(RunResult r) {
    return SCHEMA.row(r);
  }

  /**
   * The row of a stored run measured again: every {@link ColumnStage#TRAINING} value of
   * {@code stored} unchanged (weights, loss curve, train_seconds to the bit), the measurement and
   * the combined status and error new.
   */
  public static Object[] remeasured(Object[] stored, Measurement m) {
    Status train = Status.valueOf((String) stored[SCHEMA.indexOf(TRAIN_STATUS)]);
    String trainError = (String) stored[SCHEMA.indexOf(TRAIN_ERROR)];
    Status.WithError combined = Status.combine(train, trainError, m == null ? null : m.status(),
        m == null ? null : m.error());
    RunResult view = new RunResult(null, (String) stored[0], null, combined.status(), combined.error(), train,
        trainError, null, null, 0, null, null, null, m);
    Object[] out = new Object[stored.length];
    for (int i = 0; i < out.length; i++) {
      Column<RunResult> c = SCHEMA.columns().get(i);
      out[i] = c.stage() == ColumnStage.TRAINING ? stored[i] : c.valueOf(view);
    }
    return out;
  }

  /** A value of a stored row by column name. */
  public static Object value(Object[] row, String column) {
    return row[SCHEMA.indexOf(column)];
  }

  /**
   * Whether a stored run can be measured: it has trained weights, and training neither failed
   * nor diverged.
   */
  public static boolean measurable(Object[] row) {
    String train = (String) value(row, TRAIN_STATUS);
    return value(row, WEIGHTS) != null && !Status.FAILED.name().equals(train) && !Status.DIVERGED.name().equals(train);
  }

  /**
   * The configuration of a stored row (its training identity), measured with {@code geometry}.
   * Refuses a row whose run_id is not that configuration's (a row written by another identity
   * version).
   */
  public static RunConfig config(Object[] row, GeometrySettings geometry) {
    TrainingSettings t = new TrainingSettings((String) value(row, OPTIMIZER), (Integer) value(row, SAMPLES),
        (Integer) value(row, BATCH_SIZE), (Integer) value(row, EPOCHS), (Double) value(row, LEARNING_RATE),
        (Double) value(row, BETA1), (Double) value(row, BETA2), (Double) value(row, EPSILON),
        (Double) value(row, TIMEOUT_SECONDS), (Integer) value(row, PLATEAU_WINDOW), (Double) value(row, PLATEAU_TOLERANCE),
        (String) value(row, POINTS), (String) value(row, RESAMPLE), (String) value(row, LR_SCHEDULE),
        value(row, COOLING_EVERY) == null ? null : new CoolingSettings((Integer) value(row, COOLING_EVERY),
            (Integer) value(row, COOLING_HOLDOUT), (Boolean) value(row, COOLING_REDISTRIBUTE)));
    EraSettings era = value(row, ERA_NUMERATOR) == null ? null : new EraSettings((Integer) value(row, ERA_NUMERATOR),
        (Integer) value(row, ERA_DENOMINATOR), (String) value(row, ERA_INIT), (String) value(row, ERA_SHARING),
        (Double) value(row, ERA_CLIP_NORM));
    RunConfig c = new RunConfig((Integer) value(row, D), (Integer) value(row, LAYERS), (Integer) value(row, UNITS),
        (Double) value(row, P), (String) value(row, ACTIVATION), (Long) value(row, SEED), (Integer) value(row, SEED_INDEX),
        t, geometry, era);
    if (!c.runId().equals(row[0])) {
      throw new IllegalArgumentException("run " + row[0] + ": its stored configuration hashes to " + c.runId()
          + " (written by another version of the run identity?)");
    }
    return c;
  }

  /**
   * Measures a stored run again with {@code geometry}, under a deadline of its timeout_seconds
   * from now: the rows to write in place of its old ones ({@link RunRows#remeasured}).
   */
  public static RunRows measureStored(Object[] row, GeometrySettings geometry) {
    RunConfig c = config(row, geometry);
    Measurement m = BodyMeasurement.of(Network.stored(c.architecture(), (double[]) value(row, WEIGHTS),
        (double[]) value(row, ACTIVATION_COEFFICIENTS)), geometry, Deadline.after(c.training().timeoutSeconds()));
    return RunRows.remeasured(row, m);
  }

  /** The weights of a run's parameter vector (without activation coefficients). */
  private static double[] weightsOnly(RunResult r) {
    double[] w = r.weights();
    if (w == null) {
      return null;
    }
    int n = r.config().architecture().weightCount();
    return w.length == n ? w : java.util.Arrays.copyOf(w, n);
  }

  private static int[] activationShape(RunResult r) {
    org.neuralpolytopes.net.Architecture a = r.config().architecture();
    return a.coefficientCount() == 0 ? null : a.activation().learnable().storedShape(a.coefficientSets());
  }

  private static Function<RunResult, Object> era(Function<EraSettings, Object> f) {
    return r -> r.config().era() == null ? null : f.apply(r.config().era());
  }

  private static Function<RunResult, Object> cooling(Function<CoolingSettings, Object> f) {
    return r -> r.config().training().cooling() == null ? null : f.apply(r.config().training().cooling());
  }

  private static Function<RunResult, Object> training(Function<TrainingOutcome, Object> f) {
    return r -> r.training() == null ? null : f.apply(r.training());
  }

  /** A training outcome's Cooling value: null when the run has no Cooling or no outcome. */
  private static Function<RunResult, Object> cooled(Function<TrainingOutcome, Object> f) {
    return r -> r.training() == null || r.training().coolingTemperatures() == null ? null : f.apply(r.training());
  }

  private static Function<RunResult, Object> measured(Function<Measurement, Object> f) {
    return r -> r.measurement() == null ? null : f.apply(r.measurement());
  }

  private static Function<RunResult, Object> settings(Function<GeometrySettings, Object> f) {
    return r -> r.measurement() == null ? null : f.apply(r.measurement().settings());
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
