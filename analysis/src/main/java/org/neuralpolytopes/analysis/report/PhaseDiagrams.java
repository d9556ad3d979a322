package org.neuralpolytopes.analysis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.schema.RunsTable;

/**
 * Where in (n, p) the body changes type: one diagram per (d, L, activation, schedule), units n
 * across, the exponent p up. A cell is a grid point; its colour is the modal {@link BodySignature}
 * category over its seeds (the polytope kind, or "unnamed" with the symmetry group), its text the
 * modal f-vector (p = 1, relu) or Morse counts and the share of seeds that agree with the modal
 * signature. Cells span halfway to their neighbours in p, so refined exponents (a finer p grid
 * near a change) get thinner cells. Transitions from the {@code transitions/} table, when the
 * output has one, are drawn as black bars between the two exponents they separate.
 */
final class PhaseDiagrams {

  static final String SECTION = "Phase diagrams";

  /** Width of the whole cell area at most, and of one units column at least and at most (pixels). */
  private static final int MAX_WIDTH = 1400;
  private static final int MIN_COLUMN = 14;
  private static final int MAX_COLUMN = 64;
  /** Height of the cell area for many exponents, and of one row when there are few (pixels). */
  private static final int MAX_HEIGHT = 1200;
  private static final int ROW = 30;
  /** Smallest cell (pixels) that gets its text. */
  private static final int TEXT_WIDTH = 44;
  private static final int TEXT_HEIGHT = 24;
  /** Exponent ranges of at least this ratio get a logarithmic p axis. */
  private static final double LOG_RANGE = 4;
  private static final int LEFT = 70;
  private static final int TOP = 44;
  private static final int LEGEND_ROW = 18;

  /**
   * Fill colours for the most frequent kinds, then generated hues: Kelly's colours of maximum
   * contrast (K. L. Kelly, "Twenty-two colors of maximum contrast", Color Engineering 3, 1965),
   * without white and black. (Tableau 20, used before, pairs each hue with a lighter one, and an
   * atlas's legend had "square" and "unnamed, D_2" in two mustards.)
   */
  private static final int[] PALETTE = {0x0067a5, 0xf38400, 0xbe0032, 0x008856, 0x875692, 0xf3c300, 0xa1caf1, 0x882d17,
      0x8db600, 0xe68fac, 0x848482, 0x604e97, 0xf99379, 0xc2b280, 0xdcd300, 0xb3446c, 0x654522, 0xe25822, 0x2b3d26,
      0xf6a600};
  private static final Color SPHERE = new Color(0xf4f4f4);
  private static final Color EMPTY = new Color(0xd9d9d9);
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

  /** One grid point's cell. */
  record Cell(GridPoint point, BodySignature signature, long agree, int seeds, boolean tied, int noFit) {

    String share() {
      return agree + "/" + seeds;
    }

    /** The first line of the cell's text: the modal counts, "no fit" when every seed is NO_FIT, else "no body". */
    String countsText() {
      if (signature != null) {
        return signature.counts().replace(" ", "");
      }
      return noFit > 0 && noFit == seeds ? "no fit" : "no body";
    }

    /** Whether more than half of the seeds hold the cell's kind and counts. */
    boolean majority() {
      return 2 * agree > seeds;
    }
  }

  /** A transition row that belongs to a diagram. */
  record Transition(int units, Double pLow, Double pHigh, String property, String low, String high, String seeds,
      String resolved) {}

  /** One diagram: a (d, L, activation, schedule) and its cells by units, then p. */
  record Diagram(int d, int layers, String activation, Schedule schedule, String tag,
      Map<Integer, Map<Double, Cell>> cells, List<Transition> transitions) {

    String title() {
      return "d = " + d + ", L = " + layers + ", " + activation + (tag.isEmpty() ? "" : ", schedule " + tag);
    }

    String file() {
      return "phase-d" + d + "-L" + layers + "-" + activation + (tag.isEmpty() ? "" : "-" + tag);
    }
  }

  private final Map<List<Integer>, List<Diagram>> sections = new LinkedHashMap<>();
  private final Map<String, Color> colours = new LinkedHashMap<>();
  private final Map<String, Long> categoryCounts = new TreeMap<>();
  private final List<FigureRef> figures = new ArrayList<>();
  private final boolean transitionsTable;

  PhaseDiagrams(ReportData data) {
    Map<List<Object>, Diagram> diagrams = new LinkedHashMap<>();
    for (Map.Entry<GridPoint, List<TableRow>> e : data.byGridPoint().entrySet()) {
      GridPoint g = e.getKey();
      Diagram dg = diagrams.computeIfAbsent(List.of(g.d(), g.layers(), g.activation(), g.schedule()),
          k -> new Diagram(g.d(), g.layers(), g.activation(), g.schedule(), g.tag(), new TreeMap<>(), new ArrayList<>()));
      Cell c = cell(g, e.getValue());
      dg.cells().computeIfAbsent(g.units(), k -> new TreeMap<>()).put(g.p(), c);
      if (c.signature() != null) {
        categoryCounts.merge(c.signature().category(), 1L, Long::sum);
      }
    }
    for (Diagram dg : diagrams.values()) {
      sections.computeIfAbsent(List.of(dg.d(), dg.layers()), k -> new ArrayList<>()).add(dg);
    }
    // colours: the most frequent categories get the clearest colours; the same category has the same colour everywhere
    List<Map.Entry<String, Long>> byCount = new ArrayList<>(categoryCounts.entrySet());
    byCount.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    int next = 0;
    for (Map.Entry<String, Long> e : byCount) {
      colours.put(e.getKey(), e.getKey().equals(org.neuralpolytopes.geometry.PolytopeCatalogue.SPHERE) ? SPHERE : colour(next++));
    }
    Optional<List<TableRow>> transitions = data.table(DetailTables.TRANSITIONS);
    this.transitionsTable = transitions.isPresent();
    // a transition belongs to the diagrams of the runs its spec trained
    Map<Schedule, Set<String>> specs = new LinkedHashMap<>();
    for (TableRow r : data.runs()) {
      specs.computeIfAbsent(Schedule.of(r), k -> new TreeSet<>()).add(String.valueOf(r.getString(RunsTable.SPEC_NAME)));
    }
    transitions.ifPresent(rows -> {
      for (TableRow t : rows) {
        String spec = t.has(TransitionColumns.SPEC_NAME) ? t.getString(TransitionColumns.SPEC_NAME) : null;
        for (Diagram dg : diagrams.values()) {
          if (dg.d() == whole(t, TransitionColumns.D) && dg.layers() == whole(t, TransitionColumns.LAYERS)
              && dg.activation().equals(t.getString(TransitionColumns.ACTIVATION))
              && dg.cells().containsKey(whole(t, TransitionColumns.UNITS))
              && (spec == null || specs.getOrDefault(dg.schedule(), Set.of()).contains(spec))) {
            String seeds = Values.text(t, TransitionColumns.SEEDS_LOW) + " / " + Values.text(t, TransitionColumns.SEEDS_HIGH)
                + (t.has(TransitionColumns.SEEDS) ? " of " + Values.text(t, TransitionColumns.SEEDS) : "");
            dg.transitions().add(new Transition(whole(t, TransitionColumns.UNITS), Values.number(t, TransitionColumns.P_LOW),
                Values.number(t, TransitionColumns.P_HIGH), Values.text(t, TransitionColumns.PROPERTY),
                sideValue(t, TransitionColumns.VALUE_LOW), sideValue(t, TransitionColumns.VALUE_HIGH), seeds,
                t.has(TransitionColumns.RESOLVED) ? Values.text(t, TransitionColumns.RESOLVED) : ""));
          }
        }
      }
    });
  }

  /** A transition's value at one end: null there means no value held by most seeds ("scattered"). */
  private static String sideValue(TableRow t, String column) {
    String v = Values.text(t, column);
    return v == null ? SCATTERED : v;
  }

  /** How a transition's end without a majority value reads. */
  static final String SCATTERED = "scattered";

  /** An integer column of the transitions/ table, whatever integer type it is stored as (-1 when null). */
  private static int whole(TableRow t, String column) {
    Double v = Values.number(t, column);
    return v == null ? -1 : v.intValue();
  }

  /**
   * A grid point's cell: the modal signature of its seeds and how many agree. A NO_FIT seed has no
   * signature (its body is not a fit of the sphere, as in the refinement and the paper claims).
   */
  static Cell cell(GridPoint g, List<TableRow> seeds) {
    BodySignature.Modal modal = BodySignature.modal(seeds.stream().filter(r -> !Representatives.noFit(r)).toList());
    int noFit = (int) seeds.stream().filter(Representatives::noFit).count();
    return new Cell(g, modal.signature(), modal.agree(), seeds.size(), modal.tied(), noFit);
  }

  private static Color colour(int i) {
    if (i < PALETTE.length) {
      return new Color(PALETTE[i]);
    }
    float hue = (float) ((i * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.35f + 0.3f * ((i / 7) % 2), 0.8f);
  }

  /** Sections (d, L) in order, each with its diagrams. */
  Map<List<Integer>, List<Diagram>> sections() {
    return sections;
  }

  Color colourOf(String category) {
    return colours.getOrDefault(category, EMPTY);
  }

  boolean hasTransitionsTable() {
    return transitionsTable;
  }

  List<FigureRef> figures() {
    return figures;
  }

  /** Draws every diagram into {@code dir/figures/} and writes {@code dir/phase-diagrams.csv}. */
  void write(Path dir) throws IOException {
    for (List<Diagram> section : sections.values()) {
      for (Diagram dg : section) {
        figures.add(draw(dir.resolve("figures"), dg));
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("phase-diagrams.csv"), StandardCharsets.UTF_8)) {
      w.write(Csv.line(List.of("d", "layers", "activation", "schedule", "units", "p", "category", "counts", "seeds_agreeing",
          "seeds", "tied", "no_fit")));
      for (List<Diagram> section : sections.values()) {
        for (Diagram dg : section) {
          for (Map.Entry<Integer, Map<Double, Cell>> col : dg.cells().entrySet()) {
            for (Cell c : col.getValue().values()) {
              w.write(Csv.line(List.of(Integer.toString(dg.d()), Integer.toString(dg.layers()), dg.activation(), dg.tag(),
                  Integer.toString(col.getKey()), Values.p(c.point().p()),
                  c.signature() == null ? "" : c.signature().category(), c.signature() == null ? "" : c.signature().counts(),
                  Long.toString(c.agree()), Integer.toString(c.seeds()), Boolean.toString(c.tied()),
                  Integer.toString(c.noFit()))));
            }
          }
        }
      }
    }
  }

  /** The p axis of a diagram: linear, or logarithmic over a wide range. */
  record Axis(double lo, double hi, boolean log) {

    double scale(double p) {
      return log ? Math.log(p) : p;
    }

    /** Position in [0, 1] from the bottom. */
    double at(double p) {
      return hi == lo ? 0.5 : (scale(p) - scale(lo)) / (scale(hi) - scale(lo));
    }
  }

  private FigureRef draw(Path dir, Diagram dg) throws IOException {
    List<Integer> units = new ArrayList<>(dg.cells().keySet());
    Set<Double> ps = new TreeSet<>();
    dg.cells().values().forEach(m -> ps.addAll(m.keySet()));
    List<Double> allP = new ArrayList<>(ps);
    int maxRows = dg.cells().values().stream().mapToInt(Map::size).max().orElse(1);
    int column = Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, MAX_WIDTH / Math.max(1, units.size())));
    int areaW = column * units.size();
    double lo = allP.get(0);
    double hi = allP.get(allP.size() - 1);
    Axis axis = new Axis(lo, hi, lo > 0 && hi / lo >= LOG_RANGE);
    // ROW per exponent, or taller (up to MAX_HEIGHT) so that the thinnest cell holds its text: on a
    // logarithmic axis the paper's 4/3 and 1.5 get a fifth of the height 0.5 to 1 gets
    int rowsH = Math.max(ROW, Math.min(MAX_HEIGHT, ROW * maxRows));
    int areaH = column < TEXT_WIDTH ? rowsH
        : Math.max(rowsH, (int) Math.min(MAX_HEIGHT, Math.ceil(TEXT_HEIGHT / thinnestCell(dg, axis, allP)) + 1));
    // the category legend of this diagram, most frequent first
    Map<String, Long> here = new TreeMap<>();
    Map<String, Long> paleHere = new TreeMap<>();
    dg.cells().values().forEach(m -> m.values().forEach(c -> {
      if (c.signature() != null) {
        here.merge(c.signature().category(), 1L, Long::sum);
        if (!c.majority()) {
          paleHere.merge(c.signature().category(), 1L, Long::sum);
        }
      }
    }));
    List<String> legend = new ArrayList<>(here.keySet());
    legend.sort((a, b) -> Long.compare(here.get(b), here.get(a)));
    int legendCols = Math.max(1, (LEFT + areaW + 20) / 260);
    int legendRows = (legend.size() + legendCols - 1) / legendCols;
    int width = Math.max(LEFT + areaW + 20, 520);
    int height = TOP + areaH + 46 + legendRows * LEGEND_ROW + 10;
    String title = "Phase diagram " + dg.title() + ": modal body kind over the seeds";
    FigureFile.write(dir, dg.file(), width, height, (g, target) -> {
      g.setColor(Color.BLACK);
      g.setFont(TITLE);
      g.drawString("Phase diagram " + dg.title(), 10, 20); // the page's caption says what colours and text are
      g.setFont(LABEL);
      g.drawString("p" + (axis.log() ? " (log)" : ""), 8, TOP - 8);
      for (int i = 0; i < units.size(); i++) {
        Map<Double, Cell> col = dg.cells().get(units.get(i));
        List<Double> colP = new ArrayList<>(col.keySet());
        double x = LEFT + i * column;
        for (int k = 0; k < colP.size(); k++) {
          double p = colP.get(k);
          double[] span = span(colP, k, axis, allP);
          double yTop = TOP + areaH * (1 - span[1]);
          double yBottom = TOP + areaH * (1 - span[0]);
          Cell c = col.get(p);
          Color fill = fillOf(c);
          g.setColor(fill);
          Rectangle2D.Double rect = new Rectangle2D.Double(x, yTop, column, yBottom - yTop);
          g.fill(rect);
          g.setColor(new Color(255, 255, 255, 160));
          g.setStroke(new BasicStroke(0.6f));
          g.draw(rect);
          if (column >= TEXT_WIDTH && yBottom - yTop >= TEXT_HEIGHT) {
            g.setFont(SMALL);
            g.setColor(textColour(fill));
            fit(g, c.countsText(), x + column / 2.0, (yTop + yBottom) / 2 - 1, column - 2);
            fit(g, c.share() + (c.tied() ? " tie" : ""), x + column / 2.0, (yTop + yBottom) / 2 + 10, column - 2);
          }
        }
        for (Transition t : dg.transitions()) {
          if (t.units() == units.get(i) && t.pLow() != null && t.pHigh() != null) {
            double mid = axis.log() ? Math.exp((Math.log(t.pLow()) + Math.log(t.pHigh())) / 2) : (t.pLow() + t.pHigh()) / 2;
            double y = TOP + areaH * (1 - axis.at(mid));
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(3f));
            g.draw(new Line2D.Double(x + 1, y, x + column - 1, y));
          }
        }
      }
      // axes: p ticks at the exponents (thinned to fit), units below
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1f));
      g.draw(new Rectangle2D.Double(LEFT, TOP, areaW, areaH));
      g.setFont(LABEL);
      FontMetrics fm = g.getFontMetrics();
      double lastY = Double.POSITIVE_INFINITY;
      for (double p : allP) {
        double y = TOP + areaH * (1 - axis.at(p));
        if (lastY - y >= fm.getHeight() || allP.size() == 1) {
          String s = Values.p(p);
          g.drawString(s, LEFT - 6 - fm.stringWidth(s), (float) (y + fm.getAscent() / 2.0 - 1));
          g.draw(new Line2D.Double(LEFT - 4, y, LEFT, y));
          lastY = y;
        }
      }
      int every = Math.max(1, (int) Math.ceil(fm.stringWidth("000") / (double) column));
      for (int i = 0; i < units.size(); i += every) {
        String s = Integer.toString(units.get(i));
        g.drawString(s, (float) (LEFT + (i + 0.5) * column - fm.stringWidth(s) / 2.0), TOP + areaH + 15);
      }
      g.drawString("units n", LEFT + areaW / 2f - 20, TOP + areaH + 31);
      int ly = TOP + areaH + 46;
      for (int k = 0; k < legend.size(); k++) {
        int lx = 10 + (k % legendCols) * 260;
        int yy = ly + (k / legendCols) * LEGEND_ROW;
        g.setColor(colourOf(legend.get(k)));
        g.fill(new Rectangle2D.Double(lx, yy - 10, 14, 12));
        g.setColor(Color.DARK_GRAY);
        g.draw(new Rectangle2D.Double(lx, yy - 10, 14, 12));
        g.setColor(Color.BLACK);
        g.setFont(SMALL);
        fit(g, legend.get(k) + " (" + legendCount(here.get(legend.get(k)), paleHere.getOrDefault(legend.get(k), 0L)) + ")",
            lx + 18, yy, 238, false);
      }
    });
    String caption = "Units across, p up" + (axis.log() ? " (logarithmic)" : "") + "; colour: the modal kind of body over the "
        + "seeds (named kind, or unnamed with its symmetry group; pale: held by no more than half of the seeds; grey: "
        + "no measured body; white: not trained there, a cell reaching only halfway to the next exponent trained)"
        + (column >= TEXT_WIDTH ? "; text: the modal f-vector or Morse counts and the seeds that agree" : "; the cells are "
            + "too small for text: phase-diagrams.csv has every cell")
        + (dg.transitions().isEmpty() ? "" : "; black bars: transitions found between two exponents (transitions/)") + ".";
    return new FigureRef(SECTION, title, "figures/" + dg.file() + ".png", "figures/" + dg.file() + ".svg", caption, null, List.of());
  }

  /**
   * The cell of the k-th exponent of a column (in axis units, [0, 1]): halfway to its neighbours in
   * the column, and past the column's lowest and highest exponents only halfway to the next
   * exponent of the diagram ({@code all}), so that a column trained at p = 1 alone is one cell at
   * p = 1, not the whole axis (the paper grid's (2, 1, 3..6) columns were painted as polygons from
   * p = 0.5 to 16).
   */
  static double[] span(List<Double> ps, int k, Axis axis, List<Double> all) {
    double here = axis.at(ps.get(k));
    double below = k > 0 ? (axis.at(ps.get(k - 1)) + here) / 2 : here - endGap(all, ps.get(k), axis, -1);
    double above = k < ps.size() - 1 ? (axis.at(ps.get(k + 1)) + here) / 2 : here + endGap(all, ps.get(k), axis, 1);
    return new double[] {Math.max(0, below), Math.min(1, above)};
  }

  /**
   * Half the distance from p to the next exponent of the diagram on one side (-1 below, +1 above),
   * or on the other side where there is none on this one (a cell of its own height at the axis's
   * end, cut there by the caller); 1/2 for a diagram of one exponent.
   */
  private static double endGap(List<Double> all, double p, Axis axis, int side) {
    int i = all.indexOf(p);
    int j = i + side >= 0 && i + side < all.size() ? i + side : i - side;
    return j < 0 || j >= all.size() ? 0.5 : Math.abs(axis.at(all.get(j)) - axis.at(p)) / 2;
  }

  /** A legend entry's count: "3 cells", "3 cells, 1 pale", "1 cell, pale". */
  static String legendCount(long cells, long pale) {
    String n = cells + (cells == 1 ? " cell" : " cells");
    return pale == 0 ? n : cells == 1 ? n + ", pale" : n + ", " + pale + " pale";
  }

  /** The least height of a cell of the diagram, as a fraction of the cell area's. */
  private static double thinnestCell(Diagram dg, Axis axis, List<Double> all) {
    double least = 1;
    for (Map<Double, Cell> col : dg.cells().values()) {
      List<Double> colP = new ArrayList<>(col.keySet());
      for (int k = 0; k < colP.size(); k++) {
        double[] span = span(colP, k, axis, all);
        least = Math.min(least, span[1] - span[0]);
      }
    }
    return least;
  }

  /**
   * A cell's colour: its kind's, pale where no kind and counts are held by more than half of the
   * seeds (a three-way scatter or a tie, whose modal value is one seed's), grey without a body.
   */
  Color fillOf(Cell c) {
    if (c.signature() == null) {
      return EMPTY;
    }
    Color full = colourOf(c.signature().category());
    return c.majority() ? full : pale(full);
  }

  /** Two thirds of the way to white. */
  static Color pale(Color c) {
    return new Color(255 - (255 - c.getRed()) / 3, 255 - (255 - c.getGreen()) / 3, 255 - (255 - c.getBlue()) / 3);
  }

  private static Color textColour(Color fill) {
    double y = 0.299 * fill.getRed() + 0.587 * fill.getGreen() + 0.114 * fill.getBlue();
    return y < 120 ? Color.WHITE : Color.BLACK;
  }

  private static void fit(Graphics2D g, String s, double cx, double y, double width) {
    fit(g, s, cx, y, width, true);
  }

  /** Draws s centred at x (or starting at x), cut with an ellipsis to fit the width. */
  private static void fit(Graphics2D g, String s, double x, double y, double width, boolean centred) {
    FontMetrics fm = g.getFontMetrics();
    String t = s;
    while (t.length() > 1 && fm.stringWidth(t) > width) {
      t = t.substring(0, t.length() - 2) + "…";
    }
    g.drawString(t, (float) (centred ? x - fm.stringWidth(t) / 2.0 : x), (float) y);
  }
}
