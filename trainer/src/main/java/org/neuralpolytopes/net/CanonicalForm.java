package org.neuralpolytopes.net;

import java.util.ArrayList;
import java.util.List;

/**
 * A network's weights modulo the symmetries of its parameterisation (docs/metrics.md, "Parameter-space
 * statistics"; Trimmel's thesis, section 7 and paper III): two networks that are the same function
 * up to these symmetries have the same canonical form.
 *
 * <p>The symmetries of a bias-free network with a positively homogeneous activation of degree k
 * (sigma(c t) = c^k sigma(t) for c > 0) and output the plain sum of its last layer:
 *
 * <ul>
 *   <li>permutation of the units of a hidden layer, with their incoming rows and outgoing columns;
 *   <li>positive scaling: unit j's incoming row times c > 0 and its outgoing column times c^-k
 *       (rho_lambda of Trimmel's thesis). The last layer's units have the fixed outgoing weight 1,
 *       so their scale is not free;
 *   <li>sign flip of a unit's incoming row when sigma is even (|t|^p), in every layer.
 * </ul>
 *
 * <p>Algorithm:
 *
 * <ol>
 *   <li>Scale normal form, layer by layer from the input: every unit's incoming row is scaled to
 *       unit length and its outgoing column (the output weight, for the last layer, which starts
 *       at 1) by |row|^k; this is unique, and invariant under the scalings above.
 *   <li>Dead units are dropped: a unit whose outgoing column (output weight) has a norm below
 *       {@code tol}^k times the largest of its layer (its k-th root, the unit's size on the scale
 *       of x, below {@code tol} times the largest), or (relu, beyond the first layer) whose
 *       incoming row has no entry above {@code tol} (its input is non-negative, so it never
 *       fires). Duplicate units are merged: two units whose unit rows differ by less than
 *       {@code tol} (up to sign for even sigma) compute the same function, so one is dropped and
 *       its outgoing column added to the other's. Both change the next layer's rows, so steps 1-2
 *       repeat until nothing changes.
 *   <li>For even sigma every row's first entry whose size exceeds {@code tol} is made positive.
 *       The units of each layer are then sorted by their rows, lexicographically with ties within
 *       {@code tol} (rows of layer l + 1 are read in the sorted order of layer l, so layers are
 *       sorted from the input on).
 *   <li>The last layer's output weights are folded back into its rows (row times
 *       weight^(1/k), weight > 0), so that the canonical weights define the same network with
 *       output the plain sum: {@code effective_units} per layer and the weights flat, layer l
 *       of shape [effective_units[l], fan_in] with fan_in = d or effective_units[l - 1].
 * </ol>
 *
 * @param effectiveUnits units left in each hidden layer
 * @param weights the canonical weights, flat, in the layout above
 */
public record CanonicalForm(int[] effectiveUnits, double[] weights) implements java.io.Serializable {

  /**
   * The canonical form of {@code weights} (laid out as {@code arch} says), a unit dead when its
   * size on the scale of x is below {@code tol} times the largest of its layer.
   */
  public static CanonicalForm of(Architecture arch, double[] weights, double tol) {
    return new Builder(arch, weights, tol, false, tol).build();
  }

  /**
   * As {@link #of}, but a unit is dead when its contribution to the next layer (its outgoing
   * column's norm in scale normal form) is below {@code tol} times the largest: for critical
   * points found numerically, where a unit that is 0 at the exact point is left at a small size
   * (the loss is flat along it to high order: (2, 1, 2, 4)'s one-unit saddle keeps a second row
   * near 1e-3 of the first, 1e-12 of its contribution).
   */
  public static CanonicalForm byContribution(Architecture arch, double[] weights, double tol) {
    return new Builder(arch, weights, tol, true, tol).build();
  }

  /**
   * As {@link #byContribution}, with units merged when their unit rows are within
   * {@code duplicateTol} of each other (up to sign for an even activation) rather than
   * {@code tol}: the census's test of whether two nearly parallel units of a numerically found
   * critical point are one ({@code Census}).
   */
  public static CanonicalForm byContribution(Architecture arch, double[] weights, double tol, double duplicateTol) {
    return new Builder(arch, weights, tol, true, duplicateTol).build();
  }

  /**
   * These weights in the layout of {@code arch} (which has at least as many units per layer):
   * every dropped or merged unit a zero row with a zero outgoing column, so that the network
   * function is the same (the output is the plain sum of the last layer, as here).
   */
  public double[] padded(Architecture arch) {
    double[] out = new double[arch.weightCount()];
    int pos = 0;
    for (int l = 0; l < effectiveUnits.length; l++) {
      int fanIn = l == 0 ? arch.d() : effectiveUnits[l - 1];
      int off = arch.layerOffset(l);
      int fullFanIn = arch.fanIn(l);
      for (int j = 0; j < effectiveUnits[l]; j++) {
        System.arraycopy(weights, pos, out, off + j * fullFanIn, fanIn);
        pos += fanIn;
      }
    }
    return out;
  }

  /** The network function of these weights at x (for checks; widths may differ by layer). */
  public double value(int d, Activation act, double[] x) {
    double[] in = x.clone();
    int offset = 0;
    int fanIn = d;
    for (int units : effectiveUnits) {
      double[] out = new double[units];
      for (int j = 0; j < units; j++) {
        double z = 0;
        for (int k = 0; k < fanIn; k++) {
          z += weights[offset + j * fanIn + k] * in[k];
        }
        out[j] = act.value(z);
      }
      offset += units * fanIn;
      fanIn = units;
      in = out;
    }
    double f = 0;
    for (double h : in) {
      f += h;
    }
    return f;
  }

  private static final class Builder {
    private final int layers;
    private final double k;
    private final boolean even;
    private final boolean relu;
    private final double tol;
    /** Dead units by contribution ({@link #byContribution}) rather than by size on the scale of x. */
    private final boolean byContribution;
    /** Distance between unit rows under which two units are one. */
    private final double duplicateTol;
    /** rows.get(l).get(j): the incoming weights of unit j of layer l. */
    private final List<List<double[]>> rows = new ArrayList<>();
    /** The output weight of each unit of the last layer. */
    private final List<Double> output = new ArrayList<>();

    Builder(Architecture arch, double[] w, double tol, boolean byContribution, double duplicateTol) {
      this.layers = arch.layers();
      this.k = arch.activation().homogeneityDegree();
      if (!(k > 0)) {
        throw new IllegalArgumentException("the canonical form needs a positively homogeneous activation");
      }
      this.even = arch.activation().isEven();
      this.relu = !even;
      this.tol = tol;
      this.byContribution = byContribution;
      this.duplicateTol = duplicateTol;
      for (int l = 0; l < layers; l++) {
        int fanIn = arch.fanIn(l);
        int off = arch.layerOffset(l);
        List<double[]> layer = new ArrayList<>();
        for (int j = 0; j < arch.units(); j++) {
          double[] row = new double[fanIn];
          System.arraycopy(w, off + j * fanIn, row, 0, fanIn);
          layer.add(row);
        }
        rows.add(layer);
      }
      for (int j = 0; j < arch.units(); j++) {
        output.add(1.0);
      }
    }

    CanonicalForm build() {
      boolean changed = true;
      while (changed) {
        normaliseScales();
        changed = false;
        for (int l = 0; l < layers && !changed; l++) {
          changed = dropDead(l) || mergeDuplicates(l);
        }
      }
      for (int l = 0; l < layers; l++) {
        if (even) {
          for (double[] row : rows.get(l)) {
            normaliseSign(row);
          }
        }
        sortLayer(l);
      }
      int last = layers - 1;
      List<double[]> lastRows = rows.get(last);
      for (int j = 0; j < lastRows.size(); j++) {
        scale(lastRows.get(j), Math.pow(output.get(j), 1 / k));
      }
      int[] units = new int[layers];
      int size = 0;
      for (int l = 0; l < layers; l++) {
        units[l] = rows.get(l).size();
        for (double[] row : rows.get(l)) {
          size += row.length;
        }
      }
      double[] flat = new double[size];
      int pos = 0;
      for (List<double[]> layer : rows) {
        for (double[] row : layer) {
          System.arraycopy(row, 0, flat, pos, row.length);
          pos += row.length;
        }
      }
      return new CanonicalForm(units, flat);
    }

    /** Unit rows everywhere; each row's length^k moves into its outgoing column (output weight). */
    private void normaliseScales() {
      for (int l = 0; l < layers; l++) {
        List<double[]> layer = rows.get(l);
        for (int j = 0; j < layer.size(); j++) {
          double n = norm(layer.get(j));
          if (n == 0) {
            continue;
          }
          scale(layer.get(j), 1 / n);
          double c = Math.pow(n, k);
          if (l + 1 < layers) {
            for (double[] next : rows.get(l + 1)) {
              next[j] *= c;
            }
          } else {
            output.set(j, output.get(j) * c);
          }
        }
      }
    }

    /** Drops the dead units of layer l (at most all but one); true if any was dropped. */
    private boolean dropDead(int l) {
      List<double[]> layer = rows.get(l);
      int n = layer.size();
      double[] strength = new double[n];
      double max = 0;
      for (int j = 0; j < n; j++) {
        strength[j] = outgoingNorm(l, j);
        if (norm(layer.get(j)) == 0) {
          strength[j] = 0;
        }
        if (relu && l > 0 && maxEntry(layer.get(j)) <= tol) {
          strength[j] = 0;
        }
        max = Math.max(max, strength[j]);
      }
      // compared on the scale of x (the k-th root: a unit's outgoing column c moves the body's
      // radius like |c|^(-1/k)), so that a unit is dead when its effective row is below tol times
      // the largest, at every p; on strength itself a p = 40 unit whose row is 0.23 of the largest
      // (0.23^40 = 1e-26) was dropped, though it alone bounds the body where the others vanish
      double threshold = (byContribution ? tol : Math.pow(tol, k)) * max;
      for (int j = n - 1; j >= 0; j--) {
        if (strength[j] <= threshold && rows.get(l).size() > 1) {
          removeUnit(l, j);
          return true;
        }
      }
      return false;
    }

    /** Merges one pair of duplicate units of layer l; true if it did. */
    private boolean mergeDuplicates(int l) {
      List<double[]> layer = rows.get(l);
      for (int i = 0; i < layer.size(); i++) {
        for (int j = i + 1; j < layer.size(); j++) {
          double same = difference(layer.get(i), layer.get(j), 1);
          double flipped = even ? difference(layer.get(i), layer.get(j), -1) : Double.POSITIVE_INFINITY;
          if (Math.min(same, flipped) <= duplicateTol) {
            if (l + 1 < layers) {
              for (double[] next : rows.get(l + 1)) {
                next[i] += next[j];
              }
            } else {
              output.set(i, output.get(i) + output.get(j));
            }
            removeUnit(l, j);
            return true;
          }
        }
      }
      return false;
    }

    private double outgoingNorm(int l, int j) {
      if (l + 1 == layers) {
        return Math.abs(output.get(j));
      }
      double s = 0;
      for (double[] next : rows.get(l + 1)) {
        s += next[j] * next[j];
      }
      return Math.sqrt(s);
    }

    private void removeUnit(int l, int j) {
      rows.get(l).remove(j);
      if (l + 1 < layers) {
        List<double[]> next = rows.get(l + 1);
        for (int i = 0; i < next.size(); i++) {
          double[] row = next.get(i);
          double[] shorter = new double[row.length - 1];
          System.arraycopy(row, 0, shorter, 0, j);
          System.arraycopy(row, j + 1, shorter, j, row.length - j - 1);
          next.set(i, shorter);
        }
      } else {
        output.remove(j);
      }
    }

    private void normaliseSign(double[] row) {
      for (double x : row) {
        if (Math.abs(x) > tol) {
          if (x < 0) {
            scale(row, -1);
          }
          return;
        }
      }
    }

    /** Sorts layer l's units by row (insertion sort: the tolerant order need not be transitive). */
    private void sortLayer(int l) {
      List<double[]> layer = rows.get(l);
      int n = layer.size();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = 1; i < n; i++) {
        int cur = order[i];
        int j = i - 1;
        while (j >= 0 && compareRows(layer.get(order[j]), layer.get(cur)) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = cur;
      }
      List<double[]> sorted = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sorted.add(layer.get(order[i]));
      }
      rows.set(l, sorted);
      if (l + 1 < layers) {
        List<double[]> next = rows.get(l + 1);
        for (int i = 0; i < next.size(); i++) {
          double[] row = next.get(i);
          double[] permuted = new double[n];
          for (int a = 0; a < n; a++) {
            permuted[a] = row[order[a]];
          }
          next.set(i, permuted);
        }
      } else {
        List<Double> permuted = new ArrayList<>(n);
        for (int a = 0; a < n; a++) {
          permuted.add(output.get(order[a]));
        }
        output.clear();
        output.addAll(permuted);
      }
    }

    /** Descending lexicographic order, entries within tol counting as equal. */
    private int compareRows(double[] a, double[] b) {
      for (int i = 0; i < a.length; i++) {
        if (Math.abs(a[i] - b[i]) > tol) {
          return a[i] > b[i] ? -1 : 1;
        }
      }
      return 0;
    }

    private static double difference(double[] a, double[] b, double sign) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        double t = a[i] - sign * b[i];
        s += t * t;
      }
      return Math.sqrt(s);
    }

    private static double norm(double[] a) {
      double s = 0;
      for (double x : a) {
        s += x * x;
      }
      return Math.sqrt(s);
    }

    private static double maxEntry(double[] a) {
      double m = Double.NEGATIVE_INFINITY;
      for (double x : a) {
        m = Math.max(m, x);
      }
      return m;
    }

    private static void scale(double[] a, double c) {
      for (int i = 0; i < a.length; i++) {
        a[i] *= c;
      }
    }
  }
}
