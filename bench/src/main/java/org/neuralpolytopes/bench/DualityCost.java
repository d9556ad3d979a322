package org.neuralpolytopes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.PolarDistance;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;

/**
 * What a conjugate pair of the duality stage costs, on trained one-layer networks: a harness, not
 * a test.
 *
 * <p>For each pair d,n,p,q and seed it trains (d, 1, n, p) and (d, 1, n, q) as a sweep does
 * ({@code Runs.run}, the default schedule), then times, each the best of {@code --repeat} in this
 * warm JVM (thread CPU time): the polar distance of the pair ({@code PolarDistance.between} on
 * {@code --directions} directions; default 4000, what the duality stage uses with the default
 * 20 000 directions of a run), and the volume product of K_p by quadrature
 * ({@code MahlerProduct.byQuadrature} on 8000 directions, as a run measures a smooth body). It prints the
 * figures with every digit, so that two builds can be compared for their answers as well as
 * their time: put a trainer jar first on the class path to measure that build,
 *
 * <pre>
 * java -cp [TRAINER_JAR:]bench/target/benchmarks.jar org.neuralpolytopes.bench.DualityCost \
 *     [--seeds N] [--repeat K] [--directions N] d,n,p,q ...
 * </pre>
 */
public final class DualityCost {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** The duality stage's cap on a pair's directions (sweep-job's DualityStage.MAX_DIRECTIONS). */
  private static final int DUALITY_DIRECTIONS = 4000;
  /** A run's volume product by quadrature: its directions, at most BodyMeasurement's cap (8000). */
  private static final int VOLUME_DIRECTIONS =
      Math.min(GeometrySettings.DEFAULT.directions(), BodyMeasurement.MAX_MAHLER_DIRECTIONS);

  private DualityCost() {}

  public static void main(String[] args) {
    Locale.setDefault(Locale.ROOT);
    int seeds = 1;
    int repeat = 3;
    int directions = Math.min(GeometrySettings.DEFAULT.directions(), DUALITY_DIRECTIONS);
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--directions" -> directions = Integer.parseInt(args[++i]);
        default -> pairs.add(Arrays.stream(args[i].split(",")).mapToDouble(Double::parseDouble).toArray());
      }
    }
    if (pairs.isEmpty() || pairs.stream().anyMatch(s -> s.length != 4)) {
      System.err.println("usage: DualityCost [--seeds N] [--repeat K] [--directions N] d,n,p,q ...");
      System.exit(2);
    }
    System.out.println("Milliseconds of thread CPU time, best of " + repeat + " in a warm JVM; " + directions
        + " directions for the polar distance, " + VOLUME_DIRECTIONS + " for the volume product.");
    System.out.println();
    System.out.println("| pair | seed | polar distance ms | distance | residual | volume product of K_p ms | product | error |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    double totalPolar = 0;
    double totalMahler = 0;
    for (double[] s : pairs) {
      int d = (int) s[0];
      int n = (int) s[1];
      for (long seed = 0; seed < seeds; seed++) {
        Network p = trained(d, n, s[2], seed);
        Network q = trained(d, n, s[3], seed);
        if (p == null || q == null) {
          System.out.printf("| %s | %d | (a run failed) | | | | | |%n", label(s), seed);
          continue;
        }
        int fine = directions;
        double[] tPolar = {0};
        PolarDistance pd = best(repeat, tPolar,
            () -> PolarDistance.between(new RadialFunction(p), new RadialFunction(q), d, fine, Deadline.NONE));
        double[] tMahler = {0};
        MahlerProduct m = best(repeat, tMahler, () -> MahlerProduct.byQuadrature(new RadialFunction(p), d, VOLUME_DIRECTIONS));
        totalPolar += tPolar[0];
        totalMahler += tMahler[0];
        System.out.printf("| %s | %d | %.1f | %.17g | %.17g | %.1f | %.17g | %.3g |%n", label(s), seed,
            tPolar[0] * 1e3, pd.distance(), pd.residual(), tMahler[0] * 1e3, m.product(), m.error());
      }
    }
    System.out.printf("%nsummed: polar distances %.2f s, volume products %.2f s%n", totalPolar, totalMahler);
  }

  private static Network trained(int d, int n, double p, long seed) {
    RunConfig c = RunConfig.of(d, 1, n, p, "abs_power", seed);
    RunResult r = Runs.run(c);
    return r.weights() == null ? null : new Network(c.architecture(), r.weights());
  }

  private static String label(double[] s) {
    return String.format("(%d, 1, %d) p = %s, q = %s", (int) s[0], (int) s[1], s[2], s[3]);
  }

  /** The result of the best (least thread CPU time) of {@code repeat} calls; its seconds into {@code seconds[0]}. */
  private static <T> T best(int repeat, double[] seconds, Supplier<T> f) {
    T out = null;
    seconds[0] = Double.POSITIVE_INFINITY;
    for (int i = 0; i < repeat; i++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      out = f.get();
      seconds[0] = Math.min(seconds[0], (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
    }
    return out;
  }
}
