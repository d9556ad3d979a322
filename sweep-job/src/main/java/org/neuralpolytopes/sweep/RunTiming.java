package org.neuralpolytopes.sweep;

import java.time.Duration;
import java.time.Instant;

/**
 * The timings of the runs a sweep trained: their summed train and geometry seconds, and the span
 * from the first run's start to the last run's end (start + train + geometry seconds). Their
 * ratio over the task slots is the sweep's parallel efficiency: 1 when every slot ran a
 * configuration from the first start to the last end, less for idle cores at wave boundaries,
 * commits, scheduling and a long last task. Spark's start-up and the final table reads are
 * outside the span; the sweep's wall time in the manifest includes them.
 */
final class RunTiming {

  private int runs;
  private double seconds;
  private Instant firstStart;
  private Instant lastEnd;

  /** Adds one run that started at {@code start} and took {@code seconds} of work. */
  void add(Instant start, double seconds) {
    if (start == null) {
      return;
    }
    Instant end = start.plusNanos((long) (seconds * 1e9));
    runs++;
    this.seconds += seconds;
    firstStart = firstStart == null || start.isBefore(firstStart) ? start : firstStart;
    lastEnd = lastEnd == null || end.isAfter(lastEnd) ? end : lastEnd;
  }

  int runs() {
    return runs;
  }

  double seconds() {
    return seconds;
  }

  Instant firstStart() {
    return firstStart;
  }

  Instant lastEnd() {
    return lastEnd;
  }

  double span() {
    return runs == 0 ? 0 : Duration.between(firstStart, lastEnd).toNanos() / 1e9;
  }

  /** Summed run seconds over (slots x span). */
  double efficiency(int slots) {
    double span = span();
    return span > 0 ? seconds / (slots * span) : Double.NaN;
  }
}
