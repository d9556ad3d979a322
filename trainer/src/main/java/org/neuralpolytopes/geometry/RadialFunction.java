package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.Network;

/**
 * The radial function of the body {x : f(x) <= 1} of a network (docs/metrics.md, "The network and
 * its body").
 *
 * <p>Positively homogeneous activations (abs_power, relu): f(t u) = t^P f(u) with P = k^L, so the
 * level set meets the ray through the unit vector u at r(u) = f(u)^(-1/P), exactly and without
 * root finding. It is evaluated as exp(-log f(u) / P) from the network's log-space evaluation, so
 * p up to 64 and several layers neither overflow nor underflow (when the direct evaluation of f
 * does). r = +infinity where f(u) = 0. The body is star-shaped.
 *
 * <p>Other activations (the rational ERA): r(u) is the smallest t > 0 with f(t u) = 1, by a
 * bracketed root search along the ray up to the unbounded radius ({@link LevelSetRay}); +infinity
 * where the ray does not cross the level set. The body need not be star-shaped: a ray may cross
 * it several times ({@link #crossings}; {@link StarShape} measures this).
 *
 * <p>Not thread-safe (it shares the network's scratch buffers).
 */
public final class RadialFunction {

  private final Network net;
  private final double degree;
  /** The root search of a network that is not homogeneous; null for a homogeneous one. */
  private final LevelSetRay ray;

  /** The radial function with the default unbounded radius as the root search's limit. */
  public RadialFunction(Network net) {
    this(net, Tolerances.DEFAULT);
  }

  /** The radial function; a root search looks for the level set up to {@code tol.unboundedRadius()}. */
  public RadialFunction(Network net, Tolerances tol) {
    Architecture arch = net.architecture();
    double k = arch.activation().homogeneityDegree();
    this.net = net;
    if (k > 0) {
      this.degree = arch.degree();
      this.ray = null;
    } else {
      this.degree = Double.NaN;
      this.ray = new LevelSetRay(net, tol.unboundedRadius());
    }
  }

  public Network network() {
    return net;
  }

  /** The homogeneity degree P = k^L; NaN for a network that is not homogeneous. */
  public double degree() {
    return degree;
  }

  /** Whether the network is positively homogeneous (r in closed form, the body star-shaped). */
  public boolean homogeneous() {
    return ray == null;
  }

  /** r(u) for a unit vector u. */
  public double radius(double[] u) {
    return ray == null ? Math.exp(logRadius(u)) : ray.radius(u);
  }

  /**
   * The crossings of the ray through u with the level set: one at r(u) for a homogeneous network
   * (none where f(u) = 0), else as {@link LevelSetRay#crossings} scans them.
   */
  public LevelSetRay.Crossings crossings(double[] u) {
    if (ray != null) {
      return ray.crossings(u);
    }
    double r = radius(u);
    boolean finite = r < Double.POSITIVE_INFINITY;
    return new LevelSetRay.Crossings(r, finite ? 1 : 0, !finite);
  }

  /** f(0): 0 for a homogeneous network; the body contains the origin when it is below 1. */
  public double originValue() {
    return ray == null ? 0 : ray.originValue();
  }

  /**
   * log r(u) = -log f(u) / P: from f evaluated directly when it is a normal finite number (the
   * cheap path: no logarithm per unit), else in log space. For a network that is not homogeneous,
   * log of the root search's r(u).
   */
  public double logRadius(double[] u) {
    if (ray != null) {
      return Math.log(ray.radius(u));
    }
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
   * the bit as {@link #logRadius(double[])}. A network that is not homogeneous has no closed form:
   * its root search is used.
   */
  public double logRadius(double[] u, double[] pre) {
    if (ray != null) {
      return logRadius(u);
    }
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
