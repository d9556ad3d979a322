package org.neuralpolytopes.analysis.report;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.schema.RunsTable;

/**
 * What kind of body a run drew, as the phase diagrams and the choice of representatives compare
 * bodies: its {@code category} (the polytope kind, {@link PolytopeCatalogue#kind}, when the body is
 * named; otherwise "unnamed" with its symmetry group) and its {@code counts} (the exact f-vector
 * of a p = 1 / relu body, else the Morse counts). Two seeds that agree on both drew the same kind of
 * body whatever their exponents' digits; a run without a measured body has no signature.
 */
record BodySignature(String category, String counts) implements Comparable<BodySignature> {

  static final String UNNAMED = PolytopeCatalogue.UNNAMED;

  private static final Comparator<BodySignature> ORDER = Comparator.comparing((BodySignature s) -> s.category())
      .thenComparing(s -> s.counts());

  /** The signature of a run, or null when it has neither a name nor counts. */
  static BodySignature of(TableRow r) {
    String kind = PolytopeCatalogue.kind(r.getString(RunsTable.POLYTOPE_NAME));
    String counts = counts(r);
    if (kind == null && counts == null) {
      return null;
    }
    return new BodySignature(category(kind, r.getString(RunsTable.SYMMETRY_GROUP)), counts == null ? "" : counts);
  }

  /**
   * The f-vector where there is one, else the Morse counts, as "(6, 12, 8)", with
   * {@link #MORSE_FAILED} after Morse counts that fail the Morse relation (morse_ok false: they
   * missed critical points, so they agree with no correct count); null when neither.
   */
  static String counts(TableRow r) {
    String f = Values.text(r, RunsTable.F_VECTOR);
    if (f != null) {
      return f;
    }
    String m = Values.text(r, RunsTable.MORSE_COUNTS);
    return m != null && Boolean.FALSE.equals(Values.bool(r, RunsTable.MORSE_OK)) ? m + MORSE_FAILED : m;
  }

  /** Marks Morse counts whose Morse check failed. */
  static final String MORSE_FAILED = "?";

  /** A named kind as it is; an unnamed body by its symmetry group. */
  static String category(String kind, String group) {
    if (kind != null && !kind.equals(UNNAMED)) {
      return kind;
    }
    return group == null ? UNNAMED : UNNAMED + ", " + group;
  }

  /**
   * The modal signature over some runs: the one most of them hold, with how many, and whether
   * another is as frequent.
   */
  record Modal(BodySignature signature, long agree, boolean tied) {}

  /**
   * The signature most of {@code runs} hold (runs without one not counted). Among signatures tied
   * for most frequent, the one whose category most runs share, then whose counts most runs share,
   * then the first in order: three seeds "unnamed, D_2h (30, 60, 32)", "unnamed, C_i (30, 60, 32)"
   * and "octahedron (6, 12, 8)" give an unnamed (30, 60, 32) body, as two of the three drew
   * (alphabetical order alone gave the one octahedron, which the summary's modal columns, kind
   * "unnamed 2/3", contradicted).
   */
  static Modal modal(List<TableRow> runs) {
    Map<BodySignature, Long> counts = new TreeMap<>();
    Map<String, Long> categories = new HashMap<>();
    Map<String, Long> countVectors = new HashMap<>();
    for (TableRow r : runs) {
      BodySignature s = of(r);
      if (s != null) {
        counts.merge(s, 1L, Long::sum);
        categories.merge(s.category(), 1L, Long::sum);
        countVectors.merge(s.counts(), 1L, Long::sum);
      }
    }
    long n = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    List<BodySignature> tied = counts.entrySet().stream().filter(e -> e.getValue() == n).map(Map.Entry::getKey).toList();
    BodySignature best = tied.stream().min(Comparator.comparingLong((BodySignature s) -> -categories.get(s.category()))
        .thenComparingLong(s -> -countVectors.get(s.counts())).thenComparing(ORDER)).orElse(null);
    return new Modal(best, n, tied.size() > 1);
  }

  /** One line: "octahedron (6, 12, 8)". */
  String text() {
    return counts.isEmpty() ? category : category + " " + counts;
  }

  @Override
  public int compareTo(BodySignature o) {
    return ORDER.compare(this, o);
  }
}
