package org.neuralpolytopes.census;

import java.util.HashMap;
import java.util.Map;
import org.neuralpolytopes.net.AbsPower;
import org.neuralpolytopes.net.Architecture;

/**
 * The population loss E_x[(f(x) - 1)^2] over the uniform sphere S^{d-1} of a bias-free network
 * with activation t^p, p an even integer, in closed form, with its exact gradient and Hessian in
 * the weights. No sampling.
 *
 * <p>f is then a homogeneous polynomial of degree D = p^L in x, f(x) = sum_alpha c_alpha(w)
 * x^alpha over the monomials of degree D, and
 *
 * <pre>
 *   loss(w) = c' G c - 2 m' c + 1,   G[a][b] = E[x^(alpha_a + alpha_b)],  m[a] = E[x^alpha_a]
 * </pre>
 *
 * with the sphere's moments ({@link SphereMoments}). So
 *
 * <pre>
 *   grad = 2 J' r,   Hessian = 2 J' G J + 2 sum_a r_a Hess(c_a),   r = G c - m,  J = dc/dw.
 * </pre>
 *
 * <ol>
 *   <li>First layer: the coefficients of (w_i . x)^p are multinomial(p; alpha) w_i^alpha; their
 *       first and second derivatives in w_i are written down directly.
 *   <li>Layer l >= 2: u_j = sum_k V_jk h_k as polynomials in x whose coefficients are
 *       second-order jets in all the weights ({@link Jets}), then h_j = u_j^p by squaring and
 *       multiplying (binary powering) with product tables of the monomials.
 *   <li>f = sum_j h_j of the last layer gives c with its Jacobian J and coefficient Hessians;
 *       the loss, gradient and Hessian follow by the formulas above.
 * </ol>
 *
 * The cost grows with the monomial counts C(p^l + d - 1, d - 1) and with the square of the
 * number of weights (jet size): milliseconds for (3, 2, 3, 4), microseconds for one layer. Holds
 * scratch state: not thread-safe.
 */
final class PopulationLoss {

  /** Loss, gradient and Hessian (row-major, symmetric) at one point. */
  record Evaluation(double loss, double[] gradient, double[] hessian) {}

  private final Architecture arch;
  private final int d;
  private final int layers;
  private final int n;
  private final int p;
  private final int m;
  private final Jets jets;
  /** Jets of no variable: plain numbers, for the value-only path. */
  private final Jets values = new Jets(0);
  private final Map<Integer, Monomials> monomials = new HashMap<>();
  private final Map<Long, int[][]> tables = new HashMap<>();
  private final Monomials top;
  private final double[] gram;
  private final double[] moments;
  private final Monomials first;
  private final double[] firstMultinomial;

  PopulationLoss(Architecture arch) {
    this.arch = arch;
    this.p = exponent(arch);
    this.d = arch.d();
    this.layers = arch.layers();
    this.n = arch.units();
    this.m = arch.weightCount();
    this.jets = new Jets(m);
    int degree = 1;
    for (int l = 0; l < layers; l++) {
      degree *= p;
    }
    this.top = monomialsOf(degree);
    this.gram = SphereMoments.gram(top);
    this.moments = SphereMoments.moments(top);
    this.first = monomialsOf(p);
    this.firstMultinomial = new double[first.size()];
    for (int i = 0; i < first.size(); i++) {
      firstMultinomial[i] = first.multinomial(i);
    }
  }

  /** The activation's exponent as an even integer; refuses anything else. */
  static int exponent(Architecture arch) {
    double p = arch.activation().p();
    if (!AbsPower.NAME.equals(arch.activation().name()) || p != Math.rint(p) || p < 2 || ((long) p) % 2 != 0
        || p > 64) {
      throw new IllegalArgumentException("the population loss in closed form needs activation abs_power with an "
          + "even integer p (t^p is then a polynomial), got " + arch.activation().name() + " p = " + p);
    }
    return (int) p;
  }

  Architecture architecture() {
    return arch;
  }

  /** Monomials of f (degree p^L). */
  int monomialCount() {
    return top.size();
  }

  /** The loss alone (the value part of {@link #evaluate}, at the cost of the coefficients only). */
  double loss(double[] w) {
    double[] c = coefficientValues(w);
    return quadratic(c);
  }

  /** Loss, gradient and Hessian at w. */
  Evaluation evaluate(double[] w) {
    int s = jets.size();
    double[] c = coefficients(w);
    int terms = top.size();
    double[] cv = new double[terms];
    for (int a = 0; a < terms; a++) {
      cv[a] = c[a * s];
    }
    double[] r = new double[terms];
    double loss = 1;
    for (int a = 0; a < terms; a++) {
      double ga = 0;
      for (int b = 0; b < terms; b++) {
        ga += gram[a * terms + b] * cv[b];
      }
      r[a] = ga - moments[a];
      loss += cv[a] * (r[a] - moments[a]);
    }
    double[] grad = new double[m];
    for (int a = 0; a < terms; a++) {
      for (int t = 0; t < m; t++) {
        grad[t] += 2 * r[a] * c[a * s + 1 + t];
      }
    }
    // G J, then J' (G J)
    double[] gj = new double[terms * m];
    for (int a = 0; a < terms; a++) {
      for (int b = 0; b < terms; b++) {
        double g = gram[a * terms + b];
        if (g == 0) {
          continue;
        }
        int jb = b * s + 1;
        int row = a * m;
        for (int t = 0; t < m; t++) {
          gj[row + t] += g * c[jb + t];
        }
      }
    }
    double[] hess = new double[m * m];
    for (int a = 0; a < terms; a++) {
      int ja = a * s + 1;
      int row = a * m;
      for (int u = 0; u < m; u++) {
        double j = c[ja + u];
        if (j == 0) {
          continue;
        }
        for (int t = u; t < m; t++) {
          hess[u * m + t] += 2 * j * gj[row + t];
        }
      }
      double ra = 2 * r[a];
      for (int u = 0; u < m; u++) {
        for (int t = u; t < m; t++) {
          hess[u * m + t] += ra * c[a * s + jets.hessian(u, t)];
        }
      }
    }
    for (int u = 0; u < m; u++) {
      for (int t = 0; t < u; t++) {
        hess[u * m + t] = hess[t * m + u];
      }
    }
    return new Evaluation(loss, grad, hess);
  }

  /** c' G c - 2 m' c + 1 for coefficient values c. */
  private double quadratic(double[] c) {
    int terms = c.length;
    double loss = 1;
    for (int a = 0; a < terms; a++) {
      double ga = 0;
      for (int b = 0; b < terms; b++) {
        ga += gram[a * terms + b] * c[b];
      }
      loss += c[a] * (ga - 2 * moments[a]);
    }
    return loss;
  }

  /** E[f] and E[f^2] over the sphere. */
  double[] meanAndSquare(double[] w) {
    double[] c = coefficientValues(w);
    int terms = c.length;
    double mean = 0;
    double square = 0;
    for (int a = 0; a < terms; a++) {
      mean += moments[a] * c[a];
      double ga = 0;
      for (int b = 0; b < terms; b++) {
        ga += gram[a * terms + b] * c[b];
      }
      square += c[a] * ga;
    }
    return new double[] {mean, square};
  }

  /** The degree p^L of f in x, and in the first layer's weights. */
  int degree() {
    return top.degree();
  }

  /** The coefficients of f in the monomials of degree p^L (values only: jets of no variable). */
  double[] coefficientValues(double[] w) {
    return coefficients(w, values);
  }

  /** The coefficients of f as jets in the weights, one per monomial of degree p^L, flat. */
  double[] coefficients(double[] w) {
    return coefficients(w, jets);
  }

  /**
   * The coefficients of f as jets of {@code j}: of every weight ({@link #jets}) or of none
   * ({@link #values}, size 1: plain numbers, the same arithmetic without derivatives).
   */
  private double[] coefficients(double[] w, Jets j) {
    int s = j.size();
    double[][] h = new double[n][];
    for (int i = 0; i < n; i++) {
      h[i] = new double[first.size() * s];
      firstLayerUnit(w, i, j, h[i]);
    }
    int degree = p;
    for (int l = 1; l < layers; l++) {
      Monomials in = monomialsOf(degree);
      int off = arch.layerOffset(l);
      double[][] next = new double[n][];
      for (int u = 0; u < n; u++) {
        double[] pre = new double[in.size() * s];
        for (int k = 0; k < n; k++) {
          int var = off + u * n + k;
          double v = w[var];
          for (int a = 0; a < in.size(); a++) {
            variableTimesAdd(j, v, var, h[k], a * s, pre, a * s);
          }
        }
        next[u] = power(j, pre, degree, p);
      }
      h = next;
      degree *= p;
    }
    double[] c = new double[top.size() * s];
    for (int u = 0; u < n; u++) {
      for (int k = 0; k < c.length; k++) {
        c[k] += h[u][k];
      }
    }
    return c;
  }

  /**
   * The jets of the coefficients of (w_i . x)^p into {@code out}: coefficient mult(alpha) w^alpha,
   * derivative mult(alpha) alpha_k w^(alpha - e_k), second derivative
   * mult(alpha) alpha_k (alpha_l - [k = l]) w^(alpha - e_k - e_l), in the variables of row i.
   */
  private void firstLayerUnit(double[] w, int i, Jets j, double[] out) {
    int s = j.size();
    boolean derivatives = j.variables() > 0;
    double[][] pw = new double[d][p + 1];
    for (int k = 0; k < d; k++) {
      pw[k][0] = 1;
      for (int e = 1; e <= p; e++) {
        pw[k][e] = pw[k][e - 1] * w[i * d + k];
      }
    }
    int base = i * d;
    for (int a = 0; a < first.size(); a++) {
      int[] alpha = first.exponent(a);
      double mult = firstMultinomial[a];
      int at = a * s;
      out[at] = mult * monomial(pw, alpha, -1, -1);
      for (int k = 0; k < d && derivatives; k++) {
        if (alpha[k] == 0) {
          continue;
        }
        out[at + 1 + base + k] = mult * alpha[k] * monomial(pw, alpha, k, -1);
        for (int l = k; l < d; l++) {
          int second = l == k ? alpha[k] - 1 : alpha[l];
          if (second <= 0) {
            continue;
          }
          out[at + j.hessian(base + k, base + l)] = mult * alpha[k] * second * monomial(pw, alpha, k, l);
        }
      }
    }
  }

  /** w^(alpha - e_k - e_l) from a power table, with k or l = -1 for no reduction. */
  private double monomial(double[][] pw, int[] alpha, int k, int l) {
    double v = 1;
    for (int t = 0; t < alpha.length; t++) {
      int e = alpha[t] - (t == k ? 1 : 0) - (t == l ? 1 : 0);
      v *= pw[t][e];
    }
    return v;
  }

  /**
   * out[o..] += V * h[ih..] for the weight V = w[var] (value v): the product rule with the jet of
   * a single variable (gradient e_var, no Hessian), where h does not depend on V.
   */
  private void variableTimesAdd(Jets j, double v, int var, double[] h, int ih, double[] out, int o) {
    int s = j.size();
    for (int k = 0; k < s; k++) {
      out[o + k] += v * h[ih + k];
    }
    if (j.variables() == 0) {
      return;
    }
    out[o + 1 + var] += h[ih];
    for (int t = 0; t < m; t++) {
      double g = h[ih + 1 + t];
      if (g != 0) {
        out[o + j.hessian(Math.min(var, t), Math.max(var, t))] += g;
      }
    }
  }

  /** u^e for u of degree {@code degree}, by squaring and multiplying. */
  private double[] power(Jets j, double[] u, int degree, int e) {
    if (e == 1) {
      return u;
    }
    if (e % 2 == 0) {
      double[] half = power(j, u, degree, e / 2);
      int hd = degree * (e / 2);
      Monomials out = monomialsOf(2 * hd);
      double[] sq = new double[out.size() * j.size()];
      j.square(half, monomialsOf(hd).size(), table(hd, hd), sq, out.size());
      return sq;
    }
    double[] rest = power(j, u, degree, e - 1);
    int rd = degree * (e - 1);
    Monomials out = monomialsOf(rd + degree);
    double[] prod = new double[out.size() * j.size()];
    j.multiply(rest, monomialsOf(rd).size(), u, monomialsOf(degree).size(), table(rd, degree), prod, out.size());
    return prod;
  }

  private Monomials monomialsOf(int degree) {
    return monomials.computeIfAbsent(degree, k -> Monomials.of(d, k));
  }

  private int[][] table(int a, int b) {
    return tables.computeIfAbsent(((long) a << 32) | b, k -> monomialsOf(a).productTable(monomialsOf(b), monomialsOf(a + b)));
  }
}
