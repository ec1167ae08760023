package io.pacraft.replication;

import java.util.Objects;

/** Identity of a node: a 40-character lowercase hex string, like a Redis Cluster node ID. */
public record NodeId(String id) implements Comparable<NodeId> {
  public NodeId {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("empty node id");
    }
  }

  public static NodeId of(String id) {
    return new NodeId(id);
  }

  @Override
  public int compareTo(NodeId o) {
    return id.compareTo(o.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
