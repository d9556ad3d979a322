package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.RunResult;
import org.neuralpolytopes.train.Runs;

/**
 * End to end on a trained spiky body: a (3, 1, 3, 0.5) net draws a spiky octahedron, whose six
 * tips lie about five times farther out than the centres of its eight faces. Its tips alone, and
 * its tips together with its face centres (the Morse maxima and minima: two orbits of very
 * different radii), have the octahedral group; each match is judged against its own radius.
 */
class SpikyBodySymmetryTest {

  @Test
  void aTrainedSpikyOctahedronHasItsGroupOnTipsAndFaceCentresTogether() {
    RunResult run = Runs.run(RunConfig.of(3, 1, 3, 0.5, "abs_power", 0));
    MorseCounts morse = run.morse();
    assertNotNull(morse);
    assertArrayEquals(new int[] {6, 12, 8}, morse.counts());
    assertEquals("O_h", run.symmetry().symmetryGroup(), "the tips");
    double[][] tips = morse.vertices();
    double[][] centres = morse.facetCentres();
    double tipRadius = Math.sqrt(Linear.dot(tips[0], tips[0]));
    double centreRadius = Math.sqrt(Linear.dot(centres[0], centres[0]));
    assertTrue(tipRadius > 4 * centreRadius, "spiky: tips " + tipRadius + ", face centres " + centreRadius);
    double[][] both = new double[tips.length + centres.length][];
    System.arraycopy(tips, 0, both, 0, tips.length);
    System.arraycopy(centres, 0, both, tips.length, centres.length);
    VertexSymmetry s = VertexSymmetry.measure(both, Tolerances.DEFAULT);
    assertEquals("O_h", s.symmetryGroup());
    assertEquals(2, s.vertexOrbits(), "tips and face centres");
    assertArrayEquals(new int[] {6, 8}, s.orbitSizes());
    assertTrue(s.symmetryDefect() < 2 * Tolerances.DEFAULT.symmetry(), "defect " + s.symmetryDefect());
  }
}
