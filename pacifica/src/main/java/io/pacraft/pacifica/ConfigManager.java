package io.pacraft.pacifica;

import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * PacificA's configuration manager: a {@link StateMachine} (replicated by any protocol; Raft in
 * practice) holding, per replica group, its members, primary and configuration version. A change
 * names the version its proposer holds; it is accepted only when that is the current version, which
 * it then increments, so of two racing proposals exactly one wins. Every application answers with
 * a {@link Decision}: whether it was accepted and the configuration now current.
 */
final class ConfigManager implements StateMachine {
  /** The outcome of one proposed change. */
  record Decision(boolean accepted, GroupConfig current) {}

  /** A proposed change: {@code proposed}'s primary and members, valid only at {@code expectedVersion}. */
  record Change(String group, long expectedVersion, GroupConfig proposed) {
    byte[] toBytes() {
      byte[] g = group.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(4 + g.length * 3 + 8 + proposed.encodedSize());
      GroupConfig.putString(b, group);
      b.putLong(expectedVersion);
      proposed.encode(b);
      byte[] out = new byte[b.position()];
      b.flip().get(out);
      return out;
    }

    static Change decode(ByteBuffer b) {
      return new Change(GroupConfig.getString(b), b.getLong(), GroupConfig.decode(b));
    }
  }

  private final boolean acceptStale;
  private final Map<String, GroupConfig> initial;
  private final TreeMap<String, GroupConfig> groups = new TreeMap<>();
  private long lastApplied;

  /**
   * @param initial each group's configuration before any change (from the bootstrap membership)
   * @param acceptStale the broken variant: accept a change whatever version its proposer held
   */
  ConfigManager(Map<String, GroupConfig> initial, boolean acceptStale) {
    this.initial = Map.copyOf(initial);
    this.groups.putAll(initial);
    this.acceptStale = acceptStale;
  }

  GroupConfig current(String group) {
    return groups.getOrDefault(group, GroupConfig.NONE);
  }

  @Override
  public Object apply(long index, ByteBuffer entry) {
    lastApplied = index;
    if (!entry.hasRemaining()) {
      return null; // an entry of the protocol running the manager (no-op, configuration)
    }
    Change c = Change.decode(entry.duplicate());
    GroupConfig cur = current(c.group());
    if (c.expectedVersion() != cur.version() && !acceptStale) {
      return new Decision(false, cur);
    }
    GroupConfig next = c.proposed().at(cur.version() + 1);
    groups.put(c.group(), next);
    return new Decision(true, next);
  }

  @Override
  public long lastApplied() {
    return lastApplied;
  }

  @Override
  public Snapshot snapshot() {
    int size = 12;
    for (Map.Entry<String, GroupConfig> e : groups.entrySet()) {
      size += 4 + e.getKey().length() * 3 + e.getValue().encodedSize();
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putLong(lastApplied).putInt(groups.size());
    for (Map.Entry<String, GroupConfig> e : groups.entrySet()) {
      GroupConfig.putString(b, e.getKey());
      e.getValue().encode(b);
    }
    byte[] bytes = new byte[b.position()];
    b.flip().get(bytes);
    return Snapshot.ofBytes(lastApplied, bytes);
  }

  @Override
  public void restore(Snapshot s) {
    ByteBuffer b = Snapshot.readAll(s);
    lastApplied = b.getLong();
    int n = b.getInt();
    groups.clear();
    groups.putAll(initial);
    for (int i = 0; i < n; i++) {
      groups.put(GroupConfig.getString(b), GroupConfig.decode(b));
    }
  }
}
