package org.neuralpolytopes.geometry;

import java.util.Arrays;

/**
 * Points of R^d bucketed on a uniform grid (a spatial hash: Teschner et al. 2003, "Optimized
 * spatial hashing for collision detection of deformable objects"), for the question "which points
 * may lie within {@code reach} of y": the cells that the cube of half-width reach around y
 * overlaps, at most 2^d of them when the cell side is at least twice the reach. Cells are keyed
 * by a 64-bit mix of their integer coordinates and found by binary search among the sorted keys;
 * two cells that share a key only add candidates, which the caller tests by distance anyway. Above {@link #MAX_GRID_DIMENSION} (2^d cells per
 * query) every point is one candidate list. Immutable after construction; queries reuse one
 * buffer, so an instance is not thread-safe.
 */
final class PointIndex {

  /** Dimensions up to which the grid is used (at most 2^6 cells per query). */
  static final int MAX_GRID_DIMENSION = 6;

  private final double[][] points;
  private final int d;
  private final double side;
  private final boolean grid;
  /** The cells' keys, ascending, and their members: cellMembers[cellStart[c] .. cellStart[c + 1]). */
  private final long[] cellKeys;
  private final int[] cellStart;
  private final int[] cellMembers;
  private final int[] all;
  private final int[] lo;
  private final int[] span;
  private int[] found = new int[64];
  private final int[] cellScratch;

  /**
   * @param maxReach the largest reach any query will use (the cell side is twice it)
   */
  PointIndex(double[][] points, double maxReach) {
    this.points = points;
    this.d = points.length == 0 ? 0 : points[0].length;
    this.side = 2 * maxReach;
    this.grid = d <= MAX_GRID_DIMENSION && side > 0 && Double.isFinite(side);
    this.all = new int[points.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    this.lo = new int[d];
    this.span = new int[d];
    this.cellScratch = new int[d];
    if (grid) {
      // sort the points by their cell's key: each cell is then one run of the member array
      long[] keyOf = new long[points.length];
      int[] cell = new int[d];
      Integer[] order = new Integer[points.length];
      for (int i = 0; i < points.length; i++) {
        for (int k = 0; k < d; k++) {
          cell[k] = (int) Math.floor(points[i][k] / side);
        }
        keyOf[i] = key(cell);
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : keyOf[a] != keyOf[b] ? Long.compare(keyOf[a], keyOf[b])
          : Integer.compare(a, b));
      long[] keys = new long[points.length];
      int[] start = new int[points.length + 1];
      cellMembers = new int[points.length];
      int cells = 0;
      for (int t = 0; t < points.length; t++) {
        int i = order[t];
        cellMembers[t] = i;
        if (cells == 0 || keys[cells - 1] != keyOf[i]) {
          keys[cells] = keyOf[i];
          start[cells] = t;
          cells++;
        }
      }
      start[cells] = points.length;
      cellKeys = Arrays.copyOf(keys, cells);
      cellStart = Arrays.copyOf(start, cells + 1);
    } else {
      cellKeys = new long[0];
      cellStart = new int[1];
      cellMembers = new int[0];
    }
  }

  /**
   * The points that may lie within {@code reach} (at most the index's maxReach) of y: a superset,
   * into {@link #found()}; returns their number.
   */
  int near(double[] y, double reach) {
    if (!grid) {
      found = all;
      return all.length;
    }
    int combos = 1;
    for (int k = 0; k < d; k++) {
      lo[k] = (int) Math.floor((y[k] - reach) / side);
      span[k] = (int) Math.floor((y[k] + reach) / side) - lo[k] + 1;
      combos *= span[k];
    }
    if (found == all) {
      found = new int[64];
    }
    int count = 0;
    int[] cell = cellScratch;
    System.arraycopy(lo, 0, cell, 0, d);
    for (int c = 0; c < combos; c++) {
      if (c > 0) {
        // the next cell of the box, as an odometer
        int k = 0;
        while (cell[k] == lo[k] + span[k] - 1) {
          cell[k] = lo[k];
          k++;
        }
        cell[k]++;
      }
      int c0 = Arrays.binarySearch(cellKeys, key(cell));
      if (c0 >= 0) {
        int from = cellStart[c0];
        int length = cellStart[c0 + 1] - from;
        if (count + length > found.length) {
          found = Arrays.copyOf(found, Math.max(2 * found.length, count + length));
        }
        System.arraycopy(cellMembers, from, found, count, length);
        count += length;
      }
    }
    return count;
  }

  /** The candidates of the last {@link #near} call (its first entries). */
  int[] found() {
    return found;
  }

  /**
   * The distances from every point to its {@code k} nearest others, ascending, row-major (n x k;
   * +infinity where there are fewer than k others). Exact: each point's candidates are those
   * within a reach of twice the typical spacing of points spread over a sphere of their mean
   * radius, and a point with fewer than k candidates that close is compared with all the others.
   * {@code deadline} is checked (as {@code stage}) every 64 points.
   */
  static double[] nearestDistances(double[][] points, int k, Deadline deadline, String stage) {
    int n = points.length;
    double[] out = new double[n * k];
    java.util.Arrays.fill(out, Double.POSITIVE_INFINITY);
    if (n < 2 || k < 1) {
      return out;
    }
    int d = points[0].length;
    double meanRadius = 0;
    for (double[] p : points) {
      meanRadius += Math.sqrt(Linear.dot(p, p)) / n;
    }
    double spacing = meanRadius * Math.pow(DirectionSet.sphereArea(d) / n, 1.0 / (d - 1));
    double reach = 2 * spacing;
    PointIndex index = new PointIndex(points, reach);
    double[] row = new double[k];
    for (int i = 0; i < n; i++) {
      if ((i & 63) == 0) {
        deadline.check(stage);
      }
      java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
      int count = reach > 0 ? index.near(points[i], reach) : 0;
      int[] near = index.found();
      for (int t = 0; t < count; t++) {
        insert(row, points, i, near[t]);
      }
      if (!(row[k - 1] <= reach)) {
        // not k others within the reach: the k nearest may lie beyond it
        java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        for (int j = 0; j < n; j++) {
          insert(row, points, i, j);
        }
      }
      System.arraycopy(row, 0, out, i * k, k);
    }
    return out;
  }

  /** Inserts |p_i - p_j| (j != i) into the ascending row of the k smallest so far. */
  private static void insert(double[] row, double[][] points, int i, int j) {
    if (j == i) {
      return;
    }
    double dist = Linear.distance(points[i], points[j]);
    int k = row.length - 1;
    if (!(dist < row[k])) {
      return;
    }
    while (k > 0 && row[k - 1] > dist) {
      row[k] = row[k - 1];
      k--;
    }
    row[k] = dist;
  }

  /** A 64-bit mix of the cell's coordinates (SplitMix64's finaliser over a running sum). */
  private static long key(int[] cell) {
    long h = 0x9e3779b97f4a7c15L;
    for (int c : cell) {
      h = (h ^ c) * 0xbf58476d1ce4e5b9L;
      h ^= h >>> 31;
    }
    return h;
  }
}
