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
    String sourceText) {

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
    TrainingSettings t = training;
    Map<String, Object> tr = new LinkedHashMap<>();
    tr.put("optimizer", t.optimizer());
    tr.put("samples", t.samples());
    tr.put("batch_size", t.batchSize());
    tr.put("epochs", t.epochs());
    tr.put("learning_rate", t.learningRate());
    tr.put("beta1", t.beta1());
    tr.put("beta2", t.beta2());
    tr.put("epsilon", t.epsilon());
    tr.put("timeout_seconds", t.timeoutSeconds());
    tr.put("plateau_window", t.plateauWindow());
    tr.put("plateau_tolerance", t.plateauTolerance());
    m.put("training", tr);
    m.put("geometry", geometry.asMap());
    m.put("limits", Map.of("max_configurations", maxConfigurations));
    m.put("sweep", Map.of("wave_size", waveSize == 0 ? "auto" : waveSize));
    m.put("duality", Map.of("conjugate_tolerance", conjugateTolerance));
    return m;
  }
}
