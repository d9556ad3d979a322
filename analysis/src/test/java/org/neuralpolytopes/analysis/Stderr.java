package org.neuralpolytopes.analysis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a piece of code prints on System.err, for the tests that check a command's one-line errors. */
public final class Stderr {

  private Stderr() {}

  /** Code that may throw. */
  @FunctionalInterface
  public interface Action<T> {
    T run() throws Exception;
  }

  /** The action's result and what it printed on System.err. */
  public record Printed<T>(T value, String text) {}

  /** Runs the action with System.err captured (and restored after). */
  public static <T> Printed<T> of(Action<T> action) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    T value;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      value = action.run();
    } finally {
      System.setErr(saved);
    }
    return new Printed<>(value, captured.toString(StandardCharsets.UTF_8));
  }
}
