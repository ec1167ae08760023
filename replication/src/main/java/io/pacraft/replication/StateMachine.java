package io.pacraft.replication;

import java.nio.ByteBuffer;

/**
 * The replicated state a group drives (kv-server implements it on RocksDB; PacificA's configuration
 * manager is another). A protocol calls every method from one thread at a time.
 *
 * <p>Protocols pass their internal entries (leader no-ops, configuration changes) as an empty buffer
 * so that the state machine still records their index: {@link #lastApplied()} is always the index of
 * the last log entry applied, whatever it carried.
 */
public interface StateMachine {
  /**
   * Applies the entry at {@code index}, exactly once per index and in log order, atomically with
   * recording {@code index} as applied. The result is handed to the proposer on the replica that
   * proposed the entry (the leader) and ignored elsewhere. Must be deterministic: the same entries
   * produce the same state on every replica.
   */
  Object apply(long index, ByteBuffer entry);

  /**
   * Applies consecutive entries, {@code firstIndex} onwards, returning each one's result in order:
   * the same as calling {@link #apply(long, ByteBuffer)} for each, which is what the default does.
   * A state machine may do them in one storage write; protocols call this with every entry they
   * have ready.
   */
  default Object[] apply(long firstIndex, java.util.List<ByteBuffer> entries) {
    Object[] results = new Object[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      results[i] = apply(firstIndex + i, entries.get(i));
    }
    return results;
  }

  /**
   * Index of the last applied entry, kept atomically with the data; 0 when empty. Applying need not
   * make the state durable (kv-server's RocksDB runs without a write-ahead log): after a crash it
   * may be back at any state since the last {@link #snapshot()} or {@link #restore}, and the
   * protocol replays its log from there. So a protocol compacts its log only through an index a
   * snapshot covered.
   */
  long lastApplied();

  /**
   * A consistent image of the state as of {@link #lastApplied()}, for shipping to a lagging replica;
   * taking it also makes the state durable up to that index.
   */
  Snapshot snapshot();

  /** Replaces the whole state with {@code snapshot}; afterwards lastApplied() is its index. */
  void restore(Snapshot snapshot);
}
