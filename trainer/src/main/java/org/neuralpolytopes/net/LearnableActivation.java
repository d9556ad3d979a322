package org.neuralpolytopes.net;

/**
 * An activation whose shape is trained with the weights ({@link Era}): each hidden layer's sigma
 * is given by a set of coefficients, one set per layer or one for every layer ({@link #shared}).
 * The coefficients follow the weights in a run's parameter vector ({@link Architecture#parameterCount}).
 *
 * <p>Two forms of a set: the trained parameters ({@link #coefficientCount} numbers, what the
 * optimiser moves) and the stored form ({@link #storedCount} numbers, what the
 * {@code activation_coefficients} column holds, laid out so that sigma can be evaluated from it
 * without knowing the variant). Both convert into each other exactly.
 */
public interface LearnableActivation {

  /** Trained coefficients of one set. */
  int coefficientCount();

  /** Whether every layer uses one set (else layer l uses set l). */
  boolean shared();

  /** Numbers of one set in the stored form. */
  int storedCount();

  /** The {@code activation_shape} column of a network with {@code sets} sets. */
  int[] storedShape(int sets);

  /** Writes the stored form of the set at {@code params[offset]} to {@code out[outOffset]}. */
  void store(double[] params, int offset, double[] out, int outOffset);

  /** Writes the trained coefficients of the stored set at {@code stored[storedOffset]} to {@code params[offset]}. */
  void load(double[] stored, int storedOffset, double[] params, int offset);

  /** sigma with the coefficients of the set at {@code params[offset]}, as a fixed activation. */
  Activation bind(double[] params, int offset);

  /** A batch kernel with its own work buffers, for one set (one per {@link BatchPass} and set). */
  CoefficientKernel coefficientKernel();

  /**
   * The batch form of sigma for the trainer: {@link #load} a set's coefficients once per pass, then
   * {@link #apply} it to rows of pre-activations, and accumulate the loss gradient with respect to the
   * coefficients over rows. Allocation-free.
   */
  interface CoefficientKernel {

    /** Takes the coefficients of the set at {@code params[offset]}. */
    void load(double[] params, int offset);

    /** h[i] = sigma(z[i]), g[i] = sigma'(z[i]) for i < len. */
    void apply(double[] z, double[] h, double[] g, int len);

    /** Sets the accumulated coefficient gradient to 0. */
    void clearGradient();

    /**
     * Adds sum_i upstream[i] d sigma(z[i]) / d theta for every coefficient theta of the set, where
     * upstream[i] is the loss's derivative with respect to sigma(z[i]).
     */
    void accumulate(double[] z, double[] upstream, int len);

    /** Writes the accumulated gradient to {@code grad[offset]}, one value per trained coefficient. */
    void gradient(double[] grad, int offset);
  }
}
