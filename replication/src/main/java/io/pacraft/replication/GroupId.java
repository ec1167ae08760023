package io.pacraft.replication;

import java.util.Objects;

/**
 * Name of one replication group: {@code meta} for the cluster-map group, {@code shard-N} for a data
 * shard. A node multiplexes the groups it runs over one cluster-bus connection per peer by this id.
 */
public record GroupId(String name) {
  public GroupId {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > 255) {
      throw new IllegalArgumentException("group id must be 1..255 characters: " + name);
    }
  }

  public static GroupId of(String name) {
    return new GroupId(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
