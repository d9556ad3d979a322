package org.neuralpolytopes.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol on 127.0.0.1, with nothing but the
 * JDK's HttpClient WebSocket and Jackson: open a page, evaluate JavaScript in it, take a
 * screenshot. Chromium binds its debugging port itself ({@code --remote-debugging-port=0}) and
 * writes it to {@code DevToolsActivePort} in its fresh profile folder.
 */
final class Chromium implements AutoCloseable {

  static final Path BINARY = Path.of(System.getProperty("polytopes.chromium", "/usr/bin/chromium"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private String session;

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts Chromium headless with a fresh profile and attaches to a new blank page. */
  static Chromium start(Path profile, int width, int height) throws Exception {
    Files.createDirectories(profile);
    List<String> cmd = List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + profile,
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("chromium exited with " + p.exitValue() + " (see "
            + profile.resolveSibling(profile.getFileName() + ".log") + ")");
      }
      if (Files.exists(portFile)) {
        lines = Files.readAllLines(portFile);
        if (lines.size() >= 2) {
          break;
        }
      }
      Thread.sleep(100);
    }
    if (lines.size() < 2) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not open its debugging port within " + TIMEOUT);
    }
    URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
    Chromium[] self = new Chromium[1];
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(ws, new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              String message = text.toString();
              text.setLength(0);
              self[0].receive(message);
            }
            w.request(1);
            return null;
          }
        }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Chromium c = new Chromium(p, profile, socket);
    self[0] = c;
    String target = c.call("Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    c.session = c.call("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
    c.call("Page.enable", Map.of());
    c.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    return c;
  }

  private void receive(String message) {
    try {
      JsonNode n = JSON.readTree(message);
      if (n.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
        if (f != null) {
          f.complete(n);
        }
      }
    } catch (IOException e) {
      pending.values().forEach(f -> f.completeExceptionally(e));
    }
  }

  /** Sends one command (to the page session once attached) and returns its result. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", JSON.valueToTree(params));
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(JSON.writeValueAsString(msg), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + ": " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Navigates and waits until the document and every image have finished loading. */
  void open(URI url) throws Exception {
    call("Page.navigate", Map.of("url", url.toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode v = evaluate("document.readyState === 'complete' && location.href !== 'about:blank'"
          + " && Array.from(document.images).every(i => i.complete)");
      if (v.asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(url + " did not finish loading within " + TIMEOUT);
  }

  /** The value of a JavaScript expression in the page (JSON-serialisable values). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A PNG of the current viewport. */
  void screenshot(Path file) throws Exception {
    String data = call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } catch (RuntimeException e) {
      // closing anyway
    }
    List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    deleteSocketFolder();
    org.neuralpolytopes.analysis.report.ReportTestSupport.deleteRecursively(profile);
  }

  /**
   * Chromium keeps its profile's single-instance socket in a folder of its own under $TMPDIR
   * ({@code org.chromium.Chromium.XXXXXX}, linked from the profile as {@code SingletonSocket})
   * and leaves it there when stopped; it is deleted here, found through that link. $TMPDIR itself
   * stays the machine's: a socket's path must be short (108 bytes), which a folder inside the
   * build might not be.
   */
  private void deleteSocketFolder() throws IOException {
    Path link = profile.resolve("SingletonSocket");
    if (Files.isSymbolicLink(link)) {
      Path folder = Files.readSymbolicLink(link).toAbsolutePath().getParent();
      if (folder != null && folder.getFileName().toString().startsWith("org.chromium.Chromium.")) {
        org.neuralpolytopes.analysis.report.ReportTestSupport.deleteRecursively(folder);
      }
    }
  }
}
