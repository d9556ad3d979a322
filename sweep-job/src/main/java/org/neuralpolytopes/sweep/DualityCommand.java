package org.neuralpolytopes.sweep;

import org.neuralpolytopes.sweep.duality.DualityStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes duality DIR}: the duality stage alone, on an existing sweep output, so that
 * runs of several sweeps in one folder are paired without retraining.
 */
@Command(name = "duality", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Pair every run of a sweep output with its conjugate exponent and write duality/.")
public final class DualityCommand extends DriverCommand {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output folder")
  String dir;

  @Option(names = "--conjugate-tolerance", paramLabel = "X", defaultValue = "1e-6",
      description = "relative tolerance for q = p/(p-1) to match a grid exponent (default ${DEFAULT-VALUE})")
  double tolerance;

  @Override
  public Integer call() {
    if (!(tolerance >= 0 && tolerance < 0.5)) {
      System.err.println("error: --conjugate-tolerance must be in [0, 0.5), got " + tolerance);
      return 2;
    }
    return onLockedFolder("polytopes duality", dir, "the duality stage", true, (spark, folder) -> {
      Maintenance.recover(folder.store(), console);
      Maintenance.restoreInvariants(folder.store(), console);
      new DualityStage(spark, folder, tolerance, console).measuringAll().run();
      return 0;
    });
  }
}
