package org.neuralpolytopes.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md names a file of the repository, and every
 * {@code #anchor} a heading of that file (anchors as GitHub makes them from headings).
 */
class DocumentationLinksTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** An inline link or image: [text](target) or ![alt](target), target without spaces. */
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]\\n]*\\]\\(([^)\\s]+)\\)");

  private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[^\\n]*$");

  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  @Test
  void everyRelativeLinkResolvesToAFileAndAnchor() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents()) {
      for (String target : links(Files.readString(doc))) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // https:, mailto: ...: not a file of the repository
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        String where = ROOT.relativize(doc) + ": " + target;
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          broken.add(where + " (no such file)");
        } else if (anchor != null && !anchors(Files.readString(resolved)).contains(anchor)) {
          broken.add(where + " (no such heading in " + ROOT.relativize(resolved) + ")");
        }
      }
    }
    assertEquals(List.of(), broken, "broken links");
    assertTrue(checked >= 20, "the documents link each other: " + checked + " relative links found");
  }

  @Test
  void anchorsFollowGitHubsRule() {
    assertEquals(Set.of("exact-faces-p--1-and-relu", "runs-one-row-per-configuration", "speed", "speed-1"),
        anchors("# Speed\n## Exact faces (p = 1 and relu)\n### `runs/`: one row per configuration\n## Speed\n"));
    assertEquals(List.of("a.md#x", "b.png"), links("[a](a.md#x) `[c](c.md)` ![b](b.png)\n```\n[d](d.md)\n```\n"));
  }

  /** The link targets of a Markdown text, outside code blocks and code spans. */
  static List<String> links(String markdown) {
    String text = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * The anchors of a Markdown text's headings, as GitHub makes them: the heading's text without
   * its Markdown, lower case, without punctuation (letters, digits, spaces, '-' and '_' stay),
   * spaces turned into '-'; the second heading with the same anchor gets "-1", the third "-2".
   */
  static Set<String> anchors(String markdown) {
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : FENCE.matcher(markdown).replaceAll("").split("\n")) {
      Matcher h = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
      if (!h.matches()) {
        continue;
      }
      String text = h.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
      String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return out;
  }
}
