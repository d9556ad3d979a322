package org.neuralpolytopes.train;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** The registry of optimisers by name. Adding one is one class and one line here. */
public final class Optimizers {

  private static final Map<String, Function<TrainingSettings, Optimizer>> KNOWN = new TreeMap<>();

  static {
    KNOWN.put(Adam.NAME, Adam::new);
    KNOWN.put(Lbfgs.NAME, Lbfgs::new);
    KNOWN.put(ExactQuadratic.NAME, ExactQuadratic::new);
  }

  private Optimizers() {}

  public static Set<String> names() {
    return KNOWN.keySet();
  }

  /** Checks that a name is registered. */
  public static void of(String name) {
    if (!KNOWN.containsKey(name)) {
      throw new IllegalArgumentException(
          "unknown optimizer '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
  }

  /**
   * Checks that an optimiser applies to a shape, activation and exponent (the closed form
   * {@link ExactQuadratic} solves p = 2 with units >= d only); the others apply to every one.
   *
   * @throws IllegalArgumentException naming the offending value
   */
  public static void requireApplicable(String name, int d, int units, String activation, double p) {
    of(name);
    if (ExactQuadratic.NAME.equals(name)) {
      ExactQuadratic.requireApplicable(d, units, activation, p);
    }
  }

  /** The optimiser of the settings. */
  public static Optimizer create(TrainingSettings settings) {
    of(settings.optimizer());
    return KNOWN.get(settings.optimizer()).apply(settings);
  }
}
