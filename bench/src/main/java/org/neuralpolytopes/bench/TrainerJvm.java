package org.neuralpolytopes.bench;

/**
 * The trainer's JVM options for the benchmarks' forks, as the parent pom's
 * {@code trainer.jvm.options} gives them to the sweep's JVMs (annotations need constants).
 */
final class TrainerJvm {

  /** The Vector API's incubator module. */
  static final String ADD_MODULES = "--add-modules";
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  /** The JIT setting the Vector API kernels need (pom.xml says why). */
  static final String TRAP_LIMIT = "-XX:PerMethodTrapLimit=10000";

  private TrainerJvm() {}
}
