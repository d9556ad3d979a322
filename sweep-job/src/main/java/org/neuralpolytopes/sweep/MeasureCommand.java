package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.sweep.spec.SpecException;
import org.neuralpolytopes.sweep.spec.SpecParser;
import org.neuralpolytopes.sweep.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes measure DIR}: measures the stored networks of a sweep output again with other
 * geometry settings, without training: every measurement column of runs/ and the tables
 * facets/, vertices/ and duality/ are replaced, the weights, loss curves and training timings stay
 * bit for bit. The settings are the folder's latest (or those of {@code --spec}) with
 * {@code --geometry KEY=VALUE} overrides. Same waves, resume, lock and atomic commits as a sweep.
 */
@Command(name = "measure", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure the stored networks of a sweep output again with other geometry settings (no training).")
public final class MeasureCommand extends DriverCommand {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output folder")
  String dir;

  @Option(names = "--spec", paramLabel = "SPEC.yaml",
      description = "take the geometry settings from this spec (default: the folder's latest)")
  Path specFile;

  @Option(names = "--geometry", paramLabel = "KEY=VALUE",
      description = "a geometry key of the spec with a new value, e.g. tolerances.symmetry=0.08 or morse_points=50000 (repeatable)")
  List<String> geometry = new ArrayList<>();

  @Option(names = "--force", description = "measure every run again, also those already measured with these settings")
  boolean force;

  @Override
  protected boolean commitsWaves() {
    return true;
  }

  @Override
  public Integer call() {
    SweepSpec spec = null;
    if (specFile != null) {
      try {
        spec = SpecParser.parse(specFile);
      } catch (SpecException e) {
        System.err.println("error: " + e.getMessage());
        return 2;
      }
    }
    // Validate the overrides on their own first, so a bad key is refused before the folder is read.
    try {
      SpecParser.geometry(spec == null ? null : spec.geometry().asMap(), geometry, "--geometry");
    } catch (SpecException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    SweepSpec fromSpec = spec;
    GeometrySettings[] target = new GeometrySettings[1];
    return onLockedFolder("polytopes measure", dir, "measure", true, folder -> {
      try {
        if (!folder.store().fileSystem().exists(folder.table(RunsTable.SCHEMA.name()))
            || folder.store().segments(RunsTable.SCHEMA.name()).isEmpty()) {
          throw new OutputException(dir + ": no runs/ to measure (nothing trained here yet)");
        }
        target[0] = SpecParser.geometry(fromSpec != null ? fromSpec.geometry().asMap() : latestGeometry(folder),
            geometry, "--geometry");
      } catch (SpecException e) {
        throw new OutputException(e.getMessage(), e);
      } catch (IOException e) {
        throw new OutputException(dir + ": cannot read (" + e.getMessage() + ")", e);
      }
    }, (spark, folder) -> new MeasureRunner(spark, folder, target[0], fromSpec, force, System.console() != null,
        console).run());
  }

  /** The geometry block the folder was last measured with (the defaults for a folder without one). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> latestGeometry(OutputFolder folder) throws OutputException {
    Map<String, Object> m = folder.readManifest().orElse(Map.of());
    if (m.get("geometry") instanceof Map<?, ?> g) {
      return (Map<String, Object>) g;
    }
    if (m.get("spec") instanceof Map<?, ?> s && s.get("geometry") instanceof Map<?, ?> g) {
      return (Map<String, Object>) g;
    }
    return null;
  }
}
