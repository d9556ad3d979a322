package org.neuralpolytopes.analysis.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.schema.FacetsTable;
import org.neuralpolytopes.schema.VerticesTable;

/**
 * The exact polytope of a p = 1 / relu run in d = 3 as the measurement stored it, from the
 * {@code facets/} and {@code vertices/} tables: nothing about its faces is computed again. Each
 * facet's {@code vertex_ids} are its boundary in order, counter-clockwise seen from outside
 * (FacetsTable); the rows are drawn as they are when they make a closed, consistently oriented
 * surface (every edge of a facet is the reverse of an edge of exactly one other facet), and
 * refused otherwise (a facet whose boundary is not one cycle is stored with ascending ids, which
 * is no drawing order).
 */
final class ExactFaces {

  /** The vertices/ and facets/ columns the report reads. */
  static final String VERTEX = "vertex";
  static final String X = "x";
  static final String VERTEX_IDS = "vertex_ids";

  static {
    VerticesTable.SCHEMA.indexOf(VERTEX);
    VerticesTable.SCHEMA.indexOf(X);
    FacetsTable.SCHEMA.indexOf(VERTEX_IDS);
  }

  private ExactFaces() {}

  /** The mesh of one run's exact faces (d = 3), or null when the rows do not make a closed surface. */
  static Mesh mesh(List<TableRow> facets, List<TableRow> vertices) {
    if (facets.isEmpty() || vertices.isEmpty()) {
      return null;
    }
    Map<Long, Integer> index = new HashMap<>();
    List<double[]> points = new ArrayList<>();
    for (TableRow v : vertices) {
      double[] x = Values.doubles(v.get(X));
      Double id = Values.number(v, VERTEX);
      if (x == null || x.length != 3 || id == null) {
        return null;
      }
      index.put(id.longValue(), points.size());
      points.add(x);
    }
    List<int[]> faces = new ArrayList<>();
    Set<Long> directed = new HashSet<>();
    for (TableRow f : facets) {
      long[] ids = Values.longs(f.get(VERTEX_IDS));
      if (ids == null || ids.length < 3) {
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
      for (int i = 0; i < face.length; i++) {
        if (!directed.add(edge(face[i], face[(i + 1) % face.length]))) {
          return null;
        }
      }
      faces.add(face);
    }
    for (long e : directed) {
      if (!directed.contains(reverse(e))) {
        return null;
      }
    }
    double[] xyz = new double[points.size() * 3];
    for (int i = 0; i < points.size(); i++) {
      System.arraycopy(points.get(i), 0, xyz, 3 * i, 3);
    }
    return new Mesh(xyz, faces, true);
  }

  private static long edge(int from, int to) {
    return ((long) from << 32) | (to & 0xffffffffL);
  }

  private static long reverse(long e) {
    return (e << 32) | (e >>> 32);
  }
}
