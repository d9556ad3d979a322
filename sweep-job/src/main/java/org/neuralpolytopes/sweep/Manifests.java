package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.SparkContext;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.BuildInfo;

/**
 * The manifest {@code _sweep.json} of a sweep output, as the writers keep it: the schema version,
 * the latest spec, the state (running, finished, failed, interrupted), counts by status, and one
 * entry per invocation (sweep, measure, duality, ...) with its command, spec name and spec, what
 * it did, how it ended (its state), timings and versions, so a folder written by several specs
 * keeps every one of them, also those of invocations that did not finish.
 */
final class Manifests {

  private Manifests() {}

  /**
   * The manifest at the start of an invocation, state running. An earlier invocation that never
   * finished (stopped, failed, killed) is kept in the history first, with the state it ended in
   * ({@code interrupted} when nothing could record it: a killed process).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> start(OutputFolder out, Instant started, String command, String specName,
      Map<String, Object> spec, String specYaml) throws OutputException {
    Map<String, Object> m = out.readManifest().orElseGet(LinkedHashMap::new);
    if (m.remove("current") instanceof Map<?, ?> unfinished) {
      Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) unfinished);
      entry.putIfAbsent("state", "interrupted");
      history(m).add(entry);
    }
    m.put("schema_version", RunsTable.SCHEMA_VERSION);
    m.put("tool", "neural-polytopes");
    if (specName != null) {
      m.put("spec_name", specName);
      m.put("spec", spec);
      m.put("spec_yaml", specYaml);
    }
    m.put("state", "running");
    m.put("command", command);
    m.put("tables", OutputFolder.TABLES);
    m.put("updated_at", started.toString());
    Map<String, Object> current = new LinkedHashMap<>();
    current.put("command", command);
    current.put("started_at", started.toString());
    if (specName != null) {
      current.put("spec_name", specName);
      current.put("spec", spec);
    }
    m.put("current", current);
    return m;
  }

  /** The entry of one invocation (its command, spec and results are added by the caller). */
  static Map<String, Object> invocation(Instant started, double wall, SparkContext spark, boolean force,
      boolean retryFailed) {
    Map<String, Object> inv = new LinkedHashMap<>();
    inv.put("started_at", started.toString());
    inv.put("wall_seconds", wall);
    inv.put("force", force);
    inv.put("retry_failed", retryFailed);
    inv.put("master", spark.master());
    inv.put("host", OutputFolder.host());
    inv.put("versions", Map.of(
        "code", BuildInfo.codeVersion(),
        "spark", spark.version(),
        "scala", scala.util.Properties.versionNumberString(),
        "java", OutputFolder.jvm()));
    return inv;
  }

  /** Adds the runs' timing and parallel efficiency to an invocation entry. */
  static void timing(Map<String, Object> inv, RunTiming timing, CostModel costs, int slots) {
    if (timing.runs() == 0) {
      return;
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("runs", timing.runs());
    t.put("task_slots", slots);
    t.put("run_seconds", timing.seconds());
    t.put("first_start", timing.firstStart().toString());
    t.put("last_end", timing.lastEnd().toString());
    t.put("span_seconds", timing.span());
    t.put("parallel_efficiency", timing.efficiency(slots));
    t.put("cost_model_seconds_per_work", costs.constants());
    inv.put("timing", t);
  }

  /** Marks the manifest finished with the counts and appends the invocation. */
  @SuppressWarnings("unchecked")
  static void finish(OutputFolder out, Map<String, Object> m, Map<String, Object> inv, Map<String, Long> counts)
      throws IOException {
    Object current = m.remove("current");
    if (current instanceof Map<?, ?> c) {
      Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) c);
      entry.putAll(inv);
      inv = entry;
    }
    m.put("state", "finished");
    m.put("counts", counts);
    m.put("rows", counts.values().stream().mapToLong(Long::longValue).sum());
    m.put("updated_at", Instant.now().toString());
    inv.put("state", "finished");
    history(m).add(inv);
    out.writeManifest(m);
  }

  /** The manifest's list of invocations (created when missing or not a list). */
  @SuppressWarnings("unchecked")
  private static List<Object> history(Map<String, Object> m) {
    if (!(m.get("invocations") instanceof List<?>)) {
      m.put("invocations", new ArrayList<>());
    }
    return (List<Object>) m.get("invocations");
  }

  /**
   * Records that the current invocation ended without finishing: the manifest's state and the
   * current invocation's become {@code state} ({@code failed}, {@code interrupted}) with the end
   * time and the error. The current invocation stays current, so that a measure run again resumes
   * it; the next invocation moves it into the history. Best effort: a manifest that cannot be
   * read or written (a full disk) is left as it is.
   */
  @SuppressWarnings("unchecked")
  static void abort(OutputFolder out, String state, String error) {
    try {
      // the command's last write: a wave committing on another thread cannot write over it
      out.endManifest(m -> {
        m.put("state", state);
        m.put("updated_at", Instant.now().toString());
        if (m.get("current") instanceof Map<?, ?> c) {
          Map<String, Object> current = (Map<String, Object>) c;
          current.put("state", state);
          current.put("ended_at", Instant.now().toString());
          if (error != null) {
            current.put("error", error);
          }
        }
        return m;
      });
    } catch (OutputException | java.io.IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
      // the state stays "running"; the next invocation records this one as interrupted
    }
  }

  /**
   * Records an invocation's progress in the manifest's current entry and writes it: what
   * {@code polytopes status} reads from another terminal.
   */
  @SuppressWarnings("unchecked")
  static void progress(OutputFolder out, Map<String, Object> m, long planned, int done, int notOk, int waves)
      throws IOException {
    Map<String, Object> current = (Map<String, Object>) m.computeIfAbsent("current", k -> new LinkedHashMap<>());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("planned", planned);
    p.put("done", done);
    p.put("not_ok", notOk);
    p.put("waves_committed", waves);
    p.put("updated_at", Instant.now().toString());
    current.put("progress", p);
    out.writeManifest(m);
  }

  static int slots(SparkContext spark) {
    return JavaSparkContext.fromSparkContext(spark).defaultParallelism();
  }
}
