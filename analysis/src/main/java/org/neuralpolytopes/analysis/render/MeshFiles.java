package org.neuralpolytopes.analysis.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a {@link Mesh} as Wavefront OBJ (polygon faces, 1-based indices), which MeshLab and Blender open. */
public final class MeshFiles {

  private MeshFiles() {}

  public static void writeObj(Path file, Mesh mesh, String comment) throws IOException {
    Files.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line : comment.split("\n")) {
        w.write("# " + line + "\n");
      }
      w.write(String.format(Locale.ROOT, "# %d vertices, %d faces%s%n", mesh.vertexCount(), mesh.faces().size(),
          mesh.faceted() ? " (exact facets)" : " (surface mesh)"));
      for (int v = 0; v < mesh.vertexCount(); v++) {
        w.write(String.format(Locale.ROOT, "v %.9g %.9g %.9g%n", mesh.x(v), mesh.y(v), mesh.z(v)));
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
    }
  }
}
