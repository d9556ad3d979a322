package org.neuralpolytopes.train;

import java.util.SplittableRandom;

/** Points uniform on the unit sphere S^{d-1}: normalised standard Gaussian vectors. */
public final class SphereSampler {

  private SphereSampler() {}

  /** {@code count} points, point-major: point i is out[i*d .. i*d+d). */
  public static double[] sample(SplittableRandom rng, int count, int d) {
    double[] out = new double[count * d];
    for (int i = 0; i < count; i++) {
      double norm2;
      do {
        norm2 = 0;
        for (int k = 0; k < d; k++) {
          double v = rng.nextGaussian();
          out[i * d + k] = v;
          norm2 += v * v;
        }
      } while (norm2 < 1e-300);
      double inv = 1 / Math.sqrt(norm2);
      for (int k = 0; k < d; k++) {
        out[i * d + k] *= inv;
      }
    }
    return out;
  }
}
