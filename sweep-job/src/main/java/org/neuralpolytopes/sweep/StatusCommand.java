package org.neuralpolytopes.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.sweep.store.TableStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes status DIR}: what a sweep output holds and what is writing to it, from any
 * terminal, while a sweep runs or after: counts by status, segments, the running invocation's
 * progress (runs done of planned, waves committed, throughput, ETA, refinement round) and the
 * lock's holder. Reads the manifest, the lock and the status column only; no Spark, no lock, no
 * write.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show what a sweep output holds and what is writing to it (counts, progress, ETA, lock).")
public final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output folder")
  String dir;

  @Override
  public Integer call() {
    OutputFolder out;
    Map<String, Object> manifest;
    try {
      out = new OutputFolder(dir, new Configuration(), "");
      // the manifest first: a folder without one is "not a sweep output", whatever else it holds
      manifest = out.readManifest().orElse(null);
      if (manifest == null) {
        throw new OutputException(dir + ": not a sweep output (no " + OutputFolder.MANIFEST + ")");
      }
      out.checkUsable();
    } catch (OutputException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    try {
      System.out.print(describe(out, manifest, Instant.now()));
      return 0;
    } catch (org.neuralpolytopes.sweep.store.StoreDamageException e) {
      // a damaged file: named, with its repair, as every other command does
      System.err.println("error: " + e.message(dir));
      return 2;
    } catch (IOException e) {
      System.err.println("error: " + dir + ": cannot read (" + DriverCommand.rootMessage(e) + ")");
      return 1;
    }
  }

  @SuppressWarnings("unchecked")
  static String describe(OutputFolder out, Map<String, Object> m, Instant now) throws IOException {
    StringBuilder sb = new StringBuilder();
    TableStore store = out.store();
    Map<String, Long> counts = new TreeMap<>();
    long rows = 0;
    List<String> segments = store.segments(RunsTable.SCHEMA.name());
    for (String seg : segments) {
      for (Object[] r : store.read(RunsTable.SCHEMA, seg, List.of(RunsTable.STATUS))) {
        counts.merge(String.valueOf(r[0]), 1L, Long::sum);
        rows++;
      }
    }
    sb.append(String.format("folder   %s (schema version %s)%n", out.uri(), m.get("schema_version")));
    sb.append(String.format("runs     %d: %s; %d segment(s)%n", rows, counts.isEmpty() ? "none yet" : counts,
        segments.size()));
    Object state = m.get("state");
    String spec = m.get("spec_name") == null ? "" : " (latest spec '" + m.get("spec_name") + "')";
    String lock = lock(out, now);
    // "running" with no live writer: the process ended without a last word (killed, or the machine stopped)
    boolean orphaned = "running".equals(state) && (lock.equals(FREE) || lock.endsWith(ENDED));
    sb.append(String.format("state    %s%s%s%n", state, spec, orphaned
        ? "; but no command is writing here: its process ended without updating the manifest (killed?); the same"
            + " command resumes it" : ""));
    boolean live = "running".equals(state) && !orphaned;
    if (m.get("current") instanceof Map<?, ?> cur) {
      Map<String, Object> c = (Map<String, Object>) cur;
      sb.append(String.format("current  %s%s since %s%s%n", c.get("command"),
          c.get("spec_name") == null ? "" : " '" + c.get("spec_name") + "'", c.get("started_at"),
          c.get("refine_round") == null ? "" : ", refinement round " + c.get("refine_round")));
      if (c.get("progress") instanceof Map<?, ?> p) {
        long planned = ((Number) p.get("planned")).longValue();
        long done = ((Number) p.get("done")).longValue();
        Instant started = Instant.parse((String) c.get("started_at"));
        Instant updated = Instant.parse((String) p.get("updated_at"));
        double seconds = Math.max(1e-3, Duration.between(started, updated).toMillis() / 1000.0);
        double rate = done / seconds;
        // an ETA only while a command runs: an interrupted or orphaned one has none
        String eta = !live ? "- (not running)" : rate > 0 && planned > done
            ? String.format("%.0f s", (planned - done) / rate) : "-";
        sb.append(String.format("progress %d of %d runs, %s not OK, %s wave(s) committed; %.2f runs/s; ETA %s"
            + " (as of %s)%n", done, planned, p.get("not_ok"), p.get("waves_committed"), rate, eta, updated));
      }
    }
    sb.append(String.format("lock     %s%n", lock));
    if (m.get("invocations") instanceof List<?> inv && !inv.isEmpty() && inv.get(inv.size() - 1) instanceof Map<?, ?> last) {
      int all = inv.size() + (m.get("current") instanceof Map<?, ?> ? 1 : 0);
      sb.append(String.format("last     %s%s %s (%d invocation(s) in all)%n",
          last.get("command") == null ? "sweep" : last.get("command"),
          last.get("spec_name") == null ? "" : " '" + last.get("spec_name") + "'", ending(last), all));
    }
    return sb.toString();
  }

  /**
   * How an earlier invocation ended: "finished 2026-...Z after 49.1 s", or with the state it ended in
   * ("interrupted", "failed") and when, where the manifest has it (a killed process left none: it
   * read "finished ... after NaN s").
   */
  static String ending(Map<?, ?> inv) {
    String state = inv.get("state") == null ? "finished" : String.valueOf(inv.get("state"));
    Object started = inv.get("started_at");
    if (inv.get("wall_seconds") instanceof Number w) {
      String end = started == null ? "" : " " + Instant.parse(started.toString()).plusMillis(Math.round(w.doubleValue()
          * 1000));
      return String.format(java.util.Locale.ROOT, "%s%s after %.1f s", state, end, w.doubleValue());
    }
    if (inv.get("ended_at") != null) {
      return state + " " + inv.get("ended_at") + (started == null ? "" : " (started " + started + ")");
    }
    return state + (started == null ? "" : " (started " + started + "; its process ended without a last word)");
  }

  private static final String FREE = "free";
  private static final String ENDED = "; that process has ended: the lock is stale, and the next command takes it over";

  private static String lock(OutputFolder out, Instant now) throws IOException {
    Path lock = out.path(OutputFolder.LOCK);
    var fs = out.fileSystem();
    if (!fs.exists(lock)) {
      return FREE;
    }
    FileStatus st = fs.getFileStatus(lock);
    long age = (now.toEpochMilli() - st.getModificationTime()) / 1000;
    try (InputStream in = fs.open(lock)) {
      Map<?, ?> holder = new ObjectMapper().readValue(in.readAllBytes(), Map.class);
      boolean ended = OutputFolder.host().equals(holder.get("host")) && holder.get("pid") instanceof Number pid
          && ProcessHandle.of(pid.longValue()).map(p -> !p.isAlive()).orElse(true);
      return String.format("held by host %s, pid %s, since %s; heartbeat %d s ago%s", holder.get("host"), holder.get("pid"),
          holder.get("started_at"), age, ended ? ENDED : "");
    } catch (IOException e) {
      return "present but unreadable (" + age + " s old)";
    }
  }
}
