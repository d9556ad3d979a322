package org.neuralpolytopes.analysis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OBJ text: nine significant digits, a decimal point and a minus sign whatever the JVM's locale. */
class MeshFilesTest {

  @TempDir
  Path tmp;

  @Test
  void writesTheVerticesWithNineSignificantDigitsInAnyLocale() throws Exception {
    Mesh tetrahedron = new Mesh(new double[] {1.0 / 3, -2.5e-7, 12345.6789, -1, 0, 0, 0, -0.0, 1e-4, 2, 2, 2},
        List.of(new int[] {0, 1, 2}, new int[] {0, 3, 1}, new int[] {1, 3, 2}, new int[] {0, 2, 3}), false);
    Locale before = Locale.getDefault();
    try {
      // a decimal comma and other digits by default: the file must not follow them
      for (Locale l : List.of(Locale.GERMANY, Locale.forLanguageTag("ar-EG"), Locale.ROOT)) {
        Locale.setDefault(l);
        Path file = tmp.resolve(l.toLanguageTag() + ".obj");
        MeshFiles.writeObj(file, tetrahedron, "a tetrahedron\nsecond line");
        assertEquals(List.of("# a tetrahedron", "# second line", "# 4 vertices, 4 faces (surface mesh)",
            "v 0.333333333 -2.50000000e-07 12345.6789", "v -1.00000000 0.00000000 0.00000000",
            "v 0.00000000 -0.00000000 0.000100000000", "v 2.00000000 2.00000000 2.00000000",
            "f 1 2 3", "f 1 4 2", "f 2 4 3", "f 1 3 4"), Files.readAllLines(file), l.toString());
      }
    } finally {
      Locale.setDefault(before);
    }
  }
}
