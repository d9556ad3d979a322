package org.neuralpolytopes.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.train.CoolingSettings;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.StopReason;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * Cooling against Adam with and without a learning-rate schedule (docs/findings.md, "Cooling"). For
 * each shape, method and seed it trains and measures one run exactly as a sweep does
 * ({@code Runs.run}) with the convergence stop on, and records:
 *
 * <ol>
 *   <li>epochs to the plateau: the epoch at which the convergence stop (window and tolerance below)
 *       fired, or "max" when the run used every epoch;
 *   <li>the final loss over the training points;
 *   <li>the body: catalogue name and f-vector (exact faces, p = 1; the Morse counts otherwise), and
 *       whether they are those of plain Adam's run of the same seed (same initial weights and points).
 * </ol>
 *
 * Then one summary line per shape and method: median epochs, geometric mean of the final loss,
 * seeds whose body is Adam's, training seconds. Methods: adam (constant rate), adam + cosine,
 * adam + step, Cooling with {@code redistribute: true} and with {@code false} (constant rate).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.CoolingComparison
 * [--epochs N] [--seeds N] [--samples N] [--batch N] [--lr X] [--every K] [--window W]
 * [--shapes "3,2,4,1 3,1,4,16"]}.
 */
public final class CoolingComparison {

  private CoolingComparison() {}

  record Method(String name, String schedule, CoolingSettings cooling) {}

  record Row(String shape, String method, int seed, int epochs, boolean plateau, double finalLoss, String body,
      double seconds, String status) {}

  public static void main(String[] args) {
    int epochs = 10000;
    int seeds = 3;
    int samples = 10000;
    int batch = 1000;
    double lr = 0.001;
    int every = CoolingSettings.DEFAULT.every();
    int window = TrainingSettings.DEFAULT_PLATEAU_WINDOW;
    String shapes = "3,2,4,1 3,3,4,1 3,1,4,1 3,1,4,4 3,1,4,16";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--samples" -> samples = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--lr" -> lr = Double.parseDouble(args[i + 1]);
        case "--every" -> every = Integer.parseInt(args[i + 1]);
        case "--window" -> window = Integer.parseInt(args[i + 1]);
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
    o.printf(Locale.ROOT, "settings: %d samples, batch %d, learning rate %s, at most %d epochs, convergence stop "
        + "window %d tolerance 1e-3, cooling every %d epochs on 1000 held-out points, %d seeds%n%n", samples, batch, lr,
        epochs, window, every, seeds);
    o.println("| d,L,n,p | method | seed | epochs to plateau | final loss | body (name; f-vector, else Morse counts) "
        + "| same body as adam | train s |");
    o.println("|---|---|---|---|---|---|---|---|");
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
              window, 1e-3, "random", "never", m.schedule(), m.cooling());
          RunConfig c = new RunConfig(d, layers, units, p, "abs_power", RunConfig.deriveSeed(0, k, d, layers, units), k,
              ts, gs);
          RunResult r = Runs.run(c);
          Row row = row(shape, m.name(), k, r);
          if (adamBody == null) {
            adamBody = row.body();
          }
          rows.add(row);
          o.printf(Locale.ROOT, "| %s | %s | %d | %s | %.4g | %s | %s | %.1f |%n", shape, m.name(), k,
              row.plateau() ? Integer.toString(row.epochs()) : "max (" + row.epochs() + ")", row.finalLoss(),
              row.body(), row.body().equals(adamBody) ? "yes" : "no", row.seconds());
          o.flush();
        }
      }
    }
    o.println();
    o.println("| d,L,n,p | method | median epochs to plateau | plateaued | geometric mean final loss "
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
        int[] ep = mine.stream().mapToInt(Row::epochs).sorted().toArray();
        double logSum = 0;
        for (Row r : mine) {
          logSum += Math.log(r.finalLoss());
        }
        Map<String, Integer> bodies = new LinkedHashMap<>();
        mine.forEach(r -> bodies.merge(name(r.body()), 1, Integer::sum));
        o.printf(Locale.ROOT, "| %s | %s | %d | %d/%d | %.3g | %d/%d | %s | %.1f |%n", e.getKey(), m.name(),
            ep[ep.length / 2], mine.stream().filter(Row::plateau).count(), mine.size(), Math.exp(logSum / mine.size()),
            same, mine.size(), bodies, mine.stream().mapToDouble(Row::seconds).average().orElse(Double.NaN));
      }
    }
  }

  static Row row(String shape, String method, int seed, RunResult r) {
    var t = r.training();
    String shapeOf = r.faces() != null && r.faces().fVector() != null ? "f " + Arrays.toString(r.faces().fVector())
        : r.morse() != null ? "Morse " + Arrays.toString(r.morse().counts()) : "-";
    String body = (r.status().name().equals("OK") ? "" : r.status() + " ") + r.polytopeName() + "; " + shapeOf;
    return new Row(shape, method, seed, t == null ? 0 : t.epochsRun(), t != null && t.stopReason() == StopReason.PLATEAU,
        t == null ? Double.NaN : t.finalLoss(), body, r.trainSeconds(), r.status().name());
  }

  private static String name(String body) {
    int semi = body.indexOf(';');
    return semi < 0 ? body : body.substring(0, semi);
  }
}
