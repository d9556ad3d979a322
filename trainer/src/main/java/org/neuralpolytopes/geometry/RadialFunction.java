package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The radial function of the body {x : f(x) <= 1} of a positively homogeneous network (METRICS.md,
 * "The network and its body"): f(t u) = t^P f(u) with P = k^L, so the level set meets the ray
 * through the unit vector u at r(u) = f(u)^(-1/P), exactly and without root finding. It is
 * evaluated as exp(-log f(u) / P) from the network's log-space evaluation, so p up to 64 and
 * several layers neither overflow nor underflow. r = +infinity where f(u) = 0.
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
    return Math.exp(-net.logValue(u) / degree);
  }

  /** log r(u) = -log f(u) / P. */
  public double logRadius(double[] u) {
    return -net.logValue(u) / degree;
  }
}
