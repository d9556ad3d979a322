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

  private static final String HOST = hostName();

  /** The name of the host this JVM runs on (provenance of trained and measured rows). */
  public static String host() {
    return HOST;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env != null ? env : "unknown";
    }
  }
}
