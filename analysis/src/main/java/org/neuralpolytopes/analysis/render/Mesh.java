package org.neuralpolytopes.analysis.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A closed polygon mesh of a 3-D body: vertex coordinates and faces (vertex index cycles,
 * counter-clockwise seen from outside). {@code faceted} says that every face is a flat facet of
 * a polytope (exact faces), so every face edge is a real edge of the body; otherwise the faces
 * approximate a surface and only creases and silhouettes are real edges.
 */
public final class Mesh {

  private final double[] xyz;
  private final List<int[]> faces;
  private final boolean faceted;

  public Mesh(double[] xyz, List<int[]> faces, boolean faceted) {
    if (xyz.length % 3 != 0) {
      throw new IllegalArgumentException("coordinates must come in triples");
    }
    for (int[] f : faces) {
      if (f.length < 3) {
        throw new IllegalArgumentException("a face needs at least 3 vertices");
      }
      for (int i : f) {
        if (i < 0 || 3 * i >= xyz.length) {
          throw new IllegalArgumentException("face refers to vertex " + i + " of " + xyz.length / 3);
        }
      }
    }
    this.xyz = xyz.clone();
    this.faces = Collections.unmodifiableList(new ArrayList<>(faces));
    this.faceted = faceted;
  }

  public int vertexCount() {
    return xyz.length / 3;
  }

  public double x(int v) {
    return xyz[3 * v];
  }

  public double y(int v) {
    return xyz[3 * v + 1];
  }

  public double z(int v) {
    return xyz[3 * v + 2];
  }

  public List<int[]> faces() {
    return faces;
  }

  public boolean faceted() {
    return faceted;
  }

  /** Largest distance of a vertex from the origin. */
  public double maxRadius() {
    double m = 0;
    for (int v = 0; v < vertexCount(); v++) {
      m = Math.max(m, Math.sqrt(x(v) * x(v) + y(v) * y(v) + z(v) * z(v)));
    }
    return m;
  }

  /** Number of distinct undirected edges (each face edge counted once). */
  public int edgeCount() {
    java.util.Set<Long> edges = new java.util.HashSet<>();
    for (int[] f : faces) {
      for (int i = 0; i < f.length; i++) {
        int a = f[i];
        int b = f[(i + 1) % f.length];
        edges.add(((long) Math.min(a, b) << 32) | Math.max(a, b));
      }
    }
    return edges.size();
  }

  /** Newell's normal of face f (not normalised; its length is twice the face's area). */
  public double[] normal(int[] f) {
    double nx = 0;
    double ny = 0;
    double nz = 0;
    for (int i = 0; i < f.length; i++) {
      int a = f[i];
      int b = f[(i + 1) % f.length];
      nx += (y(a) - y(b)) * (z(a) + z(b));
      ny += (z(a) - z(b)) * (x(a) + x(b));
      nz += (x(a) - x(b)) * (y(a) + y(b));
    }
    return new double[] {nx, ny, nz};
  }
}
