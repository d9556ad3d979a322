package org.neuralpolytopes.sweep;

/** An output folder that cannot be used; the message is the one line the user sees. */
public final class OutputException extends Exception {

  private static final long serialVersionUID = 1L;

  public OutputException(String message) {
    super(message);
  }

  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
