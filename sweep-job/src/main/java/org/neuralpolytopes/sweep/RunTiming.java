package org.neuralpolytopes.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.neuralpolytopes.train.RunResult;

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

  void add(List<RunResult> results) {
    for (RunResult r : results) {
      if (r.startedAt() == null) {
        continue;
      }
      double s = r.trainSeconds() + r.geometrySeconds();
      Instant end = r.startedAt().plusNanos((long) (s * 1e9));
      runs++;
      seconds += s;
      firstStart = firstStart == null || r.startedAt().isBefore(firstStart) ? r.startedAt() : firstStart;
      lastEnd = lastEnd == null || end.isAfter(lastEnd) ? end : lastEnd;
    }
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
