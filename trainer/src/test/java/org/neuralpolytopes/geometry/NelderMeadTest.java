package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimplePointChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.junit.jupiter.api.Test;

/**
 * {@link NelderMead} evaluates the same points, in the same order, as commons-math's
 * SimplexOptimizer with a NelderMeadSimplex and a SimplePointChecker(0, precision), and stops at
 * the same evaluation, also at its iteration and evaluation caps.
 */
class NelderMeadTest {

  /** Objectives to maximise: smooth, ridged, cusped, with plateaus (ties) and with -infinity regions. */
  private static List<MultivariateFunction> objectives(int n, SplittableRandom rng) {
    double[] c = new double[n];
    double[] a = new double[n];
    for (int k = 0; k < n; k++) {
      c[k] = rng.nextDouble(-0.3, 0.3);
      a[k] = rng.nextDouble(0.5, 20);
    }
    MultivariateFunction quadratic = x -> {
      double s = 0;
      for (int k = 0; k < n; k++) {
        double t = x[k] - c[k];
        s -= a[k] * t * t;
        if (k > 0) {
          s -= 0.5 * t * (x[k - 1] - c[k - 1]);
        }
      }
      return s;
    };
    MultivariateFunction rosenbrock = x -> {
      double s = 0;
      for (int k = 0; k + 1 < n; k++) {
        s -= 100 * Math.pow(x[k + 1] - x[k] * x[k], 2) + Math.pow(1 - x[k], 2);
      }
      return n == 1 ? -Math.pow(1 - x[0], 2) : s;
    };
    MultivariateFunction cusp = x -> {
      double s = 1;
      for (int k = 0; k < n; k++) {
        s -= Math.sqrt(Math.abs(x[k] - c[k]));
      }
      return s;
    };
    MultivariateFunction ridge = x -> {
      double s = -Math.abs(x[0] - c[0]);
      for (int k = 1; k < n; k++) {
        s -= Math.abs(x[k] - x[k - 1]) + 0.1 * x[k] * x[k];
      }
      return s;
    };
    MultivariateFunction plateaus = x -> Math.floor(quadratic.value(x) * 1e3) / 1e3;
    MultivariateFunction walled = x -> x[0] > c[0] + 0.05 ? Double.NEGATIVE_INFINITY : quadratic.value(x);
    return List.of(quadratic, rosenbrock, cusp, ridge, plateaus, walled);
  }

  /** Every evaluation as (x, f(x)). */
  private static MultivariateFunction logged(MultivariateFunction f, List<double[]> log) {
    return x -> {
      double v = f.value(x);
      double[] e = Arrays.copyOf(x, x.length + 1);
      e[x.length] = v;
      log.add(e);
      return v;
    };
  }

  private static List<double[]> commonsMath(MultivariateFunction f, double[] start, double side, double precision,
      int maxIterations, int maxEvaluations) {
    List<double[]> log = new ArrayList<>();
    try {
      new SimplexOptimizer(new SimplePointChecker<>(0, precision)).optimize(new MaxIter(maxIterations),
          new MaxEval(maxEvaluations), new ObjectiveFunction(logged(f, log)), GoalType.MAXIMIZE,
          new InitialGuess(start), new NelderMeadSimplex(start.length, side));
    } catch (MaxCountExceededException e) {
      // a cap ended the search
    }
    return log;
  }

  private static void assertSameEvaluations(List<double[]> expected, List<double[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what + ": number of evaluations");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ": evaluation " + i);
    }
  }

  @Test
  void evaluatesWhatCommonsMathEvaluatesToTheBit() {
    SplittableRandom rng = new SplittableRandom(3);
    double[] sides = {1e-3, 0.05, 1};
    double[] precisions = {1e-3, 1e-8, 1e-12};
    int searches = 0;
    int capped = 0;
    for (int n = 1; n <= 4; n++) {
      List<MultivariateFunction> fs = objectives(n, rng);
      for (int fi = 0; fi < fs.size(); fi++) {
        for (double side : sides) {
          for (double precision : precisions) {
            double[] start = new double[n];
            for (int k = 0; k < n; k++) {
              start[k] = rng.nextBoolean() ? 0 : rng.nextDouble(-0.5, 0.5);
            }
            // the support function's caps, and small ones that end searches early
            int[][] caps = {{200 * n, 200 * n * (n + 2)}, {3 + rng.nextInt(10), 1000}, {1000, 5 + rng.nextInt(30)}};
            for (int[] cap : caps) {
              List<double[]> expected = commonsMath(fs.get(fi), start, side, precision, cap[0], cap[1]);
              List<double[]> actual = new ArrayList<>();
              new NelderMead(n, side, cap[0], cap[1]).maximise(logged(fs.get(fi), actual), start, precision);
              assertSameEvaluations(expected, actual, "n=" + n + " f=" + fi + " side=" + side + " precision="
                  + precision + " caps=" + Arrays.toString(cap));
              searches++;
              capped += expected.size() == cap[1] ? 1 : 0;
            }
          }
        }
      }
    }
    assertTrue(capped > 10, "the evaluation cap was reached in " + capped + " of " + searches + " searches");
  }

  @Test
  void aResumedSearchIsTheSearchOfTheFinerPrecision() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int n = 1; n <= 3; n++) {
      for (MultivariateFunction f : objectives(n, rng)) {
        double[] start = new double[n];
        List<double[]> direct = new ArrayList<>();
        new NelderMead(n, 0.05, 200 * n, 200 * n * (n + 2)).maximise(logged(f, direct), start, 1e-9);
        List<double[]> resumed = new ArrayList<>();
        NelderMead search = new NelderMead(n, 0.05, 200 * n, 200 * n * (n + 2));
        search.maximise(logged(f, resumed), start, 1e-4);
        int first = resumed.size();
        search.resume(1e-9);
        assertSameEvaluations(direct, resumed, "n=" + n);
        assertTrue(first <= resumed.size());
      }
    }
  }
}
