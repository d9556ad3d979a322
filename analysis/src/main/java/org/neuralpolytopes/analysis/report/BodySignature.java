package org.neuralpolytopes.analysis.report;

import java.util.Comparator;
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

  /** One line: "octahedron (6, 12, 8)". */
  String text() {
    return counts.isEmpty() ? category : category + " " + counts;
  }

  @Override
  public int compareTo(BodySignature o) {
    return ORDER.compare(this, o);
  }
}
