package org.neuralpolytopes.sweep;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The driver's main class, the same for local mode ({@code bin/polytopes sweep}) and for
 * {@code spark-submit --class org.neuralpolytopes.sweep.SweepMain polytopes-cluster.jar sweep ...}.
 */
@Command(name = "polytopes", mixinStandardHelpOptions = true,
    subcommands = {SweepCommand.class, MeasureCommand.class, DualityCommand.class, CompactCommand.class,
        StatusCommand.class, CensusCommand.class, CheckCommand.class},
    description = "Neural polytopes: Spark sweeps over tiny bias-free networks.")
public final class SweepMain {

  private SweepMain() {}

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new SweepMain());
    cli.setParameterExceptionHandler((ex, a) -> {
      System.err.println("error: " + ex.getMessage());
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      System.err.println("error: " + DriverCommand.rootMessage(ex));
      return 1;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    DriverSignals.install();
    System.exit(run(args));
  }
}
