package org.neuralpolytopes.cli;

import java.util.concurrent.Callable;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.schema.JsonRows;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.Optimizers;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.SettingBounds;
import org.neuralpolytopes.train.Runs;
import org.neuralpolytopes.train.Status;
import org.neuralpolytopes.train.TrainingSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code polytopes train}: trains one configuration on one thread and prints its {@code runs/}
 * row as one JSON object. Exit code 0 when the status is OK, 1 for any other status, 2 for bad
 * arguments.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train one configuration on one thread and print its result as one JSON object.")
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--d", required = true, description = "input dimension (>= 2)")
  int d;

  @Option(names = "--layers", required = true, description = "hidden layers (>= 1)")
  int layers;

  @Option(names = "--units", required = true, description = "units per hidden layer (>= 1)")
  int units;

  @Option(names = "--p", defaultValue = "1",
      description = "activation exponent p > 0, a number or a fraction such as 4/3 (default ${DEFAULT-VALUE})")
  String p;

  @Option(names = "--activation", defaultValue = "abs_power", description = "abs_power or relu (default ${DEFAULT-VALUE})")
  String activation;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--epochs", description = "epochs (default 10000)")
  Integer epochs;

  @Option(names = "--lr", description = "learning rate (default 0.001)")
  Double lr;

  @Option(names = "--samples", description = "training points (default 10000)")
  Integer samples;

  @Option(names = "--batch-size", description = "points per step (default 1000)")
  Integer batchSize;

  @Option(names = "--timeout", description = "training time limit in seconds (default 600)")
  Double timeout;

  @Option(names = "--optimizer", description = "adam, lbfgs, or exact (p = 2 only: the closed-form minimiser) (default adam)")
  String optimizer;

  @Option(names = "--plateau-window", description = "epochs of the convergence stop, 0 = off (default "
      + TrainingSettings.DEFAULT_PLATEAU_WINDOW + ")")
  Integer plateauWindow;

  @Option(names = "--plateau-tolerance", description = "relative improvement below which training stops (default "
      + TrainingSettings.DEFAULT_PLATEAU_TOLERANCE + ")")
  Double plateauTolerance;

  @Option(names = "--points", description = "random or sobol training points (default random)")
  String points;

  @Option(names = "--resample", description = "never, or epoch: fresh points every epoch (default never)")
  String resample;

  @Option(names = "--lr-schedule", description = "constant, cosine or step (default constant)")
  String lrSchedule;

  @Option(names = "--directions", description = "directions for the shape statistics (default 20000)")
  Integer directions;

  @Option(names = "--max-cells", description = "activation cells the exact face walk may visit, p = 1 and relu (default 200000)")
  Integer maxCells;

  @Option(names = "--morse-points", description = "sphere mesh points for the Morse counts (default 20000)")
  Integer morsePoints;

  @Override
  public Integer call() {
    TrainingSettings def = TrainingSettings.DEFAULT;
    RunConfig config;
    try {
      double exponent = checkedSettings();
      TrainingSettings ts = new TrainingSettings(optimizer != null ? optimizer : def.optimizer(),
          samples != null ? samples : def.samples(),
          batchSize != null ? batchSize : def.batchSize(),
          epochs != null ? epochs : def.epochs(),
          lr != null ? lr : def.learningRate(),
          def.beta1(), def.beta2(), def.epsilon(),
          timeout != null ? timeout : def.timeoutSeconds(),
          plateauWindow != null ? plateauWindow : def.plateauWindow(),
          plateauTolerance != null ? plateauTolerance : def.plateauTolerance(),
          points != null ? points : def.points(),
          resample != null ? resample : def.resample(),
          lrSchedule != null ? lrSchedule : def.lrSchedule());
      GeometrySettings gs = new GeometrySettings(
          directions != null ? directions : GeometrySettings.DEFAULT.directions(),
          GeometrySettings.DEFAULT.tolerances(),
          maxCells != null ? maxCells : GeometrySettings.DEFAULT.maxCells(),

          morsePoints != null ? morsePoints : GeometrySettings.DEFAULT.morsePoints());
      config = new RunConfig(d, layers, units, exponent, activation, seed, 0, ts, gs);
      Optimizers.requireApplicable(ts.optimizer(), d, units, activation, exponent);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    RunResult result = Runs.run(config);
    System.out.println(JsonRows.toJson(RunsTable.SCHEMA, result));
    return result.status() == Status.OK ? 0 : 1;
  }

  /**
   * Every option against the bounds a sweep spec has ({@link SettingBounds}); returns the
   * exponent. Throws with the option's name and the problem.
   */
  private double checkedSettings() {
    check("--d", SettingBounds.D.problem(d));
    check("--layers", SettingBounds.LAYERS.problem(layers));
    check("--units", SettingBounds.UNITS.problem(units));
    double exponent;
    try {
      exponent = SettingBounds.parseNumber(p);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--p: " + e.getMessage());
    }
    check("--p", SettingBounds.exponentProblem(exponent));
    TrainingSettings def = TrainingSettings.DEFAULT;
    int s = samples != null ? samples : def.samples();
    int b = batchSize != null ? batchSize : def.batchSize();
    check("--samples", SettingBounds.SAMPLES.problem(s));
    check("--batch-size", SettingBounds.BATCH_SIZE.problem(b));
    check("--batch-size", SettingBounds.batchProblem(b, s));
    if (epochs != null) {
      check("--epochs", SettingBounds.EPOCHS.problem(epochs));
    }
    if (lr != null) {
      check("--lr", SettingBounds.positiveProblem(lr));
    }
    if (timeout != null) {
      check("--timeout", SettingBounds.positiveProblem(timeout));
    }
    if (plateauWindow != null) {
      check("--plateau-window", SettingBounds.PLATEAU_WINDOW.problem(plateauWindow));
    }
    if (plateauTolerance != null) {
      check("--plateau-tolerance", SettingBounds.nonNegativeProblem(plateauTolerance));
    }
    if (directions != null) {
      check("--directions", SettingBounds.DIRECTIONS.problem(directions));
    }
    if (maxCells != null) {
      check("--max-cells", SettingBounds.MAX_CELLS.problem(maxCells));
    }
    if (morsePoints != null) {
      check("--morse-points", SettingBounds.MORSE_POINTS.problem(morsePoints));
    }
    return exponent;
  }

  private static void check(String option, String problem) {
    if (problem != null) {
      throw new IllegalArgumentException(option + ": " + problem);
    }
  }

  /** Runs the command line and returns its exit code (tests call this; {@link #main} exits with it). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new TrainCommand());
    cli.setParameterExceptionHandler((ex, a) -> {
      System.err.println("error: " + ex.getMessage() + " (see polytopes train --help)");
      return 2;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
