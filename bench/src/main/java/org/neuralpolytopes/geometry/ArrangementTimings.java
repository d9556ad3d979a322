package org.neuralpolytopes.geometry;

import java.util.Arrays;
import java.util.Locale;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;

/**
 * A measurement harness, not a test: the Morse counts of one-layer d = 3 bodies with p < 1 by the
 * mesh search (at the given {@code morse_points}) and by the kink arrangement, with the time of
 * each (best of 3 after a warm-up), as a Markdown table. Arguments: {@code trained} or
 * {@code random}, units (comma-separated), p values, seeds, mesh points. In the bench module (it
 * calls the package's own {@code MorseCounts.byMesh} and {@code KinkArrangement.measure}); after
 * {@code mvn -q -o package -DskipTests -pl bench}, from the project root:
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.neuralpolytopes.geometry.ArrangementTimings \
 *       trained 4,8,16 0.5,0.707 0,1 20000
 * </pre>
 */
public final class ArrangementTimings {

  private ArrangementTimings() {}

  /**
   * A one-layer d = 3 net of n units with Gaussian weights, drawn as the trainer's tests draw them
   * ({@code DeadlineTest.random}: Box-Muller on a SplittableRandom), so that the seeds give the
   * nets of docs/geometry.md.
   */
  static Network random(int n, double p, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    org.neuralpolytopes.net.Architecture arch = new org.neuralpolytopes.net.Architecture(3, 1, n,
        org.neuralpolytopes.net.Activations.of("abs_power", p));
    double[] w = new double[arch.weightCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
    return new Network(arch, w);
  }

  public static void main(String[] args) {
    boolean trained = args[0].equals("trained");
    int[] units = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    double[] ps = Arrays.stream(args[2].split(",")).mapToDouble(Double::parseDouble).toArray();
    long[] seeds = Arrays.stream(args[3].split(",")).mapToLong(Long::parseLong).toArray();
    int points = Integer.parseInt(args[4]);
    SphereMesh mesh = SphereMesh.of(3, points);
    System.out.println("| body | n | p | seed | mesh (" + points + ") | ok | ms | arrangement | ok | ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (int n : units) {
      for (double p : ps) {
        for (long seed : seeds) {
          Network net;
          if (trained) {
            RunConfig c = RunConfig.of(3, 1, n, p, "abs_power", seed);
            RunResult r = Runs.run(c);
            net = new Network(c.architecture(), r.weights());
          } else {
            net = random(n, p, seed);
          }
          RadialFunction r = new RadialFunction(net);
          ShapeStatistics shape = ShapeStatistics.measure(r, DirectionSet.of(3, 20000), Tolerances.DEFAULT);
          MorseCounts old = null;
          MorseCounts exact = null;
          double oldMs = Double.POSITIVE_INFINITY;
          double exactMs = Double.POSITIVE_INFINITY;
          for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            old = MorseCounts.byMesh(r, mesh, Tolerances.DEFAULT, shape, Deadline.NONE);
            long t1 = System.nanoTime();
            exact = KinkArrangement.measure(r, Tolerances.DEFAULT, Deadline.NONE);
            long t2 = System.nanoTime();
            if (rep > 0) {
              oldMs = Math.min(oldMs, (t1 - t0) / 1e6);
              exactMs = Math.min(exactMs, (t2 - t1) / 1e6);
            }
          }
          System.out.println(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %s | %.1f | %s | %s | %.2f |",
              trained ? "trained" : "random", n, p, seed, Arrays.toString(old.counts()), old.morseOk(), oldMs,
              exact == null ? "-" : Arrays.toString(exact.counts()), exact == null ? "-" : exact.morseOk(), exactMs));
        }
      }
    }
  }
}
