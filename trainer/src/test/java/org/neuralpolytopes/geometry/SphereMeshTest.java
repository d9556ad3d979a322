package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SphereMeshTest {

  @Test
  void theGeodesicIcosahedronIsATriangulatedSphere() {
    for (int k : new int[] {1, 2, 5, 64}) {
      SphereMesh m = SphereMesh.of(3, 10 * k * k + 2);
      int n = m.size();
      assertEquals(10 * k * k + 2, n);
      int fives = 0;
      int halfEdges = 0;
      double[] p = new double[3];
      for (int i = 0; i < n; i++) {
        int deg = m.neighbours(i).length;
        assertTrue(deg == 5 || deg == 6, "degree " + deg);
        fives += deg == 5 ? 1 : 0;
        halfEdges += deg;
        m.point(i, p);
        assertEquals(1, p[0] * p[0] + p[1] * p[1] + p[2] * p[2], 1e-12);
        // Consecutive neighbours of the cyclic link are neighbours of each other (a triangle).
        int[] nb = m.neighbours(i);
        for (int a = 0; a < deg; a++) {
          int b = nb[(a + 1) % deg];
          boolean adjacent = false;
          for (int c : m.neighbours(nb[a])) {
            adjacent |= c == b;
          }
          assertTrue(adjacent, "link of " + i + " is not a cycle");
        }
      }
      assertEquals(12, fives);
      // Euler: V - E + F = 2 with F = 2E/3 for a triangulation.
      assertEquals(2, n - halfEdges / 2 + halfEdges / 3);
    }
  }

  @Test
  void theCircleAndScatteredMeshesHaveNeighbours() {
    SphereMesh circle = SphereMesh.of(2, 1000);
    assertEquals(1000, circle.size());
    assertEquals(2 * Math.PI / 1000, circle.spacing(), 1e-15);
    SphereMesh four = SphereMesh.of(4, 5000);
    int empty = 0;
    for (int i = 0; i < four.size(); i++) {
      empty += four.neighbours(i).length == 0 ? 1 : 0;
    }
    assertEquals(0, empty);
  }
}
