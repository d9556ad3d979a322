package org.neuralpolytopes.analysis.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neuralpolytopes.analysis.ParquetTables;
import org.neuralpolytopes.analysis.render.BodyRenderer;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.analysis.render.Icosphere;
import org.neuralpolytopes.analysis.render.Mesh;
import org.neuralpolytopes.analysis.render.View;

/**
 * Loads and initialises, on a thread of its own, what the report needs after it has read runs/:
 * Arrow's native library and allocator first (the read needs them soonest), then Java2D's
 * antialiasing renderer, the fonts, the PNG writer, JFreeSVG and JFreeChart, by drawing a small
 * body and a small chart into memory. A cold JVM spends about a second of one core on these; the
 * report's main thread reads runs/ on one core meanwhile, so on two or more cores they are ready
 * when the figures start. Nothing is written and no state that a figure depends on is touched
 * (fonts, glyph caches and loaded classes only), so the report is the same with or without it; a
 * failure here is ignored, and the same call fails where the report makes it.
 */
final class Preload {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private Preload() {}

  /** Starts the preload once per JVM, on a daemon thread. */
  static void start() {
    if (STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(Preload::run, "report-preload");
      t.setDaemon(true);
      t.start();
    }
  }

  // a failure is ignored: the report makes the same calls, and reports their failure there
  private static void run() {
    try {
      ParquetTables.preload();
    } catch (RuntimeException | LinkageError e) {
      // as above
    }
    try {
      drawSamples();
    } catch (IOException | RuntimeException | LinkageError e) {
      // as above
    }
  }

  /** A small body in the report's three fonts, and a small chart, as PNG (into nothing) and as SVG. */
  static void drawSamples() throws IOException {
    Icosphere ico = Icosphere.of(1);
    double[] xyz = new double[3 * ico.vertexCount()];
    for (int i = 0; i < ico.vertexCount(); i++) {
      System.arraycopy(ico.vertex(i), 0, xyz, 3 * i, 3);
    }
    List<int[]> faces = new ArrayList<>();
    for (int t = 0; t < ico.triangleCount(); t++) {
      faces.add(new int[] {ico.corner(t, 0), ico.corner(t, 1), ico.corner(t, 2)});
    }
    BodyRenderer body = new BodyRenderer(new Mesh(xyz, faces, false));
    FigureFile.Painter painter = (g, target) -> {
      g.setColor(Color.BLACK);
      for (int style : new int[] {Font.BOLD, Font.PLAIN}) {
        g.setFont(new Font(Font.SANS_SERIF, style, 13));
        RunPicture.centered(g, "(3, 1, 4, 1) seed 0 · r_max/r_min 1.25", 100, 20);
      }
      body.draw(g, View.STANDARD.get(0), 60, 90, 40, Color.GRAY, target == FigureFile.Target.PNG);
      BodyRenderer.drawAxes(g, View.STANDARD.get(0), 10, 140, 14);
      Charts.drawSample(g);
    };
    FigureFile.png(FigureFile.raster(200, 150, painter), OutputStream.nullOutputStream());
    FigureFile.svg(200, 150, painter);
  }
}
