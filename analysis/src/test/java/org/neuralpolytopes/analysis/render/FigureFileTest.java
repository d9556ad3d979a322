package org.neuralpolytopes.analysis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A figure drawn twice is the same file twice, and its clip ids name the file. */
class FigureFileTest {

  @TempDir
  Path tmp;

  private static final FigureFile.Painter CLIPPED = (g, target) -> {
    g.setClip(new Rectangle2D.Double(10, 10, 50, 30));
    g.setColor(Color.BLUE);
    g.fill(new Rectangle2D.Double(0, 0, 100, 100));
  };

  @Test
  void theSameFigureGivesTheSameFiles() throws Exception {
    FigureFile.write(tmp.resolve("a"), "phase-d3 (p=1)", 120, 80, CLIPPED);
    FigureFile.write(tmp.resolve("b"), "phase-d3 (p=1)", 120, 80, CLIPPED);
    for (String f : new String[] {"phase-d3 (p=1).svg", "phase-d3 (p=1).png"}) {
      assertEquals(-1L, Files.mismatch(tmp.resolve("a").resolve(f), tmp.resolve("b").resolve(f)), f);
    }
    String svg = Files.readString(tmp.resolve("a").resolve("phase-d3 (p=1).svg"));
    assertTrue(svg.contains("clipPath id='_phase-d3__p_1_-clip-0'"), svg);
    assertTrue(svg.contains("url(#_phase-d3__p_1_-clip-0)"), svg);
  }

  @Test
  void differentFilesGetDifferentIds() {
    assertEquals("_faces-vs-units-", FigureFile.idPrefix("faces-vs-units.svg"));
    assertNotEquals(FigureFile.idPrefix("a.svg"), FigureFile.idPrefix("b.svg"));
    assertEquals("_fig-", FigureFile.idPrefix("fig"));
  }

  @Test
  void thePngIsImageIosAndAMissingFolderIsOneExceptionWithoutAStackTraceOnStandardError() throws Exception {
    Path png = tmp.resolve("a.png");
    FigureFile.writePng(png, 120, 80, CLIPPED);
    Path direct = tmp.resolve("direct.png");
    javax.imageio.ImageIO.write(FigureFile.raster(120, 80, CLIPPED), "png", direct.toFile());
    assertEquals(-1L, Files.mismatch(png, direct), "the same bytes as ImageIO.write to a file");

    String printed = org.neuralpolytopes.analysis.Stderr.of(() -> assertThrows(java.nio.file.NoSuchFileException.class,
        () -> FigureFile.writePng(tmp.resolve("gone/b.png"), 120, 80, CLIPPED))).text();
    assertEquals("", printed);
  }
}
