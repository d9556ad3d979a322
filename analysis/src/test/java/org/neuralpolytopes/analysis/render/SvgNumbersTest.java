package org.neuralpolytopes.analysis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import org.jfree.svg.SVGUtils;
import org.junit.jupiter.api.Test;

/** The vector copies' numbers: the same text as JFreeSVG's own converter, number for number. */
class SvgNumbersTest {

  @Test
  void writesEveryNumberAsJFreeSvgsConverterDoes() {
    for (int dp : new int[] {1, 3}) {
      SvgNumbers fast = new SvgNumbers(dp);
      DoubleFunction<String> reference = SVGUtils.createDoubleConverter(dp);
      double unit = Math.pow(10, -dp);
      List<Double> xs = new ArrayList<>(List.of(0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.15, 0.25, 0.35, 2.25, 2.75,
          -9.95, 99.95, 0.0005, 0.0015, 123456789.05, 1e8, 1e9, 1e12, -1e12, 1e300, Double.MIN_VALUE, -Double.MIN_VALUE,
          Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
      Random random = new Random(7);
      for (int i = 0; i < 50_000; i++) {
        xs.add((random.nextDouble() - 0.5) * 2000); // page coordinates
        double tie = (random.nextInt(400_000) - 200_000 + 0.5) * unit; // ties of the last decimal
        xs.add(tie);
        xs.add(Math.nextUp(tie));
        xs.add(Math.nextDown(tie));
        xs.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(16) - 5)); // every magnitude
      }
      for (double x : xs) {
        assertEquals(reference.apply(x), fast.apply(x), "dp " + dp + ", x = " + x);
      }
    }
  }

  @Test
  void refusesDecimalsOutsideOneToNine() {
    assertThrows(IllegalArgumentException.class, () -> new SvgNumbers(0));
    assertThrows(IllegalArgumentException.class, () -> new SvgNumbers(10));
  }
}
