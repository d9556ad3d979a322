package org.neuralpolytopes.analysis.report;

/**
 * One line of the paper-claims table: the claim, the configuration, what the paper expects, what
 * the sweep measured, the verdict, how many seeds agree, the criterion, and how many seeds were
 * left out because their fit is no fit (status NO_FIT).
 */
public record ClaimCheck(String claim, String type, String expected, String measured, Verdict verdict,
    int agree, int seeds, String criterion, int noFit) {

  /** How a claim fares against the sweep. */
  public enum Verdict {
    MATCH("match"), PARTIAL("partial"), NO_MATCH("no match"), NO_FIT("no fit"), NOT_IN_SWEEP("not in this sweep"),
    NOT_MEASURABLE("not measurable");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /**
     * match when every counted seed agrees, no match when none does, partial between; no fit when
     * the configuration was run but every seed is NO_FIT, so that none is counted (the phase
     * diagrams' "no fit" cell; it read "not in this sweep" for configurations that were run); not
     * in this sweep without any run.
     */
    static Verdict of(int agree, int seeds, int noFit) {
      if (seeds == 0) {
        return noFit > 0 ? NO_FIT : NOT_IN_SWEEP;
      }
      return agree == seeds ? MATCH : agree == 0 ? NO_MATCH : PARTIAL;
    }
  }

  /** "2 of 3", with the NO_FIT seeds that were not counted; "none counted (3 NO_FIT)" when every seed is. */
  public String seedsText() {
    if (seeds == 0) {
      return noFit == 0 ? "" : "none counted (" + noFit + " NO_FIT)";
    }
    return agree + " of " + seeds + (noFit == 0 ? "" : " (" + noFit + " NO_FIT not counted)");
  }
}
