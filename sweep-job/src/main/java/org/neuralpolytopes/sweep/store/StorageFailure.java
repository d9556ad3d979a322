package org.neuralpolytopes.sweep.store;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A write to the output folder that failed (a full disk, a quota, a lost permission), with the
 * path it was writing: the one line a command prints names it. Hadoop's local file system
 * reports such failures as an {@link org.apache.hadoop.fs.FSError} (an Error, not an
 * IOException); both end here.
 */
public final class StorageFailure extends IOException {

  private static final long serialVersionUID = 1L;

  private final String path;

  public StorageFailure(Path path, Throwable cause) {
    super("cannot write " + path + ": " + rootMessage(cause), cause);
    this.path = path.toString();
  }

  public String path() {
    return path;
  }

  /** The innermost message of a chain (the operating system's words: "No space left on device"). */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
