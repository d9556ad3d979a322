package org.neuralpolytopes.analysis.report;

import java.util.Comparator;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Every training setting of a run except its seed and timeout: the optimiser and its settings, the
 * training points (how many, drawn how, resampled or not), the schedule, the learning-rate
 * schedule and the convergence stop. Seeds of one grid point share it; two
 * specs written into one folder with different settings make different grid points, never seeds
 * of one. (The timeout decides whether a run finishes, not what it computes; it is not part of
 * the run's identity either.)
 */
record Schedule(String optimizer, int samples, int batchSize, int epochs, double learningRate, double beta1,
    double beta2, double epsilon, int plateauWindow, double plateauTolerance, String points, String resample,
    String lrSchedule) implements Comparable<Schedule> {

  /** The columns that make up a schedule. */
  static final java.util.List<String> COLUMNS = java.util.List.of(RunsTable.OPTIMIZER, RunsTable.SAMPLES,
      RunsTable.BATCH_SIZE, RunsTable.EPOCHS, RunsTable.LEARNING_RATE, RunsTable.BETA1, RunsTable.BETA2,
      RunsTable.EPSILON, RunsTable.PLATEAU_WINDOW, RunsTable.PLATEAU_TOLERANCE, RunsTable.POINTS, RunsTable.RESAMPLE,
      RunsTable.LR_SCHEDULE);

  private static final Comparator<Schedule> ORDER = Comparator.comparing(Schedule::optimizer)
      .thenComparingInt(Schedule::epochs)
      .thenComparingInt(Schedule::samples)
      .thenComparingInt(Schedule::batchSize)
      .thenComparingDouble(Schedule::learningRate)
      .thenComparingDouble(Schedule::beta1)
      .thenComparingDouble(Schedule::beta2)
      .thenComparingDouble(Schedule::epsilon)
      .thenComparingInt(Schedule::plateauWindow)
      .thenComparingDouble(Schedule::plateauTolerance)
      .thenComparing(Schedule::points)
      .thenComparing(Schedule::resample)
      .thenComparing(Schedule::lrSchedule);

  static Schedule of(TableRow r) {
    return new Schedule(r.getString(RunsTable.OPTIMIZER), r.getInt(RunsTable.SAMPLES), r.getInt(RunsTable.BATCH_SIZE),
        r.getInt(RunsTable.EPOCHS), r.getDouble(RunsTable.LEARNING_RATE), r.getDouble(RunsTable.BETA1),
        r.getDouble(RunsTable.BETA2), r.getDouble(RunsTable.EPSILON), r.getInt(RunsTable.PLATEAU_WINDOW),
        r.getDouble(RunsTable.PLATEAU_TOLERANCE), r.getString(RunsTable.POINTS), r.getString(RunsTable.RESAMPLE),
        r.getString(RunsTable.LR_SCHEDULE));
  }

  /** The settings in words, as a spec would write them. */
  String describe() {
    StringBuilder sb = new StringBuilder(optimizer);
    sb.append(", ").append(epochs).append(" epochs, ").append(samples).append(" samples, batch ").append(batchSize);
    if ("adam".equals(optimizer)) {
      sb.append(", learning_rate ").append(Values.num(learningRate)).append(", betas (").append(Values.num(beta1))
          .append(", ").append(Values.num(beta2)).append("), epsilon ").append(Values.num(epsilon));
    }
    sb.append(plateauWindow == 0 ? ", no convergence stop"
        : ", convergence stop " + plateauWindow + " epochs / " + Values.num(plateauTolerance));
    sb.append(", points ").append(points).append(", resample ").append(resample).append(", lr_schedule ").append(lrSchedule);
    return sb.toString();
  }

  @Override
  public int compareTo(Schedule o) {
    return ORDER.compare(this, o);
  }
}
