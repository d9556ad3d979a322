package org.neuralpolytopes.sweep.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.neuralpolytopes.schema.SweepFolderCheck;

/** A sweep output folder on any Hadoop file system, as the quick check sees it. */
public final class HadoopFolderListing implements SweepFolderCheck.Listing {

  private final FileSystem fs;
  private final Path root;

  public HadoopFolderListing(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  private Path path(String relative) {
    return relative.isEmpty() ? root : new Path(root, relative);
  }

  @Override
  public List<SweepFolderCheck.Entry> list(String folder) throws IOException {
    List<SweepFolderCheck.Entry> out = new ArrayList<>();
    FileStatus[] children;
    try {
      Path dir = path(folder);
      if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
        return out;
      }
      children = fs.listStatus(dir);
    } catch (FileNotFoundException gone) {
      return out;
    }
    for (FileStatus f : children) {
      out.add(new SweepFolderCheck.Entry(f.getPath().getName(), f.isDirectory(), f.getLen()));
    }
    return out;
  }

  @Override
  public byte[] read(String file, long offset, int length) throws IOException {
    byte[] buf = new byte[length];
    int n = 0;
    try (FSDataInputStream in = fs.open(path(file))) {
      in.seek(offset);
      while (n < length) {
        int r = in.read(buf, n, length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    return n == length ? buf : java.util.Arrays.copyOf(buf, n);
  }
}
