package org.neuralpolytopes.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.TransitionsTable;
import org.neuralpolytopes.sweep.spec.SpecParser;
import org.neuralpolytopes.sweep.spec.SweepSpec;

/** Which brackets a refinement round halves and which changes it reports, on hand-made observations. */
class RefinementTest {

  private static final String SPEC = """
      name: r
      seeds: 3
      grid: {d: 3, layers: 1, units: 4, p: [2, 4, 8]}
      refine: {axis: p, by: [morse_counts], tolerance: 0.01, max_rounds: 8}
      """;

  private static List<Refinement.Observation> seeds(String... counts) {
    List<Refinement.Observation> out = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      boolean ok = counts[i] != null && !counts[i].equals("FAILED");
      Map<String, String> v = new TreeMap<>();
      v.put(RunsTable.MORSE_COUNTS, ok ? counts[i] : null);
      out.add(new Refinement.Observation(i, ok, v));
    }
    return out;
  }

  @Test
  void aModeCountsOnlyWhenMostOkSeedsHoldIt() {
    assertTrue(Refinement.majority(seeds("[6, 24, 20]", "[6, 24, 20]", "[6, 14, 10]"), RunsTable.MORSE_COUNTS));
    assertFalse(Refinement.majority(seeds("[6, 24, 20]", "[6, 14, 10]", "[6, 12, 8]"), RunsTable.MORSE_COUNTS),
        "three seeds, three values: scatter");
    assertFalse(Refinement.majority(seeds("[6, 24, 20]", "[6, 12, 8]"), RunsTable.MORSE_COUNTS), "a tie");
    assertTrue(Refinement.majority(seeds("[6, 12, 8]", "[6, 12, 8]", "FAILED"), RunsTable.MORSE_COUNTS),
        "the OK seeds decide");
  }

  /** Morse counts that fail the Morse relation (an atlas's [34, 61, 40], odd) are no value to compare. */
  @Test
  void morseCountsThatFailTheirCheckHaveNoValue() {
    List<String> by = List.of(RunsTable.MORSE_COUNTS, RunsTable.SYMMETRY_GROUP);
    Object[] stored = {new int[] {34, 61, 40}, "D_2h"};
    Map<String, String> failed = Refinement.values(by, stored, false);
    assertEquals(null, failed.get(RunsTable.MORSE_COUNTS));
    assertEquals("D_2h", failed.get(RunsTable.SYMMETRY_GROUP), "the other properties keep theirs");
    assertEquals("[34, 61, 40]", Refinement.values(by, stored, true).get(RunsTable.MORSE_COUNTS));
    assertEquals("[34, 61, 40]", Refinement.values(by, stored, null).get(RunsTable.MORSE_COUNTS),
        "unchecked (d = 4, 5): kept");
  }

  @Test
  void scatterIsNotHalvedAroundNorReportedButAnAgreedChangeIs() throws Exception {
    SweepSpec spec = SpecParser.parse(SPEC, "r.yaml");
    Refinement r = new Refinement(spec, spec.expand());
    Refinement.Group g = new Refinement.Group(3, 1, 4, "abs_power");
    TreeMap<Double, List<Refinement.Observation>> byP = new TreeMap<>();
    byP.put(2.0, seeds("[6, 24, 20]", "[6, 24, 20]", "[6, 24, 20]"));
    byP.put(4.0, seeds("[6, 12, 8]", "[6, 12, 8]", "[6, 14, 10]"));
    byP.put(8.0, seeds("[6, 10, 6]", "[4, 8, 6]", "[2, 2, 2]"));
    Map<Refinement.Group, TreeMap<Double, List<Refinement.Observation>>> observed = Map.of(g, byP);

    // [2, 4] changes with a majority on both sides: its midpoint, every seed; [4, 8] has scatter at 8
    List<Double> mids = r.nextRound(observed).stream().map(c -> c.p()).distinct().toList();
    assertEquals(List.of(3.0), mids);
    assertEquals(3, r.nextRound(observed).size());

    // both pairs are reported, each with a majority at one end at least, with their seeds; the
    // scattered end (three seeds, three counts at 8) has no value, not the alphabet's first
    List<TransitionsTable.Row> t = r.transitions(observed);
    assertEquals(2, t.size(), t.toString());
    assertEquals("[6, 24, 20]", t.get(0).valueLow());
    assertEquals("[6, 12, 8]", t.get(0).valueHigh());
    assertEquals(3, t.get(0).seedsLow());
    assertEquals(2, t.get(0).seedsHigh());
    assertEquals("[6, 12, 8]", t.get(1).valueLow());
    assertEquals(null, t.get(1).valueHigh(), "scattered");
    assertEquals(1, t.get(1).seedsHigh(), "the largest share");

    // a scattered end whose tie the alphabet would break into the other end's value: reported all
    // the same (was: no row, since the modes compared equal)
    byP.put(8.0, seeds("[6, 12, 8]", "[6, 14, 10]", "[6, 16, 12]"));
    t = r.transitions(observed);
    assertEquals(2, t.size(), t.toString());
    assertEquals(null, t.get(1).valueHigh());

    // scatter at both ends: no transition
    byP.put(4.0, seeds("[6, 12, 8]", "[6, 14, 10]", "[6, 16, 12]"));
    byP.put(2.0, seeds("[6, 24, 20]", "[6, 22, 18]", "[6, 20, 16]"));
    assertTrue(r.nextRound(observed).isEmpty());
    assertTrue(r.transitions(observed).isEmpty(), r.transitions(observed).toString());
  }
}
