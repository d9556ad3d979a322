package org.neuralpolytopes.sweep.duality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConjugatePairsTest {

  private static List<RunKey> group(String g, double... ps) {
    List<RunKey> out = new ArrayList<>();
    for (double p : ps) {
      out.add(new RunKey(g + "@" + p, p, g));
    }
    return out;
  }

  private static List<String> describe(List<ConjugatePairs.Pair> pairs) {
    return pairs.stream().map(x -> x.atP().p() + "~" + x.atQ().p() + (x.qIsLimit() ? "(limit)" : "")).toList();
  }

  @Test
  void theIssueGridPairsFourThirdsWithFourOneAndAHalfWithThreeAndOneWithTheLargest() {
    List<RunKey> runs = group("a", 0.5, 1, 4.0 / 3, 1.5, 2, 3, 4, 16);
    assertEquals(List.of("1.0~16.0(limit)", "1.3333333333333333~4.0", "1.5~3.0", "2.0~2.0"),
        describe(ConjugatePairs.of(runs, 1e-6)));
  }

  @Test
  void pairsStayInsideTheirGroupAndNeedTheConjugateInTheGrid() {
    List<RunKey> runs = new ArrayList<>(group("a", 1.5, 2.5));
    runs.addAll(group("b", 3, 1, 1.5));
    assertEquals(List.of("1.0~3.0(limit)", "1.5~3.0"), describe(ConjugatePairs.of(runs, 1e-6)));
  }

  @Test
  void oneIsPairedOnlyWithAnExponentAboveTwoAndToleranceIsRelative() {
    assertEquals(List.of("2.0~2.0"), describe(ConjugatePairs.of(group("a", 1, 2), 1e-6)));
    assertEquals(List.of(), describe(ConjugatePairs.of(group("a", 1.5, 3.001), 1e-6)));
    assertEquals(List.of("1.5~3.001"), describe(ConjugatePairs.of(group("a", 1.5, 3.001), 1e-3)));
  }
}
