package org.neuralpolytopes.analysis.report;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Short names of the training schedules of one sweep output: none when there is one schedule
 * (labels stay the paper's (d, L, n, p)), "A", "B", ... in schedule order when there are several.
 */
final class ScheduleTags {

  private final Map<Schedule, String> tags = new TreeMap<>();

  ScheduleTags(Collection<Schedule> schedules) {
    java.util.SortedSet<Schedule> sorted = new java.util.TreeSet<>(schedules);
    if (sorted.size() > 1) {
      int i = 0;
      for (Schedule s : sorted) {
        tags.put(s, name(i++));
      }
    }
  }

  /** A, B, ..., Z, AA, AB, ... */
  private static String name(int i) {
    return i < 26 ? String.valueOf((char) ('A' + i)) : name(i / 26 - 1) + (char) ('A' + i % 26);
  }

  String tag(Schedule s) {
    return tags.getOrDefault(s, "");
  }

  /** The schedules with their tags, in order (empty when there is only one). */
  Map<Schedule, String> all() {
    return java.util.Collections.unmodifiableMap(tags);
  }
}
