package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSpec;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * Merges a folder's small segments into large ones, so that a sweep of many waves leaves a few
 * files per table instead of thousands.
 *
 * <ol>
 *   <li>Segments are taken oldest first into groups, each as long as every table's merged file
 *       stays within {@link #TARGET_BYTES} (Parquet's own bytes, which merging about keeps) and
 *       the group holds at most {@link #MAX_RUNS} runs (a re-measured segment is one wave, so
 *       this bounds what a killed measure loses). Segments already at least half the target are
 *       left alone.
 *   <li>Each group is one committed change ({@link TableStore.Change}): its merged segment in
 *       every per-run table in, its old files out, all or nothing. Readers see every run once,
 *       before or after. A killed compaction leaves committed groups merged and the rest as they
 *       were; running it again merges the rest.
 * </ol>
 */
final class Compaction {

  /** About the size of an HDFS block: a table file should not be much larger. */
  static final long TARGET_BYTES = 128L << 20;

  /** Runs in one merged segment, at most. */
  static final int MAX_RUNS = 8192;

  private Compaction() {}

  /** What a compaction did. */
  record Result(int segmentsBefore, int segmentsAfter, int groups) {}

  static Result run(TableStore store, PrintStream console) throws IOException {
    long t0 = System.nanoTime();
    String runsTable = SweepTables.RUNS.name();
    Map<String, Map<String, Long>> bytes = new HashMap<>(); // table -> segment -> bytes
    for (TableSpec<?> t : SweepTables.ALL) {
      Map<String, Long> m = new HashMap<>();
      for (FileStatus f : store.dataFiles(t.name())) {
        String seg = TableStore.segmentOf(f.getPath().getName());
        if (seg != null) {
          m.put(seg, f.getLen());
        }
      }
      bytes.put(t.name(), m);
    }
    List<String> segments = store.segments(runsTable);
    List<List<String>> groups = new ArrayList<>();
    List<String> current = new ArrayList<>();
    Map<String, Long> sums = new HashMap<>();
    long runs = 0;
    for (String seg : segments) {
      long rowsHere = store.rowCount(SweepTables.RUNS.schema(), seg);
      boolean big = rowsHere >= MAX_RUNS / 2;
      for (TableSpec<?> t : SweepTables.ALL) {
        big |= bytes.get(t.name()).getOrDefault(seg, 0L) >= TARGET_BYTES / 2;
      }
      if (big) {
        continue;
      }
      boolean fits = runs + rowsHere <= MAX_RUNS;
      for (TableSpec<?> t : SweepTables.ALL) {
        fits &= sums.getOrDefault(t.name(), 0L) + bytes.get(t.name()).getOrDefault(seg, 0L) <= TARGET_BYTES;
      }
      if (!fits) {
        groups.add(current);
        current = new ArrayList<>();
        sums.clear();
        runs = 0;
      }
      current.add(seg);
      runs += rowsHere;
      for (TableSpec<?> t : SweepTables.ALL) {
        sums.merge(t.name(), bytes.get(t.name()).getOrDefault(seg, 0L), Long::sum);
      }
    }
    groups.add(current);
    groups.removeIf(g -> g.size() < 2);
    int merged = 0;
    for (List<String> group : groups) {
      String fresh = TableStore.newSegmentId();
      TableStore.Change c = new TableStore.Change();
      for (TableSpec<?> t : SweepTables.ALL) {
        List<Object[]> rows = new ArrayList<>();
        for (String seg : group) {
          rows.addAll(store.read(t.schema(), seg, t.schema().columnNames()));
          c.removeSegment(t.name(), seg);
        }
        c.add(t.schema(), fresh, rows);
      }
      store.commit(c);
      merged += group.size();
    }
    int after = segments.size() - merged + groups.size();
    if (!groups.isEmpty()) {
      console.printf(java.util.Locale.ROOT, "compacted: %d segments merged into %d in %.1f s; %d segment(s) per table now%n",
          merged, groups.size(), (System.nanoTime() - t0) / 1e9, after);
    }
    return new Result(segments.size(), after, groups.size());
  }
}
