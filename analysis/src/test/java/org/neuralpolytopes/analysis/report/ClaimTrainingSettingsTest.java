package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralpolytopes.analysis.TableRow;
import org.neuralpolytopes.schema.RunsTable;

/** The paper-claims table says which training setting its verdicts come from. */
class ClaimTrainingSettingsTest {

  @TempDir
  Path tmp;

  @Test
  void oneScheduleIsNamedInWords() throws Exception {
    PaperClaims claims = new PaperClaims(HandMade.data(List.of(HandMade.run("00000000000000a0", 0),
        HandMade.run("00000000000000a1", 1))));
    String text = claims.trainingSettings();
    assertTrue(text.startsWith("Every verdict comes from runs trained with: adam, 10000 epochs, 10000 samples"), text);
    assertTrue(text.contains("points random, resample never, lr_schedule constant"), text);
  }

  @Test
  void severalSchedulesAreTaggedAndEachVerdictNamesItsOwn() throws Exception {
    TableRow fixed = HandMade.run("00000000000000a0", 0);
    TableRow fresh = HandMade.run("00000000000000b0", 0, RunsTable.POINTS, "sobol", RunsTable.RESAMPLE, "epoch");
    PaperClaims claims = new PaperClaims(HandMade.data(List.of(fixed, fresh)));
    String text = claims.trainingSettings();
    assertTrue(text.contains("schedule A = adam") && text.contains("schedule B = adam"), text);
    assertTrue(text.contains("points sobol, resample epoch"), text);
    List<ClaimCheck> octahedra = claims.checks().stream()
        .filter(c -> c.claim().equals("neural polyhedra") && c.type().startsWith("(3, 1, 3, 1)")).toList();
    assertEquals(2, octahedra.size(), "one verdict per schedule: " + octahedra);
    assertTrue(octahedra.stream().anyMatch(c -> c.type().contains("schedule A"))
        && octahedra.stream().anyMatch(c -> c.type().contains("schedule B")), octahedra.toString());
    Path md = tmp.resolve("paper-claims.md");
    ClaimsMarkdown.write(md, "claims", claims.checks(), text);
    assertTrue(Files.readString(md).contains(text));
  }
}
