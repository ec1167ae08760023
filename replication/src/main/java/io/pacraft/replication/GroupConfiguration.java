package io.pacraft.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A replica group's configuration as a configuration manager keeps it (PacificA): its replicas,
 * which of them is the primary, and a version that grows by one with every change.
 *
 * @param version 1 for the first configuration; every accepted change is the previous version + 1
 * @param primary the replica that serves reads and writes, one of {@code replicas}
 * @param replicas every replica of the configuration, the primary included (learners are not
 *     part of a configuration)
 */
public record GroupConfiguration(long version, NodeId primary, List<Member> replicas) {
  public GroupConfiguration {
    Objects.requireNonNull(primary, "primary");
    replicas = List.copyOf(replicas);
    if (version < 1) {
      throw new IllegalArgumentException("a configuration's version starts at 1: " + version);
    }
    if (replicas.stream().noneMatch(m -> m.id().equals(primary))) {
      throw new IllegalArgumentException("the primary " + primary + " is not a replica of the configuration");
    }
  }

  /** The replica named {@code id}, if it is one. */
  public Optional<Member> replica(NodeId id) {
    return replicas.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /** The replicas other than the primary. */
  public List<Member> secondaries() {
    return replicas.stream().filter(m -> !m.id().equals(primary)).toList();
  }

  /** The same replicas and primary at {@code v}. */
  public GroupConfiguration withVersion(long v) {
    return new GroupConfiguration(v, primary, replicas);
  }

  /** Bytes: version, primary, then the replicas (id, address); {@link #decode} reads them back. */
  public byte[] encode() {
    List<byte[]> parts = new ArrayList<>();
    parts.add(primary.id().getBytes(StandardCharsets.UTF_8));
    for (Member m : replicas) {
      parts.add(m.id().id().getBytes(StandardCharsets.UTF_8));
      parts.add(m.address().getBytes(StandardCharsets.UTF_8));
    }
    int size = 8 + 4;
    for (byte[] p : parts) {
      size += 4 + p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).putLong(version).putInt(replicas.size());
    for (byte[] p : parts) {
      b.putInt(p.length).put(p);
    }
    return b.array();
  }

  /** Reads what {@link #encode} wrote, from {@code b}'s position. */
  public static GroupConfiguration decode(ByteBuffer b) {
    long version = b.getLong();
    int n = b.getInt();
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException("bad replica count in an encoded configuration: " + n);
    }
    NodeId primary = NodeId.of(string(b));
    List<Member> replicas = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      replicas.add(new Member(NodeId.of(string(b)), string(b), true));
    }
    return new GroupConfiguration(version, primary, replicas);
  }

  private static String string(ByteBuffer b) {
    int len = b.getInt();
    if (len < 0 || len > b.remaining()) {
      throw new IllegalArgumentException("bad string length in an encoded configuration: " + len);
    }
    byte[] s = new byte[len];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
