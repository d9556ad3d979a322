package org.neuralpolytopes.census;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.net.AbsPower;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.Architecture;
import org.neuralpolytopes.net.CanonicalForm;
import org.neuralpolytopes.net.Network;

/**
 * A census of the critical points of the population loss E_x[(f(x) - 1)^2] over the uniform
 * sphere of a small bias-free network with activation t^p, p an even integer >= 4: every critical
 * point that Newton's method reaches from a Sobol sequence of starts, up to the symmetries,
 * with its loss, Hessian index and body.
 *
 * <ol>
 *   <li>Starts: the first {@code starts} points of a Sobol sequence in [-1, 1]^m (Joe and Kuo's
 *       direction numbers, commons-math3), the first layer of each rescaled to the best scale,
 *       c^D = E[f] / E[f^2] with D = p^L (every critical point with f != 0 satisfies
 *       E[f^2] = E[f], the derivative along that scaling, so nothing is lost).
 *   <li>Each start is solved by {@link CriticalPointSolver} on the closed-form loss
 *       ({@link PopulationLoss}); searches that do not converge are counted, not reported.
 *   <li>Converged points are reduced to their {@link CanonicalForm} (permutations, signs,
 *       rescalings, dead and duplicate units; dead by contribution,
 *       {@link CanonicalForm#byContribution}, since a unit that is 0 at an exact critical point is
 *       left small by a numerical search) and grouped modulo those and the input rotations
 *       ({@link Symmetries#equivalent}), within the unit tolerance; the point with the smallest
 *       gradient represents its group.
 *   <li>Each group is classified by the eigenvalues of its Hessian restricted to the complement of
 *       the symmetries' tangent directions ({@link Symmetries#reducedSpectrum}): a minimum (all
 *       positive), a saddle of index k (k negative, none zero) or degenerate (a zero eigenvalue the
 *       symmetries do not explain, such as a dead or split unit or a manifold of critical points).
 *       Degenerate groups with the same effective units, index, nullity and loss are merged into
 *       one critical set: a manifold of critical points reached at many of its points.
 *   <li>Each point's body is measured by the trainer's geometry ({@link Body}).
 * </ol>
 *
 * Single-threaded and deterministic.
 */
public final class Census {

  /** Weights at most: 2^m starts must stay affordable. */
  public static final int MAX_WEIGHTS = 20;
  /** Monomials of f at most (the Gram matrix of the loss has this squared entries). */
  public static final int MAX_MONOMIALS = 500;
  /** Distance between unit rows under which two units of a converged point are tried as one ({@link #polish}). */
  static final double SPLIT_TOLERANCE = 1e-2;
  /** Relative difference of two losses that are one critical value ({@link #polish}). */
  static final double SAME_LOSS = 1e-10;
  /** Half-width of the box of starts, before each start's rescaling to its best scale. */
  static final double START_RADIUS = 1;

  private Census() {}

  /** Everything a census found. */
  public record Result(Architecture architecture, CensusSettings settings, int starts, int converged,
      List<CriticalPoint> points, double seconds) {}

  /**
   * Refuses a census that cannot run or cannot be trusted: p not an even integer from 4 to 64
   * (p = 2 has a continuous symmetry more, W_L -> Q W_L with Q orthogonal, and a closed-form
   * solution, {@code optimizer: exact}), a shape beyond
   * {@link #MAX_WEIGHTS} weights or {@link #MAX_MONOMIALS} monomials, or fewer starts than 2^m for
   * m weights. The rule: the first 2^m points of the Sobol sequence put exactly one start in each
   * of the 2^m orthants of weight space (Sobol's property A, which commons-math3's direction
   * numbers have for every m <= 20; checked in the tests), so that every sign pattern of the
   * weights is tried at least once.
   *
   * @throws IllegalArgumentException one line naming the offending value
   */
  public static Architecture check(int d, int layers, int units, double p, int starts) {
    if (d < 2 || layers < 1 || units < 1) {
      throw new IllegalArgumentException("a census needs d >= 2, layers >= 1, units >= 1, got (" + d + ", "
          + layers + ", " + units + ")");
    }
    if (!(p >= 2 && p <= 64 && p == Math.rint(p) && ((long) p) % 2 == 0)) {
      throw new IllegalArgumentException("--p must be an even integer from 4 to 64 (t^p is then a polynomial), got "
          + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)));
    }
    if (p == 2) {
      throw new IllegalArgumentException("--p 2: the last layer's sum of squares is invariant under W_L -> Q W_L for "
          + "every orthogonal Q, a continuum the census does not quotient; p = 2 is solved in closed form by "
          + "train --optimizer exact");
    }
    Architecture arch = new Architecture(d, layers, units, Activations.of(AbsPower.NAME, p));
    int m = arch.weightCount();
    String shape = "(" + d + ", " + layers + ", " + units + ", " + (long) p + ")";
    if (m > MAX_WEIGHTS) {
      throw new IllegalArgumentException(shape + " has " + m + " weights; a census covers at most " + MAX_WEIGHTS
          + " (it needs 2^m starts)");
    }
    long monomials = Monomials.count(d, (int) Math.min(Integer.MAX_VALUE, Math.pow(p, layers)));
    if (Math.pow(p, layers) > 4096 || monomials > MAX_MONOMIALS) {
      throw new IllegalArgumentException(shape + ": f has degree p^L = " + (long) Math.pow(p, layers)
          + " in d = " + d + " variables, more than " + MAX_MONOMIALS + " monomials; too large for the closed-form loss");
    }
    if (starts < (1L << m)) {
      throw new IllegalArgumentException("--starts " + starts + " is below 2^" + m + " = " + (1L << m) + " for " + shape
          + " (" + m + " weights): the census needs a start in every orthant of weight space");
    }
    return arch;
  }

  /** Runs the census of {@code arch} (checked by {@link #check}) within the deadline. */
  public static Result run(Architecture arch, CensusSettings settings, Deadline deadline) {
    long t0 = System.nanoTime();
    check(arch.d(), arch.layers(), arch.units(), arch.activation().p(), settings.starts());
    double tol = settings.geometry().tolerances().unit();
    PopulationLoss loss = new PopulationLoss(arch);
    CriticalPointSolver solver = new CriticalPointSolver(loss, settings.gradientTolerance(), settings.maxIterations());
    int m = arch.weightCount();
    SobolSequenceGenerator sobol = new SobolSequenceGenerator(m);
    List<Group> groups = new ArrayList<>();
    int converged = 0;
    for (int s = 0; s < settings.starts(); s++) {
      deadline.check("census start " + s);
      double[] x = sobol.nextVector();
      double[] w = new double[m];
      for (int i = 0; i < m; i++) {
        w[i] = START_RADIUS * (2 * x[i] - 1);
      }
      rescale(loss, arch, w);
      CriticalPointSolver.Outcome out = solver.solve(w);
      if (out.converged()) {
        converged++;
        add(groups, arch, polish(solver, arch, out, tol), tol);
      }
    }
    deadline.check("census classification");
    List<CriticalPoint> points = classify(arch, groups, settings, deadline);
    return new Result(arch, settings, settings.starts(), converged, points, (System.nanoTime() - t0) / 1e9);
  }

  /** Scales the first layer so that E[f^2] = E[f] (the best multiple of f), when f != 0. */
  static void rescale(PopulationLoss loss, Architecture arch, double[] w) {
    double[] ms = loss.meanAndSquare(w);
    if (ms[0] > 0 && ms[1] > 0) {
      double c = Math.pow(ms[0] / ms[1], 1.0 / loss.degree());
      int first = arch.units() * arch.d();
      for (int i = 0; i < first; i++) {
        w[i] *= c;
      }
    }
  }

  /**
   * A converged point whose units are nearly parallel, within {@link #SPLIT_TOLERANCE} but not
   * {@code tol}, with those units merged when that is a critical point of the same loss (to
   * {@link #SAME_LOSS}, relative): Newton stops on a flat manifold of split units with their rows
   * at some 1e-4 rad from each other (the loss is flat along that angle to high order), and such
   * a point would be listed apart from the merged one, with another index and nullity ((2, 2, 2, 4)
   * listed one critical set of loss 0.7244346967 twice). Otherwise the point as it is.
   */
  static CriticalPointSolver.Outcome polish(CriticalPointSolver solver, Architecture arch,
      CriticalPointSolver.Outcome out, double tol) {
    CanonicalForm tight = CanonicalForm.byContribution(arch, out.weights(), tol);
    CanonicalForm loose = CanonicalForm.byContribution(arch, out.weights(), tol, SPLIT_TOLERANCE);
    if (java.util.Arrays.equals(tight.effectiveUnits(), loose.effectiveUnits())) {
      return out;
    }
    CriticalPointSolver.Outcome merged = solver.solve(loose.padded(arch));
    double loss = out.evaluation().loss();
    return merged.converged() && Math.abs(merged.evaluation().loss() - loss) <= SAME_LOSS * Math.max(1, Math.abs(loss))
        ? merged : out;
  }

  /** Converged points that are one critical point modulo the symmetries. */
  private static final class Group {
    final CanonicalForm canonical;
    final double loss;
    double[] weights;
    PopulationLoss.Evaluation evaluation;
    double gradientNorm;
    int starts;
    int merged = 1;

    Group(CanonicalForm canonical, CriticalPointSolver.Outcome out) {
      this.canonical = canonical;
      this.loss = out.evaluation().loss();
      this.weights = out.weights();
      this.evaluation = out.evaluation();
      this.gradientNorm = CriticalPointSolver.maxAbs(out.evaluation().gradient());
      this.starts = 1;
    }

    void absorb(double[] w, PopulationLoss.Evaluation e, double g, int count) {
      starts += count;
      if (g < gradientNorm) {
        weights = w;
        evaluation = e;
        gradientNorm = g;
      }
    }
  }

  private static void add(List<Group> groups, Architecture arch, CriticalPointSolver.Outcome out, double tol) {
    CanonicalForm cf = CanonicalForm.byContribution(arch, out.weights(), tol);
    double lossValue = out.evaluation().loss();
    for (Group g : groups) {
      if (Math.abs(g.loss - lossValue) <= tol * Math.max(1, Math.abs(lossValue))
          && Symmetries.equivalent(g.canonical, cf, arch.d(), tol)) {
        g.absorb(out.weights(), out.evaluation(), CriticalPointSolver.maxAbs(out.evaluation().gradient()), 1);
        return;
      }
    }
    groups.add(new Group(cf, out));
  }

  private static List<CriticalPoint> classify(Architecture arch, List<Group> groups, CensusSettings settings,
      Deadline deadline) {
    double tol = settings.geometry().tolerances().unit();
    int m = arch.weightCount();
    record Classified(Group group, double[] spectrum, int index, int nullity) {}
    List<Classified> classified = new ArrayList<>();
    for (Group g : groups) {
      double[] spectrum = Symmetries.reducedSpectrum(g.evaluation.hessian(), m, Symmetries.tangents(arch, g.weights));
      double largest = 0;
      for (double v : spectrum) {
        largest = Math.max(largest, Math.abs(v));
      }
      double zero = settings.hessianTolerance() * largest;
      int index = 0;
      int nullity = 0;
      for (double v : spectrum) {
        if (Math.abs(v) <= zero) {
          nullity++;
        } else if (v < 0) {
          index++;
        }
      }
      // A degenerate group joins an earlier one of the same effective units, index, nullity and loss.
      Classified into = null;
      if (nullity > 0) {
        for (Classified c : classified) {
          if (c.nullity == nullity && c.index == index
              && java.util.Arrays.equals(c.group.canonical.effectiveUnits(), g.canonical.effectiveUnits())
              && Math.abs(c.group.loss - g.loss) <= tol * Math.max(1, Math.abs(g.loss))) {
            into = c;
            break;
          }
        }
      }
      if (into != null) {
        into.group.absorb(g.weights, g.evaluation, g.gradientNorm, g.starts);
        into.group.merged++;
      } else {
        classified.add(new Classified(g, spectrum, index, nullity));
      }
    }
    List<CriticalPoint> points = new ArrayList<>();
    for (Classified c : classified) {
      deadline.check("census body measurement");
      Group g = c.group;
      // The representative may have changed in a merge: its own spectrum.
      double[] spectrum = Symmetries.reducedSpectrum(g.evaluation.hessian(), m, Symmetries.tangents(arch, g.weights));
      String kind = c.nullity > 0 ? CriticalPoint.DEGENERATE : c.index == 0 ? CriticalPoint.MINIMUM : CriticalPoint.SADDLE;
      CanonicalForm own = CanonicalForm.byContribution(arch, g.weights, tol);
      double[] oriented = Symmetries.oriented(arch, g.weights, own);
      CanonicalForm shown = CanonicalForm.byContribution(arch, oriented, tol);
      // the canonical network: duplicate units merged exactly (two rows of a split unit 1e-12 apart
      // left a last layer that cancels to 1.1e-12 only, above the vanishing threshold: a body
      // named "rectangle" for a point whose f vanishes, read unbounded from another start)
      Body body = Body.measure(new Network(arch, shown.padded(arch)), shown, settings.geometry());
      // f = 0 (every weight of some layer zero, as at the all-zero start): no unit is effective,
      // though the canonical form keeps one per layer
      boolean zero = zeroLayer(arch, oriented);
      points.add(new CriticalPoint(g.loss, kind, c.index, c.nullity, spectrum, g.gradientNorm, g.starts, g.merged,
          zero ? new int[arch.layers()] : shown.effectiveUnits(), zero ? new double[0] : shown.weights(), oriented,
          lpBallFrame(arch, shown, tol), body));
    }
    points.sort(Comparator.comparingDouble(CriticalPoint::loss).thenComparingInt(CriticalPoint::index));
    return points;
  }

  /** Whether every weight of some layer is 0 (then f = 0). */
  static boolean zeroLayer(Architecture arch, double[] w) {
    for (int l = 0; l < arch.layers(); l++) {
      int off = arch.layerOffset(l);
      int size = arch.units() * arch.fanIn(l);
      boolean all = true;
      for (int i = off; i < off + size && all; i++) {
        all = w[i] == 0;
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /**
   * For one layer: whether the effective first layer is d mutually orthogonal rows of equal
   * length, so that f = c sum_k (q_k . x)^p in an orthonormal frame q and the body is the l_p
   * ball's (the square for d = 2, the cube for d = 3, rounded); null for deeper networks.
   */
  static Boolean lpBallFrame(Architecture arch, CanonicalForm cf, double tol) {
    if (arch.layers() != 1) {
      return null;
    }
    double[][] rows = Symmetries.layers(cf, arch.d())[0];
    if (rows.length != arch.d()) {
      return false;
    }
    double[][] g = Symmetries.gram(rows);
    double a = g[0][0];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < rows.length; j++) {
        if (Math.abs(g[i][j] - (i == j ? a : 0)) > tol * a) {
          return false;
        }
      }
    }
    return true;
  }
}
