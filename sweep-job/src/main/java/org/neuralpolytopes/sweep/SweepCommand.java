package org.neuralpolytopes.sweep;

import java.nio.file.Path;
import java.util.List;
import org.neuralpolytopes.sweep.spec.SpecException;
import org.neuralpolytopes.sweep.spec.SpecParser;
import org.neuralpolytopes.sweep.spec.SweepSpec;
import org.neuralpolytopes.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes sweep SPEC.yaml --out DIR}: validates the spec, checks and locks the output
 * folder (both before any Spark work), runs the grid, then the duality stage. Exit codes: 0 done
 * (rows may still have a non-OK status: that is data), 1 the sweep itself failed, 2 bad input.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train every configuration of a sweep spec on Spark and write Parquet tables.")
public final class SweepCommand extends DriverCommand {

  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "the sweep spec")
  Path specFile;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "output folder: a path or any Hadoop file system URI (file://, hdfs://, s3a://)")
  String out;

  @Option(names = "--force", description = "delete the folder's tables and redo every configuration")
  boolean force;

  @Option(names = "--retry-failed",
      description = "train the grid's FAILED and TIMEOUT configurations again, replacing their rows")
  boolean retryFailed;

  @Override
  protected boolean commitsWaves() {
    return true;
  }

  @Override
  protected String folderOption() {
    return "--out";
  }

  @Override
  protected boolean checksTables() {
    return !force;
  }

  @Override
  public Integer call() {
    SweepSpec spec;
    try {
      spec = SpecParser.parse(specFile);
    } catch (SpecException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    List<RunConfig> grid = spec.expand();
    return onLockedFolder("polytopes sweep " + spec.name(), out, "the sweep", false, (spark, folder) -> {
      TrainerJvmCheck.warning(spark.getConf()).ifPresent(System.err::println);
      return new SweepRunner(spark, spec, folder, grid, force, retryFailed, System.console() != null, console).run();
    });
  }
}
