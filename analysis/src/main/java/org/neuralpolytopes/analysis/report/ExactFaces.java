package org.neuralpolytopes.analysis.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.Mesh;

/**
 * The exact polytope of a p = 1 / relu run from the {@code facets/} and {@code vertices/} tables
 * (docs/metrics.md column names: facets: run_id, facet, a, area, vertex_ids; vertices: run_id, vertex,
 * x, radius, valence, orbit). Each facet lies in the plane a . x = 1; its vertices are put in
 * cyclic order by their angle around the facet's centroid in that plane (a facet is a convex
 * polygon for a convex body and star-shaped about its centroid in the cases we draw), counter-
 * clockwise around a, so the faces point outward whatever order vertex_ids has.
 */
final class ExactFaces {

  private ExactFaces() {}

  /** The mesh of one run's exact faces (d = 3), or null when the rows do not make one. */
  static Mesh mesh(List<TableRow> facets, List<TableRow> vertices) {
    Map<Long, Integer> index = new HashMap<>();
    List<double[]> points = new ArrayList<>();
    for (TableRow v : vertices) {
      double[] x = Values.doubles(v.get("x"));
      Double id = Values.number(v, "vertex");
      if (x == null || x.length != 3 || id == null) {
        return null;
      }
      index.put(id.longValue(), points.size());
      points.add(x);
    }
    List<int[]> faces = new ArrayList<>();
    for (TableRow f : facets) {
      double[] a = Values.doubles(f.get("a"));
      long[] ids = Values.longs(f.get("vertex_ids"));
      if (a == null || a.length != 3 || ids == null || ids.length < 3) {
        return null;
      }
      int[] face = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        Integer k = index.get(ids[i]);
        if (k == null) {
          return null;
        }
        face[i] = k;
      }
      faces.add(order(face, a, points));
    }
    double[] xyz = new double[points.size() * 3];
    for (int i = 0; i < points.size(); i++) {
      System.arraycopy(points.get(i), 0, xyz, 3 * i, 3);
    }
    return new Mesh(xyz, faces, true);
  }

  private static int[] order(int[] face, double[] a, List<double[]> points) {
    double an = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    double[] n = {a[0] / an, a[1] / an, a[2] / an};
    double[] e1 = Math.abs(n[0]) < 0.9 ? cross(n, new double[] {1, 0, 0}) : cross(n, new double[] {0, 1, 0});
    double l = Math.sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
    e1 = new double[] {e1[0] / l, e1[1] / l, e1[2] / l};
    double[] e2 = cross(n, e1);
    double[] c = new double[3];
    for (int v : face) {
      for (int k = 0; k < 3; k++) {
        c[k] += points.get(v)[k] / face.length;
      }
    }
    Integer[] boxed = new Integer[face.length];
    double[] angle = new double[points.size()];
    for (int i = 0; i < face.length; i++) {
      boxed[i] = face[i];
      double[] p = points.get(face[i]);
      double[] q = {p[0] - c[0], p[1] - c[1], p[2] - c[2]};
      angle[face[i]] = Math.atan2(dot(q, e2), dot(q, e1));
    }
    java.util.Arrays.sort(boxed, (x, y) -> Double.compare(angle[x], angle[y]));
    int[] out = new int[face.length];
    for (int i = 0; i < face.length; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }
}
