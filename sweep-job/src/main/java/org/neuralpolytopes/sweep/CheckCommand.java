package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.neuralpolytopes.schema.DualityTable;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepFolderCheck;
import org.neuralpolytopes.sweep.store.Quarantine;
import org.neuralpolytopes.sweep.store.StoreInvariants;
import org.neuralpolytopes.sweep.store.TableStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes check DIR [--repair]}: checks a sweep output's files and tables without a
 * Spark session (Hadoop's FileSystem, so hdfs:// and s3a:// too), under the folder's lock.
 *
 * <ol>
 *   <li>The quick check ({@link SweepFolderCheck}): every file's name and footer, committed
 *       changes waiting in _staging/.
 *   <li>The tables' invariants ({@link StoreInvariants}), reading every file's footer and key
 *       columns: each key once, detail rows in their run's segment, the counts of facets/ and
 *       vertices/ against runs/ facet_count and vertex_count.
 *   <li>A short report. Exit 0 when clean, 1 when something is damaged, 2 for bad input (not a
 *       sweep output, a folder another command is writing).
 * </ol>
 *
 * With {@code --repair}: unreadable and foreign files and damaged committed changes are moved
 * into {@code DIR/_quarantine/} with a note of why ({@link Quarantine}); committed changes are
 * published and uncommitted ones discarded (as every writer does first); then orphaned, repeated
 * and incomplete rows are removed in one atomic change; the report says which runs the next sweep
 * trains again, and the folder is checked once more.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Check a sweep output's files and tables (no Spark); --repair moves damaged files aside and removes"
        + " orphaned and repeated rows.")
public final class CheckCommand implements Callable<Integer> {

  /** Lines of each kind a report lists before it says how many more there are. */
  static final int LISTED = 12;

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output folder (a path or a Hadoop file system URI)")
  String dir;

  @Option(names = "--repair", description = "move unreadable and foreign files to DIR/_quarantine/, remove orphaned,"
      + " repeated and incomplete rows (their runs train again), in one atomic change")
  boolean repair;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "a Hadoop setting for the file system (spark.hadoop.KEY=VALUE or KEY=VALUE; repeatable)")
  List<String> conf = new ArrayList<>();

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    OutputFolder folder;
    String manifestDamage;
    try {
      folder = new OutputFolder(dir, hadoopConf(), "");
      manifestDamage = repair ? folder.manifestDamage() : null;
      if (manifestDamage == null) {
        folder.checkUsable();
        if (folder.readManifest().isEmpty()) {
          throw new OutputException(dir + ": not a sweep output (no " + OutputFolder.MANIFEST + ")");
        }
      }
      folder.lock();
    } catch (IllegalArgumentException | OutputException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("error: " + dir + ": cannot read (" + DriverCommand.rootMessage(e) + ")");
      return 2;
    }
    try {
      if (manifestDamage != null) {
        newManifest(folder, manifestDamage);
      }
      return repair ? repair(folder) : check(folder) ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      System.err.println("error: check stopped: " + DriverCommand.rootMessage(e));
      return 1;
    } finally {
      folder.unlock();
    }
  }

  private Configuration hadoopConf() {
    Configuration c = new Configuration();
    for (String kv : conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf " + kv + ": expected KEY=VALUE");
      }
      String key = kv.substring(0, eq);
      c.set(key.startsWith("spark.hadoop.") ? key.substring("spark.hadoop.".length()) : key, kv.substring(eq + 1));
    }
    return c;
  }

  /** Checks and reports; returns whether the folder is clean. */
  private boolean check(OutputFolder folder) throws IOException {
    List<SweepFolderCheck.Finding> quick = SweepFolderCheck.quick(folder.listing());
    StoreInvariants.Plan plan = StoreInvariants.plan(folder.store(), true, true);
    report(quick, plan);
    boolean clean = SweepFolderCheck.damage(quick).isEmpty() && plan.clean();
    if (clean) {
      out.println("clean: every file readable, every key once, the counts agree");
    } else {
      out.println("damaged: " + SweepFolderCheck.repairCommand(dir) + " moves unreadable and foreign files to "
          + SweepFolderCheck.join(dir, SweepFolderCheck.QUARANTINE) + "/ and removes orphaned, repeated and incomplete"
          + " rows (their runs train again)");
    }
    return clean;
  }

  private void report(List<SweepFolderCheck.Finding> quick, StoreInvariants.Plan plan) {
    StringBuilder counts = new StringBuilder(dir + ": runs/ " + plan.runs() + " runs");
    for (Map.Entry<String, Long> e : plan.detailRows().entrySet()) {
      counts.append("; ").append(e.getKey()).append("/ ").append(e.getValue()).append(" rows (")
          .append(plan.expectedRows().get(e.getKey())).append(" by runs/)");
    }
    out.println(counts);
    List<String> lines = new ArrayList<>();
    for (SweepFolderCheck.Finding f : quick) {
      lines.add((f.kind().damage() ? "damaged: " : "note: ") + f.path() + ": " + f.reason());
    }
    for (Map.Entry<String, String> e : plan.unreadable().entrySet()) {
      if (quick.stream().noneMatch(f -> f.path().equals(e.getKey()))) {
        lines.add("damaged: " + e.getKey() + ": " + e.getValue());
      }
    }
    for (String p : plan.problems()) {
      lines.add("problem: " + p);
    }
    list(lines);
  }

  private void list(List<String> lines) {
    for (int i = 0; i < Math.min(LISTED, lines.size()); i++) {
      out.println("  " + lines.get(i));
    }
    if (lines.size() > LISTED) {
      out.println("  ... and " + (lines.size() - LISTED) + " more");
    }
  }

  /**
   * Sets a damaged manifest aside (DIR/_quarantine/) and writes a new one: the schema version,
   * state "repaired" and no spec or invocations (lost with it); the tables are the folder's
   * record of its runs, and the next sweep with a spec records it again.
   */
  private void newManifest(OutputFolder folder, String damage) throws IOException {
    Quarantine quarantine = new Quarantine(folder.fileSystem(), folder.root());
    String to = quarantine.move(OutputFolder.MANIFEST, OutputFolder.MANIFEST + " " + damage);
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("schema_version", RunsTable.SCHEMA_VERSION);
    m.put("tool", "neural-polytopes");
    m.put("state", "repaired");
    m.put("updated_at", java.time.Instant.now().toString());
    m.put("invocations", new ArrayList<>());
    folder.writeManifest(m);
    out.println("moved " + OutputFolder.MANIFEST + " to " + to + ": it " + damage + "; wrote a new one (state"
        + " \"repaired\"; the spec and the invocations it held are lost, the tables are kept)");
  }

  /**
   * Moves the detail files of a quarantined runs/ segment file beside it (facets/, vertices/ of
   * the same segment): without their runs they would be orphans, which a repair deletes, and
   * moving the files back would no longer undo it (a file only unreadable to this user, a
   * permission problem, reads as damage too).
   */
  private void besideIt(Quarantine quarantine, String runsFile) throws IOException {
    String name = runsFile.substring(runsFile.indexOf('/') + 1);
    if (TableStore.segmentOf(name) == null) {
      return;
    }
    for (String table : List.of(org.neuralpolytopes.schema.SweepTables.FACETS.name(),
        org.neuralpolytopes.schema.SweepTables.VERTICES.name())) {
      String to = quarantine.move(table + "/" + name, "the detail rows of " + runsFile + ", moved aside with it");
      if (to != null) {
        out.println("moved " + table + "/" + name + " to " + to + ": the detail rows of " + runsFile);
      }
    }
  }

  /** Repairs (see the class comment); returns 0 when the folder is clean afterwards. */
  private int repair(OutputFolder folder) throws IOException {
    TableStore store = folder.store();
    Quarantine quarantine = new Quarantine(folder.fileSystem(), folder.root());
    boolean runsLost = false;
    boolean dualityLost = false;
    boolean changeLost = false;
    for (SweepFolderCheck.Finding f : SweepFolderCheck.damage(SweepFolderCheck.quick(folder.listing()))) {
      String to = quarantine.move(f.path(), f.reason());
      if (to != null) {
        out.println("moved " + f.path() + " to " + to + ": " + f.reason());
        // a foreign file held no runs of the table; an unreadable segment or a committed change did
        boolean lost = f.kind() != SweepFolderCheck.Kind.FOREIGN;
        runsLost |= lost && f.path().startsWith(RunsTable.SCHEMA.name() + "/");
        dualityLost |= lost && f.path().startsWith(DualityTable.SCHEMA.name() + "/");
        changeLost |= f.kind() == SweepFolderCheck.Kind.DAMAGED_CHANGE;
        if (lost && f.path().startsWith(RunsTable.SCHEMA.name() + "/")) {
          besideIt(quarantine, f.path());
        }
      }
    }
    int[] recovered = store.recover();
    if (recovered[0] + recovered[1] > 0) {
      out.printf("published %d committed change(s), discarded %d uncommitted%n", recovered[0], recovered[1]);
    }
    StoreInvariants.Plan plan = StoreInvariants.plan(store, true, true);
    for (Map.Entry<String, String> e : plan.unreadable().entrySet()) {
      String to = quarantine.move(e.getKey(), e.getValue());
      if (to != null) {
        out.println("moved " + e.getKey() + " to " + to + ": " + e.getValue());
        if (e.getKey().startsWith(RunsTable.SCHEMA.name() + "/")) {
          besideIt(quarantine, e.getKey());
        }
        runsLost |= e.getKey().startsWith(RunsTable.SCHEMA.name() + "/");
        dualityLost |= e.getKey().startsWith(DualityTable.SCHEMA.name() + "/");
      }
    }
    if (runsLost || dualityLost) {
      plan.dropDuality(store);
    }
    if (!plan.change().isEmpty()) {
      StoreInvariants.apply(store, plan);
      out.println("removed in one change: " + (plan.summary().isEmpty() ? "nothing but duality/" : plan.summary())
          + (plan.dropsDuality() ? "; duality/ is computed anew by the next sweep" : ""));
    }
    List<String> again = new ArrayList<>();
    if (!plan.retrain().isEmpty()) {
      again.add(plan.retrain().size() + " run(s) removed (" + String.join(", ", first(plan.retrain())) + ")");
    }
    if (runsLost) {
      again.add("the runs of the runs/ file(s) moved aside");
    }
    if (changeLost) {
      again.add("the runs of the committed change(s) moved aside");
    }
    out.println(again.isEmpty() ? "the next sweep trains nothing again"
        : "the next sweep of their spec trains again: " + String.join(" and ", again));
    List<SweepFolderCheck.Finding> quick = SweepFolderCheck.quick(folder.listing());
    StoreInvariants.Plan after = StoreInvariants.plan(store, true, true);
    if (SweepFolderCheck.damage(quick).isEmpty() && after.clean()) {
      out.println("clean now: every file readable, every key once, the counts agree");
      return 0;
    }
    report(quick, after);
    out.println("still damaged after the repair (see above)");
    return 1;
  }

  private static List<String> first(java.util.Collection<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (out.size() == LISTED) {
        out.add("...");
        break;
      }
      out.add(id);
    }
    return out;
  }
}
