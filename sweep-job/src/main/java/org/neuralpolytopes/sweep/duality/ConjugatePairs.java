package org.neuralpolytopes.sweep.duality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each run with its conjugate (docs/metrics.md, "Duality metrics"): within a group of runs that
 * differ only in p, each p in (1, 2] is paired with q = p / (p - 1) when a run with that q is in
 * the group (relative tolerance), p = 2 with itself (the sphere is self-dual), and p = 1 with the
 * largest p of the group when that is above 2 ({@code q_is_limit}: the conjugate of 1 is
 * infinity). Exponents below 1 have no conjugate.
 */
public final class ConjugatePairs {

  /** A pair: the run at p and the run at q. */
  public record Pair(RunKey atP, RunKey atQ, boolean qIsLimit) {}

  private ConjugatePairs() {}

  public static List<Pair> of(List<RunKey> runs, double tolerance) {
    Map<String, List<RunKey>> groups = new LinkedHashMap<>();
    for (RunKey r : runs) {
      groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
    }
    List<Pair> pairs = new ArrayList<>();
    for (List<RunKey> group : groups.values()) {
      group.sort(Comparator.comparingDouble(RunKey::p));
      RunKey largest = group.get(group.size() - 1);
      for (RunKey r : group) {
        double p = r.p();
        if (near(p, 1, tolerance)) {
          if (largest.p() > 2) {
            pairs.add(new Pair(r, largest, true));
          }
        } else if (p > 1 && p <= 2 * (1 + tolerance)) {
          double q = p / (p - 1);
          for (RunKey s : group) {
            if (near(s.p(), q, tolerance)) {
              pairs.add(new Pair(r, s, false));
              break;
            }
          }
        }
      }
    }
    return pairs;
  }

  static boolean near(double a, double b, double tolerance) {
    return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  }
}
