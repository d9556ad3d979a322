package org.neuralpolytopes.census;

import static org.neuralpolytopes.schema.ColumnType.BOOLEAN;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE;
import static org.neuralpolytopes.schema.ColumnType.DOUBLE_ARRAY;
import static org.neuralpolytopes.schema.ColumnType.INT;
import static org.neuralpolytopes.schema.ColumnType.INT_ARRAY;
import static org.neuralpolytopes.schema.ColumnType.STRING;

import java.util.ArrayList;
import java.util.List;
import org.neuralpolytopes.schema.TableSchema;
import org.neuralpolytopes.train.BuildInfo;

/**
 * The census table: one row per distinct critical point (or degenerate critical set) of the
 * population loss of one architecture, in order of loss. The one definition the Parquet writer
 * and the printed table follow.
 */
public final class CensusTable {

  /** A row: the census and one of its points. */
  public record Row(Census.Result census, int rank, CriticalPoint point) {}

  public static final TableSchema<Row> SCHEMA = TableSchema.<Row>builder("census", "one row per distinct critical point of the population loss of one polynomial network")
      .add("d", INT, "", "input dimension", r -> r.census().architecture().d())
      .add("layers", INT, "", "hidden layers L", r -> r.census().architecture().layers())
      .add("units", INT, "", "units n per hidden layer", r -> r.census().architecture().units())
      .add("p", DOUBLE, "", "activation exponent (an even integer: |t|^p = t^p)", r -> r.census().architecture().activation().p())
      .add("point", INT, "", "rank of the point by loss (0 = lowest)", Row::rank)
      .add("loss", DOUBLE, "", "population loss E[(f(x) - 1)^2] over the uniform sphere, in closed form", r -> r.point().loss())
      .add("kind", STRING, "", "minimum, saddle, or degenerate (a zero eigenvalue of the Hessian that the symmetries do not explain)", r -> r.point().kind())
      .add("hessian_index", INT, "", "negative eigenvalues of the Hessian modulo the symmetries' directions", r -> r.point().index())
      .add("hessian_nullity", INT, "", "zero eigenvalues of the Hessian modulo the symmetries' directions", r -> r.point().nullity())
      .add("hessian_eigenvalues", DOUBLE_ARRAY, "", "eigenvalues of the Hessian restricted to the complement of the rotations' and rescalings' tangents, ascending", r -> r.point().eigenvalues())
      .add("gradient_norm", DOUBLE, "", "max |gradient| at the representative", r -> r.point().gradientNorm())
      .add("starts", INT, "", "Newton starts that converged to this point", r -> r.point().starts())
      .add("points_merged", INT, "", "distinct points merged into this row (more than 1: a degenerate critical set met at several points)", r -> r.point().pointsMerged())
      .add("effective_units", INT_ARRAY, "", "units per layer of the canonical form (dead units dropped, duplicates merged)", r -> r.point().effectiveUnits())
      .add("canonical_weights", DOUBLE_ARRAY, "", "canonical weights, first layer turned to lower-triangular form: layer l has shape [effective_units[l], fan_in]", r -> r.point().canonicalWeights())
      .add("weights", DOUBLE_ARRAY, "", "a representative's weights in the same frame, flat, layer by layer, each [units, fan_in] row-major", r -> r.point().weights())
      .add("lp_ball_frame", BOOLEAN, "", "one layer: the effective rows are d orthogonal rows of equal length (the l_p ball: rounded square, cube); null for deeper nets", r -> r.point().lpBallFrame())
      .add("polytope_name", STRING, "", "catalogue name of the body {f = 1} (as in runs/), or unbounded", r -> r.point().polytopeName())
      .add("morse_counts", INT_ARRAY, "", "critical points of the body's radial function by index from the maxima down (null for a sphere or unbounded body)", r -> r.point().body().morseCounts())
      .add("symmetry_group", STRING, "", "point group of the body's Morse maxima", r -> r.point().body().symmetryGroup())
      .add("census_starts", INT, "", "Newton starts of the census (the first census_starts points of a Sobol sequence)", r -> r.census().starts())
      .add("census_converged", INT, "", "starts that converged to a critical point (the others are counted, not reported)", r -> r.census().converged())
      .add("code_version", STRING, "", "project version + git commit of the code that ran it", r -> BuildInfo.codeVersion())
      .build();

  private CensusTable() {}

  /** The census's rows, in order of loss. */
  public static List<Row> rows(Census.Result census) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < census.points().size(); i++) {
      rows.add(new Row(census, i, census.points().get(i)));
    }
    return rows;
  }

  /** The census as a fixed-width text table, one line per point, with a summary line first. */
  public static String text(Census.Result census) {
    StringBuilder sb = new StringBuilder();
    var a = census.architecture();
    sb.append(String.format("census of (d, L, n, p) = (%d, %d, %d, %s): %d starts, %d converged, %d not, "
            + "%d critical points modulo symmetries, %.1f s%n", a.d(), a.layers(), a.units(),
        formatExponent(a.activation().p()), census.starts(), census.converged(), census.starts() - census.converged(),
        census.points().size(), census.seconds()));
    sb.append(String.format("%5s  %-14s  %-10s  %5s  %7s  %6s  %6s  %-9s  %-5s  %s%n", "point", "loss", "kind", "index",
        "nullity", "starts", "merged", "units", "frame", "body"));
    for (Row r : rows(census)) {
      CriticalPoint c = r.point();
      sb.append(String.format("%5d  %-14.10f  %-10s  %5d  %7d  %6d  %6d  %-9s  %-5s  %s%n", r.rank(), c.loss(), c.kind(),
          c.index(), c.nullity(), c.starts(), c.pointsMerged(), java.util.Arrays.toString(c.effectiveUnits()),
          c.lpBallFrame() == null ? "-" : c.lpBallFrame() ? "yes" : "no", c.polytopeName()));
    }
    return sb.toString();
  }

  private static String formatExponent(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
  }
}
