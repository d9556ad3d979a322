package org.neuralpolytopes.analysis.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.Status;

/**
 * The report's one static page: no script, no network, no external fonts or styles, every link
 * relative, so it works opened from disk. Its size follows the grid, not the runs: the summary and
 * the runs are listed inline only while they are short (the files hold them all), the phase
 * diagrams and charts have one point per grid point, and the bodies drawn are bounded.
 */
final class HtmlPage {

  /** Grid points up to which the summary table is on the page (beyond: summary.csv and summary.md). */
  static final int MAX_INLINE_POINTS = 300;
  /** Runs up to which every run is listed on the page (beyond: the runs that are not OK, up to this many). */
  static final int MAX_INLINE_RUNS = 500;

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;background:#fafbfc}
      header{background:#20304f;color:#fff;padding:18px 28px}
      header h1{margin:0 0 4px;font-size:24px} header p{margin:2px 0;color:#d5dcec}
      .warning{background:#fff3cd;border:2px solid #d39e00;color:#5c4400;padding:10px 16px;margin:12px 28px;font-weight:600}
      nav{background:#eef1f7;padding:8px 28px;border-bottom:1px solid #d8dde8;position:sticky;top:0}
      nav a{margin-right:16px;color:#20304f;text-decoration:none;font-weight:600}
      main{padding:8px 28px 40px}
      h2{border-bottom:2px solid #20304f;padding-bottom:4px;margin-top:34px}
      table{border-collapse:collapse;font-size:13px;margin:8px 0 12px;background:#fff}
      th,td{border:1px solid #d3d8e2;padding:4px 7px;text-align:left;vertical-align:top}
      th{background:#eef1f7}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      .scroll{overflow-x:auto;max-width:100%}
      .match{background:#dff3e0}.partial{background:#fdf3d0}.nomatch{background:#f8dcdc}.na{background:#eceef2;color:#555}
      .gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(620px,1fr));gap:16px}
      figure{margin:10px 0;background:#fff;border:1px solid #d8dde8;padding:8px}
      figure img{max-width:100%;height:auto;display:block}
      figcaption{font-size:13px;color:#333;margin-top:6px}
      .absent li{color:#555} code{background:#eef1f7;padding:0 3px}
      .meta td:first-child{font-weight:600}
      """;

  /** Everything the page shows. */
  record Parts(ReportData data, Summary summary, PaperClaims claims, Representatives representatives, Figures figures,
      PhaseDiagrams diagrams, Charts charts, Map<String, String> absentSections, int maxDrawings, String generated) {}

  private final StringBuilder sb = new StringBuilder();

  static String build(Parts parts) {
    HtmlPage p = new HtmlPage();
    p.page(parts);
    return p.sb.toString();
  }

  private void page(Parts p) {
    ReportData data = p.data();
    Map<String, List<FigureRef>> bodies = new LinkedHashMap<>();
    for (String s : Figures.sections()) {
      bodies.put(s, new ArrayList<>());
    }
    for (FigureRef f : p.figures().figures()) {
      bodies.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(f);
    }
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Neural polytopes report: ").append(esc(data.specName())).append("</title>\n<style>")
        .append(CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>Neural polytopes: sweep “")
        .append(esc(data.specName())).append("”</h1>\n");
    String description = data.manifest().path("spec").path("description").asText("");
    if (!description.isEmpty()) {
      sb.append("<p>").append(esc(description)).append("</p>\n");
    }
    sb.append("<p>").append(SweepState.count(data.runs().size())).append(" runs · ")
        .append(SweepState.count(data.byGridPoint().size())).append(" grid points · ")
        .append(esc(data.state().statusLine())).append(" · ").append(esc(p.generated())).append("</p>\n</header>\n");
    String warning = data.state().warning();
    if (warning != null) {
      sb.append("<div class=\"warning\" id=\"unfinished\">").append(esc(warning)).append("</div>\n");
    }
    sb.append("<nav>");
    link("#about", "About");
    link("#" + anchor(PhaseDiagrams.SECTION), PhaseDiagrams.SECTION);
    link("#claims", "Paper claims");
    link("#summary", "Summary");
    for (Map.Entry<String, List<FigureRef>> e : bodies.entrySet()) {
      if (!e.getValue().isEmpty()) {
        link("#" + anchor(e.getKey()), e.getKey());
      }
    }
    link("#" + anchor(Charts.SECTION), Charts.SECTION);
    link("#runs", "Runs");
    sb.append("</nav>\n<main>\n");
    about(p);
    diagrams(p);
    claims(p.claims());
    summary(p.summary());
    for (Map.Entry<String, List<FigureRef>> e : bodies.entrySet()) {
      if (!e.getValue().isEmpty()) {
        sb.append("<h2 id=\"").append(anchor(e.getKey())).append("\">").append(esc(e.getKey())).append("</h2>\n");
        sb.append(intro(e.getKey()));
        gallery(e.getValue(), !e.getKey().equals(Figures.POLYGONS), p.representatives());
      }
    }
    sb.append("<h2 id=\"").append(anchor(Charts.SECTION)).append("\">").append(Charts.SECTION).append("</h2>\n");
    gallery(p.charts().figures(), true, p.representatives());
    if (!p.charts().absent().isEmpty()) {
      sb.append("<p>Charts not drawn:</p>\n<ul class=\"absent\">\n");
      for (String a : p.charts().absent()) {
        sb.append("<li>").append(esc(a)).append("</li>\n");
      }
      sb.append("</ul>\n");
    }
    runs(p);
    if (!p.figures().notes().isEmpty()) {
      sb.append("<h2 id=\"notes\">Runs chosen but not drawn</h2>\n<ul>\n");
      for (String n : p.figures().notes()) {
        sb.append("<li>").append(esc(n)).append("</li>\n");
      }
      sb.append("</ul>\n");
    }
    sb.append("</main>\n</body>\n</html>\n");
  }

  private void about(Parts p) {
    ReportData data = p.data();
    sb.append("<h2 id=\"about\">About this report</h2>\n<table class=\"meta\">\n");
    row("sweep output", data.source());
    row("spec", data.specName());
    row("schema version", data.manifest().path("schema_version").asText());
    row("state", data.state().state() + (data.state().configurations() == null ? ""
        : " (" + data.state().coverage() + ")"));
    row("runs", SweepState.count(data.runs().size()) + " (" + data.state().statusLine() + ")");
    row("grid points", SweepState.count(data.byGridPoint().size())
        + " (a grid point is an architecture, activation and training schedule; its runs are its seeds)");
    for (Map.Entry<Schedule, String> s : data.schedules().all().entrySet()) {
      row("schedule " + s.getValue(), s.getKey().describe());
    }
    row("code versions", String.join(", ", data.runs().stream().map(r -> r.getString(RunsTable.CODE_VERSION))
        .filter(v -> v != null).distinct().sorted().toList()));
    Representatives reps = p.representatives();
    List<String> shown = new ArrayList<>();
    reps.items().forEach((kind, values) -> shown.add(values.size() - reps.left().get(kind).size() + " of " + values.size()
        + " " + kind + (values.size() == 1 ? "" : "s")));
    row("bodies drawn", reps.picks().size() + " (at most " + p.maxDrawings() + ", --max-drawings): one representative "
        + "per grid point drawn, chosen to show every distinct polytope kind, symmetry group and f-vector; shown: "
        + String.join(", ", shown) + ". Draw any run: bin/polytopes draw " + data.source() + " RUN_ID --out FILE.svg");
    row("files", "summary.csv, summary.md, paper-claims.md, phase-diagrams.csv, figures as PNG and SVG, meshes/ as OBJ");
    sb.append("</table>\n");
    if (!p.absentSections().isEmpty()) {
      sb.append("<p>Sections not in this report, and why:</p>\n<ul class=\"absent\">\n");
      p.absentSections().forEach((k, v) -> sb.append("<li><b>").append(esc(k)).append("</b>: ").append(esc(v)).append("</li>\n"));
      sb.append("</ul>\n");
    }
    boolean anyLeft = reps.left().values().stream().anyMatch(m -> !m.isEmpty());
    if (anyLeft) {
      sb.append("<p id=\"not-drawn\">Not shown by any drawing (the budget of ").append(p.maxDrawings())
          .append(" drawings ran out), each with a run that shows it:</p>\n<div class=\"scroll\"><table>\n")
          .append("<tr><th>what</th><th>value</th><th>run_id</th></tr>\n");
      int listed = 0;
      for (Map.Entry<String, Map<String, String>> e : reps.left().entrySet()) {
        for (Map.Entry<String, String> v : e.getValue().entrySet()) {
          if (listed++ < MAX_INLINE_POINTS) {
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(v.getKey())).append("</td><td><code>")
                .append(esc(v.getValue())).append("</code></td></tr>\n");
          }
        }
      }
      sb.append("</table></div>\n");
      if (listed > MAX_INLINE_POINTS) {
        sb.append("<p>").append(listed - MAX_INLINE_POINTS).append(" more not listed.</p>\n");
      }
    }
  }

  private void diagrams(Parts p) {
    PhaseDiagrams d = p.diagrams();
    sb.append("<h2 id=\"").append(anchor(PhaseDiagrams.SECTION)).append("\">").append(PhaseDiagrams.SECTION).append("</h2>\n")
        .append("<p>Where in (n, p) the body changes type. One diagram per input dimension d, depth L, activation")
        .append(p.data().schedules().all().isEmpty() ? "" : " and training schedule")
        .append(": units n across, exponent p up, one cell per grid point. A cell's colour is the kind of body most of its ")
        .append("seeds drew (the polytope kind, so that \"square (rounded, p=1.5)\" and \"square (rounded, p=1.6)\" are one ")
        .append("colour; an unnamed body by its symmetry group); its text, where the cell is large enough, is that body's ")
        .append("f-vector (p = 1, relu) or Morse counts and the share of seeds that agree (\"tie\" when two kinds are ")
        .append("equally frequent). A boundary between colours is a change of type; a low share marks a grid point where ")
        .append("the seeds disagree, often near such a boundary. Every cell is in <a href=\"phase-diagrams.csv\">")
        .append("phase-diagrams.csv</a>.")
        .append(d.hasTransitionsTable() ? " Black bars: transitions that the sweep's refinement rounds located between two "
            + "exponents (transitions/, listed below each diagram)." : "")
        .append("</p>\n");
    for (Map.Entry<List<Integer>, List<PhaseDiagrams.Diagram>> section : d.sections().entrySet()) {
      int dim = section.getKey().get(0);
      int layers = section.getKey().get(1);
      sb.append("<h3 id=\"phase-d").append(dim).append("-l").append(layers).append("\">d = ").append(dim).append(", L = ")
          .append(layers).append("</h3>\n");
      for (PhaseDiagrams.Diagram dg : section.getValue()) {
        List<FigureRef> figs = new ArrayList<>();
        d.figures().stream().filter(f -> f.png().equals("figures/" + dg.file() + ".png")).forEach(figs::add);
        gallery(figs, false, p.representatives());
        gallery(p.charts().beside(dg), true, p.representatives());
        if (!dg.transitions().isEmpty()) {
          sb.append("<div class=\"scroll\"><table>\n<tr><th>units</th><th>between p</th><th>property</th><th>below</th>")
              .append("<th>above</th><th>seeds agreeing (below / above)</th><th>resolved</th></tr>\n");
          for (PhaseDiagrams.Transition t : dg.transitions()) {
            sb.append("<tr><td class=\"num\">").append(t.units()).append("</td><td>")
                .append(esc(num(t.pLow()) + " and " + num(t.pHigh()))).append("</td><td>").append(esc(t.property()))
                .append("</td><td>").append(esc(t.low())).append("</td><td>").append(esc(t.high())).append("</td><td>")
                .append(esc(t.seeds())).append("</td><td>").append(esc(t.resolved())).append("</td></tr>\n");
          }
          sb.append("</table></div>\n");
        }
      }
    }
  }

  private static String num(Double x) {
    return x == null ? "?" : Values.p(x);
  }

  private void claims(PaperClaims claims) {
    sb.append("<h2 id=\"claims\">Paper claims</h2>\n<p>Every claim of docs/paper-claims.md with what this sweep measured; ")
        .append("also in <a href=\"paper-claims.md\">paper-claims.md</a>. NO_FIT runs (")
        .append(ClaimWording.NO_FIT_MEANING)
        .append(") are not counted as matches: they are left out of the seeds counted, and the seeds column ")
        .append("says how many.</p>\n");
    if (!claims.trainingSettings().isEmpty()) {
      sb.append("<p>").append(esc(claims.trainingSettings())).append("</p>\n");
    }
    sb.append("<div class=\"scroll\"><table>\n<tr>");
    for (String h : ClaimWording.HEADER) {
      sb.append("<th>").append(esc(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (ClaimCheck c : claims.checks()) {
      String cls = switch (c.verdict()) {
        case MATCH -> "match";
        case PARTIAL -> "partial";
        case NO_MATCH -> "nomatch";
        default -> "na";
      };
      sb.append("<tr><td>").append(esc(c.claim())).append("</td><td>").append(esc(c.type())).append("</td><td>")
          .append(esc(c.expected())).append("</td><td>").append(esc(c.measured())).append("</td><td class=\"")
          .append(cls).append("\">").append(esc(c.verdict().text())).append("</td><td>").append(esc(c.seedsText()))
          .append("</td><td>").append(esc(c.criterion())).append("</td></tr>\n");
    }
    sb.append("</table></div>\n<p>Criteria:</p>\n<ul>\n");
    for (String c : ClaimWording.criteria()) {
      sb.append("<li>").append(esc(c)).append("</li>\n");
    }
    sb.append("</ul>\n");
  }

  private void summary(Summary summary) {
    sb.append("<h2 id=\"summary\">Summary by grid point</h2>\n<p>One row per grid point over its seeds; ")
        .append("also as <a href=\"summary.csv\">summary.csv</a> and <a href=\"summary.md\">summary.md</a>.");
    if (summary.size() > MAX_INLINE_POINTS) {
      sb.append(" This sweep has ").append(SweepState.count(summary.size())).append(" grid points, more than the page lists ")
          .append("(").append(MAX_INLINE_POINTS).append("): read them in the files; the phase diagrams above show them all.</p>\n");
      return;
    }
    sb.append("</p>\n<div class=\"scroll\"><table>\n<tr>");
    Map<String, String> meanings = summary.meanings();
    for (String h : summary.header()) {
      sb.append("<th title=\"").append(esc(meanings.get(h))).append("\">").append(esc(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (List<String> r : summary.rows()) {
      sb.append("<tr>");
      for (String c : r) {
        sb.append(isNumber(c) ? "<td class=\"num\">" : "<td>").append(esc(c)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table></div>\n");
  }

  private void gallery(List<FigureRef> figures, boolean grid, Representatives reps) {
    if (figures.isEmpty()) {
      return;
    }
    Map<String, Representatives.Pick> picks = new LinkedHashMap<>();
    for (Representatives.Pick pick : reps.picks()) {
      picks.put(pick.run().getString(RunsTable.RUN_ID), pick);
    }
    sb.append(grid ? "<div class=\"gallery\">\n" : "<div>\n");
    for (FigureRef f : figures) {
      sb.append("<figure id=\"fig-").append(esc(f.png().replaceAll("[^A-Za-z0-9]", "-"))).append("\"><a href=\"")
          .append(esc(f.svg())).append("\"><img src=\"").append(esc(f.png())).append("\" alt=\"").append(esc(f.title()))
          .append("\"></a><figcaption><b>").append(esc(f.title())).append("</b>: ").append(esc(f.caption()));
      if (f.runs().size() == 1 && picks.containsKey(f.runs().get(0))) {
        Representatives.Pick pick = picks.get(f.runs().get(0));
        sb.append(esc(pick.representative() ? " · the grid point's representative" : " · not its grid point's representative"));
        if (!pick.shows().isEmpty()) {
          sb.append(esc(" · first to show " + String.join("; ", pick.shows().stream().map(s -> s.replace('\t', ' ')).toList())));
        }
      }
      sb.append(" · <a href=\"").append(esc(f.svg())).append("\">SVG</a> · <a href=\"").append(esc(f.png()))
          .append("\">PNG</a>");
      if (f.mesh() != null && !f.mesh().isEmpty()) {
        sb.append(" · <a href=\"").append(esc(f.mesh())).append("\">OBJ</a>");
      }
      sb.append("</figcaption></figure>\n");
    }
    sb.append("</div>\n");
  }

  private void runs(Parts p) {
    ReportData data = p.data();
    Map<String, FigureRef> pictures = new LinkedHashMap<>();
    for (FigureRef f : p.figures().figures()) {
      for (String id : f.runs()) {
        pictures.putIfAbsent(id, f);
      }
    }
    List<TableRow> listed = data.runs();
    sb.append("<h2 id=\"runs\">Runs</h2>\n");
    if (listed.size() > MAX_INLINE_RUNS) {
      List<TableRow> notOk = listed.stream().filter(r -> !Status.OK.name().equals(r.getString(RunsTable.STATUS))).toList();
      sb.append("<p>").append(SweepState.count(listed.size())).append(" runs, more than the page lists (")
          .append(MAX_INLINE_RUNS).append("): every run is in the runs/ table, and any can be drawn with <code>")
          .append("bin/polytopes draw ").append(esc(data.source())).append(" RUN_ID --out FILE.svg</code>. ")
          .append(notOk.isEmpty() ? "Every run is OK." : "The runs that are not OK"
              + (notOk.size() > MAX_INLINE_RUNS ? " (the first " + MAX_INLINE_RUNS + " of " + SweepState.count(notOk.size()) + ")" : "")
              + ", by status: " + statusCounts(notOk) + ".").append("</p>\n");
      listed = notOk.subList(0, Math.min(notOk.size(), MAX_INLINE_RUNS));
      if (listed.isEmpty()) {
        return;
      }
    }
    sb.append("<div class=\"scroll\"><table>\n<tr>");
    for (String h : List.of("run_id", "(d, L, n, p)", "seed", "status", "final_loss", "sphericity_error", "r_max/r_min",
        "train_seconds", "picture", "error")) {
      sb.append("<th>").append(esc(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (TableRow r : listed) {
      String id = r.getString(RunsTable.RUN_ID);
      Double ratio = SeedStatistics.radiusRatio(r);
      FigureRef pic = pictures.get(id);
      sb.append("<tr><td><code>").append(esc(id)).append("</code></td><td>").append(esc(data.pointOf(r).label()))
          .append("</td><td class=\"num\">").append(r.getInt(RunsTable.SEED_INDEX)).append("</td><td>")
          .append(esc(r.getString(RunsTable.STATUS))).append("</td><td class=\"num\">")
          .append(esc(Values.text(r, RunsTable.FINAL_LOSS))).append("</td><td class=\"num\">")
          .append(esc(Values.text(r, RunsTable.SPHERICITY_ERROR))).append("</td><td class=\"num\">")
          .append(ratio == null ? "" : esc(Values.num(ratio))).append("</td><td class=\"num\">")
          .append(esc(Values.text(r, RunsTable.TRAIN_SECONDS))).append("</td><td>");
      if (pic != null) {
        sb.append("<a href=\"").append(esc(pic.png())).append("\">PNG</a>");
        if (pic.mesh() != null && !pic.mesh().isEmpty()) {
          sb.append(" <a href=\"").append(esc(pic.mesh())).append("\">OBJ</a>");
        }
      }
      String error = r.getString(RunsTable.ERROR);
      sb.append("</td><td>").append(esc(error == null ? "" : error)).append("</td></tr>\n");
    }
    sb.append("</table></div>\n");
  }

  private static String statusCounts(List<TableRow> runs) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (TableRow r : runs) {
      counts.merge(r.getString(RunsTable.STATUS), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(SweepState.count(v) + " " + k));
    return String.join(", ", parts);
  }

  private static String intro(String section) {
    String text = switch (section) {
      case Figures.POLYGONS -> "The level set f(x) = 1 of the d = 2 runs drawn, from their trained weights: "
          + "r(θ) = f(θ)^(-1/p^L). Click a picture for its SVG.";
      case Figures.BODIES -> "The d = 3 bodies drawn, each as a shaded solid in three views. p = 1 and relu bodies are drawn "
          + "from the exact faces the measurement stored (facets/ and vertices/, orange); the others from their radial "
          + "function r(u) = f(u)^(-1/p^L) on an icosphere mesh (blue), whose drawn edges are creases and silhouettes. "
          + "The dashed circle is the unit sphere, the common scale reference (each figure states its frame half-width). "
          + "Each body is also an OBJ file in meshes/.";
      case Figures.SLICES -> "Bodies in d ≥ 4 restricted to 3-D subspaces through the origin, as in the paper's Fig. 5.";
      case TrainedActivations.SECTION -> "For every grid point and seed with a rational (era, era_even) run: the body of "
          + "each activation side by side, and each trained R(t) beside |t|^p (dashed), with its best multiple c |t|^p "
          + "and its relative distance from it.";
      default -> "";
    };
    return text.isEmpty() ? "" : "<p>" + esc(text) + "</p>\n";
  }

  private void link(String href, String text) {
    sb.append("<a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a>");
  }

  private void row(String k, String v) {
    sb.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>\n");
  }

  static String anchor(String section) {
    return section.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  private static boolean isNumber(String s) {
    return s.matches("-?[0-9.]+(e-?[0-9]+)?");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
