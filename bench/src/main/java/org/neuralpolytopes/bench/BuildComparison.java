package org.neuralpolytopes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The volume product by quadrature of the same stored trained networks by two builds of the code
 * (two bench/target/benchmarks.jar files, each in its own class loader in this one JVM), called in
 * turn, so that both see the same load on a shared machine: a harness, not a test.
 *
 * <p>Input: the JSON lines of {@link MahlerRecheck} (one abs_power run per line). First each build
 * measures the first {@code --warmup} runs once, unmeasured (JIT warm-up); then for each run,
 * {@code --repeat} calls of each build, alternating which goes first; output: the CPU seconds of
 * each build (the fastest of its calls), their ratio, and |P_B - P_A| / mahler_error_A; then the
 * totals. Each build evaluates min(directions, 8000) directions, as a run does.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.BuildComparison
 * [--repeat K] [--warmup N] A.jar B.jar FILE.jsonl}
 */
public final class BuildComparison {

  private BuildComparison() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int MAX_DIRECTIONS = 8000;

  /** One build's classes, reached by reflection through its own class loader. */
  private static final class Build {
    private final Method activation;
    private final Constructor<?> architecture;
    private final Constructor<?> network;
    private final Constructor<?> radial;
    private final Method byQuadrature;
    private final Method product;
    private final Method error;

    Build(Path jar) throws ReflectiveOperationException, IOException {
      ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> act = loader.loadClass("org.neuralpolytopes.net.Activation");
      Class<?> arch = loader.loadClass("org.neuralpolytopes.net.Architecture");
      Class<?> net = loader.loadClass("org.neuralpolytopes.net.Network");
      Class<?> rf = loader.loadClass("org.neuralpolytopes.geometry.RadialFunction");
      Class<?> mahler = loader.loadClass("org.neuralpolytopes.geometry.MahlerProduct");
      activation = loader.loadClass("org.neuralpolytopes.net.Activations").getMethod("of", String.class, double.class);
      architecture = arch.getConstructor(int.class, int.class, int.class, act);
      network = net.getConstructor(arch, double[].class);
      radial = rf.getConstructor(net);
      byQuadrature = mahler.getMethod("byQuadrature", rf, int.class, int.class);
      product = mahler.getMethod("product");
      error = mahler.getMethod("error");
    }

    Object radialFunction(JsonNode row) throws ReflectiveOperationException {
      JsonNode w = row.get("weights");
      double[] weights = new double[w.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = w.get(i).asDouble();
      }
      Object a = architecture.newInstance(row.get("d").asInt(), row.get("layers").asInt(), row.get("units").asInt(),
          activation.invoke(null, "abs_power", row.get("p").asDouble()));
      return radial.newInstance(network.newInstance(a, weights));
    }
  }

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    int repeat = 3;
    int warmup = 3;
    int at = 0;
    while (at + 1 < args.length && args[at].startsWith("--")) {
      switch (args[at]) {
        case "--repeat" -> repeat = Integer.parseInt(args[at + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[at + 1]);
        default -> {
          System.err.println("unknown option " + args[at]);
          System.exit(2);
        }
      }
      at += 2;
    }
    if (args.length - at != 3) {
      System.err.println("usage: BuildComparison [--repeat K] [--warmup N] A.jar B.jar FILE.jsonl");
      System.exit(2);
    }
    Build[] builds = {new Build(Path.of(args[at])), new Build(Path.of(args[at + 1]))};
    List<String> lines = Files.readAllLines(Path.of(args[at + 2]));
    ObjectMapper json = new ObjectMapper();
    // the first runs once by each build, unmeasured: the JIT compiles both builds' code first
    for (String line : lines.subList(0, Math.min(warmup, lines.size()))) {
      JsonNode row = json.readTree(line);
      for (Build b : builds) {
        b.byQuadrature.invoke(null, b.radialFunction(row), row.get("d").asInt(),
            Math.min(row.get("directions").asInt(), MAX_DIRECTIONS));
      }
    }
    double[] total = new double[2];
    System.out.println("| run | shape | A CPU s | B CPU s | A / B | abs(P_B - P_A) / error_A |");
    System.out.println("|---|---|---|---|---|---|");
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode row = json.readTree(line);
      int d = row.get("d").asInt();
      int n = Math.min(row.get("directions").asInt(), MAX_DIRECTIONS);
      Object[] radial = {builds[0].radialFunction(row), builds[1].radialFunction(row)};
      double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
      Object[] result = new Object[2];
      for (int k = 0; k < repeat; k++) {
        for (int j = 0; j < 2; j++) {
          int b = (k + j) % 2;
          long t0 = THREADS.getCurrentThreadCpuTime();
          result[b] = builds[b].byQuadrature.invoke(null, radial[b], d, n);
          best[b] = Math.min(best[b], (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
        }
      }
      total[0] += best[0];
      total[1] += best[1];
      double pa = (double) builds[0].product.invoke(result[0]);
      double pb = (double) builds[1].product.invoke(result[1]);
      double ea = (double) builds[0].error.invoke(result[0]);
      System.out.printf("| %s | (%d, %d, %d, %s) | %.3f | %.3f | %.2f | %.1e |%n", row.get("run_id").asText(), d,
          row.get("layers").asInt(), row.get("units").asInt(), row.get("p").asText(), best[0], best[1],
          best[0] / best[1], Math.abs(pb - pa) / ea);
      System.out.flush();
    }
    System.out.printf("| total | | %.3f | %.3f | %.2f | |%n", total[0], total[1], total[0] / total[1]);
  }
}
