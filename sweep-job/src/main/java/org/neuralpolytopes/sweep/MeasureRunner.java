package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkContext;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.sweep.duality.DualityStage;
import org.neuralpolytopes.sweep.spec.SpecParser;
import org.neuralpolytopes.sweep.spec.SweepSpec;
import org.neuralpolytopes.sweep.store.TableStore;

/**
 * Measures the stored runs of a folder again ({@code polytopes measure}).
 *
 * <ol>
 *   <li>Recover a killed writer's changes and restore the tables' invariants, as a sweep does.
 *   <li>The runs to measure: every measurable run (trained weights; training neither failed nor
 *       diverged) whose measure_id differs from the target settings' (with --force, every
 *       measurable run). A killed measure leaves the manifest's current invocation behind; run
 *       again with the same settings, it skips the runs already measured since that invocation
 *       started, so every run is measured once.
 *   <li>One wave per stored segment on the executors; each wave replaces its segment in one
 *       committed change ({@link WaveRunner}). Nothing is trained.
 *   <li>The duality stage, then the manifest: the folder's geometry settings are now the target.
 * </ol>
 */
final class MeasureRunner {

  private final SparkContext spark;
  private final OutputFolder out;
  private final TableStore store;
  private final GeometrySettings geometry;
  private final SweepSpec spec;
  private final boolean force;
  private final boolean terminal;
  private final PrintStream console;

  MeasureRunner(SparkContext spark, OutputFolder out, GeometrySettings geometry, SweepSpec spec, boolean force,
      boolean terminal, PrintStream console) {
    this.spark = spark;
    this.out = out;
    this.store = out.store();
    this.geometry = geometry;
    this.spec = spec;
    this.force = force;
    this.terminal = terminal;
    this.console = console;
  }

  @SuppressWarnings("unchecked")
  int run() throws IOException, OutputException, InterruptedException, ExecutionException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Maintenance.recover(store, console);
    Maintenance.restoreInvariants(store, console);
    StoredRuns stored = StoredRuns.scan(store);
    String measureId = geometry.measureId();
    Map<String, Object> previous = out.readManifest().orElse(Map.of());
    Instant resumeSince = null;
    if (!"finished".equals(previous.get("state")) && previous.get("current") instanceof Map<?, ?> cur
        && "measure".equals(cur.get("command")) && measureId.equals(cur.get("measure_id"))
        && cur.get("started_at") instanceof String s) {
      resumeSince = Instant.parse(s);
      started = resumeSince;
    }
    List<StoredRuns.Stored> todo = new ArrayList<>();
    int unmeasurable = 0;
    for (StoredRuns.Stored s : stored.all()) {
      if (!s.measurable()) {
        unmeasurable++;
      } else if (!measureId.equals(s.measureId())) {
        todo.add(s);
      } else if (force && !(resumeSince != null && s.measuredAt() != null && !s.measuredAt().isBefore(resumeSince))) {
        todo.add(s);
      }
    }
    Map<String, Object> manifest = Manifests.start(out, started, "measure",
        spec == null ? null : spec.name(), spec == null ? null : spec.asMap(), spec == null ? null : spec.sourceText());
    ((Map<String, Object>) manifest.get("current")).put("measure_id", measureId);
    ((Map<String, Object>) manifest.get("current")).put("geometry", geometry.asMap());
    out.writeManifest(manifest);
    RunTiming timing = new RunTiming();
    CostModel costs = new CostModel();
    WaveRunner waves = new WaveRunner(spark, store, costs, timing, terminal);
    waves.onCommit((done, notOk, n) -> Manifests.progress(out, manifest, todo.size(), done, notOk, n));
    int slots = Manifests.slots(spark);
    if (todo.isEmpty()) {
      console.printf("nothing to measure: all %d measurable runs of %s are measured with these settings (measure_id %s);"
          + " --force measures them again%n", stored.size() - unmeasurable, out.uri(), measureId);
    } else {
      console.printf("measure: %d runs to re-measure (measure_id %s), 0 to train, %d already measured so, %d without a"
          + " body to measure; on %s (%d task slots)%n", todo.size(), measureId,
          stored.size() - unmeasurable - todo.size(), unmeasurable, spark.master(), slots);
      Maintenance.olderMeasurements(todo, geometry).ifPresent(console::println);
      waves.run("measure", Maintenance.remeasureWork(todo, geometry), List.of(), 1);
      new DualityStage(spark, out, conjugateTolerance(manifest), console).run();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> counts = StoredRuns.scan(store).statusCounts();
    manifest.put("geometry", geometry.asMap());
    manifest.put("measure_id", measureId);
    manifest.put("measurement_version", GeometrySettings.MEASUREMENT_VERSION);
    Map<String, Object> inv = Manifests.invocation(started, wall, spark, force, false);
    inv.put("remeasured", todo.size());
    inv.put("waves_committed", waves.committed());
    Manifests.timing(inv, timing, costs, slots);
    Manifests.finish(out, manifest, inv, counts);
    console.printf("done in %.1f s: re-measured %d runs, trained 0; %s holds %d rows: %s%n", wall, todo.size(),
        out.table("runs"), counts.values().stream().mapToLong(Long::longValue).sum(), counts);
    return 0;
  }

  /** The duality stage's tolerance: the spec's, else the folder's latest spec's, else the default. */
  private double conjugateTolerance(Map<String, Object> manifest) {
    if (spec != null) {
      return spec.conjugateTolerance();
    }
    if (manifest.get("spec") instanceof Map<?, ?> s && s.get("duality") instanceof Map<?, ?> d
        && d.get("conjugate_tolerance") instanceof Number n) {
      return n.doubleValue();
    }
    return SpecParser.DEFAULT_CONJUGATE_TOLERANCE;
  }
}
