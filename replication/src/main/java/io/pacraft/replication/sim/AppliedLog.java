package io.pacraft.replication.sim;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the state machines of all nodes applied, index by index. State-machine safety is checked as
 * entries are applied: no two nodes may apply different entries at the same index.
 */
final class AppliedLog {
  /** Stands for an entry that carried no client write (a no-op or configuration entry). */
  static final long NOTHING = Long.MIN_VALUE;

  private final TreeMap<Long, Long> entries = new TreeMap<>();

  void record(String node, long index, long value) {
    Long before = entries.putIfAbsent(index, value);
    if (before != null && before != value) {
      throw new InvariantViolation(
          "state machine safety: " + node + " applied " + show(value) + " at index " + index + " where another node applied " + show(before));
    }
  }

  long highest() {
    return entries.isEmpty() ? 0 : entries.lastKey();
  }

  /** Index → value of the entries that wrote a value. */
  NavigableMap<Long, Long> writes() {
    TreeMap<Long, Long> w = new TreeMap<>();
    entries.forEach((i, v) -> {
      if (v != NOTHING) {
        w.put(i, v);
      }
    });
    return w;
  }

  private static String show(long v) {
    return v == NOTHING ? "an internal entry" : "write " + v;
  }
}
