package org.neuralpolytopes.analysis.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.analysis.render.UnboundedBodyException;
import org.neuralpolytopes.schema.RunsTable;

/**
 * The pictures of the bodies the report draws ({@link Representatives}): the d = 2 ones in a
 * gallery of panels, each d = 3 body as a shaded solid in three views (exact faces from facets/ and
 * vertices/ where the measurement stored them), d >= 4 bodies by 3-D slices. Every drawn 3-D body
 * is also written to {@code meshes/} as OBJ. Only the drawn runs' weights and faces are read.
 */
final class Figures {

  static final String POLYGONS = "Neural polygons";
  static final String BODIES = "Neural polyhedra";
  static final String SLICES = "Slices of higher-dimensional bodies";

  /** Panels per polygon gallery page. */
  static final int GALLERY_PAGE = 36;
  static final int GALLERY_COLUMNS = 6;
  /** Threads drawing figures (each figure is independent of the others). */
  static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);

  private final ReportData data;
  private final Path out;
  private final Consumer<String> progress;
  private final List<FigureRef> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Figures(ReportData data, Path out, Consumer<String> progress) {
    this.data = data;
    this.out = out;
    this.progress = progress;
  }

  List<FigureRef> figures() {
    return figures;
  }

  /** Runs that were chosen but could not be drawn, with why. */
  List<String> notes() {
    return notes;
  }

  void drawAll(List<Representatives.Pick> picks) throws IOException, AnalysisException {
    List<TableRow> runs = picks.stream().map(Representatives.Pick::run).toList();
    progress.accept("reading the weights and faces of the " + runs.size() + " runs drawn");
    DetailTables details = data.details();
    Map<String, TableRow> networks = details.networks(runs);
    List<TableRow> withFaces = runs.stream().filter(Figures::hasStoredFaces).toList();
    Map<String, List<TableRow>> facets = details.rowsOf(DetailTables.FACETS, withFaces);
    Map<String, List<TableRow>> vertices = details.rowsOf(DetailTables.VERTICES, withFaces);
    List<RunPicture> pictures = new ArrayList<>();
    for (TableRow r : runs) {
      String id = r.getString(RunsTable.RUN_ID);
      pictures.add(new RunPicture(r, networks.get(id), facets.getOrDefault(id, List.of()),
          vertices.getOrDefault(id, List.of()), title(r)));
    }
    polygons(pictures.stream().filter(p -> p.d() == 2).toList());
    inParallel(pictures.stream().filter(p -> p.d() >= 3).toList());
  }

  /** A run whose face complex is complete, so that its facets/ and vertices/ rows exist. */
  static boolean hasStoredFaces(TableRow r) {
    return !r.isNull(RunsTable.VERTEX_COUNT) && !r.isNull(RunsTable.FACET_COUNT);
  }

  /** "(3, 1, 4, 1) seed 0": the grid point's label and the seed index. */
  String title(TableRow r) {
    return data.pointOf(r).label() + " seed " + r.getInt(RunsTable.SEED_INDEX);
  }

  private void polygons(List<RunPicture> runs) throws IOException {
    List<RunPicture> drawable = new ArrayList<>();
    for (RunPicture p : runs) {
      if (p.problem() != null) {
        notes.add(p.problemNote());
      } else {
        drawable.add(p);
      }
    }
    if (drawable.isEmpty()) {
      return;
    }
    double world = 1.08;
    for (RunPicture p : drawable) {
      world = Math.max(world, p.polygonFrame());
    }
    double frame = world;
    int pages = (drawable.size() + GALLERY_PAGE - 1) / GALLERY_PAGE;
    for (int page = 0; page < pages; page++) {
      List<RunPicture> part = drawable.subList(page * GALLERY_PAGE, Math.min(drawable.size(), (page + 1) * GALLERY_PAGE));
      int cols = Math.min(GALLERY_COLUMNS, part.size());
      int rows = (part.size() + cols - 1) / cols;
      int pw = 210;
      int ph = 236;
      int head = 34;
      String name = pages == 1 ? "polygons" : "polygons-" + (page + 1);
      progress.accept("drawing the polygon gallery " + (page + 1) + "/" + pages + " (" + part.size() + " runs)");
      String title = "Neural polygons: level sets f(x) = 1" + (pages > 1 ? " (" + (page + 1) + "/" + pages + ")" : "");
      FigureFile.write(out.resolve("figures"), name, cols * pw, head + rows * ph, (g, target) -> {
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, 10, 22);
        for (int i = 0; i < part.size(); i++) {
          part.get(i).paintPolygonPanel(g, target, (i % cols) * pw, head + (i / cols) * ph, pw, ph, frame);
        }
      });
      List<String> ids = part.stream().map(RunPicture::id).toList();
      figures.add(new FigureRef(POLYGONS, title, "figures/" + name + ".png", "figures/" + name + ".svg",
          "One panel per run drawn, all at the same scale (frame half-width " + Values.num(frame)
              + "); dashed: the unit circle the nets were trained to draw; dots: exact vertices where stored.", null, ids));
    }
  }

  /** Draws each 3-D or higher body on up to {@link #THREADS} threads, keeping the figures in run order. */
  private void inParallel(List<RunPicture> runs) throws IOException {
    if (runs.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, runs.size()), r -> {
      Thread t = new Thread(r, "report-figures");
      t.setDaemon(true);
      return t;
    });
    try {
      AtomicInteger done = new AtomicInteger();
      List<Future<Object>> futures = new ArrayList<>();
      for (RunPicture p : runs) {
        futures.add(pool.submit(() -> {
          Object o = draw(p);
          progress.accept("drew " + done.incrementAndGet() + "/" + runs.size() + ": " + p.id());
          return o;
        }));
      }
      for (Future<Object> f : futures) {
        Object o;
        try {
          o = f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        }
        if (o instanceof FigureRef ref) {
          figures.add(ref);
        } else {
          notes.add((String) o);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One body's figure and meshes: a {@link FigureRef}, or a note on why there is none. */
  private Object draw(RunPicture p) throws IOException {
    if (p.problem() != null) {
      return p.problemNote();
    }
    String id = p.id();
    String dir = p.d() == 3 ? "bodies" : "slices";
    try {
      RunPicture.Drawing drawing = p.figure();
      FigureFile.write(out.resolve(dir), id, drawing.width(), drawing.height(), drawing.painter());
      String caption = drawing.caption();
      List<Path> meshes = p.writeObj(out.resolve("meshes"), id);
      String mesh = "meshes/" + meshes.get(0).getFileName();
      return new FigureRef(p.d() == 3 ? BODIES : SLICES, p.title(), dir + "/" + id + ".png", dir + "/" + id + ".svg",
          caption + "; run " + id, mesh, List.of(id));
    } catch (UnboundedBodyException e) {
      return p.title() + " (run " + id + "): unbounded body, not drawn";
    }
  }

  static Collection<String> sections() {
    return List.of(POLYGONS, BODIES, SLICES);
  }
}
