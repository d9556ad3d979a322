package org.neuralpolytopes.analysis;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.neuralpolytopes.analysis.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes report DIR --out REPORT_DIR [--max-drawings N]}: turns a sweep output into a
 * report (index.html, summary.csv/.md, paper-claims.md, phase diagrams, PNG and SVG figures, OBJ
 * meshes). DIR may be a Hadoop file system URI (hdfs://...): its tables are then copied to a local
 * temporary folder first ({@link SweepOutputCopy}). Exit codes: 0 written,
 * 1 failed while writing (nothing half-written is left), 2 bad input (not a sweep output, a
 * schema version this build does not read, an output folder it may not replace).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write the report of a sweep output: tables, plots and pictures of the polytopes.")
public final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR",
      description = "a sweep output folder (the sweep's --out): a path or a Hadoop file system URI (hdfs://, s3a://)")
  String dir;

  @Option(names = "--out", required = true, paramLabel = "REPORT_DIR",
      description = "report folder: new, empty, or an earlier report (replaced as a whole at the end)")
  Path out;

  @Option(names = "--max-drawings", paramLabel = "N",
      description = "bodies drawn at most (one representative per grid point, chosen to show every polytope kind, "
          + "symmetry group and f-vector); default ${DEFAULT-VALUE}")
  int maxDrawings = Report.DEFAULT_MAX_DRAWINGS;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    if (maxDrawings < 0) {
      err.println("error: --max-drawings: " + maxDrawings + " is negative; give 0 or more");
      return 2;
    }
    long start = System.nanoTime();
    Consumer<String> progress =
        m -> err.println(String.format(Locale.ROOT, "report: [%.1f s] %s", (System.nanoTime() - start) / 1e9, m));
    // a signal from here on prints its line, also before the report is staged
    try (Staging.Writing writing = Staging.writing(out)) {
      if (SweepOutputCopy.isHadoopUri(dir)) {
        try (SweepOutputCopy copy = SweepOutputCopy.fetch(dir, progress)) {
          Report.write(SweepOutput.open(copy.dir(), dir), out, maxDrawings, progress);
        }
      } else {
        Report.write(SweepOutputCopy.localPath(dir), out, maxDrawings, progress);
      }
      // on the progress lines' clock (from the command's start, the copy from a Hadoop file system included)
      err.println(String.format(Locale.ROOT, "report: done in %.1f s: %s", (System.nanoTime() - start) / 1e9,
          out.toAbsolutePath().normalize().resolve("index.html")));
      return 0;
    } catch (AnalysisException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      if (!Staging.stopping()) { // else a signal stopped it, and the shutdown hook says so
        err.println("error: the report failed: " + e + " (nothing was written to " + out + ")");
      }
      return 1;
    }
  }
}
