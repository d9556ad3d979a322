package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.Staging;
import org.neuralpolytopes.analysis.SweepOutput;

/**
 * Writes a sweep's report: index.html, summary.csv, summary.md, paper-claims.md,
 * phase-diagrams.csv, figures (PNG and SVG) and meshes (OBJ). Its cost follows the grid points
 * and a bounded number of drawings, not the runs: runs/ is read column by column, and the weights
 * and faces only of the runs drawn. Everything is written into a temporary sibling folder and moved into
 * place at the end, so a report folder is either the previous complete report or the new one,
 * never half-written. An existing folder is replaced only if it is empty or an earlier report
 * (it holds the {@value #MARKER} marker).
 */
public final class Report {

  /** The file that marks a folder as a report this tool may replace. */
  public static final String MARKER = ".polytopes-report";

  /** Bodies drawn at most, unless {@code --max-drawings} says otherwise. */
  public static final int DEFAULT_MAX_DRAWINGS = Representatives.DEFAULT_MAX_DRAWINGS;

  private Report() {}

  /** Writes the report of {@code sweepDir} to {@code outDir}; returns the wall time in seconds. */
  public static double write(Path sweepDir, Path outDir, int maxDrawings, Consumer<String> progress)
      throws AnalysisException, IOException {
    Preload.start();
    return write(SweepOutput.open(sweepDir), outDir, maxDrawings, progress);
  }

  /** Writes the report of an opened sweep output to {@code outDir}; returns the wall time in seconds. */
  public static double write(SweepOutput output, Path outDir, int maxDrawings, Consumer<String> progress)
      throws AnalysisException, IOException {
    long start = System.nanoTime();
    Preload.start();
    Path target = outDir.toAbsolutePath().normalize();
    checkTarget(target);
    ReportData data = ReportData.load(output, progress);
    if (data.state().warning() != null) {
      progress.accept("warning: " + data.state().warning());
    }
    Path tmp = Staging.folderFor(target);
    Path replaced;
    try {
      write(data, tmp, maxDrawings, progress, start);
      Files.writeString(tmp.resolve(MARKER), "report of " + output.name() + "\n", StandardCharsets.UTF_8);
      replaced = publish(tmp, target);
    } finally {
      Staging.release(tmp);
    }
    // the new report is in place: a signal from here on interrupts nothing the user asked for
    // (a kill leaves the earlier report under its staged name, which the next report deletes)
    if (replaced != null) {
      deleteRecursively(replaced);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Writes every file of the report of {@code data} into the folder {@code dir}. */
  static void write(ReportData data, Path dir, int maxDrawings, Consumer<String> progress, long start)
      throws AnalysisException, IOException {
    progress.accept("grouping " + data.runs().size() + " runs into " + data.byGridPoint().size() + " grid points");
    Representatives reps = new Representatives(data, maxDrawings);
    // The bodies are drawn on the figure threads while this thread writes the tables, phase
    // diagrams and charts; the figures come back in run order.
    progress.accept("drawing " + reps.picks().size() + " bodies (of " + data.byGridPoint().size() + " grid points; --max-drawings "
        + maxDrawings + ") beside the tables and charts");
    try (Figures figures = new Figures(data, dir, progress)) {
      figures.start(reps.picks());
      Summary summary = new Summary(data, reps);
      summary.writeCsv(dir.resolve("summary.csv"));
      summary.writeMarkdown(dir.resolve("summary.md"), "Summary of sweep " + data.specName());
      PaperClaims claims = new PaperClaims(data);
      ClaimsMarkdown.write(dir.resolve("paper-claims.md"), "Paper claims against sweep " + data.specName(), claims.checks(),
          claims.trainingSettings());
      progress.accept("drawing the phase diagrams and charts");
      PhaseDiagrams diagrams = new PhaseDiagrams(data);
      diagrams.write(dir);
      Charts charts = new Charts(data, dir);
      charts.drawAll(diagrams);
      figures.finish();
      figures.figures().addAll(TrainedActivations.draw(data, dir, progress));
      Staging.createDirectories(dir.resolve("meshes"));
      double seconds = (System.nanoTime() - start) / 1e9;
      String generated = "report made " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " in "
          + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s";
      progress.accept("writing index.html");
      Files.writeString(dir.resolve("index.html"), HtmlPage.build(new HtmlPage.Parts(data, summary, claims, reps, figures,
          diagrams, charts, absentSections(data), maxDrawings, generated)), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> absentSections(ReportData data) {
    Map<String, String> absent = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String t : List.of(DetailTables.FACETS, DetailTables.VERTICES)) {
      if (data.absentTables().containsKey(t)) {
        missing.add(t + "/ is " + data.absentTables().get(t));
      }
    }
    if (!missing.isEmpty()) {
      absent.put("Exact faces", "p = 1 and relu bodies are drawn from their radial function instead: " + String.join("; ", missing));
    }
    if (data.absentTables().containsKey(DetailTables.DUALITY)) {
      absent.put("Duality (polar distance)", "needs the duality/ table, " + data.absentTables().get(DetailTables.DUALITY));
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

  /** Moves the staged report into place; returns where the earlier report now is (null when there was none). */
  private static Path publish(Path tmp, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      // a staged name too, so that a kill between the two moves leaves nothing another run keeps
      old = target.resolveSibling(Staging.prefix(target) + "old-" + System.nanoTime());
      Staging.setAside(target, old);
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
    } finally {
      Staging.restored(target);
    }
    return old;
  }

  static void deleteRecursively(Path dir) throws IOException {
    Staging.deleteRecursively(dir);
  }
}
