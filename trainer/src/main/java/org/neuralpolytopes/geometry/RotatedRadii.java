package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.AbsPower;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * r(Q u) of a positively homogeneous network's body for many unit vectors u and one rotation Q at
 * a time, in batches: what the polar distance's alignment evaluates for every rotation it tries.
 *
 * <p>The point-wise way ({@link RadialFunction#radius}) rotates each u, runs the network's direct
 * forward pass and takes exp(-log f / P), two library calls per direction. Here the rotation goes
 * into the first layer instead, z = W (Q u) = (W Q) u, so the directions stay fixed rows, and f is
 * evaluated on a batch of them a layer at a time: each unit's pre-activations by plain loops over
 * the batch (which C2 vectorises; not the trainer's Vector API combinations, whose C1 code
 * allocates every vector: a sweep of tiny runs, which compiles them late, allocated 2.3 GB there
 * for its duality pairs), then the activation's batch kernel; and
 * r = (1 / f)^(1 / P) is one division and, for P = 2^j (j <= {@link #MAX_SQUARE_ROOTS}), j
 * square roots, else the batch form of {@link AbsPower} with exponent 1 / P (a cube root for
 * P = 3 or 3/2, the log-exp kernel for a generic P); within a few units in the last place of the
 * point-wise value. Where f is not a normal finite number (0: r = infinity;
 * a subnormal or overflowing f) the point-wise radial function gives r, so both ways agree there
 * exactly.
 *
 * <p>Not thread-safe (working rows, and the radial function's scratch for those rare directions).
 */
final class RotatedRadii {

  /** Directions per batch: the working rows stay in the first-level cache. */
  static final int CHUNK = 512;
  /** The largest j for which r for P = 2^j is taken by j square roots (P = 1 to 64). */
  static final int MAX_SQUARE_ROOTS = 6;

  private final RadialFunction radial;
  private final int d;
  private final int n;
  private final int layers;
  private final Activation act;
  private final Architecture arch;
  private final double[] weights;
  private final double[] params;
  /** Two sets of n rows of activations (layer l writes set l mod 2). */
  private final double[][][] h;
  private final double[] z = new double[CHUNK];
  /** j for P = 2^j, j <= MAX_SQUARE_ROOTS; -1 otherwise (then {@link #root}). */
  private final int squareRoots;
  private final AbsPower root;
  private final double[] f = new double[CHUNK];
  private final double[] inverse = new double[CHUNK];
  private final double[] radius = new double[CHUNK];
  private final double[] slope = new double[CHUNK];
  private final double[] u;
  private final double[] w;

  private RotatedRadii(RadialFunction radial) {
    Network net = radial.network();
    this.radial = radial;
    this.d = net.architecture().d();
    this.n = net.architecture().units();
    this.arch = net.architecture();
    this.layers = arch.layers();
    this.act = arch.activation();
    this.weights = net.weights();
    this.params = net.weights();
    this.h = new double[Math.min(layers, 2)][n][CHUNK];
    this.squareRoots = squareRoots(radial.degree());
    this.root = squareRoots < 0 ? new AbsPower(1 / radial.degree()) : null;
    this.u = new double[d];
    this.w = new double[d];
  }

  /** The batch evaluator of a homogeneous network's radial function; null for any other. */
  static RotatedRadii of(RadialFunction radial) {
    double degree = radial.degree();
    return radial.homogeneous() && degree > 0 && Double.isFinite(1 / degree) ? new RotatedRadii(radial) : null;
  }

  /**
   * out[i] = r(Q u_i) for i below count, u_i's coordinate k in rows[k][i]; checks the deadline once
   * per batch.
   */
  void radii(double[][] rot, double[][] rows, int count, double[] out, Deadline deadline, String stage) {
    // the first layer times Q: row j of W Q is sum_m W_jm Q_m.
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < d; k++) {
        double s = 0;
        for (int m = 0; m < d; m++) {
          s += weights[j * d + m] * rot[m][k];
        }
        params[j * d + k] = s;
      }
    }
    for (int off = 0; off < count; off += CHUNK) {
      deadline.check(stage);
      int len = Math.min(CHUNK, count - off);
      values(rows, off, len);
      for (int i = 0; i < len; i++) {
        inverse[i] = 1 / f[i];
      }
      if (squareRoots < 0) {
        root.apply(inverse, radius, slope, len);
        System.arraycopy(radius, 0, out, off, len);
      } else {
        System.arraycopy(inverse, 0, out, off, len);
        for (int j = 0; j < squareRoots; j++) {
          for (int i = off; i < off + len; i++) {
            out[i] = Math.sqrt(out[i]);
          }
        }
      }
      for (int i = 0; i < len; i++) {
        double fi = f[i];
        if (!(fi >= Double.MIN_NORMAL && fi <= Double.MAX_VALUE)) {
          out[off + i] = pointwise(rot, rows, off + i);
        }
      }
    }
  }

  /** f = sum of the last layer's activations at directions off .. off + len - 1, into f[0, len). */
  private void values(double[][] rows, int off, int len) {
    double[][] in = null;
    for (int l = 0; l < layers; l++) {
      int fanIn = arch.fanIn(l);
      double[][] out = h[l % 2];
      for (int j = 0; j < n; j++) {
        int row = arch.layerOffset(l) + j * fanIn;
        for (int k = 0; k < fanIn; k++) {
          double wk = params[row + k];
          double[] x = l == 0 ? rows[k] : in[k];
          int start = l == 0 ? off : 0;
          if (k == 0) {
            for (int i = 0; i < len; i++) {
              z[i] = wk * x[start + i];
            }
          } else {
            for (int i = 0; i < len; i++) {
              z[i] = Math.fma(wk, x[start + i], z[i]);
            }
          }
        }
        act.apply(z, out[j], slope, len);
      }
      in = out;
    }
    System.arraycopy(in[0], 0, f, 0, len);
    for (int j = 1; j < n; j++) {
      double[] hj = in[j];
      for (int i = 0; i < len; i++) {
        f[i] += hj[i];
      }
    }
  }

  /** j when P = 2^j for an integer 0 <= j <= {@link #MAX_SQUARE_ROOTS}, else -1. */
  static int squareRoots(double degree) {
    for (int j = 0; j <= MAX_SQUARE_ROOTS; j++) {
      if (degree == (double) (1 << j)) {
        return j;
      }
    }
    return -1;
  }

  /** r(Q u) for direction i by the point-wise radial function. */
  private double pointwise(double[][] rot, double[][] rows, int i) {
    for (int k = 0; k < d; k++) {
      u[k] = rows[k][i];
    }
    rotate(rot, u, w);
    return radial.radius(w);
  }

  /** out = Q u (out distinct from u). */
  static void rotate(double[][] q, double[] u, double[] out) {
    for (int k = 0; k < u.length; k++) {
      double s = 0;
      for (int j = 0; j < u.length; j++) {
        s += q[k][j] * u[j];
      }
      out[k] = s;
    }
  }
}
