package io.pacraft.replication.sim;

import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The simulated state machine: one register of longs. An entry of 8 bytes writes its value; an empty
 * entry (internal to the protocol) only advances the applied index. As kv-server's RocksDB (which
 * runs without a write-ahead log), it makes its state durable only when it takes a snapshot (a
 * RocksDB checkpoint flushes) or restores one: a crash rolls it back to the last such state, and the
 * protocol must replay the rest from its log. Snapshots are
 * padded with bytes derived from their content so that streaming them takes several chunks and a
 * damaged stream is noticed on restore.
 */
final class RegisterMachine implements StateMachine {
  private static final int PADDING = 700;

  private final String node;
  private final AppliedLog log;
  private long lastApplied;
  private Long value;
  private long durableApplied;
  private Long durableValue;
  private final TreeMap<Long, List<Runnable>> waiters = new TreeMap<>();

  RegisterMachine(String node, AppliedLog log) {
    this.node = node;
    this.log = log;
  }

  @Override
  public Object apply(long index, ByteBuffer entry) {
    if (index != lastApplied + 1) {
      throw new InvariantViolation(node + " applied index " + index + " right after " + lastApplied);
    }
    long v = AppliedLog.NOTHING;
    if (entry.remaining() == 8) {
      v = entry.getLong(entry.position());
      value = v;
    } else if (entry.remaining() != 0) {
      throw new InvariantViolation(node + " applied a malformed entry of " + entry.remaining() + " bytes at " + index);
    }
    log.record(node, index, v);
    lastApplied = index;
    wake();
    return index;
  }

  @Override
  public long lastApplied() {
    return lastApplied;
  }

  Long value() {
    return value;
  }

  @Override
  public Snapshot snapshot() {
    durableApplied = lastApplied;
    durableValue = value;
    ByteBuffer b = ByteBuffer.allocate(17 + PADDING);
    b.putLong(lastApplied).put(value == null ? (byte) 0 : 1).putLong(value == null ? 0 : value);
    for (int i = 0; i < PADDING; i++) {
      b.put(pad(lastApplied, i));
    }
    return Snapshot.ofBytes(lastApplied, b.array());
  }

  @Override
  public void restore(Snapshot s) {
    ByteBuffer b = Snapshot.readAll(s);
    if (b.remaining() != 17 + PADDING) {
      throw new InvariantViolation(node + " restored a snapshot of " + b.remaining() + " bytes");
    }
    long index = b.getLong();
    boolean has = b.get() == 1;
    long v = b.getLong();
    for (int i = 0; i < PADDING; i++) {
      if (b.get() != pad(index, i)) {
        throw new InvariantViolation(node + " restored a damaged snapshot (byte " + (17 + i) + ")");
      }
    }
    if (index != s.lastIndex()) {
      throw new InvariantViolation(node + " restored a snapshot claiming index " + s.lastIndex() + " holding " + index);
    }
    if (index <= lastApplied) {
      throw new InvariantViolation(node + " restored a snapshot at " + index + " over state at " + lastApplied);
    }
    lastApplied = index;
    value = has ? v : null;
    durableApplied = lastApplied;
    durableValue = value;
    wake();
  }

  private static byte pad(long index, int i) {
    return (byte) (index * 31 + i * 7);
  }

  /** Runs {@code r} once this machine has applied {@code index}. */
  void whenApplied(long index, Runnable r) {
    if (lastApplied >= index) {
      r.run();
    } else {
      waiters.computeIfAbsent(index, k -> new ArrayList<>()).add(r);
    }
  }

  private void wake() {
    while (!waiters.isEmpty() && waiters.firstKey() <= lastApplied) {
      for (Runnable r : waiters.pollFirstEntry().getValue()) {
        r.run();
      }
    }
  }

  /**
   * The process died: whoever waited for it will not hear back, and what was applied since the
   * last snapshot is lost.
   */
  void crashed() {
    waiters.clear();
    lastApplied = durableApplied;
    value = durableValue;
  }
}
