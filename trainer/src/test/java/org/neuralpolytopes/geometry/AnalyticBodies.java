package org.neuralpolytopes.geometry;

import java.util.Random;
import org.neuralpolytopes.net.AbsPower;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/** The analytic one-layer networks of docs/paper-claims.md ("Analytic weights"): bodies known without training. */
final class AnalyticBodies {

  static final double PHI = (1 + Math.sqrt(5)) / 2;

  private AnalyticBodies() {}

  /** w_i = e_i: the l_p unit ball's polar... with |t|^p, the l_p unit ball itself. */
  static double[][] axes(int d) {
    double[][] w = new double[d][d];
    for (int i = 0; i < d; i++) {
      w[i][i] = 1;
    }
    return w;
  }

  /** (cos(pi k / n), sin(pi k / n)), k = 0 .. n-1: the regular 2n-gon at p = 1. */
  static double[][] polygon(int n) {
    double[][] w = new double[n][];
    for (int k = 0; k < n; k++) {
      w[k] = new double[] {Math.cos(Math.PI * k / n), Math.sin(Math.PI * k / n)};
    }
    return w;
  }

  static double[][] cuboctahedron() {
    return new double[][] {{1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {-1, 1, 1}};
  }

  static double[][] icosidodecahedron() {
    return new double[][] {
        {0, 1, PHI}, {0, 1, -PHI}, {1, PHI, 0}, {1, -PHI, 0}, {PHI, 0, 1}, {-PHI, 0, 1}};
  }

  static double[][] tetrakisHexahedron() {
    return new double[][] {{1, 1, 0}, {1, -1, 0}, {1, 0, 1}, {1, 0, -1}, {0, 1, 1}, {0, 1, -1}};
  }

  /** The network with one unit per row of w, activation |t|^p. */
  static Network network(double[][] w, double p) {
    int d = w[0].length;
    double[] flat = new double[w.length * d];
    for (int i = 0; i < w.length; i++) {
      System.arraycopy(w[i], 0, flat, i * d, d);
    }
    return new Network(new Architecture(d, 1, w.length, new AbsPower(p)), flat);
  }

  /** Every row of w rotated by the same uniformly random rotation (QR of a Gaussian matrix). */
  static double[][] rotated(double[][] w, long seed) {
    int d = w[0].length;
    double[][] q = randomOrthogonal(d, new Random(seed));
    double[][] out = new double[w.length][d];
    for (int i = 0; i < w.length; i++) {
      for (int a = 0; a < d; a++) {
        double s = 0;
        for (int b = 0; b < d; b++) {
          s += q[a][b] * w[i][b];
        }
        out[i][a] = s;
      }
    }
    return out;
  }

  /** A Haar-random orthogonal matrix (Gram-Schmidt of Gaussian columns), determinant +1. */
  static double[][] randomOrthogonal(int d, Random rng) {
    double[][] q = new double[d][d];
    for (int j = 0; j < d; j++) {
      double[] v = new double[d];
      for (int i = 0; i < d; i++) {
        v[i] = rng.nextGaussian();
      }
      for (int k = 0; k < j; k++) {
        double s = 0;
        for (int i = 0; i < d; i++) {
          s += v[i] * q[i][k];
        }
        for (int i = 0; i < d; i++) {
          v[i] -= s * q[i][k];
        }
      }
      double n = 0;
      for (double x : v) {
        n += x * x;
      }
      n = Math.sqrt(n);
      for (int i = 0; i < d; i++) {
        q[i][j] = v[i] / n;
      }
    }
    if (det(q) < 0) {
      for (int i = 0; i < d; i++) {
        q[i][0] = -q[i][0];
      }
    }
    return q;
  }

  static double det(double[][] a) {
    int n = a.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, flat, i * n, n);
    }
    return Linear.determinant(flat, n);
  }
}
