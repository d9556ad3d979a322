package org.neuralpolytopes.train;

import java.lang.management.ManagementFactory;

/**
 * Trains several shapes one after the other in a fresh JVM, as a sweep's executor does, and
 * prints for each the bytes its steps allocate once warm: {@link ShapeSequenceAllocationTest}
 * runs it in a child JVM (a test JVM has compiled too much else to show what the order of
 * shapes does to the JIT).
 *
 * <p>Each shape "d/layers/units/p" (abs_power, the paper's schedule: 10 000 points, batch 1000)
 * trains ({@link PaperSteps}) in rounds of 300 steps (an epoch's shuffle every 10) until two rounds in a row allocate
 * nothing, or for {@link #MAX_ROUNDS} rounds; it prints "shape bytes" with the bytes of its last
 * round.
 */
public final class ShapeSequenceRun {

  /** Steps per round: three epochs. */
  static final int ROUND_STEPS = 300;
  /** The bound on each shape's rounds (a count, not a clock: 12 000 steps). */
  static final int MAX_ROUNDS = 40;

  private ShapeSequenceRun() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    StringBuilder out = new StringBuilder();
    for (String shape : args) {
      PaperSteps net = PaperSteps.of(shape);
      long bytes = -1;
      int quiet = 0;
      for (int round = 0; round < MAX_ROUNDS && quiet < 2; round++) {
        long start = mx.getThreadAllocatedBytes(tid);
        net.steps(ROUND_STEPS);
        bytes = mx.getThreadAllocatedBytes(tid) - start;
        quiet = bytes < 1024 ? quiet + 1 : 0;
      }
      out.append(shape).append(' ').append(bytes).append('\n');
    }
    System.out.print(out);
  }
}
