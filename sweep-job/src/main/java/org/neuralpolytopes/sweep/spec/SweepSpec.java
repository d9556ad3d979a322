package org.neuralpolytopes.sweep.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.train.RunConfig;
import org.neuralpolytopes.train.SettingBounds;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * A validated sweep spec: the grid over (d, layers, units, p, activation) as a union of blocks,
 * the number of seeds per grid point, and the settings every configuration shares. Made only by
 * {@link SpecParser}.
 *
 * @param waveSize configurations per committed wave, 0 for automatic
 * @param conjugateTolerance relative tolerance for q = p/(p-1) to match a grid exponent
 * @param sourceText the YAML as written, kept with the output
 * @param refine adaptive refinement in p, or null
 * @param compact whether the sweep merges its waves' segments when it ends
 */
public record SweepSpec(
    String name,
    String description,
    long seed,
    int seeds,
    List<GridBlock> grid,
    TrainingSettings training,
    GeometrySettings geometry,
    int maxConfigurations,
    int waveSize,
    double conjugateTolerance,
    String sourceText,
    Refine refine,
    boolean compact) {

  /**
   * Adaptive refinement along p: rounds that add configurations between neighbouring exponents
   * whose modal body differs in one of {@code by}, until each change lies in a bracket no wider
   * than {@code tolerance}, for at most {@code maxRounds} halvings of a grid bracket.
   *
   * @param by runs/ columns compared (polytope_name by its kind, arrays as vectors)
   */
  public record Refine(String axis, List<String> by, double tolerance, int maxRounds) {

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("axis", axis);
      m.put("by", by);
      m.put("tolerance", tolerance);
      m.put("max_rounds", maxRounds);
      return m;
    }
  }

  /**
   * One block of the grid: the product of its axes.
   */
  public record GridBlock(
      List<Integer> d, List<Integer> layers, List<Integer> units, List<Double> p, List<String> activation) {

    /** Grid points of the block (before seeds); families without an exponent count once. */
    long points() {
      long perArchitecture = 0;
      for (String act : activation) {
        perArchitecture += Activations.usesExponent(act) ? p.size() : 1;
      }
      return (long) d.size() * layers.size() * units.size() * perArchitecture;
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("d", d);
      m.put("layers", layers);
      m.put("units", units);
      m.put("p", p);
      m.put("activation", activation);
      return m;
    }
  }

  /**
   * Every configuration of the grid, block by block, seeds innermost, each once (blocks may
   * overlap). Families without an exponent (relu) take p = 1 once, not once per grid p.
   */
  public List<RunConfig> expand() {
    long count = configurationCount();
    if (count > Math.min(maxConfigurations, SettingBounds.HARD_MAX_CONFIGURATIONS)) {
      // the parser refuses such a spec; this guards every other caller before anything is allocated
      throw new IllegalStateException(String.format("%,d configurations exceed the limit of %,d", count,
          Math.min(maxConfigurations, SettingBounds.HARD_MAX_CONFIGURATIONS)));
    }
    Set<String> seen = new LinkedHashSet<>();
    List<RunConfig> out = new ArrayList<>();
    for (GridBlock b : grid) {
      for (int di : b.d()) {
        for (int li : b.layers()) {
          for (int ni : b.units()) {
            for (String act : b.activation()) {
              List<Double> ps = Activations.usesExponent(act) ? b.p() : List.of(1.0);
              for (double pi : ps) {
                for (int s = 0; s < seeds; s++) {
                  long runSeed = RunConfig.deriveSeed(seed, s, di, li, ni);
                  RunConfig c = new RunConfig(di, li, ni, pi, act, runSeed, s, training, geometry);
                  if (seen.add(c.runId())) {
                    out.add(c);
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** An upper bound of the number of configurations (overlaps of blocks counted twice). */
  public long configurationCount() {
    long points = 0;
    for (GridBlock b : grid) {
      points += b.points();
    }
    return points * seeds;
  }

  /** The spec as run, as plain maps and lists (for _sweep.json). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    if (description != null) {
      m.put("description", description);
    }
    m.put("seed", seed);
    m.put("seeds", seeds);
    m.put("grid", grid.size() == 1 ? grid.get(0).asMap() : grid.stream().map(GridBlock::asMap).toList());
    m.put("training", training.asMap());
    m.put("geometry", geometry.asMap());
    m.put("limits", Map.of("max_configurations", maxConfigurations));
    m.put("sweep", Map.of("wave_size", waveSize == 0 ? "auto" : waveSize, "compact", compact));
    m.put("duality", Map.of("conjugate_tolerance", conjugateTolerance));
    if (refine != null) {
      m.put("refine", refine.asMap());
    }
    return m;
  }
}
