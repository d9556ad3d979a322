package org.neuralpolytopes.analysis.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neuralpolytopes.analysis.TableRow;

/**
 * The report's one static page: no script, no network, no external fonts or styles, every link
 * relative, so it works opened from disk. Sections whose data does not exist are listed with the
 * reason instead of being drawn.
 */
final class HtmlPage {

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;background:#fafbfc}
      header{background:#20304f;color:#fff;padding:18px 28px}
      header h1{margin:0 0 4px;font-size:24px} header p{margin:2px 0;color:#d5dcec}
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
      .wide img{max-width:100%}
      .absent li{color:#555} code{background:#eef1f7;padding:0 3px}
      .meta td:first-child{font-weight:600}
      """;

  private final StringBuilder sb = new StringBuilder();

  static String build(ReportData data, Summary summary, PaperClaims claims, Figures figures, Charts charts,
      Map<String, String> absentSections, String generated) {
    HtmlPage p = new HtmlPage();
    p.page(data, summary, claims, figures, charts, absentSections, generated);
    return p.sb.toString();
  }

  private void page(ReportData data, Summary summary, PaperClaims claims, Figures figures, Charts charts,
      Map<String, String> absentSections, String generated) {
    List<FigureRef> all = new ArrayList<>(figures.figures());
    all.addAll(charts.figures());
    Map<String, List<FigureRef>> bySection = new LinkedHashMap<>();
    for (String s : List.of(Figures.POLYGONS, Figures.BODIES, Figures.FACES, Figures.SLICES, Charts.SECTION)) {
      bySection.put(s, new ArrayList<>());
    }
    for (FigureRef f : all) {
      bySection.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(f);
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
    sb.append("<p>").append(data.runs().size()).append(" runs · ").append(esc(statusLine(data))).append(" · ")
        .append(esc(generated)).append("</p>\n</header>\n<nav>");
    link("#about", "About");
    link("#claims", "Paper claims");
    link("#summary", "Summary");
    for (Map.Entry<String, List<FigureRef>> e : bySection.entrySet()) {
      if (!e.getValue().isEmpty()) {
        link("#" + anchor(e.getKey()), e.getKey());
      }
    }
    link("#runs", "Runs");
    sb.append("</nav>\n<main>\n");

    sb.append("<h2 id=\"about\">About this report</h2>\n<table class=\"meta\">\n");
    row("sweep output", data.source());
    row("spec", data.specName());
    row("schema version", data.manifest().path("schema_version").asText());
    row("runs", data.runs().size() + " (" + statusLine(data) + ")");
    row("code versions", String.join(", ", data.runs().stream().map(r -> r.getString("code_version"))
        .filter(v -> v != null).distinct().sorted().toList()));
    row("files", "summary.csv, summary.md, paper-claims.md, figures as PNG and SVG, meshes/ as OBJ");
    sb.append("</table>\n");
    if (!absentSections.isEmpty()) {
      sb.append("<p>Sections not in this report, and why:</p>\n<ul class=\"absent\">\n");
      absentSections.forEach((k, v) -> sb.append("<li><b>").append(esc(k)).append("</b>: ").append(esc(v)).append("</li>\n"));
      sb.append("</ul>\n");
    }

    sb.append("<h2 id=\"claims\">Paper claims</h2>\n<p>Every claim of docs/paper-claims.md with what this sweep measured; ")
        .append("also in <a href=\"paper-claims.md\">paper-claims.md</a>.</p>\n<div class=\"scroll\"><table>\n<tr>");
    for (String h : List.of("claim", "(d, L, n, p)", "paper", "measured", "verdict", "seeds agreeing", "criterion")) {
      sb.append("<th>").append(esc(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (PaperClaims.Check c : claims.checks()) {
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
    for (String c : PaperClaims.criteria()) {
      sb.append("<li>").append(esc(c)).append("</li>\n");
    }
    sb.append("</ul>\n");

    sb.append("<h2 id=\"summary\">Summary by grid point</h2>\n<p>One row per (d, L, n, p, activation) over its seeds; ")
        .append("also as <a href=\"summary.csv\">summary.csv</a> and <a href=\"summary.md\">summary.md</a>.</p>\n")
        .append("<div class=\"scroll\"><table>\n<tr>");
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

    for (Map.Entry<String, List<FigureRef>> e : bySection.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      sb.append("<h2 id=\"").append(anchor(e.getKey())).append("\">").append(esc(e.getKey())).append("</h2>\n");
      sb.append(intro(e.getKey()));
      boolean grid = e.getKey().equals(Figures.BODIES) || e.getKey().equals(Figures.FACES) || e.getKey().equals(Figures.SLICES)
          || e.getKey().equals(Charts.SECTION);
      sb.append(grid ? "<div class=\"gallery\">\n" : "<div>\n");
      for (FigureRef f : e.getValue()) {
        sb.append("<figure id=\"fig-").append(esc(f.png().replaceAll("[^A-Za-z0-9]", "-"))).append("\"><a href=\"")
            .append(esc(f.svg())).append("\"><img src=\"").append(esc(f.png())).append("\" alt=\"").append(esc(f.title()))
            .append("\"></a><figcaption><b>").append(esc(f.title())).append("</b>: ").append(esc(f.caption()))
            .append(" · <a href=\"").append(esc(f.svg())).append("\">SVG</a> · <a href=\"").append(esc(f.png()))
            .append("\">PNG</a>");
        if (f.mesh() != null && !f.mesh().isEmpty()) {
          sb.append(" · <a href=\"").append(esc(f.mesh())).append("\">OBJ</a>");
        }
        sb.append("</figcaption></figure>\n");
      }
      sb.append("</div>\n");
    }
    if (!charts.absent().isEmpty()) {
      sb.append("<p>Charts not drawn:</p>\n<ul class=\"absent\">\n");
      for (String a : charts.absent()) {
        sb.append("<li>").append(esc(a)).append("</li>\n");
      }
      sb.append("</ul>\n");
    }

    runs(data, all);
    if (!figures.notes().isEmpty()) {
      sb.append("<h2 id=\"notes\">Runs not drawn</h2>\n<ul>\n");
      for (String n : figures.notes()) {
        sb.append("<li>").append(esc(n)).append("</li>\n");
      }
      sb.append("</ul>\n");
    }
    sb.append("</main>\n</body>\n</html>\n");
  }

  private void runs(ReportData data, List<FigureRef> figures) {
    Map<String, FigureRef> pictures = new LinkedHashMap<>();
    for (FigureRef f : figures) {
      String name = f.png().substring(f.png().lastIndexOf('/') + 1).replace(".png", "");
      if (!f.section().equals(Figures.POLYGONS) && !f.section().equals(Charts.SECTION)) {
        pictures.putIfAbsent(name, f);
      }
    }
    sb.append("<h2 id=\"runs\">Runs</h2>\n<div class=\"scroll\"><table>\n<tr>");
    for (String h : List.of("run_id", "(d, L, n, p)", "seed", "status", "final_loss", "sphericity_error", "r_max/r_min",
        "train_seconds", "picture", "error")) {
      sb.append("<th>").append(esc(h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (TableRow r : data.runs()) {
      String id = r.getString("run_id");
      Double ratio = Summary.ratio(r);
      FigureRef pic = pictures.get(id);
      sb.append("<tr><td><code>").append(esc(id)).append("</code></td><td>").append(esc(GridPoint.of(r).label()))
          .append("</td><td class=\"num\">").append(r.getInt("seed_index")).append("</td><td>").append(esc(r.getString("status")))
          .append("</td><td class=\"num\">").append(esc(Values.text(r, "final_loss"))).append("</td><td class=\"num\">")
          .append(esc(Values.text(r, "sphericity_error"))).append("</td><td class=\"num\">")
          .append(ratio == null ? "" : esc(Values.num(ratio))).append("</td><td class=\"num\">")
          .append(esc(Values.text(r, "train_seconds"))).append("</td><td>");
      if (pic != null) {
        sb.append("<a href=\"").append(esc(pic.png())).append("\">PNG</a>");
        if (pic.mesh() != null && !pic.mesh().isEmpty()) {
          sb.append(" <a href=\"").append(esc(pic.mesh())).append("\">OBJ</a>");
        }
      } else if (r.getInt("d") == 2) {
        sb.append("<a href=\"#").append(anchor(Figures.POLYGONS)).append("\">gallery</a>");
      }
      sb.append("</td><td>").append(esc(r.getString("error") == null ? "" : r.getString("error"))).append("</td></tr>\n");
    }
    sb.append("</table></div>\n");
  }

  private static String intro(String section) {
    String text = switch (section) {
      case Figures.POLYGONS -> "The level set f(x) = 1 of every d = 2 run, drawn from its trained weights: "
          + "r(θ) = f(θ)^(-1/p^L). Click a picture for its SVG.";
      case Figures.BODIES -> "Every d = 3 body as a shaded solid in three views, from its radial function r(u) = f(u)^(-1/p^L) "
          + "on an icosphere mesh. One-layer p = 1 (and relu) bodies are cut exactly along the units' walls and drawn "
          + "with their exact facets; the others are fine surface meshes whose drawn edges are creases and silhouettes. "
          + "The dashed circle is the unit sphere, the common scale reference (each figure states its frame half-width). "
          + "Each body is also an OBJ file in meshes/.";
      case Figures.FACES -> "Exact faces from the facets/ and vertices/ tables.";
      case Figures.SLICES -> "Bodies in d ≥ 4 restricted to 3-D subspaces through the origin, as in the paper's Fig. 5.";
      default -> "";
    };
    return text.isEmpty() ? "" : "<p>" + esc(text) + "</p>\n";
  }

  private static String statusLine(ReportData data) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (TableRow r : data.runs()) {
      counts.merge(r.getString("status"), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }

  private void link(String href, String text) {
    sb.append("<a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a>");
  }

  private void row(String k, String v) {
    sb.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>\n");
  }

  static String anchor(String section) {
    return section.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
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
