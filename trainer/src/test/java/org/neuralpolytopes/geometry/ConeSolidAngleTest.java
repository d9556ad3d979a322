package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuralpolytopes.net.Network;

/** Solid angles of polyhedral cones against exact values and against the whole sphere. */
class ConeSolidAngleTest {

  /** The positive orthant of R^d is 2^-d of the sphere. */
  @ParameterizedTest(name = "d = {0}")
  @ValueSource(ints = {2, 3, 4, 5})
  void anOrthantIsTwoToTheMinusD(int d) {
    double[] g = new double[d * d];
    for (int k = 0; k < d; k++) {
      g[k * d + k] = 1 + k; // generators of any length
    }
    assertEquals(Math.pow(0.5, d), new ConeSolidAngle(d).simplex(g), 1e-3 * Math.pow(0.5, d));
  }

  /** A planar angle theta is theta / (2 pi) of the circle, from a sliver to nearly a half-plane. */
  @ParameterizedTest(name = "theta = {0}")
  @ValueSource(doubles = {1e-6, 0.01, 0.5, 1.5, 2.5, 3.1})
  void aPlanarAngleIsItsShareOfTheCircle(double theta) {
    double[] g = {1, Math.cos(theta), 0, Math.sin(theta)};
    assertEquals(theta / (2 * Math.PI), new ConeSolidAngle(2).simplex(g), 1e-3 * theta / (2 * Math.PI));
  }

  /**
   * The activation cells of a complete walk tile the sphere: their fractions, from their
   * triangulations, sum to 1 (cells from 0.2 of the sphere down to 10^-23 of it).
   */
  @ParameterizedTest(name = "({0}, {1}, {2})")
  @CsvSource({"3,1,4", "3,2,8", "4,2,8", "5,2,8"})
  void theCellsOfAWalkTileTheSphere(int d, int layers, int units) {
    Network net = CellEstimateTest.random(d, layers, units, "abs_power", 1);
    LinearCells lc = LinearCells.walk(net, GeometrySettings.DEFAULT.tolerances(), 1_000_000, Deadline.NONE);
    assertEquals(LinearCells.Outcome.COMPLETE, lc.outcome());
    ConeSolidAngle angle = new ConeSolidAngle(d);
    double[] g = new double[d * d];
    double total = 0;
    for (LinearCells.Cell cell : lc.cells()) {
      int[] s = cell.simplices();
      for (int t = 0; t < s.length / d; t++) {
        for (int c = 0; c < d; c++) {
          for (int k = 0; k < d; k++) {
            g[k * d + c] = lc.rayCoordinate(s[t * d + c], k);
          }
        }
        total += angle.simplex(g);
      }
    }
    assertEquals(1, total, 2e-3, lc.cellCount() + " cells");
  }
}
