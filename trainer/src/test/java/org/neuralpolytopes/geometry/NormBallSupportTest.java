package org.neuralpolytopes.geometry;

import static org.neuralpolytopes.geometry.SupportFunctionTest.randomBody;
import static org.neuralpolytopes.geometry.SupportFunctionTest.randomUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The exact support function of one-layer norm balls: against the dual norm of rotated l_p balls
 * (known in closed form), and against the support function's search on random one-layer bodies.
 */
class NormBallSupportTest {

  /** h(u) = ||Q u||_q for the l_p ball rotated by Q, 1/p + 1/q = 1 (q = infinity for p = 1). */
  private static double dualNorm(double[][] q, double p, double[] u) {
    if (p == 1) {
      double m = 0;
      for (double[] row : q) {
        m = Math.max(m, Math.abs(Linear.dot(row, u)));
      }
      return m;
    }
    double conjugate = p / (p - 1);
    double norm = 0;
    for (double[] row : q) {
      norm += Math.pow(Math.abs(Linear.dot(row, u)), conjugate);
    }
    return Math.pow(norm, 1 / conjugate);
  }

  @ParameterizedTest(name = "d={0} p={1}")
  @CsvSource({"2,1", "2,1.5", "2,3", "3,1", "3,1.3333333333333333", "3,1.5", "3,2", "3,2.7", "3,4", "3,16",
      "3,64", "4,1", "4,1.25", "4,3", "5,1", "5,1.5"})
  void givesTheDualNormOfARotatedLpBallToRounding(int d, double p) {
    double[][] q = AnalyticBodies.rotated(AnalyticBodies.axes(d), 11);
    RadialFunction r = new RadialFunction(AnalyticBodies.network(q, p));
    assertNotNull(NormBallSupport.of(r), "an l_p ball, p >= 1, is a norm ball");
    SupportFunction h = new SupportFunction(r, d, SupportFunction.SIMPLEX_PRECISION, Deadline.NONE, "test");
    DirectionSet set = DirectionSet.of(d, 3000);
    double[] u = new double[d];
    double worst = 0;
    for (int i = 0; i < set.size(); i++) {
      set.direction(i, u);
      double exact = dualNorm(q, p, u);
      worst = Math.max(worst, Math.abs(h.support(u) - exact) / exact);
      assertEquals(h.support(u), h.refineFurther(1e-12), 0, "an exact answer is final");
    }
    assertTrue(worst < 1e-13, "off the dual norm by up to " + worst + " relative");
  }

  /**
   * On random one-layer bodies the search approaches h from below (its answer is the largest of
   * the surface points it evaluated): the exact form is never below it beyond rounding. For p > 1
   * it is above it by at most the search's precision (O(e^min(p, 2)), e = 1e-10 rad), and Newton's
   * method converges from the poor start u itself. For p = 1 the search can stop short of a vertex
   * (by up to 1e-4 relative on these bodies), so the exact form is checked against a linear
   * program instead: h(u) = max u . x subject to e_j >= |w_j . x|, sum_j e_j <= 1.
   */
  @ParameterizedTest(name = "d={0} n={1} p={2}")
  @CsvSource({"3,3,1", "3,4,1", "3,6,1", "3,9,1", "4,6,1", "5,8,1", "3,4,1.05", "3,4,1.3333333333333333",
      "3,6,1.5", "3,6,2", "3,5,2.7", "3,6,4", "3,8,16", "4,6,1.5", "4,7,3", "5,8,1.3333333333333333"})
  void agreesWithTheSearchOnRandomBodies(int d, int n, double p) {
    for (long seed = 1; seed <= 3; seed++) {
      RadialFunction r = randomBody(d, 1, n, "abs_power", p, seed * 31 + n);
      NormBallSupport exact = NormBallSupport.of(r);
      assertNotNull(exact);
      SupportFunction searched = SupportFunction.searching(r, d, 1e-10);
      SupportFunction fast = new SupportFunction(r, d, 1e-4, Deadline.NONE, "test");
      SplittableRandom rng = new SplittableRandom(seed);
      double bound = p < 1.2 ? 1e-9 : 1e-11;
      for (int t = 0; t < 200; t++) {
        double[] u = randomUnit(d, rng);
        double s = searched.support(u);
        double e = fast.support(u);
        String where = r.network().architecture() + " seed " + seed + " direction " + t;
        assertTrue(e >= s * (1 - 1e-13), where + ": exact " + e + " below the search's " + s);
        if (p > 1) {
          assertTrue(e <= s * (1 + bound), where + ": exact " + e + " above the search's " + s + " by more than " + bound);
          assertEquals(e, exact.support(u, u, 0), 1e-13 * e, where + ": Newton's method from u itself");
        } else if (t < 40) {
          double lp = linearProgram(r.network(), u);
          assertEquals(lp, e, 1e-12 * lp, where + ": the linear program's maximum");
        }
      }
    }
  }

  /** max u . x subject to sum_j |w_j . x| <= 1, by commons-math's simplex method. */
  private static double linearProgram(Network net, double[] u) {
    int d = net.architecture().d();
    int n = net.architecture().units();
    // variables: x (d, free), e (n, >= 0 by its constraints)
    double[] objective = new double[d + n];
    System.arraycopy(u, 0, objective, 0, d);
    List<LinearConstraint> constraints = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      for (int sign = -1; sign <= 1; sign += 2) {
        double[] row = new double[d + n];
        for (int k = 0; k < d; k++) {
          row[k] = sign * net.weight(j * d + k);
        }
        row[d + j] = 1;
        constraints.add(new LinearConstraint(row, Relationship.GEQ, 0));
      }
    }
    double[] sum = new double[d + n];
    java.util.Arrays.fill(sum, d, d + n, 1);
    constraints.add(new LinearConstraint(sum, Relationship.LEQ, 1));
    PointValuePair best = new SimplexSolver().optimize(new LinearObjectiveFunction(objective, 0),
        new LinearConstraintSet(constraints), GoalType.MAXIMIZE, new NonNegativeConstraint(false), new MaxIter(10_000));
    return best.getValue();
  }

  @Test
  void onlyOneLayerNormBallsHaveTheExactForm() {
    assertNull(NormBallSupport.of(randomBody(3, 2, 6, "abs_power", 1, 1)), "two layers");
    assertNull(NormBallSupport.of(randomBody(3, 1, 6, "abs_power", 0.5, 1)), "p < 1: not convex");
    assertNull(NormBallSupport.of(randomBody(3, 1, 6, "relu", 1, 1)), "relu");
    assertNull(NormBallSupport.of(randomBody(3, 1, 2, "abs_power", 1.5, 1)), "2 units in d = 3: unbounded");
    // rank 2 in d = 3: the third row is the sum of the first two
    double[] w = {1, 0, 0, 0, 1, 0, 1, 1, 0};
    Network flat = new Network(new Architecture(3, 1, 3, Activations.of("abs_power", 2)), w);
    assertNull(NormBallSupport.of(new RadialFunction(flat)), "W of rank 2: a cylinder");
    assertNotNull(NormBallSupport.of(randomBody(3, 1, 3, "abs_power", 1, 1)));
    assertNotNull(NormBallSupport.of(randomBody(2, 1, 2, "abs_power", 64, 1)));
  }

  /** The octahedron's vertices are +-e_i: K_1 of the axes has h(u) = max |u_i| exactly at the axes. */
  @Test
  void theCrossPolytopesSupportIsItsLargestCoordinate() {
    RadialFunction r = new RadialFunction(AnalyticBodies.network(AnalyticBodies.axes(3), 1));
    NormBallSupport exact = NormBallSupport.of(r);
    assertTrue(exact.polytope());
    assertEquals(1, exact.support(new double[] {0, 0, 1}, null, 0), 0);
    double c = 1 / Math.sqrt(3);
    assertEquals(c, exact.support(new double[] {c, -c, c}, null, 0), 1e-16);
    assertEquals(0.8, exact.support(new double[] {0.6, 0, -0.8}, null, 0), 1e-16);
  }
}
