package org.neuralpolytopes.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.measure.MeasureStatus;
import org.neuralpolytopes.measure.Measurement;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.train.Adam;
import org.neuralpolytopes.train.Cooling;
import org.neuralpolytopes.train.CoolingSettings;
import org.neuralpolytopes.train.LearningRateSchedule;
import org.neuralpolytopes.train.PlateauStop;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.TrainingProblem;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * Cooling against Adam with and without a learning-rate schedule (docs/findings.md, "Cooling"). For
 * each shape, method and seed it trains every epoch of the schedule (no convergence stop: the
 * schedules are defined over all of them), with Adam's update and the cooling steps exactly as
 * {@code Adam.minimise} makes them from {@code Runs.start}, then measures the body through
 * {@code BodyMeasurement}, and records:
 *
 * <ol>
 *   <li>epochs to the plateau: the first epoch whose running best epoch loss is within
 *       {@link #PLATEAU_MARGIN} (relative) of the run's best, and the epoch at which the project's
 *       convergence stop (window 500, tolerance 1e-3) would have ended the run;
 *   <li>the final loss over the training points;
 *   <li>the body: catalogue name and f-vector (exact faces, p = 1; the Morse counts otherwise), and
 *       whether they are those of plain Adam's run of the same seed (same initial weights and points).
 * </ol>
 *
 * Then one summary line per shape and method: medians of both epoch counts, geometric mean of the
 * final loss, seeds whose body is Adam's, training seconds. Methods: adam (constant rate),
 * adam + cosine, adam + step, Cooling with {@code redistribute: true} and with {@code false}
 * (constant rate).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.CoolingComparison
 * [--epochs N] [--seeds N] [--samples N] [--batch N] [--lr X] [--every K]
 * [--shapes "3,2,4,1 3,1,4,16"]}.
 */
public final class CoolingComparison {

  private CoolingComparison() {}

  record Method(String name, String schedule, CoolingSettings cooling) {}

  /** Relative distance from the run's best epoch loss within which the plateau counts as reached. */
  static final double PLATEAU_MARGIN = 0.01;

  record Row(String shape, String method, int seed, int plateauEpoch, int stopEpoch, double finalLoss, String body,
      double seconds) {}

  public static void main(String[] args) {
    int epochs = 10000;
    int seeds = 3;
    int samples = 10000;
    int batch = 1000;
    double lr = 0.001;
    int every = CoolingSettings.DEFAULT.every();
    String shapes = "3,2,4,1 3,3,4,1 3,1,4,1 3,1,4,4 3,1,4,16";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--samples" -> samples = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--lr" -> lr = Double.parseDouble(args[i + 1]);
        case "--every" -> every = Integer.parseInt(args[i + 1]);
        case "--shapes" -> shapes = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Method> methods = List.of(
        new Method("adam", "constant", null),
        new Method("adam + cosine", "cosine", null),
        new Method("adam + step", "step", null),
        new Method("cooling, redistribute", "constant", new CoolingSettings(every, CoolingSettings.DEFAULT.holdout(), true)),
        new Method("cooling, final scale", "constant", new CoolingSettings(every, CoolingSettings.DEFAULT.holdout(), false)));
    GeometrySettings gs = new GeometrySettings(4000, Tolerances.DEFAULT, GeometrySettings.DEFAULT.maxCells(),
        GeometrySettings.DEFAULT.morsePoints());
    PrintStream o = System.out;
    o.printf(Locale.ROOT, "settings: %d samples, batch %d, learning rate %s, %d epochs, cooling every %d epochs on %d "
        + "held-out points, %d seeds; plateau: running best within %.0f%% of the best%n%n", samples, batch, lr, epochs,
        every, CoolingSettings.DEFAULT.holdout(), seeds, 100 * PLATEAU_MARGIN);
    o.println("| d,L,n,p | method | seed | epochs to plateau | convergence stop at | final loss "
        + "| body (name; f-vector, else Morse counts) | same body as adam | train s |");
    o.println("|---|---|---|---|---|---|---|---|---|");
    List<Row> rows = new ArrayList<>();
    for (String shape : shapes.trim().split("\\s+")) {
      String[] f = shape.split(",");
      int d = Integer.parseInt(f[0]);
      int layers = Integer.parseInt(f[1]);
      int units = Integer.parseInt(f[2]);
      double p = Double.parseDouble(f[3]);
      for (int k = 0; k < seeds; k++) {
        String adamBody = null;
        for (Method m : methods) {
          TrainingSettings ts = new TrainingSettings("adam", samples, batch, epochs, lr, 0.9, 0.999, 1e-8, 3600,
              0, 0, "random", "never", m.schedule(), m.cooling());
          RunConfig c = new RunConfig(d, layers, units, p, "abs_power", RunConfig.deriveSeed(0, k, d, layers, units), k,
              ts, gs);
          Row row = train(c, shape, m.name());
          if (adamBody == null) {
            adamBody = row.body();
          }
          rows.add(row);
          o.printf(Locale.ROOT, "| %s | %s | %d | %d | %s | %.4g | %s | %s | %.1f |%n", shape, m.name(), k,
              row.plateauEpoch(), row.stopEpoch() < 0 ? "never" : Integer.toString(row.stopEpoch()), row.finalLoss(),
              row.body(), row.body().equals(adamBody) ? "yes" : "no", row.seconds());
          o.flush();
        }
      }
    }
    o.println();
    o.println("| d,L,n,p | method | median epochs to plateau | median convergence stop | geometric mean final loss "
        + "| seeds with adam's body | bodies | mean train s |");
    o.println("|---|---|---|---|---|---|---|---|");
    Map<String, List<Row>> byShape = new LinkedHashMap<>();
    for (Row r : rows) {
      byShape.computeIfAbsent(r.shape(), s -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<Row>> e : byShape.entrySet()) {
      for (Method m : methods) {
        List<Row> mine = e.getValue().stream().filter(r -> r.method().equals(m.name())).toList();
        int same = 0;
        for (Row r : mine) {
          Row adam = e.getValue().stream().filter(a -> a.method().equals("adam") && a.seed() == r.seed()).findFirst()
              .orElseThrow();
          same += r.body().equals(adam.body()) ? 1 : 0;
        }
        int[] ep = mine.stream().mapToInt(Row::plateauEpoch).sorted().toArray();
        int[] stop = mine.stream().mapToInt(r -> r.stopEpoch() < 0 ? Integer.MAX_VALUE : r.stopEpoch()).sorted().toArray();
        double logSum = 0;
        for (Row r : mine) {
          logSum += Math.log(r.finalLoss());
        }
        Map<String, Integer> bodies = new LinkedHashMap<>();
        mine.forEach(r -> bodies.merge(name(r.body()), 1, Integer::sum));
        int medianStop = stop[stop.length / 2];
        o.printf(Locale.ROOT, "| %s | %s | %d | %s | %.3g | %d/%d | %s | %.1f |%n", e.getKey(), m.name(),
            ep[ep.length / 2], medianStop == Integer.MAX_VALUE ? "never" : Integer.toString(medianStop),
            Math.exp(logSum / mine.size()),
            same, mine.size(), bodies, mine.stream().mapToDouble(Row::seconds).average().orElse(Double.NaN));
      }
    }
  }

  /**
   * Trains every epoch of {@code c} as {@code Adam.minimise} does (its update, learning-rate factor
   * and cooling steps, from {@code Runs.start}), recording each epoch's mean batch loss, then
   * measures the body.
   */
  static Row train(RunConfig c, String shape, String method) {
    long t0 = System.nanoTime();
    Runs.Start start = Runs.start(c);
    TrainingProblem problem = start.problem();
    TrainingSettings ts = c.training();
    double[] w = start.weights();
    double[] grad = new double[w.length];
    Adam.Moments adam = new Adam.Moments(w.length, ts);
    Cooling cooling = problem.cooling();
    PlateauStop stop = new PlateauStop(TrainingSettings.DEFAULT_PLATEAU_WINDOW, TrainingSettings.DEFAULT_PLATEAU_TOLERANCE);
    double[] loss = new double[ts.epochs()];
    int stopEpoch = -1;
    for (int epoch = 0; epoch < ts.epochs(); epoch++) {
      problem.startEpoch(epoch);
      adam.scale(LearningRateSchedule.factor(ts.lrSchedule(), epoch, ts.epochs()));
      double sum = 0;
      for (int b = 0; b < problem.batchCount(); b++) {
        sum += problem.batchLossAndGradient(b, w, grad) * problem.batchLength(b);
        adam.update(w, grad);
      }
      loss[epoch] = sum / problem.sampleCount();
      if (stopEpoch < 0 && stop.plateaued(loss[epoch])) {
        stopEpoch = epoch + 1;
      }
      if (cooling != null && cooling.due(epoch + 1, ts.epochs())) {
        cooling.step(problem, w);
      }
    }
    if (cooling != null) {
      cooling.finish(problem, w);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double best = Double.POSITIVE_INFINITY;
    for (double l : loss) {
      best = Math.min(best, l);
    }
    int plateau = ts.epochs();
    double running = Double.POSITIVE_INFINITY;
    for (int e = 0; e < loss.length; e++) {
      running = Math.min(running, loss[e]);
      if (running <= best * (1 + PLATEAU_MARGIN)) {
        plateau = e + 1;
        break;
      }
    }
    double finalLoss = problem.fullLoss(w);
    Measurement m = BodyMeasurement.of(new Network(c.architecture(), w), c.geometry(), Deadline.after(600));
    String shapeOf = m.faces() != null && m.faces().fVector() != null ? "f " + Arrays.toString(m.faces().fVector())
        : m.morse() != null ? "Morse " + Arrays.toString(m.morse().counts()) : "-";
    String body = (m.status() == MeasureStatus.OK ? "" : m.status() + " ") + m.polytopeName() + "; " + shapeOf;
    return new Row(shape, method, c.seedIndex(), plateau, stopEpoch, finalLoss, body, seconds);
  }

  private static String name(String body) {
    int semi = body.indexOf(';');
    return semi < 0 ? body : body.substring(0, semi);
  }
}
