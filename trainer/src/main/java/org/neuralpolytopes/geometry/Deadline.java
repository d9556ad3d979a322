package org.neuralpolytopes.geometry;

/**
 * One wall-clock deadline for everything a run does (training and every measurement), as a
 * {@link System#nanoTime()} value. Long computations call {@link #check(String)} now and then; past
 * the deadline it throws {@link DeadlineExceededException} naming the stage it cut, so that the
 * caller can record which measurements are missing. Immutable and serialisable.
 */
public final class Deadline implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** No deadline: {@link #check} never throws. */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE, true);

  private final long nanos;
  private final boolean none;

  private Deadline(long nanos, boolean none) {
    this.nanos = nanos;
    this.none = none;
  }

  /** The deadline {@code seconds} from now (at most about 73 years). */
  public static Deadline after(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("a deadline needs seconds > 0, got " + seconds);
    }
    return at(System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4.0));
  }

  /** The deadline at the {@link System#nanoTime()} value {@code nanoTime}. */
  public static Deadline at(long nanoTime) {
    return new Deadline(nanoTime, false);
  }

  /** The {@link System#nanoTime()} value of the deadline ({@code Long.MAX_VALUE} for none). */
  public long nanoTime() {
    return none ? Long.MAX_VALUE : nanos;
  }

  /** Whether the deadline has passed. */
  public boolean passed() {
    return !none && System.nanoTime() - nanos > 0;
  }

  /** Seconds left (negative once passed; +Infinity for none). */
  public double remainingSeconds() {
    return none ? Double.POSITIVE_INFINITY : (nanos - System.nanoTime()) / 1e9;
  }

  /**
   * Throws {@link DeadlineExceededException} naming {@code stage} once the deadline has passed.
   * Costs one {@link System#nanoTime()} call.
   */
  public void check(String stage) {
    if (passed()) {
      throw new DeadlineExceededException(stage);
    }
  }

  /** Thrown by {@link Deadline#check} past the deadline; {@link #stage()} says what was cut. */
  public static final class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String stage;

    public DeadlineExceededException(String stage) {
      super("deadline reached during " + stage, null, false, false);
      this.stage = stage;
    }

    public String stage() {
      return stage;
    }
  }
}
