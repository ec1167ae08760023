package io.pacraft.raft;

import io.pacraft.replication.Membership;
import java.util.ArrayList;
import java.util.List;

/**
 * The configurations in the log: the one at the last snapshot, then one per configuration entry.
 * The newest one is in force from the moment it is appended; truncating the log reverts to an older
 * one.
 */
final class ConfigHistory {
  private Membership base;
  private final List<Membership> entries = new ArrayList<>();

  ConfigHistory(Membership base) {
    this.base = base;
  }

  Membership current() {
    return entries.isEmpty() ? base : entries.get(entries.size() - 1);
  }

  /** The configuration in force at {@code index}: the last one whose entry is at or before it. */
  Membership at(long index) {
    Membership m = base;
    for (Membership e : entries) {
      if (e.version() <= index) {
        m = e;
      } else {
        break;
      }
    }
    return m;
  }

  void append(Membership m) {
    entries.add(m);
  }

  /** Forgets configuration entries at {@code index} or later (they were truncated from the log). */
  void truncateFrom(long index) {
    entries.removeIf(m -> m.version() >= index);
  }

  /** The log was compacted through {@code index}: the configuration at it becomes the base. */
  void compact(long index) {
    base = at(index);
    entries.removeIf(m -> m.version() <= index);
  }

  /** Replaces everything with {@code m} (a snapshot was installed). */
  void reset(Membership m) {
    base = m;
    entries.clear();
  }

  /** Index of the newest configuration entry, 0 if none is in the log. */
  long lastEntryIndex() {
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).version();
  }
}
