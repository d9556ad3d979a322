package org.neuralpolytopes.census;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.net.Architecture;

/** The census against critical points derived by hand. */
class CensusTest {

  static Census.Result census(int d, int layers, int units, int p, int starts) {
    Architecture arch = Census.check(d, layers, units, p, starts);
    return Census.run(arch, CensusSettings.DEFAULT.withStarts(starts), Deadline.NONE);
  }

  /**
   * (d, L, n, p) = (2, 1, 2, 4): f(x) = (w_1 . x)^4 + (w_2 . x)^4 on the circle.
   *
   * <p>Write w_i = r_i (cos t_i, sin t_i), a = r_1^4, b = r_2^4, c = cos(t_1 - t_2). On the circle
   * E[X^4] = 3/8 =: m4 and E[X^8] = 35/128 =: m8 for X = u . x, |u| = 1, and for two unit vectors
   * with u . v = c, E[X^4 Y^4] = g(c) = (9 + 72 c^2 + 24 c^4) / 384 (Isserlis' theorem for the
   * Gaussian moment, divided by E|g|^8 = 2 * 4 * 6 * 8 = 384). So
   *
   * <pre>
   *   loss = m8 (a^2 + b^2) + 2 a b g(c) - 2 m4 (a + b) + 1,
   * </pre>
   *
   * which depends on t_1 - t_2 only (the rotations of the input are a symmetry). Its critical
   * points in the weights:
   *
   * <ul>
   *   <li>d/d(t_1 - t_2): 2ab g'(c) (-sin(t_1 - t_2)) = 0, and g'(c) = c (144 + 96 c^2) / 384
   *       vanishes only at c = 0: so a b = 0, or the rows are parallel (c^2 = 1), or orthogonal
   *       (c = 0).
   *   <li>d/dr_1 = 4 r_1^3 dloss/da, with dloss/da = 2 m8 a + 2 b g(c) - 2 m4: so r_1 = 0 or
   *       m8 a + g(c) b = m4; likewise for r_2.
   * </ul>
   *
   * Cases:
   *
   * <ol>
   *   <li>Orthogonal, both non-zero: m8 a + g(0) b = m4 = g(0) a + m8 b with g(0) = 3/128, so
   *       a = b = m4 / (m8 + g(0)) = 24/19, loss = 1 - 2 m4 a = 1/19. Hessian: in (a, b) the loss
   *       is the convex quadratic of matrix 2 [[m8, g0], [g0, m8]] (m8 > g0), and a = r^4 has a
   *       non-zero derivative; in t_1 - t_2 the curvature is 2ab g''(0) = 2ab 144/384 > 0; the
   *       mixed terms carry g'(0) = 0. Positive definite modulo the rotation: a strict minimum,
   *       the l_4 ball's square frame. The loss is coercive, so the least critical value, 1/19, is
   *       the global minimum.
   *   <li>Parallel (c^2 = 1), both non-zero: g(1) = m8, so only a + b = m4 / m8 = 48/35 is fixed:
   *       a line of critical points (one unit split in two; the same function as case 3), loss
   *       1 - m4^2 / m8 = 17/35. Along t_1 - t_2 the curvature is 2ab d^2 g(cos t)/dt^2 at 0,
   *       = -2ab g'(1) < 0: index 1 (one rotation of a unit away from the other lowers the loss),
   *       nullity 1 (the split).
   *   <li>One unit zero (b = 0): m8 a = m4, a = 48/35, loss 17/35: the same function as case 2,
   *       one effective unit; its zero unit's weights are flat to third order: degenerate.
   *   <li>Both zero: f = 0, loss 1, Hessian 0: degenerate.
   * </ol>
   *
   * So modulo the symmetries: one minimum (loss 1/19, orthogonal rows of length (24/19)^(1/4)),
   * one degenerate critical set of index 1 at 17/35 (one effective unit of length
   * (48/35)^(1/4); its body is unbounded), and possibly the origin.
   */
  @Test
  void twoUnitsOnTheCircleHaveTheCriticalPointsDerivedByHand() {
    Census.Result r = census(2, 1, 2, 4, 256);
    List<CriticalPoint> points = r.points();
    assertTrue(r.converged() >= 200, "converged " + r.converged());
    assertEquals(r.converged(), points.stream().mapToInt(CriticalPoint::starts).sum(), "every converged start counted once");

    CriticalPoint min = points.get(0);
    assertEquals(CriticalPoint.MINIMUM, min.kind());
    assertEquals(1.0 / 19, min.loss(), 1e-14);
    assertEquals(0, min.index());
    assertEquals(0, min.nullity());
    assertEquals(3, min.eigenvalues().length, "4 weights, 1 rotation");
    assertTrue(min.eigenvalues()[0] > 0.1);
    assertArrayEquals(new int[] {2}, min.effectiveUnits());
    double r4 = 24.0 / 19;
    double[] w = min.canonicalWeights();
    assertEquals(r4, Math.pow(w[0] * w[0] + w[1] * w[1], 2), 1e-12);
    assertEquals(r4, Math.pow(w[2] * w[2] + w[3] * w[3], 2), 1e-12);
    assertEquals(0, w[0] * w[2] + w[1] * w[3], 1e-12, "orthogonal rows");
    assertEquals(Boolean.TRUE, min.lpBallFrame());
    assertEquals("square (rounded, p=4)", min.polytopeName());

    CriticalPoint split = points.get(1);
    assertEquals(CriticalPoint.DEGENERATE, split.kind());
    assertEquals(17.0 / 35, split.loss(), 1e-14);
    assertEquals(1, split.index());
    assertEquals(1, split.nullity());
    assertArrayEquals(new int[] {1}, split.effectiveUnits());
    double[] u = split.canonicalWeights();
    assertEquals(48.0 / 35, Math.pow(u[0] * u[0] + u[1] * u[1], 2), 1e-12);
    assertEquals(Body.UNBOUNDED, split.polytopeName());

    for (CriticalPoint c : points.subList(2, points.size())) {
      assertEquals(1, c.loss(), 1e-14, "only f = 0 is left");
      assertEquals(CriticalPoint.DEGENERATE, c.kind());
      assertArrayEquals(new int[] {0}, c.effectiveUnits(), "f = 0 has no effective unit");
      assertEquals(0, c.canonicalWeights().length);
    }
    assertTrue(points.size() <= 3);
  }

  /**
   * (3, 1, 3, 4): the cube frame f = a (x_1^4 + x_2^4 + x_3^4) has E[f] = 3a/5 and
   * E[f^2] = a^2 (3 E[x^8] + 6 E[x_1^4 x_2^4]) = a^2 (3 * 105 + 6 * 9) / 945, so its best loss is
   * 1 - E[f]^2 / E[f^2] = 16/205; the census finds it as the only minimum.
   */
  @Test
  void theCubeFrameIsTheOnlyMinimumOfThreeUnitsInSpace() {
    Census.Result r = census(3, 1, 3, 4, 1024);
    List<CriticalPoint> minima = r.points().stream().filter(c -> c.kind().equals(CriticalPoint.MINIMUM)).toList();
    assertEquals(1, minima.size());
    CriticalPoint cube = minima.get(0);
    assertEquals(16.0 / 205, cube.loss(), 1e-13);
    assertEquals(r.points().get(0), cube, "the global one");
    assertEquals(Boolean.TRUE, cube.lpBallFrame());
    assertEquals("cube (rounded, p=4)", cube.polytopeName());
    assertArrayEquals(new int[] {8, 12, 6}, cube.body().morseCounts());
    assertEquals(6, cube.eigenvalues().length, "9 weights, 3 rotations");
  }

  /**
   * The (2, 2, 2, 4) critical point whose f vanishes on the diagonals (first layer diag(1.0796,
   * -1.5892), second-layer rows proportional to (1.5892^4, -1.0796^4)): its first layer has full
   * rank, and the census named it "square (rounded, p=4)" until the measurement searched for the
   * cancellation of the last layer.
   */
  @Test
  void aCriticalPointWhoseLastLayerCancelsIsUnbounded() {
    double a = Math.pow(1.5892, 4);
    double b = Math.pow(1.0796, 4);
    Architecture arch = new Architecture(2, 2, 2, org.neuralpolytopes.net.Activations.of("abs_power", 4));
    double[] w = {1.0796, 0, 0, -1.5892, 0.8 * a, -0.8 * b, 0.31 * a, -0.31 * b};
    org.neuralpolytopes.geometry.GeometrySettings gs = CensusSettings.DEFAULT.geometry();
    Body body = Body.measure(new org.neuralpolytopes.net.Network(arch, w),
        org.neuralpolytopes.net.CanonicalForm.of(arch, w, gs.tolerances().unit()), gs);
    assertEquals(Body.UNBOUNDED, body.name());
  }

  /**
   * (2, 2, 2, 4) listed one critical set twice at loss 0.7244346967: once with one unit per layer
   * (index 1, nullity 3) and once, from the starts that stop on the manifold of split units, with
   * two first-layer rows 1.04e-4 rad apart, just above the unit tolerance (index 0, nullity 4;
   * drawn "unnamed" at 256 starts, though its f vanishes). Merged and solved again, those are the
   * one-unit point: every critical value appears once, as one point, and its body is unbounded.
   */
  @Test
  void splitUnitsOfOneCriticalSetAreListedOnce() {
    Census.Result r = census(2, 2, 2, 4, 256);
    List<CriticalPoint> points = r.points();
    assertEquals(r.converged(), points.stream().mapToInt(CriticalPoint::starts).sum(), "every converged start counted once");
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i).loss() - points.get(i - 1).loss() > 1e-9,
          "losses " + points.get(i - 1).loss() + " and " + points.get(i).loss() + " listed twice");
    }
    CriticalPoint set = points.stream().filter(c -> Math.abs(c.loss() - 0.7244346967) < 1e-9).findFirst().orElseThrow();
    assertArrayEquals(new int[] {1, 1}, set.effectiveUnits());
    assertEquals(Body.UNBOUNDED, set.polytopeName());
    assertTrue(set.starts() > 150, "the split starts joined it: " + set.starts());
    // its last layer's two units are one (within tol_unit) whose row cancels on a line: measured on
    // the canonical network they cancel exactly (on the raw weights, 1e-12 apart, to 1.1e-12 only,
    // above the vanishing threshold, and the body was named "rectangle (rounded, p=4)")
    CriticalPoint cancels = points.stream().filter(c -> Math.abs(c.loss() - 0.7285331131) < 1e-9).findFirst()
        .orElseThrow();
    assertArrayEquals(new int[] {2, 1}, cancels.effectiveUnits());
    assertEquals(Body.UNBOUNDED, cancels.polytopeName());
  }

  /** A point with no nearly parallel units is returned as it is; a merge that changes the loss is not taken. */
  @Test
  void polishingKeepsDistinctUnits() {
    Architecture arch = Census.check(2, 1, 2, 4, 256);
    PopulationLoss loss = new PopulationLoss(arch);
    CriticalPointSolver solver = new CriticalPointSolver(loss, CensusSettings.DEFAULT.gradientTolerance(),
        CensusSettings.DEFAULT.maxIterations());
    // the minimum: orthogonal rows of length (24/19)^(1/4)
    double a = Math.pow(24.0 / 19, 0.25);
    CriticalPointSolver.Outcome min = solver.solve(new double[] {a, 0, 0, a});
    assertTrue(min.converged());
    assertSame(min, Census.polish(solver, arch, min, 1e-4));
    // rows 5e-3 rad apart, far from any critical point: the merged point has another loss
    CriticalPointSolver.Outcome near = new CriticalPointSolver.Outcome(true, new double[] {1, 0, Math.cos(5e-3),
        Math.sin(5e-3)}, loss.evaluate(new double[] {1, 0, Math.cos(5e-3), Math.sin(5e-3)}), 0);
    assertSame(near, Census.polish(solver, arch, near, 1e-4));
  }

  @Test
  void badShapesAreRefusedInOneLine() {
    assertMessage("--p must be an even integer", () -> Census.check(2, 1, 2, 3, 1000));
    assertMessage("--p must be an even integer", () -> Census.check(2, 1, 2, 4.5, 1000));
    assertMessage("--p 2: the last layer's sum of squares", () -> Census.check(2, 1, 2, 2, 1000));
    assertMessage("--starts 100 is below 2^12 = 4096 for (3, 1, 4, 4)", () -> Census.check(3, 1, 4, 4, 100));
    assertMessage("has 24 weights", () -> Census.check(3, 1, 8, 4, 1 << 20));
    assertMessage("more than 500 monomials", () -> Census.check(3, 3, 1, 4, 1 << 20));
    Census.check(3, 1, 4, 4, 4096);
  }

  static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(fragment), x.getMessage());
    assertEquals(1, x.getMessage().lines().count());
  }

  @Test
  void theFirstTwoToTheMSobolPointsHitEveryOrthantOnce() {
    // Sobol's property A, the ground of the starts rule, for every m the census allows.
    for (int m = 1; m <= Census.MAX_WEIGHTS; m++) {
      SobolSequenceGenerator g = new SobolSequenceGenerator(m);
      boolean[] seen = new boolean[1 << m];
      for (int i = 0; i < (1 << m); i++) {
        double[] x = g.nextVector();
        int key = 0;
        for (int k = 0; k < m; k++) {
          key |= (x[k] >= 0.5 ? 1 : 0) << k;
        }
        assertFalse(seen[key], "m = " + m + ": orthant " + key + " twice");
        seen[key] = true;
      }
    }
  }

  @Test
  void aDeadlineStopsTheCensus() {
    Architecture arch = Census.check(2, 1, 2, 4, 256);
    Deadline past = Deadline.at(System.nanoTime() - 1);
    Deadline.DeadlineExceededException e = assertThrows(Deadline.DeadlineExceededException.class,
        () -> Census.run(arch, CensusSettings.DEFAULT.withStarts(256), past));
    assertTrue(e.stage().startsWith("census start"));
  }
}
