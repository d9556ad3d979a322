package org.neuralpolytopes.sweep.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.geometry.Tolerances;
import org.neuralpolytopes.net.Activations;
import org.neuralpolytopes.net.EraSettings;
import org.neuralpolytopes.train.CoolingSettings;
import org.neuralpolytopes.train.Optimizers;
import org.neuralpolytopes.train.SettingBounds;
import org.neuralpolytopes.train.TrainingSettings;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and validates a sweep spec (YAML). Every problem becomes one {@link SpecException} naming
 * the file, the line and the dotted key; nothing is run or written for a spec that fails here.
 *
 * <ol>
 *   <li>Jackson's YAML parser reads the text into a tree (refusing duplicate keys and text that is
 *       not YAML), then binds it to {@link RawSpec}, refusing unknown keys and wrongly typed
 *       scalars (no coercion of "3" to 3 or 1.5 to 1).
 *   <li>Every value is checked against its range, grid axes are expanded (lists, single values,
 *       ranges), and the grid's size is checked against {@code limits.max_configurations}.
 *   <li>Lines come from SnakeYAML's node graph of the same text ({@link YamlLines}).
 * </ol>
 */
public final class SpecParser {

  /** Default cap on the number of configurations of one spec. */
  public static final int DEFAULT_MAX_CONFIGURATIONS = 100_000;

  /** Default relative tolerance for a grid exponent to count as the conjugate q = p/(p-1). */
  public static final double DEFAULT_CONJUGATE_TOLERANCE = 1e-6;

  private static final YAMLMapper MAPPER = YAMLMapper.builder(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private final String file;
  private final YamlLines lines;

  private SpecParser(String file, String text) {
    this.file = file;
    this.lines = YamlLines.of(text);
  }

  /** Reads and validates the spec file. */
  public static SweepSpec parse(Path path) throws SpecException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecException(path.toString(), 0, "", "cannot read the spec (" + e.getClass().getSimpleName()
          + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")");
    }
    return parse(text, path.toString());
  }

  /** Validates spec text; {@code file} names it in errors. */
  public static SweepSpec parse(String text, String file) throws SpecException {
    return new SpecParser(file, text).run(text);
  }

  private SweepSpec run(String text) throws SpecException {
    int second = YamlLines.secondDocumentLine(text);
    if (second > 0) {
      // the YAML reader would silently take the first document only
      throw new SpecException(file, second, "", "a second YAML document starts here (---): a spec is one document;"
          + " put every key in one, or each spec in its own file");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
      String msg = e.getOriginalMessage();
      if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
        // SnakeYAML knows where the problem is, not only where the construct began.
        throw new SpecException(file, y.getProblemMark().getLine() + 1, "", "not valid YAML: " + y.getProblem());
      }
      if (msg != null && msg.startsWith("Duplicate field")) {
        throw new SpecException(file, line, "", "duplicate key " + msg.substring("Duplicate field".length()).trim());
      }
      if (msg != null && msg.startsWith("Malformed numeric value")) {
        // .inf, .nan: YAML numbers no exponent or setting may take
        String key = lines.keyAt(line);
        throw new SpecException(file, line, key, "not a finite number: " + firstLine(msg).replace("Malformed numeric value ", ""));
      }
      throw new SpecException(file, line, "", "not valid YAML: " + firstLine(msg));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new SpecException(file, 0, "", "the spec is empty (it needs at least name and grid)");
    }
    if (!tree.isObject()) {
      throw new SpecException(file, lines.lineOf(""), "",
          "a spec is a YAML mapping of keys (name, grid, training, ...), not a " + kind(tree));
    }
    RawSpec raw;
    try {
      raw = MAPPER.treeToValue(tree, RawSpec.class);
    } catch (UnrecognizedPropertyException e) {
      String key = path(e);
      throw fail(key, "unknown key '" + e.getPropertyName() + "'" + suggestion(e.getPropertyName(), e.getKnownPropertyIds()));
    } catch (InvalidFormatException e) {
      throw fail(path(e), "expected " + typeName(e.getTargetType()) + ", got '" + e.getValue() + "'");
    } catch (MismatchedInputException e) {
      throw fail(path(e), "expected " + typeName(e.getTargetType()) + ", got " + got(tree, e));
    } catch (JsonMappingException e) {
      throw fail(path(e), e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException c ? outOfRange(c)
          : firstLine(e.getOriginalMessage()));
    } catch (com.fasterxml.jackson.core.exc.InputCoercionException e) {
      // a whole number beyond its type (epochs: 99999999999): named by its key, as every other
      throw fail(coercedKey(e), outOfRange(e));
    } catch (JsonProcessingException e) {
      throw new SpecException(file, 0, "", firstLine(e.getOriginalMessage()));
    }
    return validate(raw, text);
  }

  /**
   * Geometry settings for {@code measure}: a geometry block as a spec writes it ({@code block},
   * nested maps; null for the defaults) with {@code KEY=VALUE} overrides of its keys
   * ({@code tolerances.symmetry=0.08}, {@code morse_points=50000}; a leading {@code geometry.} is
   * allowed), validated exactly as a spec's geometry block. Errors name {@code source} and the key.
   */
  public static GeometrySettings geometry(Map<String, Object> block, List<String> overrides, String source)
      throws SpecException {
    com.fasterxml.jackson.databind.node.ObjectNode geo = MAPPER.createObjectNode();
    if (block != null) {
      geo.setAll((com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.valueToTree(block));
    }
    java.util.Set<String> given = new java.util.HashSet<>();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new SpecException(source, 0, kv, "expected KEY=VALUE with a geometry key, for example tolerances.symmetry=0.08");
      }
      String key = kv.substring(0, eq).trim();
      String text = kv.substring(eq + 1).trim();
      String[] parts = (key.startsWith("geometry.") ? key.substring("geometry.".length()) : key).split("\\.");
      if (!given.add(String.join(".", parts))) {
        // the last would win without a word: say which is meant
        throw new SpecException(source, 0, "geometry." + String.join(".", parts), "given twice; give it once");
      }
      com.fasterxml.jackson.databind.node.ObjectNode node = geo;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = node.get(parts[i]);
        if (child == null || !child.isObject()) {
          child = node.putObject(parts[i]);
        }
        node = (com.fasterxml.jackson.databind.node.ObjectNode) child;
      }
      JsonNode value;
      try {
        value = text.isEmpty() ? null : MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        // not a number, true/false or a YAML value (.nan): the text itself, which the key's type
        // then refuses by name ("expected a number, got '.nan'"), not "no value given"
        value = com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
      }
      if (value == null || value.isMissingNode() || value.isNull()) {
        throw new SpecException(source, 0, "geometry." + String.join(".", parts), "no value given");
      }
      node.set(parts[parts.length - 1], value);
    }
    SpecParser p = new SpecParser(source, "");
    RawSpec.Geometry g;
    try {
      g = MAPPER.treeToValue(geo, RawSpec.Geometry.class);
    } catch (UnrecognizedPropertyException e) {
      throw new SpecException(source, 0, "geometry." + path(e),
          "unknown key '" + e.getPropertyName() + "'" + suggestion(e.getPropertyName(), e.getKnownPropertyIds()));
    } catch (InvalidFormatException e) {
      throw new SpecException(source, 0, "geometry." + path(e), "expected " + typeName(e.getTargetType()) + ", got '"
          + e.getValue() + "'");
    } catch (MismatchedInputException e) {
      throw new SpecException(source, 0, "geometry." + path(e), "expected " + typeName(e.getTargetType()));
    } catch (JsonMappingException e) {
      throw new SpecException(source, 0, "geometry." + path(e),
          e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException c ? outOfRange(c)
              : firstLine(e.getOriginalMessage()));
    } catch (com.fasterxml.jackson.core.exc.InputCoercionException e) {
      throw new SpecException(source, 0, "geometry." + coercedKey(e), outOfRange(e));
    } catch (JsonProcessingException e) {
      throw new SpecException(source, 0, "geometry", firstLine(e.getOriginalMessage()));
    }
    return p.geometry(g);
  }

  private SweepSpec validate(RawSpec raw, String text) throws SpecException {
    if (raw.name == null || raw.name.isBlank()) {
      throw fail("name", "required: a name for the sweep");
    }
    if (raw.name.contains("\n")) {
      throw fail("name", "must be one line");
    }
    long seed = raw.seed != null ? raw.seed : 0;
    int seeds = raw.seeds != null ? raw.seeds : 1;
    check("seeds", SettingBounds.SEEDS.problem(seeds));
    if (raw.grid == null || raw.grid.isNull()) {
      throw fail("grid", "required section missing: grid with d, layers, units and p");
    }
    List<SweepSpec.GridBlock> blocks = new ArrayList<>();
    if (raw.grid.isArray()) {
      if (raw.grid.isEmpty()) {
        throw fail("grid", "empty list: give at least one grid mapping");
      }
      for (int i = 0; i < raw.grid.size(); i++) {
        blocks.add(block(raw.grid.get(i), "grid[" + i + "]"));
      }
    } else {
      blocks.add(block(raw.grid, "grid"));
    }

    TrainingSettings training = training(raw.training);
    EraSettings era = era(raw.era, blocks);
    for (SweepSpec.GridBlock b : blocks) {
      for (String act : b.activation()) {
        if (training.cooling() != null && Activations.isLearnable(act)) {
          throw fail("training.cooling", "cooling needs a positively homogeneous activation (abs_power, relu); the grid"
              + " has " + act);
        }
        for (double p : Activations.usesExponent(act, era) ? b.p() : List.of(1.0)) {
          try {
            Optimizers.requireApplicable(training.optimizer(), Collections.max(b.d()), Collections.min(b.units()), act, p);
          } catch (IllegalArgumentException e) {
            throw fail("training.optimizer", e.getMessage() + " in the grid");
          }
        }
      }
    }
    GeometrySettings geometry = geometry(raw.geometry);

    int max = DEFAULT_MAX_CONFIGURATIONS;
    if (raw.limits != null && raw.limits.maxConfigurations != null) {
      max = raw.limits.maxConfigurations;
      check("limits.max_configurations", SettingBounds.MAX_CONFIGURATIONS.problem(max));
    }
    int wave = 0;
    if (raw.sweep != null && raw.sweep.waveSize != null) {
      wave = raw.sweep.waveSize;
      if (wave < 1) {
        throw fail("sweep.wave_size", "must be >= 1 (or left out for automatic), got " + wave);
      }
    }
    double conjugate = DEFAULT_CONJUGATE_TOLERANCE;
    if (raw.duality != null && raw.duality.conjugateTolerance != null) {
      conjugate = raw.duality.conjugateTolerance;
      if (!(conjugate >= 0 && conjugate < 0.5)) {
        throw fail("duality.conjugate_tolerance", "must be in [0, 0.5), got " + conjugate);
      }
    }
    SweepSpec spec = new SweepSpec(raw.name.trim(), raw.description, seed, seeds, List.copyOf(blocks),
        training, geometry, max, wave, conjugate, text, refine(raw.refine),
        raw.sweep == null || raw.sweep.compact == null || raw.sweep.compact, era);
    long count = spec.configurationCount();
    if (count > max) {
      throw fail("grid", String.format("%,d configurations (grid x seeds) exceed limits.max_configurations = %,d",
          count, max));
    }
    return spec;
  }

  /** Properties refinement may compare: runs/ measurement columns with discrete values. */
  public static java.util.List<String> refinableProperties() {
    java.util.List<String> out = new ArrayList<>();
    for (org.neuralpolytopes.schema.Column<?> c : org.neuralpolytopes.schema.RunsTable.SCHEMA.columns()) {
      if (c.stage() == org.neuralpolytopes.schema.ColumnStage.MEASURING && !c.name().equals("measure_id")
          && !c.name().equals("measure_host") && !c.name().equals("measure_code_version") && !c.name().equals("cut_stage")
          && !c.name().equals("measure_status") && !c.name().startsWith("tol_")
          && switch (c.type()) {
            case STRING, INT, INT_ARRAY, BOOLEAN -> true;
            default -> false;
          }) {
        out.add(c.name());
      }
    }
    return out;
  }

  private SweepSpec.Refine refine(RawSpec.Refine r) throws SpecException {
    if (r == null) {
      return null;
    }
    String axis = r.axis == null ? "p" : r.axis;
    if (!axis.equals("p")) {
      throw fail("refine.axis", "refinement runs along p only, got '" + axis + "'");
    }
    java.util.List<String> by = r.by == null ? java.util.List.of("polytope_name") : r.by;
    if (by.isEmpty()) {
      throw fail("refine.by", "name at least one property (for example morse_counts, symmetry_group, f_vector)");
    }
    java.util.List<String> known = refinableProperties();
    for (int i = 0; i < by.size(); i++) {
      String prop = by.get(i);
      if (prop == null || !known.contains(prop)) {
        throw fail("refine.by[" + i + "]", "unknown property '" + prop + "': not a discrete runs/ measurement"
            + suggestion(String.valueOf(prop), known));
      }
    }
    double tol = r.tolerance == null ? 0.01 : r.tolerance;
    if (!(tol > 0) || Double.isInfinite(tol)) {
      throw fail("refine.tolerance", "must be a finite number > 0, got " + tol);
    }
    int rounds = r.maxRounds == null ? 8 : r.maxRounds;
    if (rounds < 1 || rounds > 64) {
      throw fail("refine.max_rounds", "must be between 1 and 64, got " + rounds);
    }
    return new SweepSpec.Refine(axis, java.util.List.copyOf(by), tol, rounds);
  }

  private TrainingSettings training(RawSpec.Training t) throws SpecException {
    TrainingSettings def = TrainingSettings.DEFAULT;
    if (t == null) {
      return def;
    }
    String optimizer = t.optimizer != null ? t.optimizer : def.optimizer();
    if (!Optimizers.names().contains(optimizer)) {
      throw fail("training.optimizer", "unknown optimizer '" + optimizer + "' (known: "
          + String.join(", ", Optimizers.names()) + ")");
    }
    int samples = intIn(t.samples, def.samples(), "training.samples", SettingBounds.SAMPLES);
    int batch = intIn(t.batchSize, def.batchSize(), "training.batch_size", SettingBounds.BATCH_SIZE);
    check("training.batch_size", SettingBounds.batchProblem(batch, samples));
    int epochs = intIn(t.epochs, def.epochs(), "training.epochs", SettingBounds.EPOCHS);
    double lr = positive(t.learningRate, def.learningRate(), "training.learning_rate");
    double b1 = unitInterval(t.beta1, def.beta1(), "training.beta1");
    double b2 = unitInterval(t.beta2, def.beta2(), "training.beta2");
    double eps = positive(t.epsilon, def.epsilon(), "training.epsilon");
    double timeout = positive(t.timeoutSeconds, def.timeoutSeconds(), "training.timeout_seconds");
    int window = intIn(t.plateauWindow, def.plateauWindow(), "training.plateau_window", SettingBounds.PLATEAU_WINDOW);
    double tolerance = def.plateauTolerance();
    if (t.plateauTolerance != null) {
      tolerance = t.plateauTolerance;
      check("training.plateau_tolerance", SettingBounds.nonNegativeProblem(tolerance));
    }
    String points = oneOf(t.points, def.points(), "training.points", List.of("random", "sobol"));
    String resample = oneOf(t.resample, def.resample(), "training.resample", List.of("never", "epoch"));
    String schedule = oneOf(t.lrSchedule, def.lrSchedule(), "training.lr_schedule",
        org.neuralpolytopes.train.LearningRateSchedule.NAMES);
    if (resample.equals("epoch") && !optimizer.equals("adam")) {
      throw fail("training.resample", "resample: epoch needs a stochastic optimiser (adam), not " + optimizer);
    }
    if (!schedule.equals("constant") && !optimizer.equals("adam")) {
      throw fail("training.lr_schedule", "a learning-rate schedule applies to adam only, not " + optimizer);
    }
    CoolingSettings cooling = cooling(t.cooling);
    if (cooling != null && !optimizer.equals("adam")) {
      throw fail("training.cooling", "cooling applies to adam only, not " + optimizer);
    }
    return new TrainingSettings(optimizer, samples, batch, epochs, lr, b1, b2, eps, timeout, window, tolerance, points,
        resample, schedule, cooling);
  }

  /** The cooling block: null when absent, the defaults for the keys it leaves out. */
  private CoolingSettings cooling(RawSpec.Cooling c) throws SpecException {
    if (c == null) {
      return null;
    }
    CoolingSettings def = CoolingSettings.DEFAULT;
    int every = intIn(c.every, def.every(), "training.cooling.every", SettingBounds.COOLING_EVERY);
    int holdout = intIn(c.holdout, def.holdout(), "training.cooling.holdout", SettingBounds.COOLING_HOLDOUT);
    return new CoolingSettings(every, holdout, c.redistribute != null ? c.redistribute : def.redistribute());
  }

  /**
   * The era block (the defaults when absent), checked against every ERA activation of the grid:
   * degrees in range, era_even's numerator even, numerator above denominator.
   */
  private EraSettings era(RawSpec.Era e, List<SweepSpec.GridBlock> blocks) throws SpecException {
    EraSettings def = EraSettings.DEFAULT;
    EraSettings era = def;
    if (e != null) {
      int numerator = intIn(e.numerator, def.numerator(), "era.numerator", SettingBounds.ERA_NUMERATOR);
      int denominator = intIn(e.denominator, def.denominator(), "era.denominator", SettingBounds.ERA_DENOMINATOR);
      if (denominator % 2 != 0) {
        throw fail("era.denominator", "must be even (a product of quadratic factors (t - a)^2 + b^2), got "
            + denominator);
      }
      String init = oneOf(e.init, def.init(), "era.init", EraSettings.INITS);
      String sharing = oneOf(e.sharing, def.sharing(), "era.sharing", EraSettings.SHARINGS);
      double clip = def.clipNorm();
      if (e.clipNorm != null) {
        clip = e.clipNorm;
        if (!(clip >= 0) || Double.isInfinite(clip)) {
          throw fail("era.clip_norm", "must be a finite number >= 0 (0 = off), got " + clip);
        }
      }
      era = new EraSettings(numerator, denominator, init, sharing, clip);
    }
    for (SweepSpec.GridBlock b : blocks) {
      for (String act : b.activation()) {
        String problem = Activations.isLearnable(act) ? era.degreeProblem(act) : null;
        if (problem != null) {
          throw fail("era.numerator", problem);
        }
      }
    }
    return era;
  }

  private GeometrySettings geometry(RawSpec.Geometry g) throws SpecException {
    GeometrySettings def = GeometrySettings.DEFAULT;
    if (g == null) {
      return def;
    }
    int directions = intIn(g.directions, def.directions(), "geometry.directions", SettingBounds.DIRECTIONS);
    int maxCells = intIn(g.maxCells, def.maxCells(), "geometry.max_cells", SettingBounds.MAX_CELLS);
    int morsePoints = intIn(g.morsePoints, def.morsePoints(), "geometry.morse_points", SettingBounds.MORSE_POINTS);
    Tolerances dt = def.tolerances();
    Tolerances tol = dt;
    if (g.tolerances != null) {
      RawSpec.Tolerances rt = g.tolerances;
      tol = new Tolerances(
          positive(rt.merge, dt.merge(), "geometry.tolerances.merge"),
          positive(rt.symmetry, dt.symmetry(), "geometry.tolerances.symmetry"),
          positive(rt.sphere, dt.sphere(), "geometry.tolerances.sphere"),
          unboundedRadius(rt.unboundedRadius, dt.unboundedRadius()),
          positive(rt.incidence, dt.incidence(), "geometry.tolerances.incidence"),
          positive(rt.critical, dt.critical(), "geometry.tolerances.critical"),
          positive(rt.unit, dt.unit(), "geometry.tolerances.unit"));
    }
    return new GeometrySettings(directions, tol, maxCells, morsePoints);
  }

  private String oneOf(String v, String def, String key, List<String> allowed) throws SpecException {
    if (v == null) {
      return def;
    }
    if (!allowed.contains(v)) {
      throw fail(key, "unknown value '" + v + "'" + suggestion(v, allowed));
    }
    return v;
  }

  private int intIn(Integer v, int def, String key, SettingBounds.IntRange range) throws SpecException {
    if (v == null) {
      return def;
    }
    check(key, range.problem(v));
    return v;
  }

  private double positive(Double v, double def, String key) throws SpecException {
    if (v == null) {
      return def;
    }
    check(key, SettingBounds.positiveProblem(v));
    return v;
  }

  private double unboundedRadius(Double v, double def) throws SpecException {
    if (v == null) {
      return def;
    }
    check("geometry.tolerances.unbounded_radius", SettingBounds.unboundedRadiusProblem(v));
    return v;
  }

  private double unitInterval(Double v, double def, String key) throws SpecException {
    if (v == null) {
      return def;
    }
    check(key, SettingBounds.unitIntervalProblem(v));
    return v;
  }

  /** Fails with the problem a {@link SettingBounds} check found, if any. */
  private void check(String key, String problem) throws SpecException {
    if (problem != null) {
      throw fail(key, problem);
    }
  }

  // ---- the grid: mappings of axes; each axis a single value, a list, or a range mapping ----

  /** The axes a grid mapping may have (docs/spec.md documents each). */
  static final List<String> AXES = List.of("d", "layers", "units", "p", "activation");

  private SweepSpec.GridBlock block(JsonNode node, String key) throws SpecException {
    if (!node.isObject()) {
      throw fail(key, "expected a mapping of axes (d, layers, units, p, activation), got " + kind(node));
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!AXES.contains(name)) {
        throw fail(key + "." + name, "unknown key '" + name + "'" + suggestion(name, AXES));
      }
    }
    List<Integer> d = intAxis(node.get("d"), key + ".d", SettingBounds.D);
    List<Integer> layers = intAxis(node.get("layers"), key + ".layers", SettingBounds.LAYERS);
    List<Integer> units = intAxis(node.get("units"), key + ".units", SettingBounds.UNITS);
    List<Double> p = doubleAxis(node.get("p"), key + ".p");
    List<String> activation = node.get("activation") == null
        ? List.of("abs_power") : activationAxis(node.get("activation"), key + ".activation");
    return new SweepSpec.GridBlock(d, layers, units, p, activation);
  }

  private List<Integer> intAxis(JsonNode node, String key, SettingBounds.IntRange range) throws SpecException {
    long min = range.min();
    long max = range.max();
    if (node == null || node.isNull()) {
      throw fail(key, "required: a list of integers or a range {from: a, to: b}");
    }
    List<Integer> values = new ArrayList<>();
    if (node.isObject()) {
      checkRangeKeys(node, key, Set.of("from", "to", "step"));
      int from = rangeInt(node, key, "from", null);
      int to = rangeInt(node, key, "to", null);
      int step = rangeInt(node, key, "step", 1);
      if (step < 1) {
        throw fail(key + ".step", "must be >= 1, got " + step);
      }
      if (to < from) {
        throw fail(key + ".to", "to (" + to + ") is below from (" + from + ")");
      }
      // bounds before expansion: {from: 1, to: 2000000000} is an error, not an out-of-memory
      check(key + ".from", range.problem(from));
      check(key + ".to", range.problem(to));
      for (long v = from; v <= to; v += step) {
        values.add((int) v);
      }
    } else {
      List<JsonNode> items = items(node, key);
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        String at = node.isArray() ? key + "[" + i + "]" : key;
        if (!item.isIntegralNumber() || !item.canConvertToInt()) {
          throw fail(at, "expected an integer, got " + show(item));
        }
        values.add(item.intValue());
      }
    }
    for (int i = 0; i < values.size(); i++) {
      check(node.isArray() ? key + "[" + i + "]" : key, range.problem(values.get(i)));
    }
    noDuplicates(values, key, node);
    return List.copyOf(values);
  }

  /**
   * A generated exponent rounded to 12 significant digits, so that a range gives the value a
   * list would (2, not 1.9999999999999998; 0.3, not 0.30000000000000004) and the same run_id.
   */
  static double snap(double x) {
    return new java.math.BigDecimal(x).round(new java.math.MathContext(12)).doubleValue();
  }

  private List<Double> doubleAxis(JsonNode node, String key) throws SpecException {
    if (node == null || node.isNull()) {
      throw fail(key, "required: a list of exponents p > 0 or a range {from: a, to: b, steps: n}");
    }
    List<Double> values = new ArrayList<>();
    if (node.isObject()) {
      checkRangeKeys(node, key, Set.of("from", "to", "step", "steps", "scale"));
      double from = rangeNumber(node, key, "from");
      double to = rangeNumber(node, key, "to");
      if (to < from) {
        throw fail(key + ".to", "to (" + to + ") is below from (" + from + ")");
      }
      boolean log = false;
      if (node.has("scale")) {
        String scale = node.get("scale").asText();
        if (!scale.equals("linear") && !scale.equals("log")) {
          throw fail(key + ".scale", "must be linear or log, got " + show(node.get("scale")));
        }
        log = scale.equals("log");
      }
      if (node.has("step") == node.has("steps")) {
        throw fail(key, "a range of exponents needs exactly one of step (increment) or steps (count)");
      }
      if (node.has("steps")) {
        JsonNode s = node.get("steps");
        if (!s.isIntegralNumber() || !s.canConvertToInt() || SettingBounds.EXPONENT_STEPS.problem(s.intValue()) != null) {
          throw fail(key + ".steps", "expected an integer between 1 and " + SettingBounds.EXPONENT_STEPS.max() + ", got " + show(s));
        }
        int n = s.intValue();
        if (n == 1 && from != to) {
          throw fail(key + ".steps", "one step needs from = to");
        }
        if (log && !(from > 0)) {
          throw fail(key + ".from", "a log range needs from > 0");
        }
        for (int i = 0; i < n; i++) {
          double t = n == 1 ? 0 : (double) i / (n - 1);
          values.add(i == 0 ? from : i == n - 1 ? to : snap(log ? from * Math.pow(to / from, t) : from + (to - from) * t));
        }
      } else {
        if (log) {
          throw fail(key + ".scale", "a log range needs steps, not step");
        }
        double step = rangeNumber(node, key, "step");
        if (!(step > 0)) {
          throw fail(key + ".step", "must be > 0, got " + step);
        }
        long n = (long) Math.floor((to - from) / step + 1e-9) + 1;
        if (n > SettingBounds.EXPONENT_STEPS.max()) {
          throw fail(key + ".step", "gives " + n + " values; at most " + SettingBounds.EXPONENT_STEPS.max());
        }
        for (long i = 0; i < n; i++) {
          values.add(i == 0 ? from : snap(from + i * step));
        }
      }
    } else {
      List<JsonNode> items = items(node, key);
      for (int i = 0; i < items.size(); i++) {
        String at = node.isArray() ? key + "[" + i + "]" : key;
        values.add(exponent(items.get(i), at));
      }
    }
    for (int i = 0; i < values.size(); i++) {
      check(node.isArray() ? key + "[" + i + "]" : key, SettingBounds.exponentProblem(values.get(i)));
    }
    noDuplicates(values, key, node);
    return List.copyOf(values);
  }

  /**
   * A number, or a fraction written as text ("4/3"), so conjugate exponents can be exact: the
   * forms {@link SettingBounds#parseNumber} reads, as {@code train --p} does.
   */
  private double exponent(JsonNode item, String at) throws SpecException {
    if (item != null && item.isNumber()) {
      return item.doubleValue();
    }
    if (item != null && item.isTextual() && item.textValue().indexOf('/') > 0) {
      try {
        return SettingBounds.parseNumber(item.textValue());
      } catch (NumberFormatException e) {
        if (e.getMessage().startsWith("division by zero")) {
          throw fail(at, e.getMessage());
        }
      }
    }
    throw fail(at, "expected a number or a fraction such as \"4/3\", got " + show(item));
  }

  private List<String> activationAxis(JsonNode node, String key) throws SpecException {
    if (node.isObject()) {
      throw fail(key, "expected a list of activation names (" + String.join(", ", Activations.names()) + ")");
    }
    List<JsonNode> items = items(node, key);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String at = node.isArray() ? key + "[" + i + "]" : key;
      if (!item.isTextual()) {
        throw fail(at, "expected an activation name, got " + show(item));
      }
      String name = item.textValue();
      if (!Activations.names().contains(name)) {
        throw fail(at, "unknown activation '" + name + "'" + suggestion(name, Activations.names()));
      }
      values.add(name);
    }
    noDuplicates(values, key, node);
    return List.copyOf(values);
  }

  private List<JsonNode> items(JsonNode node, String key) throws SpecException {
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
      if (items.isEmpty()) {
        throw fail(key, "empty list: give at least one value");
      }
    } else if (node.isValueNode()) {
      items.add(node);
    } else {
      throw fail(key, "expected a list or a range, got " + kind(node));
    }
    return items;
  }

  private void checkRangeKeys(JsonNode node, String key, Set<String> allowed) throws SpecException {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw fail(key + "." + name, "unknown key '" + name + "' in a range" + suggestion(name, allowed));
      }
    }
    if (!node.has("from") || !node.has("to")) {
      throw fail(key, "a range needs from and to");
    }
  }

  private int rangeInt(JsonNode node, String key, String field, Integer def) throws SpecException {
    JsonNode v = node.get(field);
    if (v == null) {
      return def;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw fail(key + "." + field, "expected an integer, got " + show(v));
    }
    return v.intValue();
  }

  private double rangeNumber(JsonNode node, String key, String field) throws SpecException {
    return exponent(node.get(field), key + "." + field);
  }

  private <T> void noDuplicates(List<T> values, String key, JsonNode node) throws SpecException {
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (values.get(i).equals(values.get(j))) {
          throw fail(node.isArray() ? key + "[" + i + "]" : key,
              "value " + values.get(i) + " appears twice");
        }
      }
    }
  }

  // ---- messages ----

  private SpecException fail(String key, String problem) {
    return new SpecException(file, lines.lineOf(key), key, problem);
  }

  /** The dotted key whose value did not fit its type, from the reader's position. */
  private static String coercedKey(com.fasterxml.jackson.core.exc.InputCoercionException e) {
    com.fasterxml.jackson.core.JsonParser parser = e.getProcessor();
    if (parser == null) {
      return "";
    }
    java.util.Deque<String> names = new java.util.ArrayDeque<>();
    for (com.fasterxml.jackson.core.JsonStreamContext c = parser.getParsingContext(); c != null; c = c.getParent()) {
      if (c.getCurrentName() != null) {
        names.addFirst(c.getCurrentName());
      }
    }
    return String.join(".", names);
  }

  /** "a whole number up to 2147483647, got 99999999999" from a coercion's message. */
  private static String outOfRange(com.fasterxml.jackson.core.exc.InputCoercionException e) {
    String value = "";
    try {
      value = e.getProcessor().getText();
    } catch (IOException | RuntimeException ignored) {
      // the message alone
    }
    return e.getTargetType() == Integer.TYPE || e.getTargetType() == Integer.class
        ? "must be a whole number up to " + Integer.MAX_VALUE + (value.isEmpty() ? "" : ", got " + value)
        : firstLine(e.getOriginalMessage());
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String suggestion(String given, Collection<?> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    LevenshteinDistance lev = LevenshteinDistance.getDefaultInstance();
    List<String> names = new ArrayList<>();
    for (Object k : known) {
      names.add(String.valueOf(k));
    }
    names.sort(Comparator.naturalOrder());
    for (String k : names) {
      int dist = lev.apply(given.toLowerCase(), k.toLowerCase());
      if (dist < bestDistance) {
        bestDistance = dist;
        best = k;
      }
    }
    String allowed = " (allowed here: " + String.join(", ", names) + ")";
    if (best != null && bestDistance <= Math.max(2, given.length() / 3)) {
      return "; did you mean '" + best + "'?" + allowed;
    }
    return allowed;
  }

  private static String typeName(Class<?> c) {
    if (c == null) {
      return "a value";
    }
    if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
      return "an integer";
    }
    if (c == Double.class || c == double.class) {
      return "a number";
    }
    if (c == String.class) {
      return "a string";
    }
    if (Map.class.isAssignableFrom(c) || c.getName().startsWith(RawSpec.class.getName())) {
      return "a mapping of keys";
    }
    return "a " + c.getSimpleName();
  }

  private static String got(JsonNode tree, JsonMappingException e) {
    JsonNode node = tree;
    for (JsonMappingException.Reference r : e.getPath()) {
      if (node == null) {
        break;
      }
      node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
    }
    return node == null ? "something else" : show(node);
  }

  private static String show(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return "'" + node.textValue() + "'";
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    return kind(node);
  }

  private static String kind(JsonNode node) {
    if (node.isArray()) {
      return "list";
    }
    if (node.isObject()) {
      return "mapping";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    return node.getNodeType().name().toLowerCase();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
