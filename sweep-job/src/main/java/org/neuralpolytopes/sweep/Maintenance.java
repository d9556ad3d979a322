package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSpec;
import org.neuralpolytopes.sweep.store.StoreInvariants;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * What every writer does to a folder before its own work, and the segment changes that sweep and
 * measure share: recovering a killed writer's changes, restoring the tables' invariants, removing
 * runs from their segments, and the waves that measure stored runs again.
 */
final class Maintenance {

  private Maintenance() {}

  /** Publishes a killed writer's committed changes and discards its uncommitted ones. */
  static void recover(TableStore store, PrintStream console) throws IOException {
    int[] recovered = store.recover();
    if (recovered[0] + recovered[1] > 0) {
      console.printf("recovered an interrupted writer: %d committed change(s) published, %d uncommitted discarded%n",
          recovered[0], recovered[1]);
    }
  }

  /**
   * Restores the tables' invariants ({@link StoreInvariants}: runs/ authoritative, every key once,
   * detail rows in their run's segment and complete) in one committed change, reading only what
   * the footers show to be off: detail files whose runs/ file is gone (deleted by hand) are
   * dropped, repeated rows removed, and runs whose detail rows are incomplete removed so that
   * the next sweep trains them again. Returns the number of runs removed.
   */
  static int restoreInvariants(TableStore store, PrintStream console) throws IOException {
    StoreInvariants.Plan plan = StoreInvariants.plan(store, false, false);
    if (plan.change().isEmpty()) {
      return 0;
    }
    StoreInvariants.apply(store, plan);
    console.printf("restored the tables' invariants: removed %s%s%n", plan.summary(),
        plan.retrain().isEmpty() ? "" : "; " + plan.retrain().size() + " run(s) train again");
    return plan.retrain().size();
  }

  /**
   * The change that removes some runs from a segment: the segment is replaced by a copy without
   * them in every per-run table (or removed, when nothing is left).
   */
  static TableStore.Change withoutRuns(TableStore store, String segment, Set<String> runIds) throws IOException {
    String fresh = TableStore.newSegmentId();
    TableStore.Change c = new TableStore.Change();
    for (TableSpec<?> t : SweepTables.ALL) {
      List<Object[]> kept = new ArrayList<>();
      for (Object[] r : store.read(t.schema(), segment, t.schema().columnNames())) {
        if (!runIds.contains((String) r[0])) {
          kept.add(r);
        }
      }
      c.add(t.schema(), fresh, kept);
      c.removeSegment(t.name(), segment);
    }
    return c;
  }

  /**
   * The line that says why runs measured with the same settings are measured again: how many of
   * {@code runs} an earlier version of the measuring code measured with {@code geometry}, by
   * version, and what changed since ({@link GeometrySettings#MEASUREMENT_CHANGES}); empty when none.
   */
  static java.util.Optional<String> olderMeasurements(List<StoredRuns.Stored> runs, GeometrySettings geometry) {
    Map<Integer, Integer> byVersion = new java.util.TreeMap<>();
    Map<String, Integer> earlier = geometry.earlierMeasureIds(); // one hash per version, not per run
    for (StoredRuns.Stored s : runs) {
      Integer v = s.measureId() == null ? null : earlier.get(s.measureId());
      if (v != null) {
        byVersion.merge(v, 1, Integer::sum);
      }
    }
    if (byVersion.isEmpty()) {
      return java.util.Optional.empty();
    }
    int oldest = byVersion.keySet().iterator().next();
    List<String> counts = new ArrayList<>();
    byVersion.forEach((v, n) -> counts.add(n + " by version " + v));
    List<String> changes = GeometrySettings.MEASUREMENT_CHANGES.subList(oldest, GeometrySettings.MEASUREMENT_VERSION);
    return java.util.Optional.of(String.format("note: %d stored runs were measured with these settings by an earlier"
        + " version of the measuring code (%s); version %d measures them again (since: %s)",
        byVersion.values().stream().mapToInt(Integer::intValue).sum(), String.join(", ", counts),
        GeometrySettings.MEASUREMENT_VERSION, String.join("; ", changes)));
  }

  /** One wave's worth per stored segment: its selected runs, to be measured again with {@code geometry}. */
  static List<SegmentWork> remeasureWork(List<StoredRuns.Stored> runs, GeometrySettings geometry) {
    List<SegmentWork> work = new ArrayList<>();
    for (Map.Entry<String, List<StoredRuns.Stored>> e : StoredRuns.bySegment(runs).entrySet()) {
      Set<String> ids = new HashSet<>();
      e.getValue().forEach(s -> ids.add(s.runId()));
      work.add(new SegmentWork(e.getKey(), ids, geometry));
    }
    return work;
  }

  /**
   * Runs of one stored segment to measure again: read from the segment when its wave is
   * submitted (so the driver holds only the waves in flight).
   */
  record SegmentWork(String segment, Set<String> runIds, GeometrySettings geometry) {

    int size() {
      return runIds.size();
    }

    Wave load(TableStore store) throws IOException {
      List<RunJob> jobs = new ArrayList<>();
      for (Object[] row : store.read(RunsTable.SCHEMA, segment, RunsTable.SCHEMA.columnNames())) {
        if (runIds.contains((String) row[0])) {
          jobs.add(new MeasureJob(row, geometry));
        }
      }
      return new Wave(jobs, segment);
    }
  }
}
