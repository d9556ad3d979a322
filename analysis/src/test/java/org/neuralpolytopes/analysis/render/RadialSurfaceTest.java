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
 * The surface mesh on analytic weights whose body is known without training (docs/paper-claims.md,
 * "Analytic weights"): every mesh vertex on the level set f = 1, a closed surface, the known
 * extreme radius; the exact faces of polytopes are drawn from the stored tables instead.
 */
class RadialSurfaceTest {


  static Network net(int d, double p, double[][] rows) {
    double[] w = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, w, i * d, d);
    }
    return new Network(new Architecture(d, 1, rows.length, Activations.of("abs_power", p)), w);
  }

  @Test
  void aPolytopeFromItsRadialFunctionIsAClosedSurfaceOnItsLevelSet() throws Exception {
    // p = 1: the cuts along the units' walls put the octahedron's edges on mesh edges
    Network n = net(3, 1, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    Mesh m = RadialSurface.of(n, 3);
    assertFalse(m.faceted(), "the exact faces come from the stored tables, not from here");
    for (int v = 0; v < m.vertexCount(); v++) {
      assertEquals(1.0, n.value(new double[] {m.x(v), m.y(v), m.z(v)}), 1e-9);
    }
    assertEquals(2, m.vertexCount() - m.edgeCount() + m.faces().size());
    assertEquals(1.0, m.maxRadius(), 1e-12, "the vertices +-e_i lie on wall crossings, so on the mesh");
  }

  @Test
  void ridgeCutsStayBoundedForManyUnits() throws Exception {
    // p = 4 and 26 units: the n(n - 1) ridge planes are not cut (the mesh stays near the icosphere's size)
    double[][] rows = new double[26][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {Math.cos(i), Math.sin(i), 0.2 + 0.05 * i};
    }
    Mesh many = RadialSurface.of(net(3, 4, rows), 3);
    Mesh few = RadialSurface.of(net(3, 4, java.util.Arrays.copyOf(rows, RadialSurface.MAX_RIDGE_UNITS)), 3);
    assertTrue(many.faces().size() < 20 * few.faces().size(), many.faces().size() + " faces against " + few.faces().size());
    assertEquals(2, many.vertexCount() - many.edgeCount() + many.faces().size(), "still a closed surface");
  }

  @Test
  void wallCutsStayBoundedForManyUnits() throws Exception {
    // p = 1 and 2000 units (a d = 64, 4 096-unit run drew for minutes): no walls are cut, the mesh
    // is the icosphere's on the level set, a closed surface
    double[][] rows = new double[2000][];
    java.util.Random rng = new java.util.Random(3);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
    }
    Network n = net(3, 1, rows);
    Mesh many = RadialSurface.of(n, 3);
    assertEquals(Icosphere.of(3).triangleCount(), many.faces().size(), "the icosphere's triangles, uncut");
    assertEquals(2, many.vertexCount() - many.edgeCount() + many.faces().size(), "a closed surface");
    for (int v = 0; v < many.vertexCount(); v += 17) {
      assertEquals(1.0, n.value(new double[] {many.x(v), many.y(v), many.z(v)}), 1e-9);
    }
  }

  @Test
  void everyVertexLiesOnTheLevelSet() throws Exception {
    Network n = net(3, 1.5, new double[][] {{1, 0.2, 0}, {0, 1, 0.3}, {0.1, 0, 1}, {0.5, 0.5, 0.5}});
    Mesh m = RadialSurface.of(n, 3);
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
    Mesh m = RadialSurface.slice(n, new double[][] {{1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 1}}, 3);
    assertEquals(1.0, m.maxRadius(), 1e-12);
    assertEquals(2, m.vertexCount() - m.edgeCount() + m.faces().size());
    RadialFunction rf = new RadialFunction(n);
    assertEquals(1.0, rf.radius(new double[] {0, 0, 1, 0, 0}), 1e-12);
  }

  @Test
  void anUnboundedBodyHasNoSurface() {
    Network n = net(3, 1, new double[][] {{1, 0, 0}, {0, 1, 0}});
    assertThrows(UnboundedBodyException.class, () -> RadialSurface.of(n, 2));
  }

  @Test
  void drawsPngAndSvg() throws Exception {
    Mesh m = RadialSurface.of(net(3, 1, new double[][] {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}}), 4);
    Mesh smooth = RadialSurface.of(net(3, 4, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), 4);
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
