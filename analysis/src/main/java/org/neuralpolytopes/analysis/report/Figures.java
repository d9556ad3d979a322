package org.neuralpolytopes.analysis.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
final class Figures implements AutoCloseable {

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
  private ParallelDrawings<Drawn> drawings;
  /** The bodies' indices in the order they were submitted (after the polygon gallery). */
  private int[] submitted;

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

  /**
   * Reads the weights and faces of the runs picked and starts drawing them on up to
   * {@link #THREADS} threads: the polygon gallery, then each 3-D or higher body. The caller may do
   * other work meanwhile; {@link #finish()} waits for the drawings and collects them, and
   * {@link #close()} stops them (the caller closes in any case).
   */
  void start(List<Representatives.Pick> picks) throws AnalysisException {
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
    List<RunPicture> polygons = pictures.stream().filter(p -> p.d() == 2).toList();
    List<RunPicture> bodies = pictures.stream().filter(p -> p.d() >= 3).toList();
    drawings = new ParallelDrawings<>(Math.min(THREADS, 1 + bodies.size()), "report-figures");
    drawings.submit(() -> polygons(polygons));
    // the dearest bodies first, so that no long one is left running alone at the end
    submitted = costliestFirst(bodies);
    AtomicInteger done = new AtomicInteger();
    for (int k : submitted) {
      RunPicture p = bodies.get(k);
      drawings.submit(() -> {
        Drawn d = draw(p, out);
        progress.accept("drew " + done.incrementAndGet() + "/" + bodies.size() + ": " + p.id());
        return d;
      });
    }
  }

  /** Indices of the bodies by {@link RunPicture#drawingCost()}, dearest first, run order among equals. */
  static int[] costliestFirst(List<RunPicture> bodies) {
    return java.util.stream.IntStream.range(0, bodies.size()).boxed()
        .sorted(java.util.Comparator.comparingLong((Integer k) -> -bodies.get(k).drawingCost()))
        .mapToInt(Integer::intValue).toArray();
  }

  /** Waits for the drawings {@link #start} began and adds them in run order (the polygon gallery first). */
  void finish() throws IOException {
    List<Drawn> results = drawings.results();
    Drawn[] inRunOrder = new Drawn[results.size()];
    inRunOrder[0] = results.get(0);
    for (int j = 0; j < submitted.length; j++) {
      inRunOrder[1 + submitted[j]] = results.get(1 + j);
    }
    for (Drawn d : inRunOrder) {
      figures.addAll(d.figures());
      notes.addAll(d.notes());
    }
  }

  /** {@link #start} and {@link #finish}. */
  void drawAll(List<Representatives.Pick> picks) throws IOException, AnalysisException {
    try {
      start(picks);
      finish();
    } finally {
      close();
    }
  }

  /** Stops the drawings not yet made (nothing when they are all done). */
  @Override
  public void close() {
    if (drawings != null) {
      drawings.close();
    }
  }

  /** What one drawing task made: figures, and notes on runs it could not draw. */
  private record Drawn(List<FigureRef> figures, List<String> notes) {}

  /** A run whose face complex is complete, so that its facets/ and vertices/ rows exist. */
  static boolean hasStoredFaces(TableRow r) {
    return !r.isNull(RunsTable.VERTEX_COUNT) && !r.isNull(RunsTable.FACET_COUNT);
  }

  /** "(3, 1, 4, 1) seed 0": the grid point's label and the seed index. */
  String title(TableRow r) {
    return data.pointOf(r).label() + " seed " + r.getInt(RunsTable.SEED_INDEX);
  }

  /** The d = 2 runs' gallery pages, and notes on the runs without weights. */
  private Drawn polygons(List<RunPicture> runs) throws IOException {
    List<FigureRef> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<RunPicture> drawable = new ArrayList<>();
    for (RunPicture p : runs) {
      if (p.problem() != null) {
        notes.add(p.problemNote());
      } else {
        drawable.add(p);
      }
    }
    if (drawable.isEmpty()) {
      return new Drawn(figures, notes);
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
    return new Drawn(figures, notes);
  }

  /** One body's figure and meshes, or a note on why there is none. */
  private static Drawn draw(RunPicture p, Path out) throws IOException {
    if (p.problem() != null) {
      return new Drawn(List.of(), List.of(p.problemNote()));
    }
    String id = p.id();
    String dir = p.d() == 3 ? "bodies" : "slices";
    try {
      RunPicture.Drawing drawing = p.figure();
      FigureFile.write(out.resolve(dir), id, drawing.width(), drawing.height(), drawing.painter());
      String caption = drawing.caption();
      List<Path> meshes = p.writeObj(out.resolve("meshes"), id);
      String mesh = "meshes/" + meshes.get(0).getFileName();
      return new Drawn(List.of(new FigureRef(p.d() == 3 ? BODIES : SLICES, p.title(), dir + "/" + id + ".png",
          dir + "/" + id + ".svg", caption + "; run " + id, mesh, List.of(id))), List.of());
    } catch (UnboundedBodyException e) {
      return new Drawn(List.of(), List.of(p.title() + " (run " + id + "): unbounded body, not drawn"));
    }
  }

  static Collection<String> sections() {
    return List.of(POLYGONS, BODIES, SLICES);
  }
}
