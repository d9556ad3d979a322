package org.neuralpolytopes.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.train.Adam;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.PlateauStop;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.TrainingProblem;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * How many steps the convergence stop saves on the paper's configurations, and whether the body
 * it stops at is the full schedule's.
 *
 * <p>Each configuration trains once with the full schedule, exactly as {@code Runs.run} does it
 * (same random streams, same {@code Adam.Moments} and {@code TrainingProblem}), while several
 * {@link PlateauStop} rules (window x tolerance) watch the epoch losses. A rule that fires keeps
 * the weights of that epoch: a run with that rule on stops there with exactly those weights
 * (RunsTest checks that stopping is truncation), so one full run measures every rule. The shape
 * statistics of each stopped body are compared with the full schedule's.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.PlateauStudy
 * [--threads N] [--seeds N] [--grid p1|paper] [--out FILE.csv]}
 */
public final class PlateauStudy {

  static final int[] WINDOWS = {100, 200, 500, 1000};
  static final double[] TOLERANCES = {1e-2, 3e-3, 1e-3, 1e-4};
  /**
   * Fixed stopping epochs for reference: how much the full schedule's own body still moves over
   * its last epochs (Adam with a constant step never settles: the weights wander in a small ball
   * around the optimum), the yardstick for a stopped body's differences.
   */
  static final int[] REFERENCE_EPOCHS = {9000, 9500};

  record Shape(int d, int layers, int units, double p) {}

  /**
   * The rule whose stopped bodies also get exact faces (p = 1), with the reference epochs: the
   * default of {@link TrainingSettings#DEFAULT}.
   */
  static final String FACES_RULE = String.format(Locale.ROOT, "window %d, tolerance %g",
      TrainingSettings.DEFAULT_PLATEAU_WINDOW, TrainingSettings.DEFAULT_PLATEAU_TOLERANCE);

  record Row(Shape shape, int seedIndex, String rule, int stopEpoch, int epochs,
      double lossAtStop, double finalLoss, ShapeStatistics atStop, ShapeStatistics full,
      String facesAtStop, String facesFull) {}

  /** f-vector and exact volume of a piecewise-linear body, "" when not measured. */
  static String faces(Architecture arch, double[] w, GeometrySettings gs) {
    if (!arch.activation().isPiecewiseLinear()) {
      return "";
    }
    PolytopeFaces f = PolytopeFaces.measure(new Network(arch, w), gs);
    if (f.outcome() != PolytopeFaces.Outcome.COMPLETE) {
      return f.outcome().name();
    }
    return java.util.Arrays.toString(f.fVector()).replace(", ", " ") + (f.convex() ? " convex" : " nonconvex");
  }

  private PlateauStudy() {}

  static List<Shape> grid(String which) {
    List<Shape> g = new ArrayList<>();
    for (int n = 2; n <= 6; n++) {
      g.add(new Shape(2, 1, n, 1));
    }
    for (int n : new int[] {3, 4, 6}) {
      g.add(new Shape(3, 1, n, 1));
    }
    for (int n : new int[] {3, 4, 6}) {
      g.add(new Shape(3, 2, n, 1));
    }
    if (which.equals("paper")) {
      for (int n : new int[] {3, 4, 6}) {
        for (double p : new double[] {0.5, 4.0 / 3, 1.5, 2, 3, 4, 16}) {
          g.add(new Shape(3, 1, n, p));
        }
      }
      for (double p : new double[] {0.5, 1.5, 2, 3, 4, 16}) {
        g.add(new Shape(2, 1, 2, p));
      }
      g.add(new Shape(5, 1, 6, 1));
      g.add(new Shape(5, 2, 6, 1));
    }
    return g;
  }

  static List<Row> study(Shape s, int seedIndex) {
    TrainingSettings ts = TrainingSettings.PAPER;
    GeometrySettings gs = GeometrySettings.DEFAULT;
    long seed = RunConfig.deriveSeed(0, seedIndex, s.d(), s.layers(), s.units());
    RunConfig config = new RunConfig(s.d(), s.layers(), s.units(), s.p(), "abs_power", seed, seedIndex, ts, gs);
    Architecture arch = config.architecture();
    Runs.Start start = Runs.start(config);
    double[] w = start.weights();
    TrainingProblem problem = start.problem();
    Adam.Moments adam = new Adam.Moments(w.length, ts);
    double[] grad = new double[w.length];
    int plateauRules = WINDOWS.length * TOLERANCES.length;
    int rules = plateauRules + REFERENCE_EPOCHS.length;
    PlateauStop[] stops = new PlateauStop[plateauRules];
    int[] stopEpoch = new int[rules];
    double[] stopLoss = new double[rules];
    double[][] stopWeights = new double[rules][];
    for (int i = 0; i < plateauRules; i++) {
      stops[i] = new PlateauStop(WINDOWS[i / TOLERANCES.length], TOLERANCES[i % TOLERANCES.length]);
    }
    for (int epoch = 1; epoch <= ts.epochs(); epoch++) {
      problem.shuffle();
      double sum = 0;
      for (int b = 0; b < problem.batchCount(); b++) {
        sum += problem.batchLossAndGradient(b, w, grad) * problem.batchLength(b);
        adam.update(w, grad);
      }
      double loss = sum / problem.sampleCount();
      for (int i = 0; i < rules; i++) {
        boolean stop = i < plateauRules ? stops[i].plateaued(loss) : epoch == REFERENCE_EPOCHS[i - plateauRules];
        if (stopWeights[i] == null && stop) {
          stopEpoch[i] = epoch;
          stopWeights[i] = w.clone();
          stopLoss[i] = problem.fullLoss(w);
        }
      }
    }
    double finalLoss = problem.fullLoss(w);
    DirectionSet dirs = DirectionSet.of(s.d(), gs.directions());
    ShapeStatistics full = ShapeStatistics.measure(new RadialFunction(new Network(arch, w)), dirs, gs.tolerances());
    String fullFaces = faces(arch, w, gs);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      ShapeStatistics at = stopWeights[i] == null ? full
          : ShapeStatistics.measure(new RadialFunction(new Network(arch, stopWeights[i])), dirs, gs.tolerances());
      String rule = rule(i);
      boolean withFaces = rule.equals(FACES_RULE) || rule.startsWith("epoch");
      String atFaces = !withFaces ? "" : stopWeights[i] == null ? fullFaces : faces(arch, stopWeights[i], gs);
      rows.add(new Row(s, seedIndex, rule,
          stopWeights[i] == null ? ts.epochs() : stopEpoch[i], ts.epochs(),
          stopWeights[i] == null ? finalLoss : stopLoss[i], finalLoss, at, full, atFaces, withFaces ? fullFaces : ""));
    }
    return rows;
  }

  static String rule(int i) {
    int plateauRules = WINDOWS.length * TOLERANCES.length;
    if (i >= plateauRules) {
      return "epoch " + REFERENCE_EPOCHS[i - plateauRules];
    }
    return String.format(Locale.ROOT, "window %d, tolerance %g", WINDOWS[i / TOLERANCES.length],
        TOLERANCES[i % TOLERANCES.length]);
  }

  static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  }

  public static void main(String[] args) throws Exception {
    int threads = 2;
    int seeds = 3;
    String which = "p1";
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--grid" -> which = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Shape> grid = grid(which);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Row>>> futures = new ArrayList<>();
    for (Shape s : grid) {
      for (int k = 0; k < seeds; k++) {
        int seedIndex = k;
        futures.add(pool.submit(() -> study(s, seedIndex)));
      }
    }
    List<Row> all = new ArrayList<>();
    for (Future<List<Row>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();
    PrintStream csv = out == null ? null : new PrintStream(Files.newOutputStream(out), true, "UTF-8");
    if (csv != null) {
      csv.println("d,layers,units,p,seed_index,rule,stop_epoch,epochs,loss_at_stop,final_loss,"
          + "radius_min_stop,radius_min_full,radius_max_stop,radius_max_full,volume_stop,volume_full,"
          + "sphericity_stop,sphericity_full,faces_stop,faces_full");
      for (Row r : all) {
        csv.printf(Locale.ROOT, "%d,%d,%d,%.6g,%d,\"%s\",%d,%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%s,%s%n",
            r.shape().d(), r.shape().layers(), r.shape().units(), r.shape().p(), r.seedIndex(), r.rule(),
            r.stopEpoch(), r.epochs(), r.lossAtStop(), r.finalLoss(),
            r.atStop().radiusMin(), r.full().radiusMin(), r.atStop().radiusMax(), r.full().radiusMax(),
            r.atStop().volume(), r.full().volume(), r.atStop().sphericityError(), r.full().sphericityError(), r.facesAtStop(), r.facesFull());
      }
      csv.close();
    }
    summarise(all, System.out);
  }

  /** Per rule: total steps saved, and the largest change of each shape statistic. */
  static void summarise(List<Row> all, PrintStream o) {
    o.println("| rule | runs | epochs run (sum) | saving | stopped early | max rel. change radius_min"
        + " | radius_max | volume | max abs. change sphericity_error | max loss ratio stop/full |");
    o.println("|---|---|---|---|---|---|---|---|---|---|");
    List<String> rules = new ArrayList<>();
    for (int i = 0; i < WINDOWS.length * TOLERANCES.length + REFERENCE_EPOCHS.length; i++) {
      rules.add(rule(i));
    }
    for (String rule : rules) {
      long epochs = 0;
      long full = 0;
      int early = 0;
      int runs = 0;
      double rMin = 0;
      double rMax = 0;
      double vol = 0;
      double sph = 0;
      double lossRatio = 0;
      for (Row r : all) {
        if (!r.rule().equals(rule)) {
          continue;
        }
        runs++;
        epochs += r.stopEpoch();
        full += r.epochs();
        early += r.stopEpoch() < r.epochs() ? 1 : 0;
        rMin = Math.max(rMin, rel(r.atStop().radiusMin(), r.full().radiusMin()));
        rMax = Math.max(rMax, rel(r.atStop().radiusMax(), r.full().radiusMax()));
        vol = Math.max(vol, rel(r.atStop().volume(), r.full().volume()));
        sph = Math.max(sph, Math.abs(r.atStop().sphericityError() - r.full().sphericityError()));
        lossRatio = Math.max(lossRatio, r.lossAtStop() / r.finalLoss());
      }
      o.printf(Locale.ROOT, "| %s | %d | %d | %.1fx | %d | %.2e | %.2e | %.2e | %.2e | %.3f |%n", rule,
          runs, epochs, (double) full / epochs, early, rMin, rMax, vol, sph, lossRatio);
    }
  }
}
