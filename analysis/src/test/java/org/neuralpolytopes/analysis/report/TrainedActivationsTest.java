package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.net.Activation;
import org.neuralpolytopes.net.Network;

/**
 * The trained-activation figures on hand-made rows whose answers are known: W = I with |t| (the
 * octahedron) and with the rational R(t) = 2 t^2 (era_even, numerator 2 over 0: f = 2 |x|^2, the
 * sphere of radius 1/sqrt 2).
 */
class TrainedActivationsTest {

  @TempDir
  Path tmp;

  static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

  static TableRow row(String id, String activation, int seedIndex, double[] coefficients, int[] shape) {
    Map<String, Object> v = new LinkedHashMap<>(HandMade.run(id, seedIndex).values());
    v.put("activation", activation);
    v.put("weights", IDENTITY.clone());
    v.put("activation_coefficients", coefficients);
    v.put("activation_shape", shape);
    v.put("polytope_name", null);
    return TableRow.of(v);
  }

  static TableRow square(String id, int seedIndex) {
    return row(id, "era_even", seedIndex, new double[] {0, 0, 2}, new int[] {1, 2, 0});
  }

  @Test
  void aRationalRowRebuildsItsNetwork() {
    Network net = RunPicture.network(square("00000000000000e1", 0), square("00000000000000e1", 0));
    assertEquals(2.0, net.value(new double[] {1, 0, 0}), 1e-15);
    assertEquals(2.0 * (0.25 + 0.09), net.value(new double[] {0.5, 0.3, 0}), 1e-15);
    Activation r = net.activation(0);
    assertEquals(2 * 9.0, r.value(-3), 1e-12);
  }

  @Test
  void theBestMultipleOfTPowerPAndTheDistanceFromIt() {
    Activation r = RunPicture.network(square("00000000000000e1", 0), square("00000000000000e1", 0)).activation(0);
    double[] same = TrainedActivations.fit(r, 2, 1.7);
    assertEquals(2.0, same[0], 1e-12, "R = 2 t^2 is twice |t|^2");
    assertEquals(0.0, same[1], 1e-6);
    double[] other = TrainedActivations.fit(r, 1, 1.0);
    assertTrue(other[1] > 0.1, "t^2 is not a multiple of |t|: " + other[1]);
    // the identity's pre-activations on the unit sphere are its coordinates: at most 1, nearly 1
    double range = TrainedActivations.preActivationRange(RunPicture.network(square("00000000000000e1", 0), square("00000000000000e1", 0)));
    assertTrue(range <= 1 + 1e-12 && range > 0.97, "range " + range);
  }

  @Test
  void oneFigurePerGridPointAndSeedWithARationalRun() throws Exception {
    List<TableRow> runs = List.of(
        row("00000000000000a0", "abs_power", 0, null, null),
        square("00000000000000e0", 0),
        // seed 1 has no rational run: no figure for it
        row("00000000000000a1", "abs_power", 1, null, null));
    ReportData data = HandMade.data(runs);
    List<FigureRef> figures = TrainedActivations.draw(data, tmp, m -> { });
    assertEquals(1, figures.size());
    FigureRef f = figures.get(0);
    assertEquals(TrainedActivations.SECTION, f.section());
    assertTrue(f.title().startsWith("(3, 1, 3, 1) seed 0"), f.title());
    assertTrue(Files.size(tmp.resolve(f.png())) > 5000);
    String svg = Files.readString(tmp.resolve(f.svg()));
    Network net = RunPicture.network(square("00000000000000e0", 0), square("00000000000000e0", 0));
    double[] fit = TrainedActivations.fit(net.activation(0), 1, TrainedActivations.preActivationRange(net));
    assertEquals(1.5, fit[0], 0.03, "2 t^2 against |t| on [-A, A]: c = 1.5 A, A about 1");
    assertTrue(svg.contains("era_even: " + Values.num(fit[0]) + "|t|^1"), "the legend gives R's best multiple of |t|");
    assertTrue(svg.contains("|t|^1"), "|t|^p is plotted beside it");
  }
}
