package org.neuralpolytopes.sweep.store;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.neuralpolytopes.schema.SweepFolderCheck;

/**
 * A sweep output that cannot be used as it is: a table file or a committed change that is
 * damaged or foreign. Commands stop on it with one line naming the file and the repair command
 * ({@link #message(String)}); nothing is written.
 */
public final class StoreDamageException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final String reason;

  /**
   * @param path the file, relative to the output folder ({@code runs/seg-1.parquet})
   * @param reason what is wrong with it, in a few words
   */
  public StoreDamageException(String path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
    this.path = path;
    this.reason = reason;
  }

  /** The damage the quick check found first. */
  public static StoreDamageException of(SweepFolderCheck.Finding f) {
    return new StoreDamageException(f.path(), f.reason(), null);
  }

  /** A file of the folder {@code root} that a reader could not read. */
  static StoreDamageException unreadable(Path root, Path file, Throwable cause) {
    return new StoreDamageException(relative(root, file), "cannot be read (" + firstLine(cause) + ")", cause);
  }

  /** A path relative to the output folder, or the whole path when it is outside. */
  static String relative(Path root, Path file) {
    String r = root.toUri().getPath();
    String f = file.toUri().getPath();
    String prefix = r.endsWith("/") ? r : r + "/";
    return f.startsWith(prefix) ? f.substring(prefix.length()) : file.toString();
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }

  /** The one line a command prints: the file under {@code dir} (as the user wrote it), what is wrong, the repair command. */
  public String message(String dir) {
    return new SweepFolderCheck.Finding(path, SweepFolderCheck.Kind.UNREADABLE, reason).message(dir);
  }
}
