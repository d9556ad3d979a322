package org.neuralpolytopes.net;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * The registry of activation families by the name used in specs and tables. Adding a family is
 * one class implementing {@link Activation} and one line here.
 */
public final class Activations {

  private static final Map<String, DoubleFunction<Activation>> FAMILIES = new TreeMap<>();

  static {
    FAMILIES.put(AbsPower.NAME, AbsPower::new);
    FAMILIES.put(Relu.NAME, p -> new Relu());
  }

  private Activations() {}

  /** The names a spec may use. */
  public static Set<String> names() {
    return FAMILIES.keySet();
  }

  /** Whether the family uses the exponent p (relu ignores it). */
  public static boolean usesExponent(String name) {
    return AbsPower.NAME.equals(name);
  }

  /**
   * The activation of a family at exponent p.
   *
   * @throws IllegalArgumentException for an unknown name or a p the family rejects
   */
  public static Activation of(String name, double p) {
    DoubleFunction<Activation> factory = FAMILIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown activation '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return factory.apply(p);
  }
}
