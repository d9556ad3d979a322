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
 *   <li>Rescale the first layer by c = exp(-mean(log f(x)) / P) over the training points: the
 *       network is homogeneous of degree P, so this makes the geometric mean of f on the
 *       sphere 1 (the geometric mean, unlike the arithmetic one, is safe for P up to 64^L).
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
  private static final int NORMALISING_POINTS = 2000;

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

  /** Scales the first layer so that the geometric mean of f over (some of) the points is 1. */
  static void normalise(Architecture arch, double[] w, double[] points) {
    Network net = new Network(arch, w);
    int d = arch.d();
    int count = Math.min(points.length / d, NORMALISING_POINTS);
    double[] x = new double[d];
    double sum = 0;
    int finite = 0;
    for (int i = 0; i < count; i++) {
      System.arraycopy(points, i * d, x, 0, d);
      double lf = net.logValue(x);
      if (Double.isFinite(lf)) {
        sum += lf;
        finite++;
      }
    }
    if (finite == 0) {
      return;
    }
    double c = Math.exp(-(sum / finite) / arch.degree());
    int first = arch.units() * d;
    for (int i = 0; i < first; i++) {
      w[i] *= c;
    }
  }
}
