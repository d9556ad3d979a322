package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;

/**
 * A measurement harness, not a test: trains p = 1 (or relu) networks at the paper's schedule and
 * prints, per (d, L, n), the training time, the exact-faces time (best of 3 repetitions on the
 * trained weights, after one warm-up) and the shape-statistics time, as a Markdown table for the
 * exact-faces cost table of docs/geometry.md. Run from trainer/ with the test classpath:
 *
 * <pre>
 *   java -cp target/classes:target/test-classes:DEPENDENCIES org.neuralpolytopes.geometry.FaceTimings \
 *       abs_power 2,3 1,2,3 4,8,16 [seed]
 * </pre>
 */
public final class FaceTimings {

  private FaceTimings() {}

  public static void main(String[] args) {
    String activation = args[0];
    int[] ds = ints(args[1]);
    int[] ls = ints(args[2]);
    int[] ns = ints(args[3]);
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 0;
    System.out.println("| activation | d | L | n | train (s) | exact faces (s) | shape stats (s) | cells | facets | f-vector | convex | status |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int d : ds) {
      for (int l : ls) {
        for (int n : ns) {
          RunConfig c = RunConfig.of(d, l, n, 1, activation, seed);
          RunResult r = Runs.run(c);
          Network net = new Network(c.architecture(), r.weights());
          PolytopeFaces.measure(net, c.geometry());
          double best = Double.POSITIVE_INFINITY;
          PolytopeFaces f = null;
          for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            f = PolytopeFaces.measure(net, c.geometry());
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
          }
          long t0 = System.nanoTime();
          ShapeStatistics.measure(new RadialFunction(net), DirectionSet.of(d, c.geometry().directions()),
              c.geometry().tolerances());
          double shape = (System.nanoTime() - t0) / 1e9;
          System.out.printf("| %s | %d | %d | %d | %.1f | %.4f | %.3f | %s | %s | %s | %s | %s |%n", activation, d, l, n,
              r.trainSeconds(), best, shape, f.activationCells(), f.facetCount(),
              f.fVector() == null ? "-" : java.util.Arrays.toString(f.fVector()), f.convex(), r.status());
          System.out.flush();
        }
      }
    }
  }

  private static int[] ints(String csv) {
    return java.util.Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
