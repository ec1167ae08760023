package io.pacraft.raft;

import io.pacraft.replication.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Raft's durable term and vote, as saved in {@code LogStore.saveHardState}. */
record HardState(long term, NodeId votedFor) {
  byte[] encode() {
    byte[] v = votedFor == null ? new byte[0] : votedFor.id().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(12 + v.length).putLong(term).putInt(v.length).put(v).array();
  }

  static HardState decode(byte[] bytes) {
    if (bytes.length == 0) {
      return new HardState(0, null);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long term = b.getLong();
    byte[] v = new byte[b.getInt()];
    b.get(v);
    return new HardState(term, v.length == 0 ? null : NodeId.of(new String(v, StandardCharsets.UTF_8)));
  }
}
