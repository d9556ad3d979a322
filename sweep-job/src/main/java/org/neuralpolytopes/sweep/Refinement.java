package org.neuralpolytopes.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neuralpolytopes.geometry.PolytopeCatalogue;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.schema.TransitionsTable;
import org.neuralpolytopes.sweep.spec.SweepSpec;
import org.neuralpolytopes.sweep.store.TableStore;
import org.neuralpolytopes.train.RunConfig;

/**
 * Adaptive refinement in p: where in p does the body change? The geometry of the results decides
 * where the sweep looks next.
 *
 * <ol>
 *   <li>A spec's runs are those whose run_id is the one its grid would give: a grid group
 *       (d, layers, units, activation), any p, one of its seed indices, its training settings.
 *       So the state of a refinement is in runs/ alone, and a killed one goes on from what was
 *       committed.
 *   <li>Per group and exponent, each property of {@code refine.by} has a modal value over the
 *       seeds whose status is OK (polytope_name compared by kind, arrays as vectors; null values
 *       compare with nothing, and Morse counts whose morse_ok is false are null: they missed
 *       critical points).
 *   <li>A round adds the midpoint of every pair of neighbouring exponents whose modal values
 *       differ in some property and are, at both exponents, held by a majority of the OK seeds
 *       (more than half of them), while the pair is wider than the tolerance and its grid
 *       bracket has been halved fewer than max_rounds times; with every seed index of the grid.
 *       A mode that no majority holds (one seed in three, or a tie) is the seeds' scatter, not a
 *       body: following it would halve every bracket of a noisy region in every round.
 *   <li>When no pair needs a midpoint, each pair with a majority at both ends that differ, or
 *       a majority at one end only (where the seeds start or stop agreeing), is one row of
 *       transitions/ per property, resolved when it is within the tolerance; an end without a
 *       majority has no value (null: scattered).
 * </ol>
 */
final class Refinement {

  /** A grid group: everything but p and the seed. */
  record Group(int d, int layers, int units, String activation) implements Comparable<Group> {
    @Override
    public int compareTo(Group o) {
      return java.util.Comparator.comparingInt(Group::d).thenComparingInt(Group::layers).thenComparingInt(Group::units)
          .thenComparing(Group::activation).compare(this, o);
    }
  }

  /** The property values of one run. */
  record Observation(int seedIndex, boolean ok, Map<String, String> values) {}

  private final SweepSpec spec;
  private final SweepSpec.Refine refine;
  /** The grid's own exponents per group (the brackets refinement halves). */
  private final Map<Group, TreeSet<Double>> gridExponents = new TreeMap<>();

  Refinement(SweepSpec spec, List<RunConfig> grid) {
    this.spec = spec;
    this.refine = spec.refine();
    for (RunConfig c : grid) {
      gridExponents.computeIfAbsent(group(c), g -> new TreeSet<>()).add(c.p());
    }
  }

  static Group group(RunConfig c) {
    return new Group(c.d(), c.layers(), c.units(), c.activation());
  }

  /** The configuration of this spec at a group, exponent and seed index. */
  RunConfig config(Group g, double p, int seedIndex) {
    return new RunConfig(g.d(), g.layers(), g.units(), p, g.activation(),
        RunConfig.deriveSeed(spec.seed(), seedIndex, g.d(), g.layers(), g.units()), seedIndex, spec.training(),
        spec.geometry(), spec.era());
  }

  /** This spec's runs in runs/, by group and exponent (step 1). */
  Map<Group, TreeMap<Double, List<Observation>>> observe(TableStore store) throws IOException {
    List<String> columns = new ArrayList<>(List.of(RunsTable.RUN_ID, RunsTable.D, RunsTable.LAYERS, RunsTable.UNITS,
        RunsTable.P, RunsTable.ACTIVATION, RunsTable.SEED_INDEX, RunsTable.STATUS));
    columns.addAll(refine.by());
    columns.add(RunsTable.MORSE_OK);
    int morseOk = columns.size() - 1;
    Map<Group, TreeMap<Double, List<Observation>>> out = new TreeMap<>();
    for (String seg : store.segments(RunsTable.SCHEMA.name())) {
      for (Object[] r : store.read(RunsTable.SCHEMA, seg, columns)) {
        Group g = new Group((Integer) r[1], (Integer) r[2], (Integer) r[3], (String) r[5]);
        if (!gridExponents.containsKey(g)) {
          continue;
        }
        double p = (Double) r[4];
        int seedIndex = (Integer) r[6];
        if (seedIndex < 0 || seedIndex >= spec.seeds() || !config(g, p, seedIndex).runId().equals(r[0])) {
          continue; // another spec's run
        }
        Map<String, String> values = values(refine.by(), java.util.Arrays.copyOfRange(r, 8, 8 + refine.by().size()),
            (Boolean) r[morseOk]);
        out.computeIfAbsent(g, k -> new TreeMap<>()).computeIfAbsent(p, k -> new ArrayList<>())
            .add(new Observation(seedIndex, "OK".equals(r[7]), values));
      }
    }
    return out;
  }

  /**
   * A run's values of the properties {@code by} (stored values in that order) as compared; Morse
   * counts that fail the Morse relation ({@code morseOk} false) missed critical points and have
   * no value.
   */
  static Map<String, String> values(List<String> by, Object[] stored, Boolean morseOk) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < by.size(); i++) {
      String prop = by.get(i);
      boolean failed = prop.equals(RunsTable.MORSE_COUNTS) && Boolean.FALSE.equals(morseOk);
      values.put(prop, failed ? null : valueText(prop, stored[i]));
    }
    return values;
  }

  /** A property's value as compared: polytope names by kind, arrays as vectors. */
  static String valueText(String property, Object v) {
    if (v == null) {
      return null;
    }
    if (property.equals(RunsTable.POLYTOPE_NAME)) {
      return PolytopeCatalogue.kind((String) v);
    }
    if (v instanceof int[] a) {
      return Arrays.toString(a);
    }
    return String.valueOf(v);
  }

  /** The modal value and how many OK seeds have it (ties: the smallest text); null without one. */
  record Mode(String value, int count) {}

  static Mode mode(List<Observation> obs, String property) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Observation o : obs) {
      String v = o.ok() ? o.values().get(property) : null;
      if (v != null) {
        counts.merge(v, 1, Integer::sum);
      }
    }
    Mode best = null;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (best == null || e.getValue() > best.count()) {
        best = new Mode(e.getKey(), e.getValue());
      }
    }
    return best;
  }

  /** Whether more than half of the OK seeds at an exponent hold the modal value of a property. */
  static boolean majority(List<Observation> obs, String property) {
    Mode m = mode(obs, property);
    long ok = obs.stream().filter(Observation::ok).count();
    return m != null && 2L * m.count() > ok;
  }

  /** The properties that differ between two exponents with a majority at both (step 3). */
  List<String> agreedChanges(List<Observation> a, List<Observation> b) {
    return differing(a, b).stream().filter(prop -> majority(a, prop) && majority(b, prop)).toList();
  }

  /** The properties whose modal values differ between two exponents (both known). */
  List<String> differing(List<Observation> a, List<Observation> b) {
    List<String> out = new ArrayList<>();
    for (String prop : refine.by()) {
      Mode ma = mode(a, prop);
      Mode mb = mode(b, prop);
      if (ma != null && mb != null && !Objects.equals(ma.value(), mb.value())) {
        out.add(prop);
      }
    }
    return out;
  }

  /** How many times the grid bracket around [a, b] has been halved. */
  int halvings(Group g, double a, double b) {
    TreeSet<Double> grid = gridExponents.get(g);
    Double lo = grid.floor(a);
    Double hi = grid.ceiling(b);
    if (lo == null || hi == null || !(b > a)) {
      return 0;
    }
    return (int) Math.round(Math.log((hi - lo) / (b - a)) / Math.log(2));
  }

  /** Two neighbouring exponents of a group that trained, with their runs. */
  record Bracket(Group group, double low, double high, List<Observation> atLow, List<Observation> atHigh) {}

  /** Every pair of neighbouring exponents, group by group. */
  static List<Bracket> brackets(Map<Group, TreeMap<Double, List<Observation>>> observed) {
    List<Bracket> out = new ArrayList<>();
    for (Map.Entry<Group, TreeMap<Double, List<Observation>>> e : observed.entrySet()) {
      List<Double> ps = new ArrayList<>(e.getValue().keySet());
      for (int i = 0; i + 1 < ps.size(); i++) {
        out.add(new Bracket(e.getKey(), ps.get(i), ps.get(i + 1), e.getValue().get(ps.get(i)),
            e.getValue().get(ps.get(i + 1))));
      }
    }
    return out;
  }

  private boolean resolved(Bracket b) {
    return b.high() - b.low() <= refine.tolerance() * (1 + 1e-9);
  }

  /** The next round's configurations: midpoints of the pairs that need one (step 3). */
  List<RunConfig> nextRound(Map<Group, TreeMap<Double, List<Observation>>> observed) {
    List<RunConfig> out = new ArrayList<>();
    for (Bracket b : brackets(observed)) {
      if (resolved(b) || halvings(b.group(), b.low(), b.high()) >= refine.maxRounds()
          || agreedChanges(b.atLow(), b.atHigh()).isEmpty()) {
        continue;
      }
      double mid = (b.low() + b.high()) / 2;
      for (int s = 0; s < spec.seeds(); s++) {
        out.add(config(b.group(), mid, s));
      }
    }
    return out;
  }

  /** The located changes (step 4). */
  List<TransitionsTable.Row> transitions(Map<Group, TreeMap<Double, List<Observation>>> observed) {
    List<TransitionsTable.Row> out = new ArrayList<>();
    for (Bracket b : brackets(observed)) {
      Group g = b.group();
      for (String prop : refine.by()) {
        Mode ma = mode(b.atLow(), prop);
        Mode mb = mode(b.atHigh(), prop);
        if (ma == null || mb == null) {
          continue; // no OK seed with a value on one side
        }
        boolean low = majority(b.atLow(), prop);
        boolean high = majority(b.atHigh(), prop);
        if (!low && !high || low && high && ma.value().equals(mb.value())) {
          continue; // scatter on both sides, or the same body
        }
        // a side that no majority holds is scattered: no value (its mode would be a tie broken
        // by the alphabet, or one seed in three, written as if it were the body there)
        out.add(new TransitionsTable.Row(g.d(), g.layers(), g.units(), g.activation(), spec.name(), b.low(), b.high(),
            prop, low ? ma.value() : null, high ? mb.value() : null, ma.count(), mb.count(), spec.seeds(), resolved(b),
            halvings(g, b.low(), b.high())));
      }
    }
    return out;
  }

  /** The run_ids of this spec's stored runs (grid and refined), for --retry-failed. */
  static Set<String> memberIds(Map<Group, TreeMap<Double, List<Observation>>> observed, Refinement r) {
    Set<String> ids = new java.util.HashSet<>();
    for (Map.Entry<Group, TreeMap<Double, List<Observation>>> e : observed.entrySet()) {
      for (Map.Entry<Double, List<Observation>> pe : e.getValue().entrySet()) {
        for (Observation o : pe.getValue()) {
          ids.add(r.config(e.getKey(), pe.getKey(), o.seedIndex()).runId());
        }
      }
    }
    return ids;
  }
}
