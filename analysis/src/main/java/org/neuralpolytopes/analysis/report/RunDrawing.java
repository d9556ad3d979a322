package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.neuralpolytopes.analysis.AnalysisException;
import org.neuralpolytopes.analysis.Staging;
import org.neuralpolytopes.analysis.SweepOutput;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.analysis.render.FigureFile;
import org.neuralpolytopes.analysis.render.UnboundedBodyException;
import org.neuralpolytopes.schema.RunsTable;
import org.neuralpolytopes.train.Status;

/**
 * {@code bin/polytopes draw DIR RUN_ID --out FILE}: any one run's picture on demand, the same
 * picture the report draws for the runs it chooses ({@link RunPicture}). The file's extension
 * says what: {@code .png} or {@code .svg} the figure, {@code .obj} the surface (for d >= 4 the
 * slice through e1, e2, e3). Only that run's rows are read. The file is written beside its
 * target and moved into place, so it is never half-written.
 */
public final class RunDrawing {

  /** The extensions draw writes. */
  public static final List<String> FORMATS = List.of("png", "svg", "obj");

  private RunDrawing() {}

  /** Draws run {@code runId} of the sweep output in the local folder {@code sweepDir}; returns what was drawn. */
  public static String draw(Path sweepDir, String runId, Path file) throws AnalysisException, IOException {
    checkFile(file);
    return draw(SweepOutput.open(sweepDir), runId, file);
  }

  /** The extension of the file to write, or the one-line reason it is refused. */
  private static String checkFile(Path file) throws AnalysisException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    if (!FORMATS.contains(ext)) {
      throw new AnalysisException("--out " + file + ": the file must end in .png, .svg or .obj");
    }
    if (Files.isDirectory(file)) {
      throw new AnalysisException("--out " + file + ": is a folder; give a file name ending in ." + ext);
    }
    // the nearest existing ancestor must be a folder (a file there: the drawing could not be written)
    for (Path up = file.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
      if (Files.exists(up)) {
        if (!Files.isDirectory(up)) {
          throw new AnalysisException("--out " + file + ": " + up + " is a file, not a folder");
        }
        break;
      }
    }
    return ext;
  }

  /** Draws run {@code runId} of an opened sweep output into {@code file}; returns what was drawn. */
  public static String draw(SweepOutput output, String runId, Path file) throws AnalysisException, IOException {
    String ext = checkFile(file);
    String name = file.getFileName().toString();
    List<TableRow> rows = output.rowsOf(RunsTable.SCHEMA, ReportData.RUN_COLUMNS, RunsTable.RUN_ID, Set.of(runId), null).rows();
    if (rows.isEmpty()) {
      throw new AnalysisException(runId + ": no such run_id in " + output.name() + "/" + RunsTable.SCHEMA.name());
    }
    TableRow run = rows.get(0);
    if (Status.UNBOUNDED.name().equals(run.getString(RunsTable.STATUS))) {
      // measured unbounded: a mesh of r(u) over sampled directions would still draw a closed
      // surface where, say, f is constant along a line (a (3, 1, 2) net)
      throw new AnalysisException(runId + ": the body is unbounded (" + run.getString(RunsTable.ERROR)
          + "); it has no surface to draw");
    }
    StoredTables tables = new StoredTables(output);
    Map<String, TableRow> networks = tables.networks(List.of(run));
    boolean faces = Figures.hasStoredFaces(run);
    List<TableRow> facets = faces ? tables.rowsOf(DetailTables.FACETS, List.of(run)).getOrDefault(runId, List.of()) : List.of();
    List<TableRow> vertices = faces ? tables.rowsOf(DetailTables.VERTICES, List.of(run)).getOrDefault(runId, List.of()) : List.of();
    ScheduleTags tags = new ScheduleTags(List.of(Schedule.of(run)));
    String title = GridPoint.of(run, tags).label() + " seed " + run.getInt(RunsTable.SEED_INDEX);
    RunPicture picture = new RunPicture(run, networks.get(runId), facets, vertices, title);
    if (picture.problem() != null) {
      throw new AnalysisException(runId + ": cannot be drawn: " + picture.problem());
    }
    Path target = file.toAbsolutePath().normalize();
    Path tmp = Staging.fileFor(target, ext); // makes the target's folder too
    try {
      String what;
      if (ext.equals("obj")) {
        Path dir = Staging.folderFor(target);
        try {
          List<Path> written = picture.writeObj(dir, "mesh");
          Files.move(written.get(0), tmp, StandardCopyOption.REPLACE_EXISTING);
          what = picture.title() + " as OBJ" + (picture.d() >= 4 ? " (its slice through e1, e2, e3)" : "");
        } finally {
          Staging.release(dir);
        }
      } else {
        RunPicture.Drawing d = picture.figure();
        if (ext.equals("png")) {
          FigureFile.writePng(tmp, d.width(), d.height(), d.painter());
        } else {
          FigureFile.writeSvg(tmp, d.width(), d.height(), d.painter());
        }
        what = picture.title() + ": " + d.caption();
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return what;
    } catch (UnboundedBodyException e) {
      throw new AnalysisException(runId + ": the body is unbounded (" + e.getMessage() + "); it has no surface to draw");
    } finally {
      Staging.release(tmp);
    }
  }
}
