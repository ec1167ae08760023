package io.pacraft.raft;

import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import java.nio.ByteBuffer;

/** Counts entries: for tests that exercise replication, not a state machine. */
final class CountingMachine implements StateMachine {
  private volatile long applied;

  @Override
  public Object apply(long index, ByteBuffer entry) {
    applied = index;
    return index;
  }

  @Override
  public long lastApplied() {
    return applied;
  }

  @Override
  public Snapshot snapshot() {
    return Snapshot.ofBytes(applied, ByteBuffer.allocate(8).putLong(0, applied).array());
  }

  @Override
  public void restore(Snapshot s) {
    applied = s.lastIndex();
  }
}
