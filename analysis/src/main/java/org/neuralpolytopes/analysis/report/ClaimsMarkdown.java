package org.neuralpolytopes.analysis.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** paper-claims.md: the claims table and its criteria. */
final class ClaimsMarkdown {

  private ClaimsMarkdown() {}

  static void write(Path file, String title, List<ClaimCheck> checks, String trainingSettings) throws IOException {
    StringBuilder sb = new StringBuilder("# " + title + "\n\n");
    sb.append("Every claim of docs/paper-claims.md (Hashimoto, Naito, Naito, *Neural Polytopes*, 2023) with what this sweep "
        + "measured beside it. NO_FIT runs (" + ClaimWording.NO_FIT_MEANING + ") are not counted as matches: they are left out of "
        + "the seeds counted, and the seeds column says how many.\n\n");
    if (!trainingSettings.isEmpty()) {
      sb.append(trainingSettings).append("\n\n");
    }
    List<List<String>> rows = new ArrayList<>();
    for (ClaimCheck c : checks) {
      rows.add(List.of(c.claim(), c.type(), c.expected(), c.measured(), c.verdict().text(), c.seedsText(), c.criterion()));
    }
    sb.append(Markdown.table(ClaimWording.HEADER, rows));
    sb.append("\n## Criteria\n\n");
    for (String c : ClaimWording.criteria()) {
      sb.append("- ").append(c).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }
}
