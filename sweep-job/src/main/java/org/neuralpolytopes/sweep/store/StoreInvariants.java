package org.neuralpolytopes.sweep.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.neuralpolytopes.schema.DualityTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSchema;
import org.neuralpolytopes.schema.TableSpec;

/**
 * The invariants of a sweep output's tables, checked, and restored by one committed change,
 * whatever was done to the files by hand.
 *
 * <ol>
 *   <li>runs/ is authoritative: a run is stored when its run_id is in runs/, and only then may
 *       other tables hold its rows.
 *   <li>Keys once: no run_id twice in runs/, no (run_id, facet) twice in facets/, no (run_id,
 *       vertex) twice in vertices/.
 *   <li>Segment alignment: a run's detail rows are in the detail files of its runs/ segment
 *       ({@code facets/seg-ID.parquet} beside {@code runs/seg-ID.parquet}).
 *   <li>Counts: a run with an exact face complex (vertex_count set) has facet_count rows in
 *       facets/ and vertex_count rows in vertices/; any other run has none. So the sum of
 *       facet_count over runs/ is the row count of facets/, and the same for vertices/.
 * </ol>
 *
 * Planning reads the key columns: run_id, facet_count and vertex_count of every runs/ file, and
 * (run_id, facet), (run_id, vertex) of the detail files, every one in a full check, and at the
 * start of a command only those of segments whose footer row count disagrees with invariant 4 or
 * whose runs appear twice. The plan then:
 *
 * <ol>
 *   <li>Keeps one copy of a run found in several runs/ rows: the one in a segment whose detail
 *       rows for it are complete, the newest such segment; else the newest.
 *   <li>Removes detail files whose runs/ file is gone (orphans), and in each segment the detail
 *       rows of runs that are not kept there, and repeated keys.
 *   <li>Removes a run whose detail rows are incomplete (a detail file deleted or damaged): the
 *       next sweep trains it again. Rows of a run that should have none are dropped, the run
 *       kept.
 *   <li>Writes each changed segment anew without those rows (a new segment id, the old files
 *       removed), all of it one {@link TableStore.Change}; when runs are removed, duality/ is
 *       dropped too (the next sweep or measure pairs the runs anew).
 * </ol>
 */
public final class StoreInvariants {

  private StoreInvariants() {}

  /** Per-run detail tables and the runs/ column that counts their rows for a run. */
  static final Map<String, String> COUNT_COLUMN;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SweepTables.FACETS.name(), RunsTable.FACET_COUNT);
    m.put(SweepTables.VERTICES.name(), RunsTable.VERTEX_COUNT);
    COUNT_COLUMN = java.util.Collections.unmodifiableMap(m);
  }

  private static final List<String> RUN_KEYS = List.of(RunsTable.RUN_ID, RunsTable.FACET_COUNT, RunsTable.VERTEX_COUNT);

  /** A run as the invariants see it. */
  record RunKey(String runId, Integer facetCount, Integer vertexCount) {

    /** Rows this run has in a detail table (invariant 4). */
    long expected(String table) {
      if (vertexCount == null) {
        return 0;
      }
      Integer n = RunsTable.FACET_COUNT.equals(COUNT_COLUMN.get(table)) ? facetCount : vertexCount;
      return n == null ? 0 : n;
    }
  }

  /** What a check found and the change that restores the invariants. */
  public static final class Plan {
    final TableStore.Change change = new TableStore.Change();
    /** Files that could not be read while planning (relative path to reason): quarantined by a repair. */
    final Map<String, String> unreadable = new TreeMap<>();
    final Set<String> retrain = new TreeSet<>();
    final List<String> problems = new ArrayList<>();
    int orphanFiles;
    int duplicateRuns;
    int detailRowsDropped;
    int segmentsRewritten;
    boolean dropDuality;
    long runs;
    final Map<String, Long> detailRows = new LinkedHashMap<>();
    final Map<String, Long> expectedRows = new LinkedHashMap<>();

    /** Whether the tables keep every invariant. */
    public boolean clean() {
      return change.isEmpty() && unreadable.isEmpty() && problems.isEmpty();
    }

    /** The problems found, one line each. */
    public List<String> problems() {
      return problems;
    }

    /** Files that could not be read, relative path to reason. */
    public Map<String, String> unreadable() {
      return unreadable;
    }

    /** Runs the change removes: the next sweep trains them again. */
    public Set<String> retrain() {
      return retrain;
    }

    public TableStore.Change change() {
      return change;
    }

    /** Whether duality/ is dropped (recomputed by the next sweep, measure or duality). */
    public boolean dropsDuality() {
      return dropDuality;
    }

    /** Runs stored in runs/ (each once). */
    public long runs() {
      return runs;
    }

    /** Rows of each detail table. */
    public Map<String, Long> detailRows() {
      return detailRows;
    }

    /** Rows each detail table should have by runs/ (invariant 4). */
    public Map<String, Long> expectedRows() {
      return expectedRows;
    }

    /**
     * Adds to the change the removal of duality/ (its pairs may name runs that are gone): the
     * next sweep, measure or duality computes it anew.
     */
    public void dropDuality(TableStore store) throws IOException {
      if (dropDuality) {
        return;
      }
      dropDuality = true;
      for (FileStatus f : store.dataFiles(DualityTable.SCHEMA.name())) {
        change.removeFile(DualityTable.SCHEMA.name(), f.getPath().getName());
      }
    }

    /** What the change does, in one line. */
    public String summary() {
      List<String> parts = new ArrayList<>();
      if (orphanFiles > 0) {
        parts.add(orphanFiles + " detail file(s) whose runs/ file is gone");
      }
      if (duplicateRuns > 0) {
        parts.add(duplicateRuns + " repeated runs/ row(s)");
      }
      if (detailRowsDropped > 0) {
        parts.add(detailRowsDropped + " detail row(s) repeated or outside their run's segment");
      }
      if (!retrain.isEmpty()) {
        parts.add(retrain.size() + " run(s) with incomplete detail rows");
      }
      return String.join(", ", parts);
    }
  }

  /**
   * Checks the tables of {@code store} and plans the change that restores every invariant.
   *
   * @param full read the key columns of every detail file (the check command); otherwise only
   *     those of segments whose footer counts or runs disagree (the start of every command)
   * @param tolerateUnreadable record a file that cannot be read and plan without it (the check
   *     command); otherwise throw {@link StoreDamageException}
   */
  public static Plan plan(TableStore store, boolean full, boolean tolerateUnreadable) throws IOException {
    Plan plan = new Plan();
    Files files = new Files(store, plan, tolerateUnreadable);
    // runs/: every segment's keys
    Map<String, List<RunKey>> runsBySegment = new TreeMap<>();
    Map<String, List<String>> segmentsOfRun = new HashMap<>();
    for (String seg : store.segments(RunsTable.SCHEMA.name())) {
      List<Object[]> rows = files.read(RunsTable.SCHEMA, seg, RUN_KEYS);
      if (rows == null) {
        continue;
      }
      List<RunKey> keys = new ArrayList<>();
      for (Object[] r : rows) {
        RunKey k = new RunKey((String) r[0], (Integer) r[1], (Integer) r[2]);
        keys.add(k);
        segmentsOfRun.computeIfAbsent(k.runId(), x -> new ArrayList<>()).add(seg);
      }
      runsBySegment.put(seg, keys);
    }
    plan.runs = segmentsOfRun.size();
    // segments holding a run more than once are read in full below
    Set<String> suspicious = new TreeSet<>();
    for (List<String> segs : segmentsOfRun.values()) {
      if (segs.size() > 1) {
        suspicious.addAll(segs);
      }
    }
    // detail files: orphans, and footer counts against invariant 4
    Map<String, Set<String>> detailSegments = new HashMap<>();
    for (String table : COUNT_COLUMN.keySet()) {
      long rows = 0;
      long expected = 0;
      Set<String> present = detailSegments.computeIfAbsent(table, t -> new HashSet<>());
      for (FileStatus f : store.dataFiles(table)) {
        String seg = TableStore.segmentOf(f.getPath().getName());
        if (seg == null) {
          continue; // a foreign file: the quick check reports it
        }
        present.add(seg);
        if (!runsBySegment.containsKey(seg)) {
          String runsFile = RunsTable.SCHEMA.name() + "/" + TableStore.PREFIX + seg + TableStore.SUFFIX;
          if (plan.unreadable.containsKey(runsFile)) {
            // its runs/ file is damaged, not gone: quarantined beside it, not deleted, so that
            // moving both back undoes the repair (a permission problem reads as damage too)
            plan.unreadable.put(table + "/" + f.getPath().getName(), "the detail rows of " + runsFile
                + ", which could not be read");
            continue;
          }
          plan.problems.add(table + "/" + f.getPath().getName() + ": no runs/ file of its segment (orphaned rows)");
          plan.change.removeFile(table, f.getPath().getName());
          plan.orphanFiles++;
          continue;
        }
        ParquetRows.Footer footer = files.footer(table, f);
        if (footer == null) {
          suspicious.add(seg);
          continue;
        }
        rows += footer.rows();
        long want = runsBySegment.get(seg).stream().mapToLong(k -> k.expected(table)).sum();
        // a file copied over another segment's: its key range names runs that segment does not hold
        boolean keysFit = footer.rows() == 0 || footer.minKey() != null
            && runIds(runsBySegment.get(seg)).containsAll(List.of(footer.minKey(), footer.maxKey()));
        if (full || footer.rows() != want || !keysFit) {
          suspicious.add(seg);
        }
      }
      for (List<RunKey> keys : runsBySegment.values()) {
        expected += keys.stream().mapToLong(k -> k.expected(table)).sum();
      }
      plan.detailRows.put(table, rows);
      plan.expectedRows.put(table, expected);
    }
    if (full) {
      // derived tables are replaced whole: only their footers are read
      for (FileStatus f : store.dataFiles(DualityTable.SCHEMA.name())) {
        files.footer(DualityTable.SCHEMA.name(), f);
      }
    }
    // a segment whose runs expect detail rows but that has no detail file
    for (Map.Entry<String, List<RunKey>> e : runsBySegment.entrySet()) {
      for (String table : COUNT_COLUMN.keySet()) {
        if (e.getValue().stream().anyMatch(k -> k.expected(table) > 0) && !detailSegments.get(table).contains(e.getKey())) {
          suspicious.add(e.getKey());
        }
      }
    }
    // the detail keys of the suspicious segments
    Map<String, Map<String, List<Object[]>>> detail = new HashMap<>();
    for (String seg : suspicious) {
      Map<String, List<Object[]>> bySeg = new HashMap<>();
      for (TableSpec<?> t : SweepTables.ALL) {
        if (COUNT_COLUMN.containsKey(t.name())) {
          List<Object[]> keys = files.read(t.schema(), seg, keyColumns(t.schema()));
          bySeg.put(t.name(), keys == null ? List.of() : keys);
        }
      }
      detail.put(seg, bySeg);
    }
    // step 1: the segment that keeps each repeated run
    Map<String, String> keeper = new HashMap<>();
    for (Map.Entry<String, List<String>> e : segmentsOfRun.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      String best = null;
      boolean bestComplete = false;
      for (String seg : new TreeSet<>(e.getValue())) {
        RunKey k = runsBySegment.get(seg).stream().filter(r -> r.runId().equals(e.getKey())).findFirst().orElseThrow();
        boolean complete = complete(k, detail.get(seg));
        // segments in id order, so oldest first: a complete copy beats an incomplete one, then the newer wins
        if (best == null || complete || !bestComplete) {
          best = seg;
          bestComplete = complete;
        }
      }
      keeper.put(e.getKey(), best);
      plan.problems.add("run " + e.getKey() + " is in runs/ " + e.getValue().size() + " times");
    }
    // steps 2 and 3: what each suspicious segment keeps
    for (String seg : suspicious) {
      List<RunKey> runs = runsBySegment.get(seg);
      if (runs == null) {
        continue;
      }
      Set<String> kept = new HashSet<>();
      int runsDropped = 0;
      for (RunKey k : runs) {
        String keep = keeper.getOrDefault(k.runId(), seg);
        if (keep.equals(seg) && kept.add(k.runId())) {
          continue;
        }
        runsDropped++;
      }
      plan.duplicateRuns += runsDropped;
      Map<String, Set<String>> keptDetail = new HashMap<>();
      int detailDropped = 0;
      Set<String> incomplete = new TreeSet<>();
      for (String table : COUNT_COLUMN.keySet()) {
        Set<String> seen = new HashSet<>();
        Map<String, Long> perRun = new HashMap<>();
        for (Object[] r : detail.get(seg).get(table)) {
          String id = (String) r[0];
          if (!kept.contains(id) || !seen.add(id + "|" + r[1])) {
            detailDropped++;
            continue;
          }
          perRun.merge(id, 1L, Long::sum);
        }
        for (RunKey k : runs) {
          if (!kept.contains(k.runId())) {
            continue;
          }
          long have = perRun.getOrDefault(k.runId(), 0L);
          long want = k.expected(table);
          if (want == 0 && have > 0) {
            detailDropped += (int) have;
            perRun.remove(k.runId());
          } else if (have != want) {
            incomplete.add(k.runId());
            plan.problems.add("run " + k.runId() + " has " + have + " of its " + want + " rows in " + table + "/");
          }
        }
        keptDetail.put(table, perRun.keySet());
      }
      for (String id : incomplete) {
        kept.remove(id);
        plan.retrain.add(id);
      }
      if (detailDropped > 0) {
        plan.problems.add("segment " + seg + ": " + detailDropped + " detail row(s) repeated or of runs not in its runs/ file");
      }
      plan.detailRowsDropped += detailDropped;
      if (runsDropped > 0 || detailDropped > 0 || !incomplete.isEmpty()) {
        rewrite(store, files, plan, seg, kept, keptDetail);
      }
    }
    if (!plan.retrain.isEmpty() || plan.orphanFiles > 0
        || plan.unreadable.keySet().stream().anyMatch(p -> p.startsWith(RunsTable.SCHEMA.name() + "/"))) {
      plan.dropDuality(store);
    }
    return plan;
  }

  /**
   * Commits a plan's change; when it drops duality/, the emptied folder goes too, so that the
   * next sweep computes the table anew.
   */
  public static void apply(TableStore store, Plan plan) throws IOException {
    store.commit(plan.change);
    if (plan.dropDuality) {
      org.apache.hadoop.fs.Path duality = store.table(DualityTable.SCHEMA.name());
      if (store.fileSystem().exists(duality) && store.dataFiles(DualityTable.SCHEMA.name()).isEmpty()
          && java.util.Arrays.stream(store.fileSystem().listStatus(duality)).noneMatch(FileStatus::isDirectory)) {
        store.fileSystem().delete(duality, true);
      }
    }
  }

  /** Whether a run's detail rows in a segment are complete (unknown detail counts as complete). */
  private static boolean complete(RunKey k, Map<String, List<Object[]>> detail) {
    if (detail == null) {
      return true;
    }
    for (String table : COUNT_COLUMN.keySet()) {
      Set<Object> keys = new HashSet<>();
      for (Object[] r : detail.get(table)) {
        if (k.runId().equals(r[0])) {
          keys.add(r[1]);
        }
      }
      if (keys.size() != k.expected(table)) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> runIds(List<RunKey> keys) {
    Set<String> ids = new HashSet<>();
    keys.forEach(k -> ids.add(k.runId()));
    return ids;
  }

  /** A detail table's key: run_id and the row's index within its run (facet, vertex). */
  static List<String> keyColumns(TableSchema<?> schema) {
    return List.of(schema.columns().get(0).name(), schema.columns().get(1).name());
  }

  /**
   * Adds to the plan's change a new segment holding the kept runs of {@code seg} and their kept
   * detail rows (each key once), in place of the segment's files.
   */
  private static void rewrite(TableStore store, Files files, Plan plan, String seg, Set<String> kept,
      Map<String, Set<String>> keptDetail) throws IOException {
    String fresh = TableStore.newSegmentId();
    for (TableSpec<?> t : SweepTables.ALL) {
      List<Object[]> all = files.read(t.schema(), seg, t.schema().columnNames());
      List<Object[]> keep = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      boolean isRuns = t == SweepTables.RUNS;
      Set<String> allowed = isRuns ? kept : keptDetail.getOrDefault(t.name(), Set.of());
      for (Object[] r : all == null ? List.<Object[]>of() : all) {
        String id = (String) r[0];
        if (allowed.contains(id) && kept.contains(id) && seen.add(isRuns ? id : id + "|" + r[1])) {
          keep.add(r);
        }
      }
      plan.change.add(t.schema(), fresh, keep);
      plan.change.removeSegment(t.name(), seg);
    }
    plan.segmentsRewritten++;
  }

  /** Reads for the plan, recording or throwing on files that cannot be read. */
  private static final class Files {
    private final TableStore store;
    private final Plan plan;
    private final boolean tolerate;

    Files(TableStore store, Plan plan, boolean tolerate) {
      this.store = store;
      this.plan = plan;
      this.tolerate = tolerate;
    }

    /** The rows, or null when the file cannot be read and that is tolerated. */
    List<Object[]> read(TableSchema<?> schema, String seg, List<String> columns) throws IOException {
      String path = schema.name() + "/" + TableStore.PREFIX + seg + TableStore.SUFFIX;
      if (plan.unreadable.containsKey(path)) {
        return null;
      }
      try {
        return store.read(schema, seg, columns);
      } catch (StoreDamageException e) {
        if (!tolerate) {
          throw e;
        }
        plan.unreadable.put(path, e.reason());
        return null;
      }
    }

    /** A file's footer, or null when it cannot be read and that is tolerated. */
    ParquetRows.Footer footer(String table, FileStatus f) throws IOException {
      String path = table + "/" + f.getPath().getName();
      try {
        return ParquetRows.footer(f.getPath(), store.conf());
      } catch (IOException | RuntimeException e) {
        StoreDamageException d = StoreDamageException.unreadable(store.table(table).getParent(), f.getPath(), e);
        if (!tolerate) {
          throw d;
        }
        plan.unreadable.put(path, d.reason());
        return null;
      }
    }
  }
}
