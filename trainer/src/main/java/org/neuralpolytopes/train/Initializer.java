package org.neuralpolytopes.train;

import java.util.SplittableRandom;
import org.neuralpolytopes.geometry.DirectionSet;
import org.neuralpolytopes.geometry.RadialFunction;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * Initial weights whose body is bounded and of about unit size.
 *
 * <ol>
 *   <li>Draw every weight from N(0, 1/fan_in) (LeCun/He-style scaling).
 *   <li>Rescale the first layer by the loss-optimal output scale: the network is homogeneous of
 *       degree P, so scaling the first layer by c scales f by c^P, and the loss
 *       mean((c^P f - 1)^2) over the training points is smallest at c^P = mean(f) / mean(f^2),
 *       where it equals 1 - mean(f)^2 / mean(f^2) <= 1, the loss of f = 0. Every run therefore
 *       starts at a loss of at most 1, for any p and depth. The means are taken in log space
 *       (log f through log-sum-exp, then shifted by the largest log f), so P up to 64^L neither
 *       overflows nor underflows.
 *   <li>Accept the draw when f > 0 on a fixed set of check directions and the largest radius
 *       there is at most {@link #MAX_INITIAL_RADIUS}; otherwise draw again, up to
 *       {@link #ATTEMPTS} times, then keep the last draw (an architecture that cannot be
 *       bounded, such as relu with n <= d, then trains and reports UNBOUNDED).
 * </ol>
 *
 * Deterministic given the random source.
 */
public final class Initializer {

  static final int ATTEMPTS = 100;
  static final double MAX_INITIAL_RADIUS = 1e3;
  private static final int CHECK_DIRECTIONS = 2048;

  private Initializer() {}

  public static double[] initialWeights(Architecture arch, SplittableRandom rng, double[] points) {
    int d = arch.d();
    double[] w = new double[arch.weightCount()];
    DirectionSet check = DirectionSet.of(d, CHECK_DIRECTIONS);
    double[] u = new double[d];
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      for (int l = 0; l < arch.layers(); l++) {
        double std = 1 / Math.sqrt(arch.fanIn(l));
        int off = arch.layerOffset(l);
        int size = arch.units() * arch.fanIn(l);
        for (int i = 0; i < size; i++) {
          w[off + i] = std * rng.nextGaussian();
        }
      }
      normalise(arch, w, points);
      RadialFunction r = new RadialFunction(new Network(arch, w));
      double max = 0;
      for (int i = 0; i < check.size() && max <= MAX_INITIAL_RADIUS; i++) {
        check.direction(i, u);
        double ri = r.radius(u);
        max = Double.isNaN(ri) ? Double.POSITIVE_INFINITY : Math.max(max, ri);
      }
      if (max <= MAX_INITIAL_RADIUS) {
        break;
      }
    }
    return w;
  }

  /**
   * Scales the first layer so that f takes the loss-optimal output scale over the training
   * points: c^P = mean(f) / mean(f^2), computed in log space.
   */
  static void normalise(Architecture arch, double[] w, double[] points) {
    Network net = new Network(arch, w);
    int d = arch.d();
    int count = points.length / d;
    double[] x = new double[d];
    double[] logf = new double[count];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      System.arraycopy(points, i * d, x, 0, d);
      logf[i] = net.logValue(x);
      if (logf[i] > max && logf[i] < Double.POSITIVE_INFINITY) {
        max = logf[i];
      }
    }
    if (!Double.isFinite(max)) {
      return; // f = 0 at every point (or overflows everywhere): nothing sensible to scale
    }
    // mean(f) = e^max mean(e^(log f - max)), mean(f^2) = e^(2 max) mean(e^(2 (log f - max)))
    double a = 0;
    double b = 0;
    for (double lf : logf) {
      if (lf < Double.POSITIVE_INFINITY) {
        double e = Math.exp(lf - max);
        a += e;
        b += e * e;
      }
    }
    if (!(a > 0 && b > 0)) {
      return;
    }
    double logScale = -max + Math.log(a) - Math.log(b); // log c^P (the counts cancel)
    double c = Math.exp(logScale / arch.degree());
    int first = arch.units() * d;
    for (int i = 0; i < first; i++) {
      w[i] *= c;
    }
  }
}
