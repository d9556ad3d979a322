package org.neuralpolytopes.geometry;

import org.apache.commons.math3.analysis.MultivariateFunction;

/**
 * The Nelder-Mead simplex search (Nelder and Mead 1965, "A simplex method for function
 * minimization") as commons-math 3.6.1 runs it, for maximisation: its
 * {@code SimplexOptimizer} with a {@code NelderMeadSimplex} of the default coefficients and
 * side {@code side}, a {@code SimplePointChecker(0, precision)}, {@code MaxIter} and
 * {@code MaxEval}. The same points are evaluated in the same order, with the same arithmetic, and
 * the search stops at the same point (NelderMeadTest compares the two evaluation by evaluation).
 * commons-math allocates a point and a boxed value per evaluation and copies the simplex every
 * iteration; where the objective costs about 100 ns (the support function's radial function),
 * that is as much time as the objective's, and this transcription allocates nothing per search.
 *
 * <ol>
 *   <li>Start: x_0 = the start point, x_i = x_0 + side (e_1 + ... + e_i); evaluate all, sort from
 *       the largest value down (stable: equal values keep their order).
 *   <li>Each iteration, with c the centroid of the n best vertices (summed in rank order, times
 *       1/n) and w the worst: reflect r = c + (c - w). If f(x_0) >= f(r) > f(x_{n-1}) accept r; if
 *       f(r) > f(x_0) try the expansion e = c + 2 (r - c) and accept the better of e and r
 *       (r on a tie); if f(r) > f(w) try the outside contraction c + (r - c)/2 and accept it if
 *       it is at least f(r); otherwise the inside contraction c - (c - w)/2, accepted if better
 *       than w. Failing a contraction, shrink every vertex halfway towards x_0 and re-evaluate. An
 *       accepted point goes before the first vertex it beats.
 *   <li>Stop after an iteration when no coordinate of any vertex moved by more than
 *       {@code precision} from the previous iteration's vertex of the same rank; after
 *       {@code maxIterations} iterations; or before the evaluation that would exceed
 *       {@code maxEvaluations}. A stopped search can be resumed with a finer precision.
 * </ol>
 *
 * Values are compared as {@link Double#compare} does. The search returns nothing: the objective
 * records what its caller needs (the support function keeps the largest value it was asked for).
 * Not thread-safe (it reuses its buffers).
 */
final class NelderMead {

  private final int n;
  private final double side;
  private final int maxIterations;
  private final int maxEvaluations;
  /** The vertices by rank (largest value first), their values, and the same at the iteration's start. */
  private final double[][] vertex;
  private final double[] value;
  private final double[][] previous;
  private final double[] centroid;
  /** Scratch points; an accepted one changes places with the vertex it drops. */
  private double[] reflected;
  private double[] trial;
  /** The current search's evaluations and completed iterations, and whether a cap ended it. */
  private int evaluations;
  private int iteration;
  private boolean capped;
  private MultivariateFunction objective;

  /**
   * @param n dimension of the search space
   * @param side the starting simplex's side
   */
  NelderMead(int n, double side, int maxIterations, int maxEvaluations) {
    this.n = n;
    this.side = side;
    this.maxIterations = maxIterations;
    this.maxEvaluations = maxEvaluations;
    this.vertex = new double[n + 1][n];
    this.value = new double[n + 1];
    this.previous = new double[n + 1][n];
    this.centroid = new double[n];
    this.reflected = new double[n];
    this.trial = new double[n];
  }

  /**
   * Runs the search for a maximum of {@code f} from {@code start} until it converges at
   * {@code precision} (steps 1 to 3).
   */
  void maximise(MultivariateFunction f, double[] start, double precision) {
    start(f, start);
    resume(precision);
  }

  /** Step 1: the starting simplex of a search for a maximum of {@code f}, evaluated and sorted. */
  void start(MultivariateFunction f, double[] start) {
    objective = f;
    evaluations = 0;
    iteration = 0;
    capped = false;
    System.arraycopy(start, 0, vertex[0], 0, n);
    for (int i = 1; i <= n; i++) {
      for (int k = 0; k < n; k++) {
        vertex[i][k] = start[k] + (k < i ? side : 0.0);
      }
    }
    java.util.Arrays.fill(value, Double.NaN);
    try {
      evaluateAndSort();
    } catch (EvaluationCap e) {
      capped = true;
    }
  }

  /**
   * Steps 2 and 3: iterates until the search converges at {@code precision} or reaches a cap.
   * Called again with a finer precision, it goes on from where it stopped, exactly as a search
   * started with the finer precision would have gone.
   */
  void resume(double precision) {
    try {
      while (!capped && iteration <= maxIterations) {
        if (iteration > 0 && converged(precision)) {
          return;
        }
        for (int i = 0; i <= n; i++) {
          System.arraycopy(vertex[i], 0, previous[i], 0, n);
        }
        iterate();
        iteration++;
      }
    } catch (EvaluationCap e) {
      capped = true;
    }
  }

  /** Step 2: one iteration. */
  private void iterate() {
    double[] worst = vertex[n];
    java.util.Arrays.fill(centroid, 0);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        centroid[k] += vertex[i][k];
      }
    }
    double scaling = 1.0 / n;
    for (int k = 0; k < n; k++) {
      centroid[k] *= scaling;
    }
    for (int k = 0; k < n; k++) {
      reflected[k] = centroid[k] + 1.0 * (centroid[k] - worst[k]);
    }
    double fr = evaluate(reflected);
    if (Double.compare(value[0], fr) >= 0 && Double.compare(fr, value[n - 1]) > 0) {
      reflected = replaceWorst(reflected, fr);
    } else if (Double.compare(fr, value[0]) > 0) {
      for (int k = 0; k < n; k++) {
        trial[k] = centroid[k] + 2.0 * (reflected[k] - centroid[k]);
      }
      double fe = evaluate(trial);
      if (Double.compare(fe, fr) > 0) {
        trial = replaceWorst(trial, fe);
      } else {
        reflected = replaceWorst(reflected, fr);
      }
    } else {
      if (Double.compare(fr, value[n]) > 0) {
        for (int k = 0; k < n; k++) {
          trial[k] = centroid[k] + 0.5 * (reflected[k] - centroid[k]);
        }
        double fc = evaluate(trial);
        if (Double.compare(fc, fr) >= 0) {
          trial = replaceWorst(trial, fc);
          return;
        }
      } else {
        for (int k = 0; k < n; k++) {
          trial[k] = centroid[k] - 0.5 * (centroid[k] - worst[k]);
        }
        double fc = evaluate(trial);
        if (Double.compare(fc, value[n]) > 0) {
          trial = replaceWorst(trial, fc);
          return;
        }
      }
      double[] best = vertex[0];
      for (int i = 1; i <= n; i++) {
        for (int k = 0; k < n; k++) {
          vertex[i][k] = best[k] + 0.5 * (vertex[i][k] - best[k]);
        }
        value[i] = Double.NaN;
      }
      evaluateAndSort();
    }
  }

  /**
   * Puts {@code point} before the first vertex it beats, drops the worst vertex and returns the
   * dropped vertex's array for reuse.
   */
  private double[] replaceWorst(double[] point, double f) {
    double[] carried = point;
    double carriedValue = f;
    for (int i = 0; i < n; i++) {
      if (Double.compare(carriedValue, value[i]) > 0) {
        double[] x = vertex[i];
        double v = value[i];
        vertex[i] = carried;
        value[i] = carriedValue;
        carried = x;
        carriedValue = v;
      }
    }
    double[] dropped = vertex[n];
    vertex[n] = carried;
    value[n] = carriedValue;
    return dropped;
  }

  /** Evaluates the vertices without a value, in rank order, then sorts them (stable, largest first). */
  private void evaluateAndSort() {
    for (int i = 0; i <= n; i++) {
      if (Double.isNaN(value[i])) {
        value[i] = evaluate(vertex[i]);
      }
    }
    for (int i = 1; i <= n; i++) {
      double[] x = vertex[i];
      double v = value[i];
      int j = i;
      while (j > 0 && Double.compare(v, value[j - 1]) > 0) {
        vertex[j] = vertex[j - 1];
        value[j] = value[j - 1];
        j--;
      }
      vertex[j] = x;
      value[j] = v;
    }
  }

  private double evaluate(double[] x) {
    if (++evaluations > maxEvaluations) {
      throw EvaluationCap.INSTANCE;
    }
    return objective.value(x);
  }

  /** Step 3: SimplePointChecker's test with relative threshold 0, for every vertex by rank. */
  private boolean converged(double precision) {
    for (int i = 0; i <= n; i++) {
      for (int k = 0; k < n; k++) {
        double p = previous[i][k];
        double c = vertex[i][k];
        double difference = Math.abs(p - c);
        double size = Math.max(Math.abs(p), Math.abs(c));
        if (difference > size * 0.0 && difference > precision) {
          return false;
        }
      }
    }
    return true;
  }

  /** Ends a search at its evaluation cap (no stack trace: control flow within this class). */
  private static final class EvaluationCap extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final EvaluationCap INSTANCE = new EvaluationCap();

    private EvaluationCap() {
      super("evaluation cap", null, false, false);
    }
  }
}
