package org.neuralpolytopes.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neuralpolytopes.analysis.report.RunDrawing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code polytopes draw DIR RUN_ID --out FILE.svg|.png|.obj}: draws any one run of a sweep output.
 * Exit codes: 0 written; 1 failed while drawing (nothing is left at FILE); 2 bad input (not a sweep
 * output, an unknown run_id, a file type it does not write, a run without a drawable body).
 */
@Command(name = "draw", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Draw one run of a sweep output: its body as PNG or SVG, or its surface as OBJ.")
public final class DrawCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR",
      description = "a sweep output folder (the sweep's --out): a path or a Hadoop file system URI (hdfs://, s3a://)")
  String dir;

  @Parameters(index = "1", paramLabel = "RUN_ID", description = "the run's run_id (runs/, or the report's tables)")
  String runId;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.png, FILE.svg or FILE.obj")
  Path out;

  @Override
  public Integer call() {
    // a signal from here on prints its line, also before the drawing is staged
    try (Staging.Writing writing = Staging.writing(out)) {
      String what;
      if (SweepOutputCopy.isHadoopUri(dir)) {
        try (SweepOutputCopy copy = SweepOutputCopy.fetch(dir, m -> System.err.println("draw: " + m))) {
          what = RunDrawing.draw(SweepOutput.open(copy.dir(), dir), runId, out);
        }
      } else {
        what = RunDrawing.draw(SweepOutputCopy.localPath(dir), runId, out);
      }
      System.err.println("draw: " + what + ": " + out.toAbsolutePath().normalize());
      return 0;
    } catch (AnalysisException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      if (!Staging.stopping()) { // else a signal stopped it, and the shutdown hook says so
        System.err.println("error: drawing failed: " + e + " (nothing was written to " + out + ")");
      }
      return 1;
    }
  }
}
