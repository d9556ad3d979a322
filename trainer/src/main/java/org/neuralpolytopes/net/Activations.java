package org.neuralpolytopes.net;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * The registry of activation families by the name used in specs and tables. Adding a fixed family
 * is one class implementing {@link Activation} and one line here; the learnable ERA families
 * ({@link Era}) also need their settings ({@link EraSettings}).
 */
public final class Activations {

  private static final Map<String, DoubleFunction<Activation>> FAMILIES = new TreeMap<>();
  private static final Set<String> LEARNABLE = Set.of(Era.NAME, Era.EVEN_NAME);

  static {
    FAMILIES.put(AbsPower.NAME, AbsPower::new);
    FAMILIES.put(Relu.NAME, p -> new Relu());
  }

  private Activations() {}

  /** The names a spec may use. */
  public static Set<String> names() {
    Set<String> all = new java.util.TreeSet<>(FAMILIES.keySet());
    all.addAll(LEARNABLE);
    return all;
  }

  /** Whether the family's shape is trained with the weights (era, era_even). */
  public static boolean isLearnable(String name) {
    return LEARNABLE.contains(name);
  }

  /**
   * Whether the family uses the exponent p: abs_power always, relu never, the ERA families for their
   * abs_power initialisation.
   */
  public static boolean usesExponent(String name, EraSettings era) {
    return AbsPower.NAME.equals(name) || (isLearnable(name) && era != null && era.usesExponent());
  }

  /**
   * The activation of a fixed family at exponent p.
   *
   * @throws IllegalArgumentException for an unknown name, a p the family rejects, or an ERA family
   *     (whose degrees are in its settings: {@link #of(String, double, EraSettings)})
   */
  public static Activation of(String name, double p) {
    if (isLearnable(name)) {
      throw new IllegalArgumentException(name + " needs its settings (degrees, sharing)");
    }
    DoubleFunction<Activation> factory = FAMILIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown activation '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return factory.apply(p);
  }

  /** The activation of any family: the ERA families with {@code era}'s degrees and sharing. */
  public static Activation of(String name, double p, EraSettings era) {
    return isLearnable(name) ? Era.of(name, p, era == null ? EraSettings.DEFAULT : era) : of(name, p);
  }

  /**
   * The activation of a stored {@code runs/} row: its family, exponent and, for the ERA families,
   * its {@code activation_shape} column ([sets, numerator, denominator]; null for fixed families).
   */
  public static Activation stored(String name, double p, int layers, int[] activationShape) {
    return isLearnable(name) ? Era.stored(name, p, layers, activationShape) : of(name, p);
  }
}
