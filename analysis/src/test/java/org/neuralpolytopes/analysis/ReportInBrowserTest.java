package org.neuralpolytopes.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.neuralpolytopes.analysis.report.ReportTestSupport;

/**
 * The report page opened from disk in headless Chromium: it loads with every image decoded (no
 * broken image), checked from inside the browser over the DevTools Protocol; screenshots go to
 * {@code target/report-screenshots/}. Fails (does not skip) when Chromium is not installed.
 */
class ReportInBrowserTest {

  @Test
  void everyImageLoadsInChromium() throws Exception {
    if (!Files.isExecutable(Chromium.BINARY)) {
      fail("chromium not found at " + Chromium.BINARY + ": install it with 'apt-get install -y chromium' (Debian)");
    }
    Path sweep = TestSweeps.small();
    Path target = Paths.get("target").toAbsolutePath();
    Path report = target.resolve("browser-report");
    ReportTestSupport.deleteRecursively(report);
    assertEquals(0, ReportMain.run("report", sweep.toString(), "--out", report.toString()));
    Path shots = target.resolve("report-screenshots");
    try (Chromium browser = Chromium.start(target.resolve("chromium-profile"), 1280, 1400)) {
      browser.open(report.resolve("index.html").toUri());
      JsonNode images = browser.evaluate("JSON.stringify({total: document.images.length,"
          + " broken: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
          + ".map(i => i.getAttribute('src')), title: document.title})");
      JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(images.asText());
      assertTrue(result.path("title").asText().contains("report-test"), result.toString());
      assertTrue(result.path("total").asInt() >= 14, "images on the page: " + result);
      assertEquals(0, result.path("broken").size(), "broken images: " + result.path("broken"));
      browser.screenshot(shots.resolve("top.png"));
      browser.evaluate("document.getElementById('neural-polyhedra').scrollIntoView(), true");
      Thread.sleep(200);
      browser.screenshot(shots.resolve("polyhedra.png"));
      browser.evaluate("document.getElementById('neural-polygons').scrollIntoView(), true");
      Thread.sleep(200);
      browser.screenshot(shots.resolve("polygons.png"));
    }
    assertTrue(Files.size(shots.resolve("top.png")) > 10_000);
  }
}
