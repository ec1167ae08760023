package io.pacraft.server.cluster;

import io.pacraft.replication.NodeId;
import java.util.List;

/**
 * One shard: a replication group of {@code members} running {@code protocol}, serving the slot
 * ranges {@code slots} (inclusive [from, to] pairs).
 */
public record Shard(String id, String protocol, List<NodeId> members, List<int[]> slots) {
  public Shard {
    members = List.copyOf(members);
    slots = List.copyOf(slots);
  }

  public boolean serves(int slot) {
    for (int[] r : slots) {
      if (slot >= r[0] && slot <= r[1]) {
        return true;
      }
    }
    return false;
  }

  public int slotCount() {
    int n = 0;
    for (int[] r : slots) {
      n += r[1] - r[0] + 1;
    }
    return n;
  }
}
