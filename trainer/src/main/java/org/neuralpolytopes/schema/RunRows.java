package org.neuralpolytopes.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neuralpolytopes.measure.Measurement;
import org.neuralpolytopes.train.RunResult;

/**
 * The rows one run writes, table by table ({@link SweepTables#ALL}): what an executor sends back
 * to the driver, which writes them as they are. Values are in each schema's column order.
 *
 * @param runId the run
 * @param tables rows by table name; every table of {@link SweepTables#ALL} is present (maybe empty)
 */
public record RunRows(String runId, Map<String, List<Object[]>> tables) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The rows of a trained and measured run. */
  public static RunRows of(RunResult r) {
    Map<String, List<Object[]>> t = new LinkedHashMap<>();
    for (TableSpec<?> spec : SweepTables.ALL) {
      t.put(spec.name(), spec == SweepTables.RUNS ? List.<Object[]>of(RunsTable.row(r)) : spec.rows(r));
    }
    return new RunRows(r.runId(), t);
  }

  /**
   * The rows of a stored run measured again: its runs/ row with the training columns of
   * {@code stored} kept, and the detail tables' rows of the new measurement.
   */
  public static RunRows remeasured(Object[] stored, Measurement m) {
    Object[] run = RunsTable.remeasured(stored, m);
    RunResult view = new RunResult(null, (String) stored[0], null, null, null, null, null, null, null, 0, null, null,
        null, m);
    Map<String, List<Object[]>> t = new LinkedHashMap<>();
    for (TableSpec<?> spec : SweepTables.ALL) {
      t.put(spec.name(), spec == SweepTables.RUNS ? List.<Object[]>of(run) : spec.rows(view));
    }
    return new RunRows((String) stored[0], t);
  }

  /** The run's runs/ row. */
  public Object[] run() {
    return tables.get(SweepTables.RUNS.name()).get(0);
  }

  /** A value of the run's runs/ row by column name. */
  public Object runValue(String column) {
    return run()[RunsTable.SCHEMA.indexOf(column)];
  }

  /** The rows of one table over several runs, in run order. */
  public static List<Object[]> rowsOf(List<RunRows> runs, String table) {
    List<Object[]> out = new ArrayList<>();
    for (RunRows r : runs) {
      out.addAll(r.tables.getOrDefault(table, List.of()));
    }
    return out;
  }
}
