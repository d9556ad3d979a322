package org.neuralpolytopes.analysis.report;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;
import org.neuralpolytopes.analysis.ParquetTables;

/** The preload ignores its failures in a report (the report meets them again); here they must not happen. */
class PreloadTest {

  @Test
  void loadsArrowAndDrawsItsSamplesWithoutFailing() {
    assertDoesNotThrow(ParquetTables::preload);
    assertDoesNotThrow(Preload::drawSamples);
  }

  @Test
  void itsPngGoesThroughNoCacheFileInTheTemporaryFolder() throws Exception {
    // ImageIO's cache files: imageio<digits>.tmp in java.io.tmpdir, made and deleted by each write
    // to a stream unless the writer gets a memory cache; one left behind by a killed report stays
    java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    java.util.List<java.nio.file.Path> made = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (java.nio.file.WatchService watch = tmp.getFileSystem().newWatchService()) {
      tmp.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
      Preload.drawSamples();
      java.nio.file.WatchKey key = watch.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (key != null) {
        for (java.nio.file.WatchEvent<?> e : key.pollEvents()) {
          if (e.context() instanceof java.nio.file.Path p && p.getFileName().toString().startsWith("imageio")) {
            made.add(p);
          }
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), made, "ImageIO cache files made in " + tmp);
  }
}
