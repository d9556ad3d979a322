package org.neuralpolytopes.sweep;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * Whether the JVMs that train a sweep have the options the trainer's kernels want (the parent
 * pom's {@code trainer.jvm.options}, which the launcher gives the driver): the Vector API's module
 * ({@code --add-modules=jdk.incubator.vector}, about 2x faster training on the larger networks)
 * and {@code -XX:PerMethodTrapLimit=10000}, without which a larger network trained after a small
 * one in the same JVM can run 2-4x slower (docs/performance.md, "The JIT and the order of
 * shapes"). Results are the same either way, so a sweep without them is warned, not stopped.
 *
 * <p>In local mode the driver's own JVM trains; otherwise the executors, started with
 * {@code spark.executor.defaultJavaOptions} and {@code spark.executor.extraJavaOptions}.
 */
final class TrainerJvmCheck {

  static final String MODULE = "jdk.incubator.vector";
  /** The trap limit the trainer's JVMs run with (pom.xml). */
  static final long TRAP_LIMIT = 10_000;
  /** HotSpot's default. */
  static final long DEFAULT_TRAP_LIMIT = 100;
  static final String OPTIONS = "--add-modules=" + MODULE + " -XX:PerMethodTrapLimit=" + TRAP_LIMIT;
  private static final Pattern LIMIT = Pattern.compile("-XX:PerMethodTrapLimit=(\\d+)");

  private TrainerJvmCheck() {}

  /** The one-line warning for a sweep with this configuration, or empty when its trainers are set up. */
  static Optional<String> warning(SparkConf conf) {
    String master = conf.get("spark.master", "local[*]");
    if (master.equals("local") || master.startsWith("local[")) {
      boolean module = ModuleLayer.boot().findModule(MODULE).isPresent();
      return warning(module, localTrapLimit(), "this JVM (local mode trains in the driver) trains",
          "docs/performance.md");
    }
    // Spark puts the default options before the extra ones
    String options = conf.get("spark.executor.defaultJavaOptions", "") + " "
        + conf.get("spark.executor.extraJavaOptions", "");
    return warning(options.contains(MODULE), trapLimit(options),
        "the executors (spark.executor.extraJavaOptions) train", "docs/cluster.md");
  }

  /**
   * The warning for trainers with or without the module and with this trap limit (negative:
   * unknown); {@code who} is the sentence's subject and verb, {@code doc} where to read more.
   */
  static Optional<String> warning(boolean module, long trapLimit, String who, String doc) {
    List<String> missing = new ArrayList<>();
    if (!module) {
      missing.add("--add-modules=" + MODULE);
    }
    if (trapLimit >= 0 && trapLimit < TRAP_LIMIT) {
      missing.add("-XX:PerMethodTrapLimit=" + TRAP_LIMIT);
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("warning: " + who + " without " + String.join(" ", missing)
        + (module ? ": a larger network trained after a small one in the same JVM can run 2-4x slower"
            : ": training runs about 2x slower on the larger networks")
        + "; the results are the same (" + doc + ")");
  }

  /** The last -XX:PerMethodTrapLimit in a JVM option string, or HotSpot's default without one. */
  static long trapLimit(String options) {
    Matcher m = LIMIT.matcher(options);
    long limit = DEFAULT_TRAP_LIMIT;
    while (m.find()) {
      try {
        limit = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        limit = Long.MAX_VALUE; // beyond a long: certainly high enough
      }
    }
    return limit;
  }

  /** This JVM's trap limit, or -1 where the JVM does not say (not HotSpot). */
  static long localTrapLimit() {
    try {
      HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return Long.parseLong(bean.getVMOption("PerMethodTrapLimit").getValue());
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
