package org.neuralpolytopes.analysis.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Formatter;
import java.util.Locale;

/** Writes a {@link Mesh} as Wavefront OBJ (polygon faces, 1-based indices), which MeshLab and Blender open. */
public final class MeshFiles {

  /**
   * The locale of the numbers: US, whose digits, decimal point and minus sign are the root
   * locale's, and for which {@link Formatter} looks up no locale symbols per number (for any other
   * locale it builds them twice per number, most of the cost of a vertex line).
   */
  private static final Locale NUMBERS = Locale.US;

  private MeshFiles() {}

  public static void writeObj(Path file, Mesh mesh, String comment) throws IOException {
    org.neuralpolytopes.analysis.Staging.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); Formatter out = new Formatter(w, NUMBERS)) {
      for (String line : comment.split("\n")) {
        w.write("# " + line + "\n");
      }
      out.format("# %d vertices, %d faces%s%n", mesh.vertexCount(), mesh.faces().size(),
          mesh.faceted() ? " (exact facets)" : " (surface mesh)");
      for (int v = 0; v < mesh.vertexCount(); v++) {
        out.format("v %.9g %.9g %.9g%n", mesh.x(v), mesh.y(v), mesh.z(v));
      }
      StringBuilder sb = new StringBuilder();
      for (int[] f : mesh.faces()) {
        sb.setLength(0);
        sb.append('f');
        for (int v : f) {
          sb.append(' ').append(v + 1);
        }
        sb.append('\n');
        w.write(sb.toString());
      }
      out.flush();
      if (out.ioException() != null) {
        throw out.ioException();
      }
    }
  }
}
