package org.neuralpolytopes.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PolytopeCatalogueTest {

  static VertexSymmetry symmetry(int order, int outer, double radiusToEdge, int... orbitSizes) {
    return new VertexSymmetry(order, order / 2, null, orbitSizes.length, 0.0, 0, 0.0, null, null,
        orbitSizes, outer, radiusToEdge);
  }

  static MorseCounts counts(int... c) {
    return new MorseCounts(c.length, c, true, false, new double[0], new double[0], new double[0], 0);
  }

  @Test
  void looksUpByCountsOrderAndOrbits() {
    assertEquals("cuboctahedron", PolytopeCatalogue.lookup(3, new int[] {12, 24, 14}, symmetry(48, 12, 1, 12)));
    assertEquals("rhombic dodecahedron", PolytopeCatalogue.lookup(3, new int[] {14, 24, 12}, symmetry(48, 8, 1, 6, 8)));
    assertEquals("rhombic triacontahedron", PolytopeCatalogue.lookup(3, new int[] {32, 60, 30}, symmetry(120, 20, 1, 12, 20)));
    assertEquals("truncated octahedron", PolytopeCatalogue.lookup(3, new int[] {24, 36, 14}, symmetry(48, 24, 1.6, 24)));
    assertEquals("truncated cube", PolytopeCatalogue.lookup(3, new int[] {24, 36, 14}, symmetry(48, 24, 1.75, 24)));
    assertEquals("tetrakis hexahedron", PolytopeCatalogue.lookup(3, new int[] {14, 36, 24}, symmetry(48, 8, 1, 6, 8)));
    assertEquals("triakis octahedron", PolytopeCatalogue.lookup(3, new int[] {14, 36, 24}, symmetry(48, 6, 1, 6, 8)));
    assertEquals("regular hexagon", PolytopeCatalogue.lookup(2, new int[] {6, 6}, symmetry(12, 6, 1, 6)));
    assertEquals("rhombus", PolytopeCatalogue.lookup(2, new int[] {4, 4}, symmetry(4, 2, 1, 2, 2)));
    assertEquals("hypercube", PolytopeCatalogue.lookup(5, new int[] {32, -1, -1, -1, 10}, symmetry(3840, 32, 1, 32)));
    // Right counts, wrong symmetry: a generic polar zonotope of four generators.
    assertNull(PolytopeCatalogue.lookup(3, new int[] {12, 24, 14}, symmetry(2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)));
  }

  @Test
  void namesSaySphereUnnamedRoundedOrSpiky() {
    VertexSymmetry oh = symmetry(48, 6, 1, 6);
    assertEquals("octahedron", PolytopeCatalogue.name(counts(6, 12, 8), oh, true, 1));
    assertEquals("octahedron (rounded, p=1.5)", PolytopeCatalogue.name(counts(6, 12, 8), oh, false, 1.5));
    assertEquals("octahedron (spiky, p=0.5)", PolytopeCatalogue.name(counts(6, 12, 8), oh, false, 0.5));
    assertEquals("cube (rounded, p=4)", PolytopeCatalogue.name(counts(8, 12, 6), symmetry(48, 8, 1, 8), false, 4));
    assertEquals("unnamed", PolytopeCatalogue.name(counts(6, 12, 8), symmetry(2, 1, 1, 2, 2, 2), false, 1));
    assertEquals("sphere", PolytopeCatalogue.name(MorseCounts.sphere(3), null, false, 2));
    assertNull(PolytopeCatalogue.name(null, null, false, 1));
  }

  @Test
  void namesOfOneKindDifferOnlyInTheExponent() {
    VertexSymmetry oh = symmetry(48, 6, 1, 6);
    String at15 = PolytopeCatalogue.name(counts(6, 12, 8), oh, false, 1.5);
    String at16 = PolytopeCatalogue.name(counts(6, 12, 8), oh, false, 1.6);
    assertEquals("octahedron (rounded)", PolytopeCatalogue.kind(at15));
    assertEquals(PolytopeCatalogue.kind(at15), PolytopeCatalogue.kind(at16));
    assertEquals("square (rounded)", PolytopeCatalogue.kind("square (rounded, p=1.6)"));
    assertEquals("octahedron (spiky)", PolytopeCatalogue.kind(PolytopeCatalogue.name(counts(6, 12, 8), oh, false, 0.5)));
    // crossing p = 1 or p = 2 changes the kind
    assertEquals("octahedron", PolytopeCatalogue.kind(PolytopeCatalogue.name(counts(6, 12, 8), oh, true, 1)));
    assertEquals("sphere", PolytopeCatalogue.kind(PolytopeCatalogue.name(MorseCounts.sphere(3), null, false, 2)));
    assertEquals("unnamed", PolytopeCatalogue.kind("unnamed"));
    assertEquals("truncated cube (rounded)", PolytopeCatalogue.kind("truncated cube (rounded, p=4)"));
    assertNull(PolytopeCatalogue.kind(null));
  }

  @Test
  void exponentsArePrintedShort() {
    assertEquals("4", PolytopeCatalogue.formatExponent(4));
    assertEquals("1.5", PolytopeCatalogue.formatExponent(1.5));
    assertEquals("1.333", PolytopeCatalogue.formatExponent(4.0 / 3));
    assertEquals("0.25", PolytopeCatalogue.formatExponent(0.25));
  }
}
