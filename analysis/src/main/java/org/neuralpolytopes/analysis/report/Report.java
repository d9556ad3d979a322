package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.SweepOutput;

/**
 * Writes a sweep's report: index.html, summary.csv, summary.md, paper-claims.md, figures (PNG and
 * SVG) and meshes (OBJ). Everything is written into a temporary sibling folder and moved into
 * place at the end, so a report folder is either the previous complete report or the new one,
 * never half-written. An existing folder is replaced only if it is empty or an earlier report
 * (it holds the {@value #MARKER} marker).
 */
public final class Report {

  /** The file that marks a folder as a report this tool may replace. */
  public static final String MARKER = ".polytopes-report";

  private Report() {}

  /** Writes the report of {@code sweepDir} to {@code outDir}; returns the wall time in seconds. */
  public static double write(Path sweepDir, Path outDir, Consumer<String> progress) throws AnalysisException, IOException {
    return write(SweepOutput.open(sweepDir), outDir, progress);
  }

  /** Writes the report of an opened sweep output to {@code outDir}; returns the wall time in seconds. */
  public static double write(SweepOutput output, Path outDir, Consumer<String> progress) throws AnalysisException, IOException {
    long start = System.nanoTime();
    Path target = outDir.toAbsolutePath().normalize();
    checkTarget(target);
    ReportData data = ReportData.load(output, progress);
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
    try {
      Summary summary = new Summary(data);
      summary.writeCsv(tmp.resolve("summary.csv"));
      summary.writeMarkdown(tmp.resolve("summary.md"), "Summary of sweep " + data.specName());
      PaperClaims claims = new PaperClaims(data);
      claims.writeMarkdown(tmp.resolve("paper-claims.md"), "Paper claims against sweep " + data.specName());
      Figures figures = new Figures(data, tmp, progress);
      figures.drawAll();
      figures.figures().addAll(TrainedActivations.draw(data, tmp, progress));
      Charts charts = new Charts(data, tmp, progress);
      charts.drawAll();
      Files.createDirectories(tmp.resolve("meshes"));
      Map<String, String> absent = absentSections(data, summary, figures);
      double seconds = (System.nanoTime() - start) / 1e9;
      String generated = "report made " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " in "
          + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s";
      progress.accept("writing index.html");
      Files.writeString(tmp.resolve("index.html"), HtmlPage.build(data, summary, claims, figures, charts, absent, generated),
          StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve(MARKER), "report of " + output.name() + "\n", StandardCharsets.UTF_8);
      publish(tmp, target);
      return (System.nanoTime() - start) / 1e9;
    } finally {
      deleteRecursively(tmp);
    }
  }

  private static Map<String, String> absentSections(ReportData data, Summary summary, Figures figures) {
    Map<String, String> absent = new LinkedHashMap<>();
    if (data.runs().stream().noneMatch(r -> r.getInt("d") == 2)) {
      absent.put(Figures.POLYGONS, "no d = 2 runs in this sweep");
    }
    if (data.runs().stream().noneMatch(r -> r.getInt("d") == 3)) {
      absent.put(Figures.BODIES, "no d = 3 runs in this sweep");
    }
    if (data.runs().stream().noneMatch(r -> r.getInt("d") >= 4)) {
      absent.put(Figures.SLICES, "no d >= 4 runs in this sweep");
    }
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (String t : new String[] {"facets", "vertices"}) {
      if (data.absentTables().containsKey(t)) {
        missing.add(t + "/ is " + data.absentTables().get(t));
      }
    }
    if (!missing.isEmpty()) {
      absent.put(Figures.FACES, "needs the facets/ and vertices/ tables: " + String.join("; ", missing));
    }
    if (data.absentTables().containsKey("duality")) {
      absent.put("Duality (polar distance)", "needs the duality/ table, " + data.absentTables().get("duality"));
    }
    if (!summary.absentColumns().isEmpty()) {
      absent.put("Summary columns " + String.join(", ", summary.absentColumns()),
          "no such runs/ columns in this build's schema yet (they come with the exact faces, symmetry and duality work)");
    }
    return absent;
  }

  /** Refuses a target that exists and is neither empty nor an earlier report. */
  static void checkTarget(Path target) throws AnalysisException, IOException {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new AnalysisException(target + ": exists and is not a folder; give a new folder for the report");
    }
    if (Files.exists(target.resolve(MARKER))) {
      return;
    }
    try (Stream<Path> s = Files.list(target)) {
      if (s.findAny().isPresent()) {
        throw new AnalysisException(target + ": exists and is not a report folder (no " + MARKER
            + "); give a new or empty folder, nothing was written");
      }
    }
  }

  private static void publish(Path tmp, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
      Files.move(target, old);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target);
    } catch (IOException e) {
      if (old != null) {
        Files.move(old, target);
      }
      throw e;
    }
    if (old != null) {
      deleteRecursively(old);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
