package org.neuralpolytopes.analysis.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes one figure twice from the same Java2D drawing code: {@code NAME.png} (raster, for the
 * page) and {@code NAME.svg} (vector, through JFreeSVG's SVGGraphics2D, for papers).
 */
public final class FigureFile {

  /** What a figure is being drawn for: the raster copy or the vector copy. */
  public enum Target { PNG, SVG }

  /** Draws a figure of a known size onto a white canvas. */
  @FunctionalInterface
  public interface Painter {
    void paint(Graphics2D g, Target target);
  }

  private FigureFile() {}

  /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
  public static void write(Path dir, String name, int width, int height, Painter painter) throws IOException {
    org.neuralpolytopes.analysis.Staging.createDirectories(dir);
    writePng(dir.resolve(name + ".png"), width, height, painter);
    writeSvg(dir.resolve(name + ".svg"), width, height, painter);
  }

  /**
   * Writes the raster copy only. Through a stream of its own: {@code ImageIO.write} to a File
   * prints the stack trace of a file it cannot open (the JDK's FileImageOutputStreamSpi) before it
   * fails, which a report stopped by a signal showed when its staged folder was deleted under a
   * drawing thread; and a memory cache, not ImageIO's default cache file in the temporary folder.
   */
  public static void writePng(Path file, int width, int height, Painter painter) throws IOException {
    BufferedImage image = raster(width, height, painter);
    try (OutputStream out = Files.newOutputStream(file)) {
      png(image, out);
    }
  }

  /**
   * {@code image} as PNG onto {@code out} (left open), through a memory cache: ImageIO's default
   * for a stream is a cache file in the temporary folder, which a report killed while it writes
   * leaves there.
   */
  public static void png(BufferedImage image, OutputStream out) throws IOException {
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(image, "png", stream)) {
        throw new IOException("no PNG writer");
      }
    }
  }

  /** Writes the vector copy only; its ids (clip paths) start with the file's name. */
  public static void writeSvg(Path file, int width, int height, Painter painter) throws IOException {
    Files.writeString(file, svg(idPrefix(file.getFileName().toString()), width, height, painter), StandardCharsets.UTF_8);
  }

  /**
   * "_" and the file's name without its extension, every character but letters, digits, '-' and
   * '_' as '_': a valid XML id start that differs between the report's files, so that figures
   * pasted into one document keep distinct ids.
   */
  static String idPrefix(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
    return "_" + stem.replaceAll("[^A-Za-z0-9_-]", "_") + "-";
  }

  /** The raster copy, as the PNG file holds it. */
  public static BufferedImage raster(int width, int height, Painter painter) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      prepare(g, width, height);
      painter.paint(g, Target.PNG);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The vector copy, the text of the SVG file, with ids starting "_fig-". */
  public static String svg(int width, int height, Painter painter) {
    return svg("_fig-", width, height, painter);
  }

  /**
   * The vector copy with ids starting with {@code idPrefix}. JFreeSVG's own prefix is taken from the
   * clock, so the same figure gave a different file each time it was drawn.
   */
  public static String svg(String idPrefix, int width, int height, Painter painter) {
    SVGGraphics2D svg = new SVGGraphics2D(width, height);
    svg.setDefsKeyPrefix(idPrefix);
    // the text of JFreeSVG's SVGUtils.createDoubleConverter(1) and (3), made faster
    svg.setGeomDoubleConverter(new SvgNumbers(1));
    svg.setTransformDoubleConverter(new SvgNumbers(3));
    prepare(svg, width, height);
    painter.paint(svg, Target.SVG);
    return svg.getSVGDocument();
  }

  private static void prepare(Graphics2D g, int width, int height) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }
}
