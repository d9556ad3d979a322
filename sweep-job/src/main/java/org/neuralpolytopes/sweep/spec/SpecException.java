package org.neuralpolytopes.sweep.spec;

/**
 * A spec that cannot be run. Its message is the one line the user sees:
 * {@code FILE:LINE: KEY: what is wrong}.
 */
public final class SpecException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String key;
  private final String problem;

  public SpecException(String file, int line, String key, String problem) {
    super(format(file, line, key, problem));
    this.file = file;
    this.line = line;
    this.key = key;
    this.problem = problem;
  }

  private static String format(String file, int line, String key, String problem) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (key != null && !key.isEmpty()) {
      sb.append(key).append(": ");
    }
    return sb.append(problem.replace('\n', ' ')).toString();
  }

  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the problem has no line (an empty file). */
  public int line() {
    return line;
  }

  /** Dotted key path, e.g. {@code training.batch_size} or {@code grid.p[2]}; empty for the whole file. */
  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
