package org.neuralpolytopes.sweep.duality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** fvector_dual: the face counts at p reversed against those at q, unknown counts (-1) not compared. */
class FacesDualTest {

  @Test
  void countsKnownOnBothSidesDecide() {
    // the octahedron (p = 1) and the rounded cube's Morse counts (p = 4)
    assertEquals(Boolean.TRUE, PairTask.facesDual(new int[] {6, 12, 8}, new int[] {8, 12, 6}));
    assertEquals(Boolean.FALSE, PairTask.facesDual(new int[] {6, 12, 8}, new int[] {8, 14, 6}));
    assertNull(PairTask.facesDual(null, new int[] {8, 12, 6}));
  }

  /**
   * The 4-cross-polytope's f-vector (8, 24, 32, 16) against the rounded tesseract's Morse counts in
   * d = 4, which know only maxima and minima: [16, -1, -1, 8]. The -1 entries were compared as
   * numbers, so every p = 1 pair of d = 4, 5 read false (found by a probe).
   */
  @Test
  void unknownMiddleCountsLeaveItOpenUnlessAKnownOneDiffers() {
    assertNull(PairTask.facesDual(new int[] {8, 24, 32, 16}, new int[] {16, -1, -1, 8}));
    assertEquals(Boolean.FALSE, PairTask.facesDual(new int[] {8, 24, 32, 16}, new int[] {16, -1, -1, 9}));
    assertEquals(Boolean.FALSE, PairTask.facesDual(new int[] {10, 40, 80, 80, 32}, new int[] {30, -1, -1, -1, 10}));
    assertNull(PairTask.facesDual(new int[] {10, 40, 80, 80, 32}, new int[] {32, -1, -1, -1, 10}));
  }
}
