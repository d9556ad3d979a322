package org.neuralpolytopes.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.train.Adam;
import org.neuralpolytopes.train.LearningRateSchedule;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * Which training reaches the l_p ball at large p: the paper's (d, 1, d, 16) cube and square. For
 * each setting (one fixed sample of the sphere as in the paper, or fresh points every epoch, random
 * or Sobol, with a constant or cosine learning rate) and seed, it trains with the paper's schedule
 * (10 000 points, batch 1000, Adam, learning rate 0.001) and records the frame defect
 * (docs/metrics.md: largest |cos| between weight rows or their relative length spread; 0 for the
 * l_p ball up to rotation and scale) and the largest angle between rows' normals at checkpoints,
 * and the first epoch at which the defect is at most 0.05. It trains exactly as {@code Runs.run}
 * does ({@code Runs.start}, Adam's update, the problem's epochs), stopping at checkpoints to look.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.LargePStudy
 * [--epochs N] [--seeds N] [--p P]}.
 */
public final class LargePStudy {

  private LargePStudy() {}

  record Setting(String name, String points, String resample, String schedule) {}

  public static void main(String[] args) {
    int epochs = 10000;
    int seeds = 3;
    double p = 16;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--p" -> p = Double.parseDouble(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Setting> settings = List.of(
        new Setting("one fixed sample (the paper)", "random", "never", "constant"),
        new Setting("one fixed sample, cosine", "random", "never", "cosine"),
        new Setting("fresh random points every epoch", "random", "epoch", "constant"),
        new Setting("fresh Sobol points every epoch", "sobol", "epoch", "constant"),
        new Setting("fresh random points, cosine", "random", "epoch", "cosine"));
    List<Integer> checkpoints = new ArrayList<>();
    for (int e : new int[] {100, 300, 1000, 3000, 10000, 30000}) {
      if (e <= epochs) {
        checkpoints.add(e);
      }
    }
    PrintStream o = System.out;
    StringBuilder head = new StringBuilder("| d,L,n,p | setting | seed |");
    StringBuilder rule = new StringBuilder("|---|---|---|");
    for (int e : checkpoints) {
      head.append(" defect @").append(e).append(" |");
      rule.append("---|");
    }
    o.println(head + " row angles at the end (deg) | first epoch <= 0.05 | final loss |");
    o.println(rule + "---|---|---|");
    for (int d : new int[] {2, 3}) {
      for (Setting s : settings) {
        for (int k = 0; k < seeds; k++) {
          TrainingSettings ts = new TrainingSettings("adam", 10000, 1000, epochs, 1e-3, 0.9, 0.999, 1e-8, 3600)
              .withSampling(s.points(), s.resample(), s.schedule());
          RunConfig c = new RunConfig(d, 1, d, p, "abs_power", RunConfig.deriveSeed(0, k, d, 1, d), k, ts,
              GeometrySettings.DEFAULT);
          o.println(row(c, s.name(), k, checkpoints));
        }
      }
    }
  }

  static String row(RunConfig c, String setting, int seed, List<Integer> checkpoints) {
    Runs.Start start = Runs.start(c);
    double[] w = start.weights();
    TrainingSettings ts = c.training();
    Adam.Moments adam = new Adam.Moments(w.length, ts);
    double[] grad = new double[w.length];
    Architecture arch = c.architecture();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| %d,1,%d,%s | %s | %d |", c.d(), c.units(),
        fmt(c.p()), setting, seed));
    int first = -1;
    for (int epoch = 0; epoch < ts.epochs(); epoch++) {
      start.problem().startEpoch(epoch);
      adam.scale(LearningRateSchedule.factor(ts.lrSchedule(), epoch, ts.epochs()));
      for (int b = 0; b < start.problem().batchCount(); b++) {
        start.problem().batchLossAndGradient(b, w, grad);
        adam.update(w, grad);
      }
      Double defect = BodyMeasurement.frameDefect(arch, w);
      if (first < 0 && defect != null && defect <= 0.05) {
        first = epoch + 1;
      }
      if (checkpoints.contains(epoch + 1)) {
        sb.append(String.format(Locale.ROOT, " %.3f |", defect));
      }
    }
    double[] angles = rowAngles(c.d(), w);
    sb.append(String.format(Locale.ROOT, " %.0f-%.0f | %s | %.4g |", angles[0], angles[1],
        first < 0 ? "never" : Integer.toString(first), start.problem().fullLoss(w)));
    return sb.toString();
  }

  /** The smallest and largest angle between two first-layer rows, folded into [0, 90] degrees. */
  static double[] rowAngles(int d, double[] w) {
    double lo = 90;
    double hi = 0;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double dot = 0;
        double ni = 0;
        double nj = 0;
        for (int k = 0; k < d; k++) {
          dot += w[i * d + k] * w[j * d + k];
          ni += w[i * d + k] * w[i * d + k];
          nj += w[j * d + k] * w[j * d + k];
        }
        double a = Math.toDegrees(Math.acos(Math.min(1, Math.abs(dot) / Math.sqrt(ni * nj))));
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
    }
    return new double[] {lo, hi};
  }

  private static String fmt(double p) {
    return p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p);
  }
}
