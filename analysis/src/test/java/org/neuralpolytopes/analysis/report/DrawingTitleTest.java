package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * A drawing's title names the run's status when it is not OK: the report draws GEOMETRY_LIMIT (and
 * TIMEOUT, NOT_STAR_SHAPED) bodies, and bin/polytopes draw draws NO_FIT ones too; a GEOMETRY_LIMIT
 * body was titled as an OK one.
 */
class DrawingTitleTest {

  @TempDir
  Path tmp;

  @Test
  void aBodyThatIsNotOkIsTitledWithItsStatus() throws Exception {
    TableRow ok = HandMade.run("00000000000000a0", 0, RunsTable.FACET_COUNT, null, RunsTable.VERTEX_COUNT, null);
    TableRow limit = HandMade.run("00000000000000a1", 1, RunsTable.STATUS, "GEOMETRY_LIMIT", RunsTable.FACET_COUNT, null,
        RunsTable.VERTEX_COUNT, null);
    TableRow noFit = HandMade.run("00000000000000a2", 2, RunsTable.STATUS, "NO_FIT", RunsTable.FACET_COUNT, null,
        RunsTable.VERTEX_COUNT, null);
    assertEquals("(3, 1, 3, 1) seed 0", new RunPicture(ok, ok, List.of(), List.of(), "(3, 1, 3, 1) seed 0").title());
    assertEquals("(3, 1, 3, 1) seed 1 (GEOMETRY_LIMIT)",
        new RunPicture(limit, limit, List.of(), List.of(), "(3, 1, 3, 1) seed 1").title());
    assertEquals("(3, 1, 3, 1) seed 2 (NO_FIT)", new RunPicture(noFit, noFit, List.of(), List.of(), "(3, 1, 3, 1) seed 2").title());

    // the report's figure of the GEOMETRY_LIMIT body: its caption title and the drawing's header
    ReportData data = HandMade.data(List.of(ok, limit), Map.of());
    try (Figures figures = new Figures(data, tmp, m -> { })) {
      figures.drawAll(List.of(new Representatives.Pick(ok, data.pointOf(ok), false, List.of()),
          new Representatives.Pick(limit, data.pointOf(limit), false, List.of())));
      List<FigureRef> refs = figures.figures();
      assertEquals(2, refs.size(), refs.toString());
      assertEquals("(3, 1, 3, 1) seed 0", refs.get(0).title());
      assertEquals("(3, 1, 3, 1) seed 1 (GEOMETRY_LIMIT)", refs.get(1).title());
      String svg = Files.readString(tmp.resolve(refs.get(1).svg()));
      assertTrue(svg.contains("(3, 1, 3, 1) seed 1 (GEOMETRY_LIMIT)"), "the drawing's header names the status");
      assertFalse(Files.readString(tmp.resolve(refs.get(0).svg())).contains("(OK)"));
    }

    // bin/polytopes draw's title of a NO_FIT run's OBJ names it too
    Path obj = tmp.resolve("nofit");
    Files.createDirectories(obj);
    List<Path> written = new RunPicture(noFit, noFit, List.of(), List.of(), "(3, 1, 3, 1) seed 2").writeObj(obj, "mesh");
    assertTrue(Files.readString(written.get(0)).contains("(3, 1, 3, 1) seed 2 (NO_FIT), run 00000000000000a2"));
  }
}
