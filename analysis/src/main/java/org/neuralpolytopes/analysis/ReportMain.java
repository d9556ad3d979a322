package org.neuralpolytopes.analysis;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The analysis module's main class ({@code bin/polytopes report ...}, {@code bin/polytopes draw ...}). */
@Command(name = "polytopes", mixinStandardHelpOptions = true, subcommands = {ReportCommand.class, DrawCommand.class},
    description = "Neural polytopes: reports and pictures from sweep outputs.")
public final class ReportMain {

  private ReportMain() {}

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ReportMain());
    cli.setParameterExceptionHandler((ex, a) -> {
      System.err.println("error: " + ex.getMessage());
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      System.err.println("error: " + ex);
      return 1;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
