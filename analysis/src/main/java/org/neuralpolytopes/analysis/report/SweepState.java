package org.neuralpolytopes.analysis.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.neuralpolytopes.analysis.SweepOutput;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Where the sweep stood when the report read it: the manifest's state (running, finished, failed,
 * interrupted), the configurations of its grid, and the rows of runs/ by status. A report of a
 * sweep that is not finished says so on its first screen, with these counts.
 */
public record SweepState(String state, Long configurations, long rows, Map<String, Long> byStatus) {

  public SweepState {
    byStatus = Collections.unmodifiableMap(new TreeMap<>(byStatus));
  }

  static SweepState of(SweepOutput output, List<TableRow> runs) {
    return new SweepState(output.state(), output.configurations(), runs.size(), countByStatus(runs));
  }

  /** A finished sweep of these runs (hand-made data). */
  static SweepState finished(List<TableRow> runs) {
    return new SweepState(SweepOutput.FINISHED, (long) runs.size(), runs.size(), countByStatus(runs));
  }

  static Map<String, Long> countByStatus(List<TableRow> runs) {
    Map<String, Long> counts = new TreeMap<>();
    for (TableRow r : runs) {
      counts.merge(r.getString(RunsTable.STATUS), 1L, Long::sum);
    }
    return counts;
  }

  public boolean finished() {
    return SweepOutput.FINISHED.equals(state);
  }

  /** "1,108 OK, 10 NO_FIT". */
  String statusLine() {
    List<String> parts = new ArrayList<>();
    byStatus.forEach((k, v) -> parts.add(count(v) + " " + k));
    return String.join(", ", parts);
  }

  /** The first screen's warning, or null for a finished sweep. */
  String warning() {
    if (finished()) {
      return null;
    }
    String what = switch (state) {
      case "running" -> "is still running (or its process ended without updating the manifest)";
      case "failed" -> "failed";
      case "interrupted" -> "was interrupted";
      case "repaired" -> "had a damaged manifest, which check --repair replaced (the spec and the record of its"
          + " commands were lost; the tables are the runs')";
      default -> "is not finished";
    };
    StringBuilder sb = new StringBuilder("This sweep " + what + ": its manifest's state is \"" + state + "\". ");
    if (configurations != null) {
      sb.append(coverage());
    } else {
      sb.append(count(rows)).append(" rows");
    }
    sb.append(rows == 0 ? "" : ": " + statusLine());
    if (configurations != null && rows >= configurations && rows > 0) {
      // an interrupted compaction, duality stage or measure: every run is there
      sb.append(". Every configuration of its grid has a row: what the stopped command left undone (a measure, the"
          + " duality stage, a compaction) is done when that command, or the sweep command, runs again.");
    } else {
      sb.append(". Everything below describes only the runs written so far");
      sb.append(configurations != null && rows < configurations ? "; run the sweep command again to finish it." : ".");
    }
    return sb.toString();
  }

  /**
   * How the rows compare with the spec's grid: "1,100 of 1,200 configurations have a row (91.7%)",
   * or, with at least as many rows as configurations (refinement rounds and other specs' runs
   * add rows), "1,833 rows for the spec's grid of 924 configurations (refinement rounds and
   * other specs add rows)". Needs the configurations count.
   */
  String coverage() {
    if (rows >= configurations) {
      return count(rows) + " rows for the spec's grid of " + count(configurations)
          + " configurations (refinement rounds and other specs add rows)";
    }
    return count(rows) + " of " + count(configurations) + " configurations have a row"
        + (configurations > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * rows / configurations) : "");
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
