package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.net.Network;

/** The exact polar volume of a point set by half-space clipping, on bodies whose polar is known. */
class HalfspaceVolumeTest {

  static double[][] transformed(double[][] points, double[] q, double scale) {
    int d = points[0].length;
    double[][] out = new double[points.length][d];
    for (int i = 0; i < points.length; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          out[i][a] += scale * q[a * d + b] * points[i][b];
        }
      }
    }
    return out;
  }

  @Test
  void theOctahedronsPolarIsTheCubeAndTheCubesTheOctahedron() {
    double[][] octa = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    double[][] cube = new double[8][];
    for (int i = 0; i < 8; i++) {
      cube[i] = new double[] {(i & 1) == 0 ? 1 : -1, (i & 2) == 0 ? 1 : -1, (i & 4) == 0 ? 1 : -1};
    }
    SplittableRandom r = new SplittableRandom(5);
    for (int t = 0; t < 5; t++) {
      double scale = 0.5 + r.nextDouble();
      double[] q = AnalyticFacesTest.rotation(3, r);
      // scaling the points by c scales the polar by 1/c
      assertEquals(8 / Math.pow(scale, 3), HalfspaceVolume.polarVolume(transformed(octa, q, scale), 0.1), 1e-10);
      assertEquals(4.0 / 3 / Math.pow(scale, 3), HalfspaceVolume.polarVolume(transformed(cube, q, scale), 0.1), 1e-10);
    }
  }

  @Test
  void pointsInsideTheHullChangeNothing() {
    List<double[]> pts = new ArrayList<>(List.of(new double[] {1, 0, 0}, new double[] {-1, 0, 0},
        new double[] {0, 1, 0}, new double[] {0, -1, 0}, new double[] {0, 0, 1}, new double[] {0, 0, -1}));
    SplittableRandom r = new SplittableRandom(6);
    for (int i = 0; i < 40; i++) {
      double[] x = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
      double l1 = Math.abs(x[0]) + Math.abs(x[1]) + Math.abs(x[2]);
      double s = 0.99 * r.nextDouble() / l1;
      pts.add(new double[] {s * x[0], s * x[1], s * x[2]});
      pts.add(new double[] {1, 0, 0}); // duplicates too
    }
    assertEquals(8, HalfspaceVolume.polarVolume(pts.toArray(new double[0][]), 1), 1e-10);
  }

  @Test
  void polygonsInThePlane() {
    for (int m : new int[] {4, 6, 8, 12}) {
      double[][] v = new double[m][];
      for (int k = 0; k < m; k++) {
        v[k] = new double[] {Math.cos(2 * Math.PI * k / m), Math.sin(2 * Math.PI * k / m)};
      }
      // the polar of the regular m-gon of circumradius 1 is the regular m-gon of inradius 1
      double polar = m * Math.tan(Math.PI / m);
      assertEquals(polar, HalfspaceVolume.polarVolume(v, 0.5), 1e-12 * polar, "m = " + m);
    }
  }

  @Test
  void theConvexBodiesVerticesGiveTheFaceLatticesPolarVolume() {
    // K convex with its vertices V: K° = (conv V)°, so both exact paths must agree
    double phi = (1 + Math.sqrt(5)) / 2;
    double[][][] bodies = {{{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}},
        {{0, 1, phi}, {0, 1, -phi}, {1, phi, 0}, {1, -phi, 0}, {phi, 0, 1}, {-phi, 0, 1}},
        {{1, 0.2, -0.3}, {0.1, 1, 0.4}, {-0.3, 0.2, 1}, {0.7, -0.6, 0.2}, {0.3, 0.5, -0.8}}};
    SplittableRandom r = new SplittableRandom(7);
    for (double[][] w : bodies) {
      Network net = AnalyticFacesTest.absNetwork(w, AnalyticFacesTest.rotation(3, r), 0.5 + r.nextDouble());
      PolytopeFaces f = PolytopeFaces.measure(net, GeometrySettings.DEFAULT);
      assertTrue(Boolean.TRUE.equals(f.convex()));
      double[][] v = new double[f.vertices().size()][];
      for (int i = 0; i < v.length; i++) {
        v[i] = f.vertices().get(i).x();
      }
      double lattice = PolarVolume.of(f);
      assertEquals(lattice, HalfspaceVolume.polarVolume(v, 1), 1e-9 * lattice);
    }
  }
}
