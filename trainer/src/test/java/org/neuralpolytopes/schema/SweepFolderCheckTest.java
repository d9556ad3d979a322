package org.neuralpolytopes.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick check on a folder laid out by hand: the file layout of the Parquet format (magic,
 * footer, footer length, magic) stands in for files the sweep writes, which the sweep's own tests
 * check end to end.
 */
class SweepFolderCheckTest {

  @TempDir
  Path dir;

  /** The shape of a Parquet file: PAR1, data, a footer of {@code footer} bytes, its length, PAR1. */
  static byte[] parquetShape(int data, int footer) {
    byte[] b = new byte[4 + data + footer + 8];
    System.arraycopy("PAR1".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
    int at = 4 + data + footer;
    b[at] = (byte) footer;
    b[at + 1] = (byte) (footer >> 8);
    b[at + 2] = (byte) (footer >> 16);
    b[at + 3] = (byte) (footer >> 24);
    System.arraycopy("PAR1".getBytes(StandardCharsets.US_ASCII), 0, b, at + 4, 4);
    return b;
  }

  private void write(String path, byte[] bytes) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  private Map<String, SweepFolderCheck.Finding> findings() throws IOException {
    return SweepFolderCheck.quick(SweepFolderCheck.local(dir)).stream()
        .collect(Collectors.toMap(SweepFolderCheck.Finding::path, f -> f));
  }

  @Test
  void aWellFormedFolderHasNoFindings() throws IOException {
    write("runs/seg-1.parquet", parquetShape(100, 30));
    write("runs/.seg-1.parquet.crc", new byte[] {1, 2});
    write("facets/seg-1.parquet", parquetShape(10, 20));
    write("_sweep.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(Map.of(), findings());
  }

  @Test
  void foreignTruncatedAndEmptyFilesAreDamageAndSubfoldersANote() throws IOException {
    byte[] whole = parquetShape(100, 30);
    write("runs/seg-1.parquet", whole);
    write("runs/seg-2.parquet", java.util.Arrays.copyOf(whole, whole.length / 2));
    write("runs/seg-3.parquet", new byte[0]);
    write("runs/junk.parquet", "hello".getBytes(StandardCharsets.UTF_8));
    write("vertices/notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
    write("facets/seg-4.parquet", "PAR1 but not a footer PAR1x".getBytes(StandardCharsets.US_ASCII));
    write("runs/backup/seg-1.parquet", whole);
    Map<String, SweepFolderCheck.Finding> f = findings();
    assertEquals(List.of("facets/seg-4.parquet", "runs/backup/", "runs/junk.parquet", "runs/seg-2.parquet",
        "runs/seg-3.parquet", "vertices/notes.txt"), f.keySet().stream().sorted().toList());
    assertEquals(SweepFolderCheck.Kind.FOREIGN, f.get("runs/junk.parquet").kind());
    assertEquals(SweepFolderCheck.Kind.FOREIGN, f.get("vertices/notes.txt").kind());
    assertEquals(SweepFolderCheck.Kind.UNREADABLE, f.get("runs/seg-2.parquet").kind());
    assertTrue(f.get("runs/seg-2.parquet").reason().contains("truncated"), f.get("runs/seg-2.parquet").reason());
    assertEquals("an empty file", f.get("runs/seg-3.parquet").reason());
    assertEquals(SweepFolderCheck.Kind.UNREADABLE, f.get("facets/seg-4.parquet").kind());
    assertEquals(SweepFolderCheck.Kind.SUBFOLDER, f.get("runs/backup/").kind());
    assertEquals(5, SweepFolderCheck.damage(List.copyOf(f.values())).size(), "the subfolder is no damage");
    assertEquals("out/runs/junk.parquet: not a table file (a table folder holds only seg-ID.parquet files written by"
        + " the sweep); run bin/polytopes check out --repair", f.get("runs/junk.parquet").message("out"));
  }

  @Test
  void committedChangesMustBeWholeAndUncommittedOnesAreANote() throws IOException {
    byte[] whole = parquetShape(50, 20);
    write("_staging/good/runs/seg-1.parquet", whole);
    write("_staging/good/_READY", "{\"remove\": [], \"add\": [\"runs/seg-1.parquet\"]}".getBytes(StandardCharsets.UTF_8));
    write("_staging/cut/runs/seg-2.parquet", java.util.Arrays.copyOf(whole, 30));
    write("_staging/cut/_READY", "{\"remove\": [], \"add\": [\"runs/seg-2.parquet\"]}".getBytes(StandardCharsets.UTF_8));
    write("_staging/badmarker/_READY", "{\"remove\": [".getBytes(StandardCharsets.UTF_8));
    write("_staging/open/runs/seg-3.parquet", java.util.Arrays.copyOf(whole, 10));
    Map<String, SweepFolderCheck.Finding> f = findings();
    assertEquals(List.of("_staging/badmarker/", "_staging/cut/", "_staging/open/"), f.keySet().stream().sorted().toList());
    assertEquals(SweepFolderCheck.Kind.DAMAGED_CHANGE, f.get("_staging/cut/").kind());
    assertTrue(f.get("_staging/cut/").reason().contains("runs/seg-2.parquet"), f.get("_staging/cut/").reason());
    assertEquals(SweepFolderCheck.Kind.DAMAGED_CHANGE, f.get("_staging/badmarker/").kind());
    assertEquals(SweepFolderCheck.Kind.UNCOMMITTED_CHANGE, f.get("_staging/open/").kind());
    assertTrue(!f.get("_staging/open/").kind().damage());
  }
}
