package org.neuralpolytopes.sweep.spec;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Maps a dotted key path ({@code training.batch_size}, {@code grid.p[2]}) to the 1-based line where
 * it stands in the YAML text, so that errors found after binding still name their line. Uses
 * SnakeYAML's node graph, which keeps every node's position.
 */
final class YamlLines {

  private final Node root;

  private YamlLines(Node root) {
    this.root = root;
  }

  /** Composes the text; a text that does not compose gives a locator that knows no lines. */
  static YamlLines of(String text) {
    try {
      return new YamlLines(new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text)));
    } catch (RuntimeException e) {
      return new YamlLines(null);
    }
  }

  /**
   * The 1-based line where a second YAML document starts ({@code ---} after a first document), or
   * 0 when the text holds one document (or is not YAML: the parser says why).
   */
  static int secondDocumentLine(String text) {
    int documents = 0;
    try {
      for (org.yaml.snakeyaml.events.Event e : new Yaml(new LoaderOptions()).parse(new java.io.StringReader(text))) {
        if (e instanceof org.yaml.snakeyaml.events.DocumentStartEvent && ++documents == 2) {
          return e.getStartMark().getLine() + 1;
        }
      }
    } catch (RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The line of the deepest node on the path that exists (its key's line for mappings), or 0. */
  int lineOf(String path) {
    if (root == null) {
      return 0;
    }
    Node node = root;
    int line = 0;
    for (String part : split(path)) {
      if (part.isEmpty()) {
        continue;
      }
      Node next = null;
      int nextLine = line;
      if (part.startsWith("[") && node instanceof SequenceNode seq) {
        int index = Integer.parseInt(part.substring(1, part.length() - 1));
        List<Node> items = seq.getValue();
        if (index >= 0 && index < items.size()) {
          next = items.get(index);
          nextLine = next.getStartMark().getLine() + 1;
        }
      } else if (node instanceof MappingNode map) {
        for (NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(part)) {
            next = t.getValueNode();
            nextLine = key.getStartMark().getLine() + 1;
            break;
          }
        }
      }
      if (next == null) {
        break;
      }
      node = next;
      line = nextLine;
    }
    return line == 0 ? root.getStartMark().getLine() + 1 : line;
  }

  /**
   * The dotted path of the deepest key or list item that starts on the 1-based line, or "" (for
   * errors that only know their line, such as a scalar the binder cannot read).
   */
  String keyAt(int line) {
    return root == null ? "" : keyAt(root, "", line - 1);
  }

  private static String keyAt(Node node, String path, int line) {
    String found = "";
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode key) {
          String p = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
          if (key.getStartMark().getLine() == line) {
            found = p;
          }
          String deeper = keyAt(t.getValueNode(), p, line);
          if (!deeper.isEmpty()) {
            found = deeper;
          }
        }
      }
    } else if (node instanceof SequenceNode seq) {
      List<Node> items = seq.getValue();
      for (int i = 0; i < items.size(); i++) {
        Node item = items.get(i);
        String p = path + "[" + i + "]";
        if (item.getStartMark().getLine() == line && item instanceof ScalarNode) {
          found = p;
        }
        String deeper = keyAt(item, p, line);
        if (!deeper.isEmpty()) {
          found = deeper;
        }
      }
    }
    return found;
  }

  private static String[] split(String path) {
    return path.replace("[", ".[").split("\\.");
  }
}
