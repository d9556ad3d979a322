package org.neuralpolytopes.analysis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which faces the renderer finds beside each edge, on meshes whose answer is known by construction. */
class BodyRendererTest {

  /** The cube [-1, 1]^3: vertex k has coordinates (bit 0, bit 1, bit 2 of k) mapped to -1, 1. */
  static double[] cubeVertices() {
    double[] xyz = new double[24];
    for (int k = 0; k < 8; k++) {
      xyz[3 * k] = (k & 1) == 0 ? -1 : 1;
      xyz[3 * k + 1] = (k & 2) == 0 ? -1 : 1;
      xyz[3 * k + 2] = (k & 4) == 0 ? -1 : 1;
    }
    return xyz;
  }

  /** Its six faces, counter-clockwise seen from outside. */
  static final List<int[]> CUBE = List.of(
      new int[] {0, 2, 3, 1}, new int[] {4, 5, 7, 6}, // z = -1, z = 1
      new int[] {0, 1, 5, 4}, new int[] {2, 6, 7, 3}, // y = -1, y = 1
      new int[] {0, 4, 6, 2}, new int[] {1, 3, 7, 5}); // x = -1, x = 1

  @Test
  void everyEdgeOfTheCubeHasTheFaceThatSharesItsTwoVerticesAsNeighbourAndIsACrease() {
    BodyRenderer r = new BodyRenderer(new Mesh(cubeVertices(), CUBE, true));
    for (int f = 0; f < 6; f++) {
      int[] face = CUBE.get(f);
      for (int i = 0; i < 4; i++) {
        int a = face[i];
        int b = face[(i + 1) % 4];
        int expected = -1;
        for (int g = 0; g < 6; g++) {
          List<Integer> other = java.util.Arrays.stream(CUBE.get(g)).boxed().toList();
          if (g != f && other.contains(a) && other.contains(b)) {
            assertEquals(-1, expected, "two faces beside edge " + a + "-" + b);
            expected = g;
          }
        }
        assertEquals(expected, r.neighbour(f, i), "face " + f + " edge " + i);
        assertTrue(r.crease(f, i), "the cube's faces meet at 90 degrees");
      }
    }
  }

  @Test
  void coplanarNeighboursAreNoCreaseAndAnOpenEdgeHasNoNeighbour() {
    // the square z = 0 as two triangles: the diagonal 0-2 is shared, flat; the rim is open
    double[] xyz = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    BodyRenderer r = new BodyRenderer(new Mesh(xyz, List.of(new int[] {0, 1, 2}, new int[] {0, 2, 3}), false));
    assertEquals(1, r.neighbour(0, 2));
    assertEquals(0, r.neighbour(1, 0));
    assertFalse(r.crease(0, 2));
    assertFalse(r.crease(1, 0));
    for (int[] open : new int[][] {{0, 0}, {0, 1}, {1, 1}, {1, 2}}) {
      assertEquals(-1, r.neighbour(open[0], open[1]), "open edge " + open[0] + "/" + open[1]);
    }
  }

  @Test
  void aNonManifoldEdgePairsItsFirstFaceWithItsLastAndLeavesTheOthersAlone() {
    // three triangles on the edge 0-1, folded out of the plane z = 0 at different angles
    double[] xyz = {0, 0, 0, 1, 0, 0, 0.5, 1, 0, 0.5, -1, 0.2, 0.5, 0, 1};
    List<int[]> faces = List.of(new int[] {0, 1, 2}, new int[] {1, 0, 3}, new int[] {0, 4, 1});
    BodyRenderer r = new BodyRenderer(new Mesh(xyz, faces, false));
    assertEquals(2, r.neighbour(0, 0));
    assertEquals(0, r.neighbour(2, 2));
    assertEquals(-1, r.neighbour(1, 0));
  }
}
