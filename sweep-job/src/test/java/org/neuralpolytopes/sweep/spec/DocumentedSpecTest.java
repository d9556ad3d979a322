package org.neuralpolytopes.sweep.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.geometry.GeometrySettings;
import org.neuralpolytopes.train.TrainingSettings;

/**
 * The spec of docs/spec.md that shows every key is a valid spec, shows exactly the keys the parser
 * knows, and states the defaults the code has.
 */
class DocumentedSpecTest {

  /** The first YAML block of docs/spec.md: the spec with every key. */
  private static String documentedSpec() throws IOException {
    String text = Files.readString(Path.of("..", "docs", "spec.md"));
    int start = text.indexOf("```yaml\n");
    assertTrue(start >= 0, "docs/spec.md has no YAML block");
    start += "```yaml\n".length();
    return text.substring(start, text.indexOf("```", start));
  }

  @Test
  void theSpecWithEveryKeyIsValidAndStatesTheDefaults() throws Exception {
    SweepSpec spec = SpecParser.parse(documentedSpec(), "docs/spec.md");
    assertEquals(TrainingSettings.DEFAULT, spec.training(), "training: the documented values are the defaults");
    assertEquals(GeometrySettings.DEFAULT, spec.geometry(), "geometry: the documented values are the defaults");
    assertEquals(SpecParser.DEFAULT_MAX_CONFIGURATIONS, spec.maxConfigurations());
    assertEquals(SpecParser.DEFAULT_CONJUGATE_TOLERANCE, spec.conjugateTolerance());
  }

  @Test
  void theSpecWithEveryKeyShowsEveryKeyTheParserKnows() throws Exception {
    JsonNode tree = new YAMLMapper().readTree(documentedSpec());
    TreeSet<String> documented = new TreeSet<>();
    keys(tree, "", documented);
    TreeSet<String> known = new TreeSet<>();
    properties(RawSpec.class, "", known);
    for (String axis : SpecParser.AXES) {
      known.add("grid." + axis);
    }
    assertEquals(known, documented);
  }

  private static void keys(JsonNode node, String prefix, TreeSet<String> out) {
    for (Map.Entry<String, JsonNode> f : ((ObjectNode) node).properties()) {
      String key = prefix + f.getKey();
      out.add(key);
      if (f.getValue().isObject()) {
        keys(f.getValue(), key + ".", out);
      }
    }
  }

  /** The dotted keys Jackson binds to RawSpec: every @JsonProperty field, nested classes recursively. */
  private static void properties(Class<?> type, String prefix, TreeSet<String> out) {
    for (Field f : type.getDeclaredFields()) {
      JsonProperty p = f.getAnnotation(JsonProperty.class);
      if (p == null) {
        continue;
      }
      String key = prefix + p.value();
      out.add(key);
      if (f.getType().getEnclosingClass() == RawSpec.class) {
        properties(f.getType(), key + ".", out);
      }
    }
  }
}
