package org.neuralpolytopes.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The code version written on every row: project version and git commit of the build. */
public final class BuildInfo {

  private static final Properties PROPS = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/org/neuralpolytopes/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p;
  }

  /** For example {@code 0.1.0-SNAPSHOT+3f2a1bc} or {@code 0.1.0-SNAPSHOT+3f2a1bc.dirty}. */
  public static String codeVersion() {
    String version = PROPS.getProperty("version", "unknown");
    String commit = PROPS.getProperty("commit", "");
    if (commit.isEmpty() || commit.startsWith("${")) {
      return version;
    }
    boolean dirty = "true".equals(PROPS.getProperty("dirty"));
    return version + "+" + commit + (dirty ? ".dirty" : "");
  }
}
