package org.neuralpolytopes.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.MorseCounts;
import org.neuralpolytopes.geometry.PolytopeFaces;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.geometry.ShapeStatistics;
import org.neuralpolytopes.geometry.SphereMesh;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.geometry.VertexSymmetry;
import org.neuralpolytopes.net.CanonicalForm;
import org.neuralpolytopes.net.Network;
import org.neuralpolytopes.train.Optimizers;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;

/**
 * Where the geometry's time goes, per measurement, on trained networks: a harness, not a test.
 *
 * <p>For each shape d,L,n,p (abs_power) and seed it runs {@code Runs.run} (training plus every
 * measurement, as a sweep does: {@code train} and {@code geometry} are the row's
 * {@code train_seconds} and {@code geometry_seconds}), then measures the trained weights again
 * one measurement at a time, each the best of {@code --repeat} in this warm JVM: shape
 * statistics, exact faces (p = 1; with the radial function's extrema read off the cells in
 * d >= 4), Morse counts (from those extrema when the complex is complete), vertex symmetry (the
 * exact vertices of a complete complex, else the Morse maxima), the volume product by the path
 * {@code Runs} takes, canonical form. Before anything it times the first build of each
 * dimension's sphere mesh (a run pays it once per JVM). A baseline checkout older than the
 * extrema from the cells is measured with that checkout's own copy of this file.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.GeometryCost
 * [--seeds N] [--repeat K] d,L,n,p ...}
 */
public final class GeometryCost {

  private GeometryCost() {}

  public static void main(String[] args) {
    Locale.setDefault(Locale.ROOT);
    int seeds = 1;
    int repeat = 2;
    List<double[]> shapes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        default -> shapes.add(Arrays.stream(args[i].split(",")).mapToDouble(Double::parseDouble).toArray());
      }
    }
    if (shapes.isEmpty()) {
      System.err.println("usage: GeometryCost [--seeds N] [--repeat K] d,L,n,p ...");
      System.exit(2);
    }
    GeometrySettings gs = GeometrySettings.DEFAULT;
    for (int d : shapes.stream().mapToInt(s -> (int) s[0]).distinct().toArray()) {
      if (d <= SphereMesh.MAX_DIMENSION) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        SphereMesh.of(d, gs.morsePoints());
        System.out.printf("sphere mesh d = %d, %d points: first build %.2f s CPU%n", d, gs.morsePoints(),
            (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
      }
    }
    System.out.println();
    System.out.println("Seconds. train, geometry: the run's wall times (train_seconds, geometry_seconds); run CPU:"
        + " CPU time of the whole run; train CPU: CPU time of the same training alone; the measurements: CPU"
        + " time, best of " + repeat + " in a warm JVM, and their sum.");
    System.out.println();
    System.out.println("| shape | seed | status | cells | train | geometry | run CPU | train CPU | geometry CPU | shape stats"
        + " | exact faces | Morse | symmetry | volume product (path) | canonical | Morse counts |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (double[] s : shapes) {
      int d = (int) s[0];
      for (long seed = 0; seed < seeds; seed++) {
        RunConfig c = RunConfig.of(d, (int) s[1], (int) s[2], s[3], "abs_power", seed);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        RunResult r = Runs.run(c);
        double runCpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        // training alone, exactly as the run trains (same streams), for its CPU time
        Runs.Start start = Runs.start(c);
        long cpu1 = THREADS.getCurrentThreadCpuTime();
        Optimizers.create(c.training()).minimise(start.problem(), start.weights(), Long.MAX_VALUE);
        double trainCpu = (THREADS.getCurrentThreadCpuTime() - cpu1) / 1e9;
        if (r.weights() == null) {
          System.out.printf("| %s | %d | %s | | %.1f | | %.1f | %.2f | | | | | | | | |%n", label(s), seed,
              r.status(), r.trainSeconds(), runCpu, trainCpu);
          continue;
        }
        Network net = new Network(c.architecture(), r.weights());
        RadialFunction radial = new RadialFunction(net);
        Tolerances tol = gs.tolerances();
        double[] tShape = {0};
        ShapeStatistics shape = best(repeat, tShape,
            () -> ShapeStatistics.measure(radial, DirectionSet.of(d, gs.directions()), tol));
        double[] tFaces = {Double.NaN};
        PolytopeFaces.WithExtrema withExtrema = c.architecture().activation().isPiecewiseLinear()
            ? best(repeat, tFaces, () -> PolytopeFaces.measureWithExtrema(net, gs, Deadline.NONE)) : null;
        PolytopeFaces faces = withExtrema == null ? null : withExtrema.faces();
        boolean exact = faces != null && faces.outcome() == PolytopeFaces.Outcome.COMPLETE;
        double[] tMorse = {Double.NaN};
        MorseCounts morse = d <= SphereMesh.MAX_DIMENSION
            ? best(repeat, tMorse, () -> MorseCounts.measure(radial, SphereMesh.of(d, gs.morsePoints()), tol, shape,
                Deadline.NONE, exact ? withExtrema.extrema() : null))
            : null;
        double[] tSym = {Double.NaN};
        if (exact) {
          double[][] v = faces.vertices().stream().map(PolytopeFaces.Vertex::x).toArray(double[][]::new);
          int[][] e = faces.edges().isEmpty() ? null
              : faces.edges().stream().map(x -> new int[] {x.from(), x.to()}).toArray(int[][]::new);
          best(repeat, tSym, () -> VertexSymmetry.measure(v, e, tol));
        } else if (morse != null && !morse.sphere() && morse.maxima().length > 0) {
          best(repeat, tSym, () -> VertexSymmetry.measure(morse.vertices(), tol));
        }
        double[] tMahler = {0};
        int n = Math.min(gs.directions(), org.neuralpolytopes.measure.BodyMeasurement.MAX_MAHLER_DIRECTIONS);
        MahlerProduct m = best(repeat, tMahler, () -> {
          if (exact && Boolean.TRUE.equals(faces.convex())) {
            return MahlerProduct.exact(faces);
          }
          if (exact && faces.volume() != null) {
            double[][] v = faces.vertices().stream().map(PolytopeFaces.Vertex::x).toArray(double[][]::new);
            return MahlerProduct.fromVertices(faces.volume(), v, d, n);
          }
          return MahlerProduct.byQuadrature(radial, d, n);
        });
        double[] tCanon = {0};
        best(repeat, tCanon, () -> CanonicalForm.of(c.architecture(), r.weights(), tol.unit()));
        double geometryCpu = tShape[0] + (Double.isNaN(tFaces[0]) ? 0 : tFaces[0])
            + (Double.isNaN(tMorse[0]) ? 0 : tMorse[0]) + (Double.isNaN(tSym[0]) ? 0 : tSym[0]) + tMahler[0] + tCanon[0];
        System.out.printf("| %s | %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f (%s)"
            + " | %.4f | %s |%n",
            label(s), seed, r.status(), faces == null ? "-" : faces.activationCells(), r.trainSeconds(),
            r.geometrySeconds(), runCpu, trainCpu, geometryCpu, tShape[0], tFaces[0], tMorse[0], tSym[0], tMahler[0], m.method(), tCanon[0],
            morse == null || morse.counts() == null ? "-" : Arrays.toString(morse.counts()));
        System.out.flush();
      }
    }
  }

  private static String label(double[] s) {
    return "(" + (int) s[0] + ", " + (int) s[1] + ", " + (int) s[2] + ", " + s[3] + ")";
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * The result of the last of k calls, and in seconds[0] the fastest call's CPU time on this
   * thread (the machine is shared: CPU time is far less disturbed by other work than wall time).
   */
  private static <T> T best(int k, double[] seconds, Supplier<T> call) {
    T out = null;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      out = call.get();
      min = Math.min(min, (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
    }
    seconds[0] = min;
    return out;
  }
}
