package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * What runs/ holds, read once by the driver from a few columns of every segment: each run's
 * segment, measure_id, statuses and whether it can be measured. Resume, re-measuring and the
 * final counts work from this.
 */
final class StoredRuns {

  /** One stored run. */
  record Stored(String runId, String segment, String measureId, String status, String trainStatus,
      java.time.Instant measuredAt, boolean measurable) {}

  static final List<String> COLUMNS = List.of(RunsTable.RUN_ID, RunsTable.MEASURE_ID, RunsTable.STATUS,
      RunsTable.TRAIN_STATUS, RunsTable.MEASURED_AT);

  private final Map<String, Stored> byRun = new LinkedHashMap<>();

  private StoredRuns() {}

  static StoredRuns scan(TableStore store) throws IOException {
    StoredRuns s = new StoredRuns();
    for (String seg : store.segments(RunsTable.SCHEMA.name())) {
      for (Object[] r : store.read(RunsTable.SCHEMA, seg, COLUMNS)) {
        String train = (String) r[3];
        // training that failed left no weights; a diverged network has no body to measure
        boolean measurable = train != null && !"FAILED".equals(train) && !"DIVERGED".equals(train);
        s.byRun.put((String) r[0], new Stored((String) r[0], seg, (String) r[1], (String) r[2], train,
            (java.time.Instant) r[4], measurable));
      }
    }
    return s;
  }

  boolean contains(String runId) {
    return byRun.containsKey(runId);
  }

  Stored get(String runId) {
    return byRun.get(runId);
  }

  Collection<Stored> all() {
    return byRun.values();
  }

  int size() {
    return byRun.size();
  }

  /** Row counts by status. */
  Map<String, Long> statusCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (Stored s : byRun.values()) {
      counts.merge(s.status(), 1L, Long::sum);
    }
    return counts;
  }

  /** The given runs grouped by segment, segments in store order. */
  static Map<String, List<Stored>> bySegment(List<Stored> runs) {
    Map<String, List<Stored>> out = new TreeMap<>();
    for (Stored s : runs) {
      out.computeIfAbsent(s.segment(), k -> new ArrayList<>()).add(s);
    }
    return out;
  }
}
