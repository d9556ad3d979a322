package org.neuralpolytopes.geometry;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Names a body from its face counts and vertex symmetry (docs/metrics.md, "polytope_name"): regular
 * polygons (and the rectangle and rhombus), the Platonic solids, the Archimedean solids and their
 * Catalan duals, the regular 4-polytopes of small symmetry order, and the cross-polytopes,
 * hypercubes and simplices of d = 4, 5.
 *
 * <p>The key is (d, counts, symmetry order, vertex orbit sizes): counts are the f-vector of an
 * exact polytope or the Morse counts of a smooth one; an unknown count (-1, the middle indices of
 * d >= 4) matches anything. Two pairs share a key and are told apart by a further measurement:
 * the tetrakis hexahedron (its outermost vertex orbit has 8 vertices) and the triakis
 * octahedron (6), the pentakis dodecahedron (20) and the triakis icosahedron (12); and the
 * vertex-transitive truncated octahedron / truncated cube and truncated icosahedron / truncated
 * dodecahedron by the ratio of circumradius to edge (nearest-neighbour distance), whichever
 * solid's ratio is nearer.
 *
 * <p>A body of an exponent p != 1 is named after the polytope it rounds (p > 1) or makes spiky
 * (p < 1): {@code octahedron (rounded, p=1.5)}, {@code cube (rounded, p=4)},
 * {@code octahedron (spiky, p=0.5)}.
 */
public final class PolytopeCatalogue {

  /** The name of a body without counts or symmetry that looks like any named one. */
  public static final String UNNAMED = "unnamed";
  public static final String SPHERE = "sphere";

  private record Entry(String name, int d, int[] counts, int order, int[] orbitSizes,
      Integer outerOrbit, double radiusToEdge) {}

  private static final List<Entry> ENTRIES = new ArrayList<>();

  static {
    // Platonic solids
    add("tetrahedron", 3, new int[] {4, 6, 4}, 24, 4);
    add("octahedron", 3, new int[] {6, 12, 8}, 48, 6);
    add("cube", 3, new int[] {8, 12, 6}, 48, 8);
    add("icosahedron", 3, new int[] {12, 30, 20}, 120, 12);
    add("dodecahedron", 3, new int[] {20, 30, 12}, 120, 20);
    // Archimedean solids (vertex-transitive)
    add("truncated tetrahedron", 3, new int[] {12, 18, 8}, 24, 12);
    add("cuboctahedron", 3, new int[] {12, 24, 14}, 48, 12);
    ENTRIES.add(new Entry("truncated octahedron", 3, new int[] {24, 36, 14}, 48, new int[] {24}, null,
        Math.sqrt(10) / 2));
    ENTRIES.add(new Entry("truncated cube", 3, new int[] {24, 36, 14}, 48, new int[] {24}, null,
        Math.sqrt(7 + 4 * Math.sqrt(2)) / 2));
    add("rhombicuboctahedron", 3, new int[] {24, 48, 26}, 48, 24);
    add("truncated cuboctahedron", 3, new int[] {48, 72, 26}, 48, 48);
    add("snub cube", 3, new int[] {24, 60, 38}, 24, 24);
    add("icosidodecahedron", 3, new int[] {30, 60, 32}, 120, 30);
    ENTRIES.add(new Entry("truncated icosahedron", 3, new int[] {60, 90, 32}, 120, new int[] {60}, null,
        Math.sqrt(58 + 18 * Math.sqrt(5)) / 4));
    ENTRIES.add(new Entry("truncated dodecahedron", 3, new int[] {60, 90, 32}, 120, new int[] {60}, null,
        Math.sqrt(74 + 30 * Math.sqrt(5)) / 4));
    add("rhombicosidodecahedron", 3, new int[] {60, 120, 62}, 120, 60);
    add("truncated icosidodecahedron", 3, new int[] {120, 180, 62}, 120, 120);
    add("snub dodecahedron", 3, new int[] {60, 150, 92}, 60, 60);
    // Catalan solids (face-transitive duals); vertex orbits by size, outermost where needed
    add("triakis tetrahedron", 3, new int[] {8, 18, 12}, 24, 4, 4);
    add("rhombic dodecahedron", 3, new int[] {14, 24, 12}, 48, 6, 8);
    ENTRIES.add(new Entry("tetrakis hexahedron", 3, new int[] {14, 36, 24}, 48, new int[] {6, 8}, 8, Double.NaN));
    ENTRIES.add(new Entry("triakis octahedron", 3, new int[] {14, 36, 24}, 48, new int[] {6, 8}, 6, Double.NaN));
    add("deltoidal icositetrahedron", 3, new int[] {26, 48, 24}, 48, 6, 8, 12);
    add("disdyakis dodecahedron", 3, new int[] {26, 72, 48}, 48, 6, 8, 12);
    add("pentagonal icositetrahedron", 3, new int[] {38, 60, 24}, 24, 6, 8, 24);
    add("rhombic triacontahedron", 3, new int[] {32, 60, 30}, 120, 12, 20);
    ENTRIES.add(new Entry("pentakis dodecahedron", 3, new int[] {32, 90, 60}, 120, new int[] {12, 20}, 20, Double.NaN));
    ENTRIES.add(new Entry("triakis icosahedron", 3, new int[] {32, 90, 60}, 120, new int[] {12, 20}, 12, Double.NaN));
    add("deltoidal hexecontahedron", 3, new int[] {62, 120, 60}, 120, 12, 20, 30);
    add("disdyakis triacontahedron", 3, new int[] {62, 180, 120}, 120, 12, 20, 30);
    add("pentagonal hexecontahedron", 3, new int[] {92, 150, 60}, 60, 12, 20, 60);
    // d = 4, 5
    add("cross-polytope", 4, new int[] {8, 24, 32, 16}, 384, 8);
    add("hypercube", 4, new int[] {16, 32, 24, 8}, 384, 16);
    add("24-cell", 4, new int[] {24, 96, 96, 24}, 1152, 24);
    add("simplex", 4, new int[] {5, 10, 10, 5}, 120, 5);
    add("cross-polytope", 5, new int[] {10, 40, 80, 80, 32}, 3840, 10);
    add("hypercube", 5, new int[] {32, 80, 80, 40, 10}, 3840, 32);
    add("simplex", 5, new int[] {6, 15, 20, 15, 6}, 720, 6);
  }

  private PolytopeCatalogue() {}

  private static void add(String name, int d, int[] counts, int order, int... orbitSizes) {
    ENTRIES.add(new Entry(name, d, counts, order, orbitSizes, null, Double.NaN));
  }

  /**
   * The catalogue name of a polytope, or null.
   *
   * @param counts f-vector or Morse counts, maxima (vertices) first; -1 = unknown
   * @param symmetry the vertex symmetry statistics (order and orbits)
   */
  public static String lookup(int d, int[] counts, VertexSymmetry symmetry) {
    if (counts == null || counts.length != d) {
      return null;
    }
    if (d == 2) {
      return polygon(counts, symmetry);
    }
    if (symmetry == null || symmetry.symmetryOrder() == null) {
      return null;
    }
    List<Entry> matches = new ArrayList<>();
    for (Entry e : ENTRIES) {
      if (e.d == d && countsMatch(e.counts, counts) && e.order == symmetry.symmetryOrder()
          && Arrays.equals(e.orbitSizes, symmetry.orbitSizes())
          && (e.outerOrbit == null || e.outerOrbit.equals(symmetry.outerOrbitSize()))) {
        matches.add(e);
      }
    }
    if (matches.isEmpty()) {
      return null;
    }
    Entry best = matches.get(0);
    for (Entry e : matches) {
      if (Math.abs(e.radiusToEdge - symmetry.radiusToEdge())
          < Math.abs(best.radiusToEdge - symmetry.radiusToEdge())) {
        best = e;
      }
    }
    return best.name;
  }

  private static boolean countsMatch(int[] known, int[] measured) {
    for (int i = 0; i < known.length; i++) {
      if (measured[i] >= 0 && measured[i] != known[i]) {
        return false;
      }
    }
    return measured[0] >= 0;
  }

  private static String polygon(int[] counts, VertexSymmetry s) {
    int m = counts[0];
    if (m < 3 || counts[1] != m || s == null || s.symmetryOrder() == null) {
      return null;
    }
    if (s.symmetryOrder() == 2 * m && s.vertexOrbits() == 1) {
      return switch (m) {
        case 3 -> "equilateral triangle";
        case 4 -> "square";
        case 5 -> "regular pentagon";
        case 6 -> "regular hexagon";
        case 7 -> "regular heptagon";
        case 8 -> "regular octagon";
        case 9 -> "regular nonagon";
        case 10 -> "regular decagon";
        case 12 -> "regular dodecagon";
        default -> "regular " + m + "-gon";
      };
    }
    if (m == 4 && s.symmetryOrder() == 4) {
      return s.vertexOrbits() == 1 ? "rectangle" : "rhombus";
    }
    return null;
  }

  /**
   * The {@code polytope_name} of a measured body: {@code sphere}, a catalogue name (with
   * "(rounded, p=...)" or "(spiky, p=...)" when the body is not piecewise linear), or
   * {@code unnamed}; null when the body's counts were not measured.
   *
   * @param piecewiseLinear whether the activation makes the body a true polytope (p = 1, relu)
   * @param p the activation exponent
   */
  public static String name(MorseCounts morse, VertexSymmetry symmetry, boolean piecewiseLinear, double p) {
    return name(morse, null, symmetry, piecewiseLinear, p);
  }

  /**
   * As {@link #name(MorseCounts, VertexSymmetry, boolean, double)}, looked up by the exact
   * f-vector when there is one (p = 1 and relu with a complete face complex), else by the Morse
   * counts.
   */
  public static String name(MorseCounts morse, int[] fVector, VertexSymmetry symmetry, boolean piecewiseLinear,
      double p) {
    if (morse == null && fVector == null) {
      return null;
    }
    if (morse != null && morse.sphere()) {
      return SPHERE;
    }
    String base = fVector != null ? lookup(fVector.length, fVector, symmetry)
        : lookup(morse.dimension(), morse.counts(), symmetry);
    if (base == null) {
      return UNNAMED;
    }
    if (piecewiseLinear || p == 1) {
      return base;
    }
    return base + " (" + (p > 1 ? "rounded" : "spiky") + ", p=" + formatExponent(p) + ")";
  }

  /**
   * The kind of a {@code polytope_name}: the name without its exponent, so that bodies that
   * round or spike the same polytope compare equal across p ("square (rounded, p=1.5)" and
   * "square (rounded, p=1.6)" are both "square (rounded)"). Null stays null.
   */
  public static String kind(String name) {
    if (name == null) {
      return null;
    }
    int at = name.indexOf(", p=");
    return at < 0 ? name : name.substring(0, at) + ")";
  }

  /** p with up to 4 significant digits and no trailing zeros: 4, 1.5, 1.333. */
  static String formatExponent(double p) {
    return new BigDecimal(p).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
