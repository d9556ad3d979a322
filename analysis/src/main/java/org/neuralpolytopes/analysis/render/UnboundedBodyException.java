package org.neuralpolytopes.analysis.render;

/** The radial function is infinite (or not a number) in some direction: there is no closed surface to draw. */
public final class UnboundedBodyException extends Exception {

  private static final long serialVersionUID = 1L;

  public UnboundedBodyException(String message) {
    super(message);
  }
}
