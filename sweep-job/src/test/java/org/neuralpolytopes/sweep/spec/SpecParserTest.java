package org.neuralpolytopes.sweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.TrainingSettings;

class SpecParserTest {

  static final String MINIMAL = "name: t\ngrid: {d: [3], layers: [1], units: [3], p: [1]}\n";

  @Test
  void aMinimalSpecGetsThePapersScheduleWithTheConvergenceStop() throws SpecException {
    SweepSpec s = SpecParser.parse(MINIMAL, "t.yaml");
    assertEquals("t", s.name());
    assertEquals(1, s.seeds());
    assertEquals(TrainingSettings.DEFAULT, s.training());
    assertEquals(TrainingSettings.PAPER.withPlateau(TrainingSettings.DEFAULT_PLATEAU_WINDOW,
        TrainingSettings.DEFAULT_PLATEAU_TOLERANCE), s.training());
    List<RunConfig> configs = s.expand();
    assertEquals(1, configs.size());
    assertEquals("abs_power", configs.get(0).activation());
  }

  @Test
  void theExactFacesSettingsReachEveryConfiguration() throws SpecException {
    SweepSpec s = SpecParser.parse(MINIMAL + "geometry:\n  max_cells: 500\n  tolerances:\n    incidence: 1.0e-8\n", "g.yaml");
    RunConfig c = s.expand().get(0);
    assertEquals(500, c.geometry().maxCells());
    assertEquals(1e-8, c.geometry().tolerances().incidence());
    RunConfig defaults = SpecParser.parse(MINIMAL, "m.yaml").expand().get(0);
    assertEquals(200_000, defaults.geometry().maxCells());
    assertEquals(defaults.runId(), c.runId(), "the geometry settings are not part of the run id");
    assertTrue(!c.geometry().measureId().equals(defaults.geometry().measureId()), "they are part of the measure_id");
    // an unbounded radius at or below the unit sphere's is refused, in one line naming the key (an
    // era run with 0.5 threw while measuring and stopped its sweep)
    for (String radius : List.of("0.5", "1", "1.0e-9")) {
      SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(
          MINIMAL + "geometry:\n  tolerances:\n    unbounded_radius: " + radius + "\n", "g.yaml"));
      assertTrue(e.getMessage().contains("unbounded_radius") && e.getMessage().contains("above 1"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
  }

  /** A whole number beyond int and a YAML-only value in --geometry are named by their key. */
  @Test
  void valuesOutOfTheirTypeAreNamedByTheirKey() {
    SpecException epochs = assertThrows(SpecException.class,
        () -> SpecParser.parse(MINIMAL + "training: {epochs: 99999999999}\n", "t.yaml"));
    assertTrue(epochs.getMessage().contains("training.epochs: must be a whole number up to 2147483647, got 99999999999"),
        epochs.getMessage());
    SpecException directions = assertThrows(SpecException.class,
        () -> SpecParser.geometry(null, List.of("directions=99999999999"), "--geometry"));
    assertTrue(directions.getMessage().contains("geometry.directions: must be a whole number"), directions.getMessage());
    SpecException nan = assertThrows(SpecException.class,
        () -> SpecParser.geometry(null, List.of("tolerances.symmetry=.nan"), "--geometry"));
    assertTrue(nan.getMessage().contains("geometry.tolerances.symmetry: expected a number"), nan.getMessage());
    SpecException twice = assertThrows(SpecException.class,
        () -> SpecParser.geometry(null, List.of("directions=100", "geometry.directions=200"), "--geometry"));
    assertTrue(twice.getMessage().contains("geometry.directions: given twice"), twice.getMessage());
  }

  @Test
  void thePlateauKeysSetOrTurnOffTheConvergenceStop() throws SpecException {
    SweepSpec off = SpecParser.parse(MINIMAL + "training: {plateau_window: 0}\n", "t.yaml");
    assertEquals(TrainingSettings.PAPER, off.training());
    SweepSpec on = SpecParser.parse(MINIMAL + "training: {plateau_window: 50, plateau_tolerance: 0.01, optimizer: lbfgs}\n",
        "t.yaml");
    assertEquals(50, on.training().plateauWindow());
    assertEquals(0.01, on.training().plateauTolerance());
    assertEquals("lbfgs", on.training().optimizer());
    SpecException e = assertThrows(SpecException.class,
        () -> SpecParser.parse(MINIMAL + "training: {plateau_window: -1}\n", "t.yaml"));
    assertTrue(e.getMessage().contains("training.plateau_window"), e.getMessage());
    e = assertThrows(SpecException.class,
        () -> SpecParser.parse(MINIMAL + "training: {plateau_tolerance: -0.5}\n", "t.yaml"));
    assertTrue(e.getMessage().contains("training.plateau_tolerance"), e.getMessage());
  }

  @Test
  void theShippedSpecsAreValid() throws Exception {
    for (String name : List.of("smoke.yaml", "paper.yaml")) {
      SweepSpec s = SpecParser.parse(Path.of("..", "conf", name));
      assertTrue(s.expand().size() > 10, name);
    }
    SweepSpec smoke = SpecParser.parse(Path.of("..", "conf", "smoke.yaml"));
    assertTrue(smoke.expand().size() >= 18 && smoke.expand().size() <= 30, "about 20 configurations");
  }

  @Test
  void rangesListsScalarsAndFractionsExpand() throws SpecException {
    SweepSpec s = SpecParser.parse("""
        name: ranges
        seeds: 2
        grid:
          d: 3
          layers: {from: 1, to: 3}
          units: {from: 2, to: 8, step: 3}
          p: [1, "4/3", {from: 1, to: 2}]
        """.replace("[1, \"4/3\", {from: 1, to: 2}]", "[0.5, \"4/3\"]"), "r.yaml");
    SweepSpec.GridBlock b = s.grid().get(0);
    assertEquals(List.of(3), b.d());
    assertEquals(List.of(1, 2, 3), b.layers());
    assertEquals(List.of(2, 5, 8), b.units());
    assertEquals(List.of(0.5, 4.0 / 3), b.p());
    assertEquals(1 * 3 * 3 * 2 * 2, s.expand().size());
    SweepSpec log = SpecParser.parse(MINIMAL.replace("p: [1]", "p: {from: 1, to: 16, steps: 5, scale: log}"), "l.yaml");
    List<Double> p = log.grid().get(0).p();
    assertEquals(5, p.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(Math.pow(2, i), p.get(i), 0.0, "a log range gives the exact powers, as a list would");
    }
    // generated values are the values a list would give (same run_id), not their rounding noise
    assertEquals(List.of(0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0), SpecParser.parse(
        MINIMAL.replace("p: [1]", "p: {from: 0.5, to: 64, steps: 8, scale: log}"), "l.yaml").grid().get(0).p());
    assertEquals(List.of(0.1, 0.2, 0.3), SpecParser.parse(
        MINIMAL.replace("p: [1]", "p: {from: 0.1, to: 0.3, step: 0.1}"), "l.yaml").grid().get(0).p());
    SweepSpec lin = SpecParser.parse(MINIMAL.replace("p: [1]", "p: {from: 0.5, to: 4, steps: 8}"), "l.yaml");
    assertEquals(List.of(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0), lin.grid().get(0).p());
  }

  @Test
  void aListOfGridsIsTheirUnionWithoutDuplicates() throws SpecException {
    SweepSpec s = SpecParser.parse("""
        name: union
        seeds: 3
        grid:
          - {d: 2, layers: 1, units: [2, 3], p: 1}
          - {d: 2, layers: 1, units: 3, p: [1, 2]}
          - {d: 3, layers: 1, units: 4, p: 1, activation: [relu]}
        """, "u.yaml");
    List<RunConfig> c = s.expand();
    assertEquals((2 + 1 + 1) * 3, c.size(), "(2,1,3,1) is in two blocks but runs once");
    assertEquals(c.size(), c.stream().map(RunConfig::runId).distinct().count());
  }

  @Test
  void theExactOptimiserTakesPEqualsTwoWithEnoughUnits() throws SpecException {
    SweepSpec s = SpecParser.parse(MINIMAL.replace("p: [1]", "p: [2]").replace("units: [3]", "units: [3, 5]")
        + "training: {optimizer: exact}\n", "e.yaml");
    assertEquals(2, s.expand().size());
    assertEquals("exact", s.expand().get(0).training().optimizer());
  }

  @Test
  void theEraBlockReachesTheRationalRunsOnlyAndItsInitialisationDecidesWhetherPCounts() throws SpecException {
    String grid = MINIMAL.replace("p: [1]", "p: [1, 2], activation: [abs_power, era_even, era]");
    SweepSpec s = SpecParser.parse(grid + "era: {numerator: 8, denominator: 2, sharing: shared}\n", "e.yaml");
    List<RunConfig> c = s.expand();
    assertEquals(2 * 3, c.size(), "an abs_power initialisation fits |t|^p: every p is its own run");
    for (RunConfig r : c) {
      if (r.activation().equals("abs_power")) {
        assertEquals(null, r.era());
      } else {
        assertEquals(8, r.era().numerator());
        assertEquals(2, r.era().denominator());
        assertEquals("layer", r.era().sharing(), "one layer has one set of coefficients");
      }
    }
    // era_even's numerator 7 is odd: refused, naming the key
    SpecException odd = assertThrows(SpecException.class, () -> SpecParser.parse(grid
        + "era: {numerator: 7, denominator: 2}\n", "o.yaml"));
    assertEquals("era.numerator", odd.key());
    SweepSpec swish = SpecParser.parse(grid.replace("era_even, ", "") + "era: {init: swish}\n", "s.yaml");
    assertEquals(2 + 1, swish.expand().size(), "a swish start does not depend on p: era runs once");
    assertEquals(swish.configurationCount(), swish.expand().size());
    assertTrue(swish.asMap().containsKey("era"), "the manifest records the era settings");
    assertTrue(!SpecParser.parse(MINIMAL, "m.yaml").asMap().containsKey("era"));
  }

  @Test
  void theCoolingBlockTurnsCoolingOnWithDefaultsForTheKeysLeftOut() throws SpecException {
    SweepSpec s = SpecParser.parse(MINIMAL + "training:\n  cooling: {every: 25, redistribute: false}\n", "c.yaml");
    assertEquals(25, s.training().cooling().every());
    assertEquals(1000, s.training().cooling().holdout());
    assertEquals(false, s.training().cooling().redistribute());
    RunConfig cooled = s.expand().get(0);
    RunConfig plain = SpecParser.parse(MINIMAL, "m.yaml").expand().get(0);
    assertTrue(!cooled.runId().equals(plain.runId()), "Cooling is part of the run's identity");
    assertEquals(null, plain.training().cooling());
  }

  @Test
  void reluTakesOneExponentAndSeedsShareInitialisationAcrossP() throws SpecException {
    SweepSpec s = SpecParser.parse(MINIMAL.replace("p: [1]", "p: [1, 2, 3], activation: [abs_power, relu]"), "r.yaml");
    List<RunConfig> c = s.expand();
    assertEquals(3 + 1, c.size());
    Set<Long> seeds = c.stream().map(RunConfig::seed).collect(Collectors.toSet());
    assertEquals(1, seeds.size(), "same (d, L, n) and seed index: same seed for every p and activation");
  }

  static Stream<Path> badSpecs() throws IOException, URISyntaxException {
    Path dir = Path.of(SpecParserTest.class.getResource("/bad-specs").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    }
  }

  private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+) +(\\S*) *\\| (.*)");

  @Test
  void theCorpusIsLarge() throws Exception {
    assertTrue(badSpecs().count() >= 25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void everyBadSpecGetsOneLineNamingLineAndKey(Path file) throws IOException {
    String text = Files.readString(file);
    int line = 0;
    String key = "";
    String fragment = "the spec is empty";
    Matcher m = EXPECT.matcher(text.lines().findFirst().orElse(""));
    if (m.matches()) {
      line = Integer.parseInt(m.group(1));
      key = m.group(2);
      fragment = m.group(3).trim();
    } else {
      assertTrue(text.isBlank(), file + " needs an '# expect:' first line");
    }
    SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(file));
    assertEquals(line, e.line(), "line of " + e.getMessage());
    assertEquals(key, e.key(), "key of " + e.getMessage());
    assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    assertEquals(1, e.getMessage().lines().count(), "one line");
    assertTrue(e.getMessage().startsWith(file.toString()), "names the file");
  }
}
