package org.neuralpolytopes.analysis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The surface mesh on analytic weights whose polytope is known without training (docs/paper-claims.md,
 * "Analytic weights"): the faceted mesh of an L = 1, p = 1 net must be that polytope exactly.
 */
class RadialSurfaceTest {

  static final double PHI = (1 + Math.sqrt(5)) / 2;

  static Network net(int d, double p, double[][] rows) {
    double[] w = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, w, i * d, d);
    }
    return new Network(new Architecture(d, 1, rows.length, Activations.of("abs_power", p)), w);
  }

  static void assertPolytope(Mesh m, int vertices, int edges, int facets) {
    assertTrue(m.faceted());
    assertEquals(vertices, m.vertexCount(), "vertices");
    assertEquals(edges, m.edgeCount(), "edges");
    assertEquals(facets, m.faces().size(), "facets");
  }

  @Test
  void octahedronCuboctahedronIcosidodecahedronTetrakisHexahedron() throws Exception {
    assertPolytope(RadialSurface.of(net(3, 1, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), 3, true), 6, 12, 8);
    assertPolytope(RadialSurface.of(net(3, 1, new double[][] {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}}), 3, true),
        12, 24, 14);
    assertPolytope(RadialSurface.of(net(3, 1, new double[][] {
        {0, 1, PHI}, {0, 1, -PHI}, {1, PHI, 0}, {1, -PHI, 0}, {PHI, 0, 1}, {-PHI, 0, 1}}), 3, true), 30, 60, 32);
    assertPolytope(RadialSurface.of(net(3, 1, new double[][] {
        {1, 1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, -1}, {0, 1, 1}, {0, 1, -1}}), 3, true), 14, 36, 24);
  }

  @Test
  void everyVertexLiesOnTheLevelSet() throws Exception {
    Network n = net(3, 1.5, new double[][] {{1, 0.2, 0}, {0, 1, 0.3}, {0.1, 0, 1}, {0.5, 0.5, 0.5}});
    Mesh m = RadialSurface.of(n, 3, false);
    assertFalse(m.faceted());
    for (int v = 0; v < m.vertexCount(); v++) {
      assertEquals(1.0, n.value(new double[] {m.x(v), m.y(v), m.z(v)}), 1e-9);
    }
    // a closed surface: V - E + F = 2
    assertEquals(2, m.vertexCount() - m.edgeCount() + m.faces().size());
  }

  @Test
  void slicesOfTheCrossPolytopeAreOctahedra() throws Exception {
    double[][] rows = new double[5][5];
    for (int i = 0; i < 5; i++) {
      rows[i][i] = 1;
    }
    Network n = net(5, 1, rows);
    Mesh m = RadialSurface.slice(n, new double[][] {{1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 1}}, 3, true);
    assertPolytope(m, 6, 12, 8);
    assertEquals(1.0, m.maxRadius(), 1e-12);
    RadialFunction rf = new RadialFunction(n);
    assertEquals(1.0, rf.radius(new double[] {0, 0, 1, 0, 0}), 1e-12);
  }

  @Test
  void anUnboundedBodyHasNoSurface() {
    Network n = net(3, 1, new double[][] {{1, 0, 0}, {0, 1, 0}});
    assertThrows(UnboundedBodyException.class, () -> RadialSurface.of(n, 2, true));
  }

  @Test
  void drawsPngAndSvg() throws Exception {
    Mesh m = RadialSurface.of(net(3, 1, new double[][] {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}}), 4, true);
    Mesh smooth = RadialSurface.of(net(3, 4, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), 4, false);
    Path dir = Files.createDirectories(Paths.get("target", "test-figures"));
    BodyRenderer r = new BodyRenderer(m);
    BodyRenderer s = new BodyRenderer(smooth);
    FigureFile.write(dir, "cuboctahedron", 600, 300, (g, target) -> {
      r.draw(g, View.STANDARD.get(0), 150, 150, 90, new Color(90, 140, 200));
      s.draw(g, View.STANDARD.get(0), 450, 150, 90, new Color(90, 140, 200));
    });
    assertTrue(Files.size(dir.resolve("cuboctahedron.png")) > 1000);
    assertTrue(Files.readString(dir.resolve("cuboctahedron.svg")).contains("<path"));
  }
}
