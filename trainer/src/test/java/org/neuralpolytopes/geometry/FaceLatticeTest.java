package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The face lattice of polytopes given by coordinates: hypercubes (f_k = 2^(d-k) C(d, k)) and
 * cross-polytopes (f_k = 2^(k+1) C(d, k+1)), rotated; and the orthonormal frames of {@link Linear}.
 */
class FaceLatticeTest {

  /** The hypercube [-1, 1]^d: vertices by bit pattern, facets x_i = +-1. */
  static FaceLattice cube(int d, double[][] q) {
    int n = 1 << d;
    double[] x = new double[n * d];
    for (int v = 0; v < n; v++) {
      double[] p = new double[d];
      for (int i = 0; i < d; i++) {
        p[i] = ((v >> i) & 1) == 1 ? 1 : -1;
      }
      System.arraycopy(apply(q, p), 0, x, v * d, d);
    }
    List<int[]> facets = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      for (int side = 0; side < 2; side++) {
        List<Integer> ids = new ArrayList<>();
        for (int v = 0; v < n; v++) {
          if (((v >> i) & 1) == side) {
            ids.add(v);
          }
        }
        facets.add(ids.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    return FaceLattice.of(d, x, facets, Tolerances.DEFAULT.incidence(), Deadline.NONE, "test");
  }

  static double[] apply(double[][] q, double[] p) {
    int d = p.length;
    double[] out = new double[d];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        out[a] += q[a][b] * p[b];
      }
    }
    return out;
  }

  static long binomial(int n, int k) {
    long c = 1;
    for (int i = 0; i < k; i++) {
      c = c * (n - i) / (i + 1);
    }
    return c;
  }

  @ParameterizedTest(name = "d = {0}")
  @ValueSource(ints = {2, 3, 4, 5})
  void hypercubesHaveTheirFVectorAndEveryFaceItsFacets(int d) {
    FaceLattice lattice = cube(d, AnalyticBodies.randomOrthogonal(d, new Random(d)));
    for (int k = 0; k < d; k++) {
      assertEquals((1L << (d - k)) * binomial(d, k), lattice.count(k), "f_" + k);
    }
    // a k-face of the cube has 2^k vertices and lies in d - k facets; it has 2k faces of dimension k - 1
    for (int k = 0; k < d; k++) {
      for (int i = 0; i < lattice.count(k); i++) {
        assertEquals(1 << k, lattice.face(k, i).cardinality());
        assertEquals(d - k, lattice.facetsContaining(k, i).cardinality());
        if (k > 0) {
          assertEquals(2 * k, lattice.children(k, i).length);
          for (int c : lattice.children(k, i)) {
            BitSet child = lattice.face(k - 1, c);
            child.andNot(lattice.face(k, i));
            assertTrue(child.isEmpty(), "a child is a subset");
          }
        }
      }
    }
    assertEquals(d * (1 << (d - 1)), lattice.edges().size());
  }

  @Test
  void theFourDimensionalCrossPolytope() {
    // vertices +-e_i; facets: one per sign vector, the vertices s_i e_i
    int d = 4;
    double[] x = new double[2 * d * d];
    for (int i = 0; i < d; i++) {
      x[(2 * i) * d + i] = 1;
      x[(2 * i + 1) * d + i] = -1;
    }
    List<int[]> facets = new ArrayList<>();
    for (int s = 0; s < 1 << d; s++) {
      int[] ids = new int[d];
      for (int i = 0; i < d; i++) {
        ids[i] = 2 * i + ((s >> i) & 1);
      }
      facets.add(ids);
    }
    FaceLattice lattice = FaceLattice.of(d, x, facets, Tolerances.DEFAULT.incidence(), Deadline.NONE, "test");
    assertArrayEquals(new int[] {8, 24, 32, 16}, lattice.fVector());
  }

  @Test
  void aPassedDeadlineStopsTheLattice() {
    Deadline past = Deadline.at(System.nanoTime() - 1);
    int d = 4;
    double[] x = new double[16 * d];
    List<int[]> facets = new ArrayList<>();
    facets.add(new int[] {0, 1, 2, 3});
    Deadline.DeadlineExceededException e = assertThrows(Deadline.DeadlineExceededException.class,
        () -> FaceLattice.of(d, x, facets, 1e-9, past, "face lattice"));
    assertEquals("face lattice", e.stage());
  }

  /**
   * A leading vector whose residual components on the axes are exactly 1/sqrt(d) (here (1, 1, 1, 1) / 2
   * with (1, -1, 1, 1) / 2 in R^4) left one axis just below the threshold by rounding and the frame
   * incomplete: the symmetry stage of the frame (+-1, +-1, +-1, 1) / 2 at p = 0.5 threw a
   * NullPointerException and its run was FAILED (found by a probe; the same frame rotated was OK).
   */
  @Test
  void framesCompleteWhereAnAxisSitsExactlyAtTheThreshold() {
    double[][] leading = {{0.5, 0.5, 0.5, 0.5}, {0.5, -0.5, 0.5, 0.5}, {-0.5, -0.5, 0.5, 0.5}};
    for (int m = 1; m <= 3; m++) {
      double[][] f = Linear.orthonormalFrame(4, 1, java.util.Arrays.copyOf(leading, m));
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          assertEquals(i == j ? 1 : 0, Linear.dot(f[i], f[j]), 1e-12);
        }
      }
      assertEquals(1, Math.signum(AnalyticBodies.det(f)));
    }
    double[][] frame = new double[8][];
    int k = 0;
    for (int a = -1; a <= 1; a += 2) {
      for (int b = -1; b <= 1; b += 2) {
        for (int c = -1; c <= 1; c += 2) {
          frame[k++] = new double[] {a / 2.0, b / 2.0, c / 2.0, 0.5};
        }
      }
    }
    org.neuralpolytopes.measure.Measurement m = org.neuralpolytopes.measure.BodyMeasurement.of(
        AnalyticBodies.network(frame, 0.5), GeometrySettings.DEFAULT, Deadline.NONE);
    assertEquals(org.neuralpolytopes.measure.MeasureStatus.OK, m.status(), m.error());
    assertEquals(384, m.symmetry().symmetryOrder(), "the rotated frame's order");
  }

  @ParameterizedTest(name = "d = {0}")
  @ValueSource(ints = {2, 3, 4, 5, 8})
  void framesAreOrthonormalLedByTheirVectorsAndOriented(int d) {
    Random rng = new Random(d);
    for (int m = 0; m <= d; m++) {
      double[][] leading = new double[m][d];
      for (double[] v : leading) {
        for (int k = 0; k < d; k++) {
          v[k] = rng.nextGaussian();
        }
      }
      for (int orientation : new int[] {1, -1}) {
        double[][] f = Linear.orthonormalFrame(d, orientation, leading);
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            assertEquals(i == j ? 1 : 0, Linear.dot(f[i], f[j]), 1e-12);
          }
        }
        // the first m vectors span the leading ones: each leading vector i lies in span(f_0..f_i)
        for (int i = 0; i < m; i++) {
          double rest = 0;
          for (int j = i + 1; j < d; j++) {
            rest += Math.abs(Linear.dot(leading[i], f[j]));
          }
          assertEquals(0, rest, 1e-10);
          // (the orientation may negate the last vector when it is a leading one)
          assertTrue(Linear.dot(leading[i], f[i]) > 0 || i == d - 1, "same direction");
        }
        assertEquals(orientation, Math.signum(AnalyticBodies.det(f)));
      }
    }
    // the tangent basis at a unit vector: d - 1 unit vectors orthogonal to it
    double[] c = new double[d];
    c[d - 1] = 1;
    double[][] t = Linear.tangentBasis(c);
    assertEquals(d - 1, t.length);
    for (double[] v : t) {
      assertEquals(0, Linear.dot(v, c), 1e-15);
    }
    assertThrows(IllegalArgumentException.class, () -> Linear.orthonormalFrame(d, 0, c, c));
  }
}
