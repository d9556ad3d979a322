package org.neuralpolytopes.train;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.apache.commons.math3.special.Erf;

/**
 * Where a run's training points on S^{d-1} come from (training.points) and whether they are
 * drawn afresh every epoch (training.resample).
 *
 * <ul>
 *   <li>{@code random}: normalised standard Gaussian vectors ({@link SphereSampler}).
 *   <li>{@code sobol}: a low-discrepancy set: consecutive points of the Sobol sequence (Joe and Kuo
 *       direction numbers, commons-math), shifted by a random vector modulo 1 (a Cranley-Patterson
 *       rotation, from the run's seed), mapped to the sphere area-preservingly: the angle 2 pi u
 *       in d = 2, (z, phi) = (1 - 2 u_1, 2 pi u_2) in d = 3 (Archimedes), and normalised inverse
 *       Gaussian coordinates in d >= 4.
 * </ul>
 *
 * With {@code resample: epoch} every epoch after the first trains on the next block of points
 * of the same stream (stochastic descent on the population loss instead of one sample of it);
 * the first block stays the set the initial and final losses are measured on. Deterministic
 * given the run's seed.
 */
public final class TrainingPoints {

  public static final String RANDOM = "random";
  public static final String SOBOL = "sobol";
  public static final String NEVER = "never";
  public static final String EPOCH = "epoch";

  private final int d;
  private final int count;
  private final boolean sobol;
  private final SplittableRandom stream;
  private final SobolSequenceGenerator generator;
  private final double[] shift;

  private TrainingPoints(int d, int count, boolean sobol, SplittableRandom stream) {
    this.d = d;
    this.count = count;
    this.sobol = sobol;
    this.stream = stream;
    if (sobol) {
      int dims = d == 3 ? 2 : d == 2 ? 1 : d;
      generator = new SobolSequenceGenerator(dims);
      generator.skipTo(1);
      shift = new double[dims];
      for (int k = 0; k < dims; k++) {
        shift[k] = stream.nextDouble();
      }
    } else {
      generator = null;
      shift = null;
    }
  }

  /** The points of a run: its settings' kind, drawn from {@code rng} (the run's data stream). */
  public static TrainingPoints of(TrainingSettings ts, int d, SplittableRandom rng) {
    return new TrainingPoints(d, ts.samples(), SOBOL.equals(ts.points()), rng);
  }

  /** The next block of points, point-major (point i is out[i*d .. i*d+d)). */
  public double[] next() {
    if (!sobol) {
      return SphereSampler.sample(stream, count, d);
    }
    double[] out = new double[count * d];
    for (int i = 0; i < count; i++) {
      double[] q = generator.nextVector();
      for (int k = 0; k < q.length; k++) {
        q[k] += shift[k];
        q[k] -= Math.floor(q[k]);
      }
      toSphere(q, out, i * d);
    }
    return out;
  }

  /** Smallest distance of a unit coordinate from 0 and 1 in the inverse Gaussian map. */
  private static final double EDGE = 1e-12;

  private void toSphere(double[] u, double[] out, int at) {
    if (d == 2) {
      double t = 2 * Math.PI * u[0];
      out[at] = Math.cos(t);
      out[at + 1] = Math.sin(t);
    } else if (d == 3) {
      double z = 1 - 2 * u[0];
      double rho = Math.sqrt(Math.max(0, 1 - z * z));
      double phi = 2 * Math.PI * u[1];
      out[at] = rho * Math.cos(phi);
      out[at + 1] = rho * Math.sin(phi);
      out[at + 2] = z;
    } else {
      double norm2 = 0;
      for (int k = 0; k < d; k++) {
        double x = Math.sqrt(2) * Erf.erfInv(2 * Math.min(Math.max(u[k], EDGE), 1 - EDGE) - 1);
        out[at + k] = x;
        norm2 += x * x;
      }
      double inv = 1 / Math.sqrt(norm2);
      for (int k = 0; k < d; k++) {
        out[at + k] *= inv;
      }
    }
  }
}
