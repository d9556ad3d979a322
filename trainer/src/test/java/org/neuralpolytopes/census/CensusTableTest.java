package org.neuralpolytopes.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.Deadline;
import org.neuralpolytopes.schema.Column;
import org.neuralpolytopes.schema.JsonRows;

/** The census table: documented column by column, and filled from a census. */
class CensusTableTest {

  @Test
  void everyColumnIsDocumentedWithItsType() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "tables.md"));
    int start = doc.indexOf("## The census file");
    assertTrue(start >= 0, "docs/tables.md lacks the census section");
    String rest = doc.substring(start);
    int next = rest.indexOf("\n## ", 1);
    String section = next < 0 ? rest : rest.substring(0, next);
    List<String> missing = CensusTable.SCHEMA.columns().stream()
        .filter(c -> !section.contains("| `" + c.name() + "` | " + c.type().displayName() + " |"))
        .map(Column::name).toList();
    assertEquals(List.of(), missing, "census columns missing from docs/tables.md, or with another type");
  }

  @Test
  void rowsAndTextFollowTheCensus() {
    Census.Result r = Census.run(Census.check(2, 1, 2, 4, 16), CensusSettings.DEFAULT.withStarts(16), Deadline.NONE);
    List<CensusTable.Row> rows = CensusTable.rows(r);
    assertEquals(r.points().size(), rows.size());
    String json = JsonRows.toJson(CensusTable.SCHEMA, rows.get(0));
    assertTrue(json.contains("\"kind\" : \"minimum\""), json);
    assertTrue(json.contains("\"census_starts\" : 16"), json);
    String text = CensusTable.text(r);
    assertEquals(2 + rows.size(), text.lines().count(), text);
    assertTrue(text.lines().skip(2).findFirst().orElseThrow().contains("square (rounded, p=4)"), text);
  }
}
