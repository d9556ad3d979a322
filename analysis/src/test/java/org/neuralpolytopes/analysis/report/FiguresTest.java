package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/**
 * The bodies are drawn dearest first on several threads; the figures still come back in the order
 * of the runs picked.
 */
class FiguresTest {

  @TempDir
  Path tmp;

  @Test
  void figuresAreInRunOrderThoughTheDearestAreDrawnFirst() throws Exception {
    // two octahedra drawn from their stored faces (8 faces) between bodies drawn from their
    // radial function (5 120 triangles), so the drawing order is not the run order
    List<TableRow> runs = List.of(
        HandMade.run("00000000000000a0", 0),
        HandMade.run("00000000000000b0", 0, RunsTable.P, 3.0, RunsTable.POLYTOPE_NAME, null),
        HandMade.run("00000000000000a1", 1),
        HandMade.run("00000000000000b1", 1, RunsTable.P, 3.0, RunsTable.POLYTOPE_NAME, null));
    Map<String, List<TableRow>> faces = new java.util.LinkedHashMap<>();
    for (String id : List.of("00000000000000a0", "00000000000000a1")) {
      HandMade.storedFaces(id, HandMade.net(3, 1, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}))
          .forEach((table, rows) -> faces.computeIfAbsent(table, t -> new ArrayList<>()).addAll(rows));
    }
    ReportData data = HandMade.data(runs, faces);
    List<Representatives.Pick> picks = runs.stream()
        .map(r -> new Representatives.Pick(r, data.pointOf(r), false, List.of())).toList();

    List<RunPicture> pictures = new ArrayList<>();
    for (TableRow r : runs) {
      String id = r.getString(RunsTable.RUN_ID);
      pictures.add(new RunPicture(r, r, faces.get(DetailTables.FACETS).stream()
          .filter(f -> id.equals(f.getString(RunsTable.RUN_ID))).toList(), faces.get(DetailTables.VERTICES).stream()
          .filter(v -> id.equals(v.getString(RunsTable.RUN_ID))).toList(), id));
    }
    int[] order = Figures.costliestFirst(pictures);
    assertEquals(List.of(1, 3, 0, 2), IntStream.of(order).boxed().toList(), "radial bodies first, run order among equals");

    List<String> drawn = new ArrayList<>();
    try (Figures figures = new Figures(data, tmp, m -> { })) {
      figures.drawAll(picks);
      for (FigureRef f : figures.figures()) {
        drawn.addAll(f.runs());
        assertTrue(Files.size(tmp.resolve(f.png())) > 1000, f.png());
      }
      assertEquals(List.of(), figures.notes());
    }
    List<String> ids = runs.stream().map(r -> r.getString(RunsTable.RUN_ID)).toList();
    assertEquals(ids, drawn);
    assertNotEquals(ids, IntStream.of(order).mapToObj(ids::get).toList());
  }
}
