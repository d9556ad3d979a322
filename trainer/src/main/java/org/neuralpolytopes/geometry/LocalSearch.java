package org.neuralpolytopes.geometry;

import org.neuralpolytopes.net.Network;

/**
 * Refines a critical point of log r on S^{d-1} by nested line searches in a gnomonic chart, for
 * smooth and for kinked radial functions alike.
 *
 * <p>The chart around a unit vector c with orthonormal tangent vectors t_1 .. t_m (m = d - 1) is
 * x -> (c + sum_k x_k t_k) / |c + sum_k x_k t_k|. Each chart coordinate has a sense, maximise or
 * minimise, and the search is nested from the first coordinate to the last: the value at x_1 is
 * the optimum over x_2 .. x_m of r with x_1 fixed, found by the same search one level down, and so
 * on. With every sense "max" this finds a maximum of r over the window without derivatives, also
 * where r has a kink or a cusp (the vertices and edges of polytopes and spiky bodies, where
 * gradient and compass searches stall on ridges). A saddle of S^2 is found as min over x_1 of max
 * over x_2, x_1 pointing from the saddle towards the maxima: the lowest point of the ridge that
 * runs through it, whether the ridge is smooth or a kink.
 *
 * <p>Each level is a golden-section search over the window. The innermost level, the line that crosses
 * ridges, is exact at kinks: the activation has its kinks where a unit's pre-activation changes
 * sign, so the line is scanned, every sign change of a pre-activation between two scan points is
 * located by the Illinois method (regula falsi) to machine precision, r is evaluated there, and
 * golden-section searches run only inside the smooth pieces next to the best of these points. A
 * cusp |t|^p (p < 1) is thus found with the exact top, which no bracketing search can do (a
 * bracket of width w misses it by about w^p), and outer levels compare exact values.
 *
 * <p>The window is a cube of half-width w in the chart. When the optimum lies on the window's
 * border the chart is re-centred there (the tangent frame carried along) and the search repeated
 * with a larger window, so that a start point far from its critical point still reaches it (mesh
 * artefacts on the ridges of kinked bodies travel a long way along their ridge). A search that
 * still ends on the border after the last round has not converged. Not thread-safe.
 */
final class LocalSearch {

  /** Whether a chart coordinate is maximised or minimised. */
  enum Sense { MAX, MIN }

  private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;

  private static final double MAX_WINDOW = 0.5;
  /** Scan points of the innermost line, where sign changes of pre-activations are looked for. */
  private static final int LINE_SCAN = 8;
  /** Illinois iterations locating one kink (it converges superlinearly; this is a cap). */
  private static final int KINK_ITERATIONS = 60;

  private final RadialFunction r;
  private final Network net;
  private final int d;
  /** Chart coordinates of the current search: d - 1, or fewer on a stratum ({@link #refine}). */
  private int m;
  private final int units;
  private final double[] centre;
  private final double[][] frame;
  private final double[] x;
  private final double[] u;
  /** Per level: the inner optimum found with the lower and the upper golden point. */
  private final double[][] innerLow;
  private final double[][] innerHigh;
  /** The innermost line's scan: positions, values (times the sense) and pre-activations. */
  private final double[] linePos;
  private final double[] lineVal;
  private final double[][] linePre;
  private final double[] candPos;
  private final double[] candVal;
  private final double[] pre;
  /** The innermost line's base point and the first layer's dot products ({@link #lineBase}). */
  private final double[] base;
  private final int firstLayer;
  private final double[] firstBase;
  private final double[] firstDir;
  private double baseNorm2;
  private double baseDotDir;
  /** Degree of positive homogeneity of each layer's pre-activations: k^l for layer l. */
  private final double[] unitDegree;
  private Sense[] senses;
  private double window;
  private double precision;
  private double innerPrecision;
  private long evaluations;
  private Deadline deadline = Deadline.NONE;
  private String stage;
  private double goldenX;
  private double goldenF;

  LocalSearch(RadialFunction r, int d) {
    this.r = r;
    this.net = r.network();
    this.d = d;
    this.m = d - 1;
    this.units = net.architecture().layers() * net.architecture().units();
    this.centre = new double[d];
    this.frame = new double[m][d];
    this.x = new double[m];
    this.u = new double[d];
    this.innerLow = new double[m][m];
    this.innerHigh = new double[m][m];
    this.linePos = new double[LINE_SCAN + 1];
    this.lineVal = new double[LINE_SCAN + 1];
    this.linePre = new double[LINE_SCAN + 1][units];
    int maxCandidates = LINE_SCAN + 1 + LINE_SCAN * units;
    this.candPos = new double[maxCandidates];
    this.candVal = new double[maxCandidates];
    this.pre = new double[units];
    this.base = new double[d];
    this.firstLayer = net.architecture().units();
    this.firstBase = new double[firstLayer];
    this.firstDir = new double[firstLayer];
    int layers = net.architecture().layers();
    this.unitDegree = new double[layers];
    double k = net.architecture().activation().homogeneityDegree();
    for (int l = 0; l < layers; l++) {
      // a network that is not homogeneous (rational activations): secants on the plain pre-activation
      unitDegree[l] = k > 0 ? Math.pow(k, l) : 0;
    }
  }

  /**
   * Checks {@code deadline} (as {@code stage}) every {@link #DEADLINE_STRIDE} evaluations of r:
   * a refinement in d = 5 can take seconds.
   */
  void setDeadline(Deadline deadline, String stage) {
    this.deadline = deadline;
    this.stage = stage;
  }

  /** Evaluations between two deadline checks (a few milliseconds of work at most). */
  private static final int DEADLINE_STRIDE = 1024;

  /** Evaluations of r (and of the pre-activations) so far, for cost measurements. */
  long evaluations() {
    return evaluations;
  }

  /**
   * The critical point reached from the unit vector {@code start}, or null if the search did not
   * converge within {@code maxRounds} windows.
   *
   * @param start unit vector
   * @param tangents orthonormal tangent vectors at start, in the order of {@code senses}: d - 1 of
   *     them, or fewer to search only the great subsphere through start that they span (the
   *     chart then stays in it; a stratum where some first-layer units vanish, for instance)
   * @param senses what each chart coordinate does, outermost first
   * @param window initial half-width of the window, in radians
   * @param precision final width of the outermost golden-section bracket, in radians
   * @param innerPrecision final bracket of the golden-section searches of every other coordinate
   *     (kinks are found exactly whatever it is)
   * @param stable when positive, the search only ends after a round that moved the point by less
   *     than this, and the frame's axes are rotated cyclically between rounds (maxima and minima:
   *     a ridge nearly parallel to the innermost axis looks like a peak to the nested search, since
   *     the lines along it leave it at once; in the next frame the lines cross it); when 0 the
   *     first interior optimum is the answer (saddles, whose axes have fixed roles)
   */
  double[] refine(double[] start, double[][] tangents, Sense[] senses, double window, double precision,
      double innerPrecision, double stable, int maxRounds) {
    this.precision = precision;
    this.innerPrecision = innerPrecision;
    if (tangents.length < 1 || tangents.length > d - 1 || senses.length < tangents.length) {
      throw new IllegalArgumentException("1 to " + (d - 1) + " tangents with a sense each, got "
          + tangents.length + " and " + senses.length);
    }
    this.m = tangents.length;
    System.arraycopy(start, 0, centre, 0, d);
    for (int k = 0; k < m; k++) {
      System.arraycopy(tangents[k], 0, frame[k], 0, d);
    }
    this.senses = senses;
    double w = window;
    for (int round = 0; round < maxRounds; round++) {
      this.window = w;
      search(0);
      boolean border = false;
      double move = 0;
      for (int k = 0; k < m; k++) {
        border |= Math.abs(x[k]) > w - 2 * precision;
        move = Math.max(move, Math.abs(x[k]));
      }
      chart(x, u);
      System.arraycopy(u, 0, centre, 0, d);
      orthonormaliseFrame();
      if (border) {
        w = Math.min(1.5 * w, MAX_WINDOW);
      } else if (stable <= 0 || move < stable) {
        return centre.clone();
      } else if (m > 1) {
        double[] first = frame[0];
        System.arraycopy(frame, 1, frame, 0, m - 1);
        frame[m - 1] = first;
      }
    }
    return null;
  }

  private double width(int level) {
    return level == 0 ? precision : innerPrecision;
  }

  /**
   * The optimum over the coordinates level .. m-1 with x[0 .. level-1] fixed, as a value to be
   * maximised by the caller of level - 1 after its own sign; leaves x[level ..] at the optimum.
   */
  private double search(int level) {
    if (level == m - 1) {
      return searchLine(level);
    }
    double sign = senses[level] == Sense.MAX ? 1 : -1;
    double[] lo = innerLow[level];
    double[] hi = innerHigh[level];
    double a = -window;
    double b = window;
    double c = b - INV_PHI * (b - a);
    double e = a + INV_PHI * (b - a);
    x[level] = c;
    double fc = sign * search(level + 1);
    copyInner(level, lo);
    x[level] = e;
    double fe = sign * search(level + 1);
    copyInner(level, hi);
    double width = width(level);
    while (b - a > width) {
      if (fc >= fe) {
        b = e;
        e = c;
        fe = fc;
        System.arraycopy(lo, 0, hi, 0, m);
        c = b - INV_PHI * (b - a);
        x[level] = c;
        fc = sign * search(level + 1);
        copyInner(level, lo);
      } else {
        a = c;
        c = e;
        fc = fe;
        System.arraycopy(hi, 0, lo, 0, m);
        e = a + INV_PHI * (b - a);
        x[level] = e;
        fe = sign * search(level + 1);
        copyInner(level, hi);
      }
    }
    double best = Math.max(fc, fe);
    double[] inner = fc >= fe ? lo : hi;
    x[level] = fc >= fe ? c : e;
    System.arraycopy(inner, level + 1, x, level + 1, m - level - 1);
    return sign * best;
  }

  /** The innermost coordinate: scan, exact kinks, golden sections in the smooth pieces. */
  private double searchLine(int level) {
    double sign = senses[level] == Sense.MAX ? 1 : -1;
    for (int i = 0; i <= LINE_SCAN; i++) {
      linePos[i] = -window + 2 * window * i / LINE_SCAN;
      x[level] = linePos[i];
      lineVal[i] = sign * evaluate(linePre[i]);
    }
    lineBase(level);
    // Candidates in increasing position: each scan point, then the kinks up to the next one.
    int n = 0;
    for (int i = 0; i <= LINE_SCAN; i++) {
      candPos[n] = linePos[i];
      candVal[n] = lineVal[i];
      n++;
      if (i == LINE_SCAN) {
        break;
      }
      int first = n;
      for (int k = 0; k < units; k++) {
        double za = linePre[i][k];
        double zb = linePre[i + 1][k];
        if ((za < 0 && zb > 0) || (za > 0 && zb < 0)) {
          double t = kink(level, linePos[i], za, linePos[i + 1], zb, k);
          x[level] = t;
          candPos[n] = t;
          candVal[n] = sign * evaluate();
          n++;
        }
      }
      sortCandidates(first, n);
    }
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (candVal[i] > candVal[best]) {
        best = i;
      }
    }
    double bestX = candPos[best];
    double bestF = candVal[best];
    double width = width(level);
    // A piece already narrower than the precision is not searched: its points are within the
    // precision of the candidate at its end.
    if (best > 0 && candPos[best] - candPos[best - 1] > width
        && golden(level, sign, candPos[best - 1], candPos[best], width) > bestF) {
      bestX = goldenX;
      bestF = goldenF;
    }
    if (best < n - 1 && candPos[best + 1] - candPos[best] > width
        && golden(level, sign, candPos[best], candPos[best + 1], width) > bestF) {
      bestX = goldenX;
      bestF = goldenF;
    }
    x[level] = bestX;
    return sign * bestF;
  }

  /**
   * Golden-section maximum of sign * log r over x[level] in (a, b), also left in goldenX, goldenF.
   * The evaluations are c, then e, then the new point of each narrowed interval, all at one call
   * site: C2 inlines the whole network at every call site of {@link #evaluate()}, and with one per
   * branch (four here, eight once both of {@link #searchLine}'s calls were inlined) its compilation
   * of the line search took about a second of the sweep's CPU (bench/RESULTS.md section 20).
   */
  private double golden(int level, double sign, double a, double b, double width) {
    double c = b - INV_PHI * (b - a);
    double e = a + INV_PHI * (b - a);
    double fc = 0;
    double fe = 0;
    boolean atC = true;
    for (int evaluated = 0; ; evaluated++) {
      x[level] = atC ? c : e;
      double f = sign * evaluate();
      if (atC) {
        fc = f;
      } else {
        fe = f;
      }
      if (evaluated == 0) {
        atC = false;
        continue;
      }
      if (!(b - a > width)) {
        break;
      }
      atC = fc >= fe;
      if (atC) {
        b = e;
        e = c;
        fe = fc;
        c = b - INV_PHI * (b - a);
      } else {
        a = c;
        c = e;
        fc = fe;
        e = a + INV_PHI * (b - a);
      }
    }
    goldenX = fc >= fe ? c : e;
    goldenF = Math.max(fc, fe);
    return goldenF;
  }

  /**
   * Where pre-activation k changes sign between x[level] = a (value za) and b (zb): the Illinois
   * variant of regula falsi, to the last bits of the coordinate.
   */
  private double kink(int level, double a, double za, double b, double zb, int k) {
    if (k < firstLayer && firstDir[k] != 0) {
      // a first-layer unit is linear along the line before normalisation: its zero is exact
      double t = -firstBase[k] / firstDir[k];
      return Math.min(Math.max(t, a), b);
    }
    // The secants are taken on the pre-activation at the unnormalised point base + t dir,
    // z |base + t dir|^deg (deg: the unit's degree of homogeneity): the same sign, and for a
    // piecewise-linear network linear in t between the kinks of the layers below, where the first
    // secant is exact.
    double deg = unitDegree[k / firstLayer];
    za *= unnormalised(a, deg);
    zb *= unnormalised(b, deg);
    int side = 0;
    for (int it = 0; it < KINK_ITERATIONS; it++) {
      double t = (a * zb - b * za) / (zb - za);
      if (!(t > a && t < b)) {
        t = 0.5 * (a + b);
      }
      if (t == a || t == b || b - a <= Math.ulp(Math.max(Math.abs(a), Math.abs(b))) * 4) {
        return t;
      }
      x[level] = t;
      preActivations(pre);
      double zt = pre[k] * unnormalised(t, deg);
      if (zt == 0 || Double.isNaN(zt)) {
        return t;
      }
      if ((zt < 0) == (za < 0)) {
        a = t;
        za = zt;
        if (side == -1) {
          zb *= 0.5;
        }
        side = -1;
      } else {
        b = t;
        zb = zt;
        if (side == 1) {
          za *= 0.5;
        }
        side = 1;
      }
    }
    return 0.5 * (a + b);
  }

  /** |base + t dir|^deg for the current line: the factor that undoes the chart's normalisation. */
  private double unnormalised(double t, double deg) {
    double n = Math.sqrt(baseNorm2 + t * (2 * baseDotDir + t));
    return deg == 1 ? n : Math.pow(n, deg);
  }

  private void sortCandidates(int from, int to) {
    for (int i = from + 1; i < to; i++) {
      double p = candPos[i];
      double v = candVal[i];
      int j = i - 1;
      while (j >= from && candPos[j] > p) {
        candPos[j + 1] = candPos[j];
        candVal[j + 1] = candVal[j];
        j--;
      }
      candPos[j + 1] = p;
      candVal[j + 1] = v;
    }
  }

  /** log r at the chart point x, and every unit's pre-activation there into {@code pre}: one pass. */
  private double evaluate(double[] pre) {
    chart(x, u);
    if ((++evaluations & (DEADLINE_STRIDE - 1)) == 0) {
      deadline.check(stage);
    }
    net.preActivations(u, pre);
    return r.logRadius(u, pre);
  }

  /**
   * For the innermost line at {@code level}: its point at coordinate 0 before normalisation,
   * centre + sum over the other levels of x_k t_k, and the first-layer weights' dot products with
   * it and with the line's direction t_level. A first-layer unit's pre-activation along the line
   * is then (base_j + s dir_j) / |...|, zero exactly at s = -base_j / dir_j.
   */
  private void lineBase(int level) {
    for (int i = 0; i < d; i++) {
      double s = centre[i];
      for (int k = 0; k < m; k++) {
        if (k != level) {
          s += x[k] * frame[k][i];
        }
      }
      base[i] = s;
    }
    for (int j = 0; j < firstLayer; j++) {
      double b = 0;
      double t = 0;
      for (int i = 0; i < d; i++) {
        double w = net.weight(j * d + i);
        b += w * base[i];
        t += w * frame[level][i];
      }
      firstBase[j] = b;
      firstDir[j] = t;
    }
    baseNorm2 = Linear.dot(base, base);
    baseDotDir = Linear.dot(base, frame[level]);
  }

  private double evaluate() {
    chart(x, u);
    if ((++evaluations & (DEADLINE_STRIDE - 1)) == 0) {
      deadline.check(stage);
    }
    return r.logRadius(u);
  }

  private void preActivations(double[] out) {
    chart(x, u);
    net.preActivations(u, out);
  }

  private void copyInner(int level, double[] into) {
    System.arraycopy(x, level + 1, into, level + 1, m - level - 1);
  }

  private void chart(double[] coords, double[] out) {
    for (int i = 0; i < d; i++) {
      double s = centre[i];
      for (int k = 0; k < m; k++) {
        s += coords[k] * frame[k][i];
      }
      out[i] = s;
    }
    double n = 0;
    for (int i = 0; i < d; i++) {
      n += out[i] * out[i];
    }
    double inv = 1 / Math.sqrt(n);
    for (int i = 0; i < d; i++) {
      out[i] *= inv;
    }
  }

  /** Projects the frame onto the tangent space at the (new) centre and re-orthonormalises it. */
  private void orthonormaliseFrame() {
    for (int k = 0; k < m; k++) {
      double[] t = frame[k];
      project(t, centre);
      for (int j = 0; j < k; j++) {
        project(t, frame[j]);
      }
      double n = 0;
      for (int i = 0; i < d; i++) {
        n += t[i] * t[i];
      }
      double inv = 1 / Math.sqrt(n);
      for (int i = 0; i < d; i++) {
        t[i] *= inv;
      }
    }
  }

  /** t -= (t . e) e for a unit vector e. */
  private void project(double[] t, double[] e) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += t[i] * e[i];
    }
    for (int i = 0; i < d; i++) {
      t[i] -= s * e[i];
    }
  }
}
