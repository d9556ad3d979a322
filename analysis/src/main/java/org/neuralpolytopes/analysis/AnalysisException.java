package org.neuralpolytopes.analysis;

/** A problem with the input of the analysis; the message is the one line the user sees. */
public final class AnalysisException extends Exception {

  private static final long serialVersionUID = 1L;

  public AnalysisException(String message) {
    super(message);
  }

  public AnalysisException(String message, Throwable cause) {
    super(message, cause);
  }
}
