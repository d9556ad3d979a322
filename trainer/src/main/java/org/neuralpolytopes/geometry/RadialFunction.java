package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The radial function of the body {x : f(x) <= 1} of a positively homogeneous network (docs/metrics.md,
 * "The network and its body"): f(t u) = t^P f(u) with P = k^L, so the level set meets the ray
 * through the unit vector u at r(u) = f(u)^(-1/P), exactly and without root finding. It is
 * evaluated as exp(-log f(u) / P) from the network's log-space evaluation, so p up to 64 and
 * several layers neither overflow nor underflow (when the direct evaluation of f does). r =
 * +infinity where f(u) = 0.
 *
 * <p>Not thread-safe (it shares the network's scratch buffers).
 */
public final class RadialFunction {

  private final Network net;
  private final double degree;

  public RadialFunction(Network net) {
    Architecture arch = net.architecture();
    double k = arch.activation().homogeneityDegree();
    if (!(k > 0)) {
      throw new IllegalArgumentException(
          "the radial function needs a positively homogeneous activation, " + arch.activation() + " is not");
    }
    this.net = net;
    this.degree = arch.degree();
  }

  public Network network() {
    return net;
  }

  /** The homogeneity degree P = k^L. */
  public double degree() {
    return degree;
  }

  /** r(u) for a unit vector u. */
  public double radius(double[] u) {
    return Math.exp(logRadius(u));
  }

  /**
   * log r(u) = -log f(u) / P: from f evaluated directly when it is a normal finite number (the
   * cheap path: no logarithm per unit), else in log space.
   */
  public double logRadius(double[] u) {
    double f = net.value(u);
    if (f >= Double.MIN_NORMAL && f <= Double.MAX_VALUE) {
      return -Math.log(f) / degree;
    }
    return -net.logValue(u) / degree;
  }

  /**
   * log r(u) from every unit's pre-activation at u, as {@link Network#preActivations} gives them
   * (so that a caller that needs both pays one forward pass): f is the sum of the last layer's
   * activations, formed in the same order as the direct evaluation, so the result is the same to
   * the bit as {@link #logRadius(double[])}.
   */
  public double logRadius(double[] u, double[] pre) {
    Architecture arch = net.architecture();
    Activation act = arch.activation();
    int n = arch.units();
    int last = (arch.layers() - 1) * n;
    double f = 0;
    for (int j = 0; j < n; j++) {
      f += act.value(pre[last + j]);
    }
    if (f >= Double.MIN_NORMAL && f <= Double.MAX_VALUE) {
      return -Math.log(f) / degree;
    }
    return -net.logValue(u) / degree;
  }
}
