package io.pacraft.replication.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log record.
 *
 * @param index position in the log, from 1
 * @param term Raft term, or PacificA configuration version, of the leader (primary) that created it
 * @param type protocol-defined kind (normal, no-op, configuration...); 0 is a normal entry
 * @param payload the bytes; never mutated once appended
 */
public record LogEntry(long index, long term, byte type, byte[] payload) {
  public static final byte NORMAL = 0;

  public LogEntry {
    Objects.requireNonNull(payload);
    if (index < 1) {
      throw new IllegalArgumentException("index must be >= 1: " + index);
    }
  }

  /** Bytes this entry occupies on disk and on the wire, roughly: payload plus a fixed header. */
  public int sizeEstimate() {
    return payload.length + 24;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry e
        && index == e.index
        && term == e.term
        && type == e.type
        && Arrays.equals(payload, e.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, term, type) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "LogEntry{" + index + "@" + term + " t" + type + " " + payload.length + "B}";
  }
}
