package org.neuralpolytopes.sweep.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The spec as written, bound by Jackson: unknown keys and wrongly typed scalars are refused
 * during binding, every other rule by {@link SpecParser}'s validation. Absent keys are null.
 * The grid stays a JSON tree: it may be one mapping or a list of them, and each axis a list, a
 * single value or a range.
 */
final class RawSpec {
  @JsonProperty("name") String name;
  @JsonProperty("description") String description;
  @JsonProperty("seed") Long seed;
  @JsonProperty("seeds") Integer seeds;
  /** One grid mapping, or a list of them whose union is the sweep. */
  @JsonProperty("grid") JsonNode grid;
  @JsonProperty("training") Training training;
  @JsonProperty("geometry") Geometry geometry;
  @JsonProperty("limits") Limits limits;
  @JsonProperty("sweep") Sweep sweep;
  @JsonProperty("duality") Duality duality;
  @JsonProperty("refine") Refine refine;

  static final class Training {
    @JsonProperty("optimizer") String optimizer;
    @JsonProperty("samples") Integer samples;
    @JsonProperty("batch_size") Integer batchSize;
    @JsonProperty("epochs") Integer epochs;
    @JsonProperty("learning_rate") Double learningRate;
    @JsonProperty("beta1") Double beta1;
    @JsonProperty("beta2") Double beta2;
    @JsonProperty("epsilon") Double epsilon;
    @JsonProperty("timeout_seconds") Double timeoutSeconds;
    @JsonProperty("plateau_window") Integer plateauWindow;
    @JsonProperty("plateau_tolerance") Double plateauTolerance;
    @JsonProperty("points") String points;
    @JsonProperty("resample") String resample;
    @JsonProperty("lr_schedule") String lrSchedule;
  }

  static final class Geometry {
    @JsonProperty("directions") Integer directions;
    @JsonProperty("max_cells") Integer maxCells;
    @JsonProperty("morse_points") Integer morsePoints;
    @JsonProperty("tolerances") Tolerances tolerances;
  }

  static final class Tolerances {
    @JsonProperty("merge") Double merge;
    @JsonProperty("symmetry") Double symmetry;
    @JsonProperty("sphere") Double sphere;
    @JsonProperty("unbounded_radius") Double unboundedRadius;
    @JsonProperty("incidence") Double incidence;
    @JsonProperty("critical") Double critical;
    @JsonProperty("unit") Double unit;
  }

  static final class Limits {
    @JsonProperty("max_configurations") Integer maxConfigurations;
  }

  static final class Duality {
    @JsonProperty("conjugate_tolerance") Double conjugateTolerance;
  }

  static final class Refine {
    @JsonProperty("axis") String axis;
    @JsonProperty("by") java.util.List<String> by;
    @JsonProperty("tolerance") Double tolerance;
    @JsonProperty("max_rounds") Integer maxRounds;
  }

  static final class Sweep {
    @JsonProperty("wave_size") Integer waveSize;
    @JsonProperty("compact") Boolean compact;
  }
}
