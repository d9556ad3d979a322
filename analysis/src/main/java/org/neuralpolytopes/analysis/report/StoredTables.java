package org.neuralpolytopes.analysis.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.ColumnTable;
import org.neuralpolytopes.analysis.ParquetTables;
import org.neuralpolytopes.analysis.SweepOutput;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.SweepTables;
import org.neuralpolytopes.schema.TableSchema;

/**
 * The detail tables of a sweep output on disk. Per-run rows are looked up where the output's
 * layout puts them: a run's facets/ and vertices/ rows are in the file of the same segment name as
 * its runs/ file; rows not found there (a folder rewritten meanwhile, another layout) are looked for
 * in every file of the table. Every lookup reads the run_id column first and the rest of a batch
 * only when it holds a wanted run.
 */
final class StoredTables implements DetailTables {

  /** The runs/ columns read for a run that is drawn. */
  static final List<String> NETWORK_COLUMNS = List.of(RunsTable.RUN_ID, RunsTable.WEIGHTS, RunsTable.WEIGHT_SHAPES);
  /** The runs/ columns also read for a drawn run with a learnable activation (era, era_even). */
  static final List<String> LEARNED_ACTIVATION_COLUMNS = List.of(RunsTable.ACTIVATION_COEFFICIENTS,
      RunsTable.ACTIVATION_SHAPE);

  private final SweepOutput output;
  private final Map<String, List<TableRow>> whole = new LinkedHashMap<>();
  private final Map<String, String> absent = new LinkedHashMap<>();

  StoredTables(SweepOutput output) throws AnalysisException {
    this.output = output;
    for (String name : List.of(DUALITY, TRANSITIONS)) {
      Optional<TableSchema<?>> schema = SweepTables.schema(name);
      if (schema.isPresent() && output.hasTable(name)) {
        whole.put(name, output.whole(schema.get()));
      } else if (name.equals(DUALITY)) {
        absent.put(name, schema.isEmpty() ? "not in this build's schema"
            : "not in this sweep output (run bin/polytopes duality DIR)");
      }
    }
    for (String name : List.of(FACETS, VERTICES)) {
      if (!output.hasTable(name)) {
        absent.put(name, "not in this sweep output");
      }
    }
  }

  @Override
  public Optional<List<TableRow>> whole(String table) {
    return Optional.ofNullable(whole.get(table));
  }

  @Override
  public Map<String, String> absent() {
    return absent;
  }

  @Override
  public Map<String, List<TableRow>> rowsOf(String table, Collection<TableRow> runs) throws AnalysisException {
    TableSchema<?> schema = SweepTables.schema(table).orElseThrow();
    Map<String, List<TableRow>> out = new LinkedHashMap<>();
    if (!output.hasTable(table) || runs.isEmpty()) {
      return out;
    }
    for (TableRow r : find(schema, schema.columnNames(), runs)) {
      out.computeIfAbsent(r.getString(RunsTable.RUN_ID), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  @Override
  public Map<String, TableRow> networks(Collection<TableRow> runs) throws AnalysisException {
    Map<String, TableRow> out = new LinkedHashMap<>();
    List<String> columns = NETWORK_COLUMNS;
    if (runs.stream().anyMatch(r -> Activations.isLearnable(r.getString(RunsTable.ACTIVATION)))) {
      // only files with rational runs have these columns (older outputs lack them)
      columns = new ArrayList<>(NETWORK_COLUMNS);
      columns.addAll(LEARNED_ACTIVATION_COLUMNS);
    }
    for (TableRow r : find(RunsTable.SCHEMA, columns, runs)) {
      out.putIfAbsent(r.getString(RunsTable.RUN_ID), r);
    }
    return out;
  }

  /** The rows of these runs in a table: first in the files named like their runs/ files, then anywhere. */
  private List<TableRow> find(TableSchema<?> schema, List<String> columns, Collection<TableRow> runs)
      throws AnalysisException {
    Path folder = output.dir().resolve(schema.name());
    List<Path> all = ParquetTables.files(folder);
    Set<Path> present = new HashSet<>(all);
    Set<String> wanted = new LinkedHashSet<>();
    Set<Path> likely = new LinkedHashSet<>();
    for (TableRow r : runs) {
      wanted.add(r.getString(RunsTable.RUN_ID));
      Path from = r.sourceFile();
      if (from != null && present.contains(folder.resolve(from.getFileName()))) {
        likely.add(folder.resolve(from.getFileName()));
      }
    }
    List<TableRow> found = new ArrayList<>(read(schema, columns, wanted, new ArrayList<>(likely)));
    Set<String> missing = new LinkedHashSet<>(wanted);
    found.forEach(r -> missing.remove(r.getString(RunsTable.RUN_ID)));
    if (!missing.isEmpty()) {
      List<Path> rest = all.stream().filter(f -> !likely.contains(f)).toList();
      found.addAll(read(schema, columns, missing, rest));
    }
    return found;
  }

  private List<TableRow> read(TableSchema<?> schema, List<String> columns, Set<String> ids, List<Path> files)
      throws AnalysisException {
    if (files.isEmpty() || ids.isEmpty()) {
      return List.of();
    }
    ColumnTable t = output.rowsOf(schema, columns, RunsTable.RUN_ID, ids, files);
    return t.rows();
  }
}
