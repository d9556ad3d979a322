package org.neuralpolytopes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.neuralpolytopes.geometry.MahlerProduct;
import org.neuralpolytopes.geometry.PolarDistance;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.measure.BodyMeasurement;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Measures the stored trained networks of a sweep again, one quadrature volume product or one
 * polar distance per input line, so that two builds of the code can be compared on the same
 * bodies: a harness, not a test.
 *
 * <p>Input: JSON lines, one run per line, with {@code run_id}, {@code d}, {@code layers},
 * {@code units}, {@code p}, {@code activation} (abs_power), {@code weights}, {@code directions}
 * (as DuckDB prints a query over the runs table). Output: one tab-separated line per run, the
 * volume product by quadrature over min(directions, {@link BodyMeasurement#MAX_MAHLER_DIRECTIONS})
 * directions exactly as a run measures it, with its error estimate and its CPU seconds (full
 * precision, for comparison between builds).
 *
 * <p>With {@code --pairs}, each line holds a conjugate pair instead ({@code run_id_p},
 * {@code p}, {@code weights_p}, {@code q}, {@code weights_q}, {@code d}, {@code layers},
 * {@code units}, {@code directions}) and the output is its polar distance and alignment residual
 * as the duality stage measures them.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.neuralpolytopes.bench.MahlerRecheck
 * [--pairs] FILE.jsonl}
 */
public final class MahlerRecheck {

  private MahlerRecheck() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws IOException {
    Locale.setDefault(Locale.ROOT);
    boolean pairs = args.length == 2 && args[0].equals("--pairs");
    if (args.length != (pairs ? 2 : 1)) {
      System.err.println("usage: MahlerRecheck [--pairs] FILE.jsonl");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[args.length - 1]))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode row = json.readTree(line);
        int d = row.get("d").asInt();
        long t0 = THREADS.getCurrentThreadCpuTime();
        if (pairs) {
          Network p = network(row, row.get("p").asDouble(), row.get("weights_p"));
          Network q = network(row, row.get("q").asDouble(), row.get("weights_q"));
          PolarDistance pd = PolarDistance.between(new RadialFunction(p), new RadialFunction(q), d,
              row.get("directions").asInt());
          double cpu = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
          System.out.printf("%s\t%s\t%s\t%.3f%n", row.get("run_id_p").asText(), Double.toString(pd.distance()),
              Double.toString(pd.residual()), cpu);
        } else {
          Network net = network(row, row.get("p").asDouble(), row.get("weights"));
          int n = Math.min(row.get("directions").asInt(), BodyMeasurement.MAX_MAHLER_DIRECTIONS);
          MahlerProduct m = MahlerProduct.byQuadrature(new RadialFunction(net), d, n);
          double cpu = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
          System.out.printf("%s\t%d,%d,%d,%s\t%s\t%s\t%s\t%.3f%n", row.get("run_id").asText(), d,
              row.get("layers").asInt(), row.get("units").asInt(), row.get("p").asText(),
              Double.toString(m.product()), Double.toString(m.error()), Double.toString(m.polarVolume()), cpu);
        }
        System.out.flush();
      }
    }
  }

  private static Network network(JsonNode row, double p, JsonNode weights) {
    Architecture a = new Architecture(row.get("d").asInt(), row.get("layers").asInt(), row.get("units").asInt(),
        Activations.of("abs_power", p));
    double[] w = new double[weights.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights.get(i).asDouble();
    }
    return new Network(a, w);
  }
}
