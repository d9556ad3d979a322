package org.neuralpolytopes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.cli.TrainCommand;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.net.Network;

/** The closed-form minimiser for p = 2, against its derivation and against Adam. */
class ExactQuadraticTest {

  static RunConfig config(int d, int layers, int units, String optimizer, long seed) {
    TrainingSettings t = TrainingSettings.DEFAULT.withOptimizer(optimizer);
    return new RunConfig(d, layers, units, 2, "abs_power", seed, 0, t, new GeometrySettings(4000, Tolerances.DEFAULT));
  }

  /** Row-major n x d first layer of flat weights. */
  static RealMatrix firstLayer(double[] w, int n, int d) {
    RealMatrix m = MatrixUtils.createRealMatrix(n, d);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        m.setEntry(i, k, w[i * d + k]);
      }
    }
    return m;
  }

  static double maxAbs(RealMatrix m) {
    double max = 0;
    for (double[] row : m.getData()) {
      for (double x : row) {
        max = Math.max(max, Math.abs(x));
      }
    }
    return max;
  }

  @Test
  void oneLayerGivesOrthonormalColumnsAndTheSphereToRounding() {
    RunConfig c = config(3, 1, 5, ExactQuadratic.NAME, 7);
    RunResult r = Runs.run(c);
    assertEquals(Status.OK, r.status(), r.error());
    assertEquals(StopReason.CLOSED_FORM, r.training().stopReason());
    RealMatrix w = firstLayer(r.weights(), 5, 3);
    assertTrue(maxAbs(w.transpose().multiply(w).subtract(MatrixUtils.createRealIdentityMatrix(3))) < 1e-14);
    assertTrue(r.training().finalLoss() < 1e-28, "finite-sample loss " + r.training().finalLoss());
    assertTrue(r.training().initialLoss() > 1e-3);
    assertTrue(r.shape().sphericityError() < 1e-12, "sphericity " + r.shape().sphericityError());
    assertEquals("sphere", r.polytopeName());
  }

  @Test
  void theFirstLayerIsTheNearestFrameToTheStart() {
    // The polar factor Q of W0 minimises |W0 - Q R| over orthogonal R (Fan and Hoffman 1955).
    RunConfig c = config(3, 1, 4, ExactQuadratic.NAME, 11);
    RealMatrix w0 = firstLayer(Runs.start(c).weights(), 4, 3);
    RealMatrix q = firstLayer(Runs.run(c).weights(), 4, 3);
    double best = w0.subtract(q).getFrobeniusNorm();
    SplittableRandom rng = new SplittableRandom(3);
    for (int t = 0; t < 200; t++) {
      RealMatrix g = MatrixUtils.createRealMatrix(3, 3);
      for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++) {
          g.setEntry(i, k, (t < 100 ? 0.05 : 1) * rng.nextGaussian() + (i == k && t < 100 ? 1 : 0));
        }
      }
      RealMatrix rot = new QRDecomposition(g).getQ();
      assertTrue(w0.subtract(q.multiply(rot)).getFrobeniusNorm() >= best - 1e-12);
    }
  }

  @Test
  void deeperNetworksComposeToAPowerOfTheNorm() {
    for (int[] shape : new int[][] {{3, 2, 4}, {2, 3, 3}, {3, 2, 3}}) {
      int d = shape[0];
      int layers = shape[1];
      RunResult r = Runs.run(config(d, layers, shape[2], ExactQuadratic.NAME, 5));
      assertEquals(Status.OK, r.status(), r.error());
      Network net = new Network(r.config().architecture(), r.weights());
      SplittableRandom rng = new SplittableRandom(1);
      for (int t = 0; t < 20; t++) {
        double[] x = new double[d];
        double norm2 = 0;
        for (int k = 0; k < d; k++) {
          x[k] = rng.nextGaussian();
          norm2 += x[k] * x[k];
        }
        double expected = Math.pow(norm2, 1 << (layers - 1));
        assertEquals(expected, net.value(x), 1e-12 * expected);
      }
      assertTrue(r.shape().sphericityError() < 1e-12, "sphericity " + r.shape().sphericityError());
    }
  }

  @Test
  void fewerUnitsThanInputsHaveNoExactSolutionAndSaySo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.requireApplicable(ExactQuadratic.NAME, 3, 2, "abs_power", 2));
    assertTrue(e.getMessage().startsWith("optimizer 'exact': no weights fit the sphere with units = 2 < d = 3"),
        e.getMessage());
    // every path refuses it: a configuration cannot even be made
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> config(3, 2, 2, ExactQuadratic.NAME, 2));
    assertTrue(c.getMessage().contains("no weights fit the sphere"), c.getMessage());
  }

  @Test
  void adamConvergesToTheSameLossAndBody() {
    RunResult exact = Runs.run(config(3, 1, 5, ExactQuadratic.NAME, 4));
    RunResult adam = Runs.run(config(3, 1, 5, Adam.NAME, 4));
    assertEquals(Status.OK, adam.status(), adam.error());
    assertEquals(exact.training().finalLoss(), adam.training().finalLoss(), 1e-8);
    assertEquals("sphere", adam.polytopeName());
    RealMatrix w = firstLayer(adam.weights(), 5, 3);
    assertTrue(maxAbs(w.transpose().multiply(w).subtract(MatrixUtils.createRealIdentityMatrix(3))) < 1e-3,
        "Adam's W'W is near I");
  }

  @Test
  void otherExponentsAndActivationsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.requireApplicable(ExactQuadratic.NAME, 3, 3, "abs_power", 4));
    assertEquals("optimizer 'exact' solves p = 2 (activation abs_power) only, got p = 4", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizers.requireApplicable(ExactQuadratic.NAME, 3, 3, "relu", 1));
    Optimizers.requireApplicable(Adam.NAME, 3, 2, "abs_power", 4);

    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = TrainCommand.run("--d", "3", "--layers", "1", "--units", "3", "--p", "1.5", "--optimizer", "exact");
      assertEquals(2, TrainCommand.run("--d", "3", "--layers", "1", "--units", "2", "--p", "2", "--optimizer", "exact"));
    } finally {
      System.setErr(err);
    }
    assertEquals(2, code);
    String text = captured.toString(StandardCharsets.UTF_8);
    assertEquals(2, text.lines().count(), text);
    assertTrue(text.startsWith("error: optimizer 'exact' solves p = 2 (activation abs_power) only, got p = 1.5\n"), text);
    assertTrue(text.lines().skip(1).findFirst().orElseThrow().startsWith("error: optimizer 'exact': no weights fit"), text);
  }
}
