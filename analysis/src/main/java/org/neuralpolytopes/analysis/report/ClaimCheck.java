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
    MATCH("match"), PARTIAL("partial"), NO_MATCH("no match"), NOT_IN_SWEEP("not in this sweep"),
    NOT_MEASURABLE("not measurable");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /** match when every seed agrees, no match when none does, partial between. */
    static Verdict of(int agree, int seeds) {
      if (seeds == 0) {
        return NOT_IN_SWEEP;
      }
      return agree == seeds ? MATCH : agree == 0 ? NO_MATCH : PARTIAL;
    }
  }

  /** "2 of 3", with the NO_FIT seeds that were not counted. */
  public String seedsText() {
    if (seeds == 0 && noFit == 0) {
      return "";
    }
    return agree + " of " + seeds + (noFit == 0 ? "" : " (" + noFit + " NO_FIT not counted)");
  }
}
