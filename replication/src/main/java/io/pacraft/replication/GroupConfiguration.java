package io.pacraft.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A replica group's configuration as a configuration manager keeps it (PacificA): its members,
 * which of them is the primary, and a version that grows by one with every change.
 *
 * @param version 1 for the first configuration; every accepted change is the previous version + 1
 * @param primary the replica that serves reads and writes, a voting member
 * @param members the replicas ({@link Member#voter()} true: every one must have an entry before it
 *     commits) and the learners (false: catching up, not counted)
 */
public record GroupConfiguration(long version, NodeId primary, List<Member> members) {
  public GroupConfiguration {
    Objects.requireNonNull(primary, "primary");
    members = List.copyOf(members);
    if (version < 1) {
      throw new IllegalArgumentException("a configuration's version starts at 1: " + version);
    }
    if (members.stream().noneMatch(m -> m.id().equals(primary) && m.voter())) {
      throw new IllegalArgumentException("the primary " + primary + " is not a replica of the configuration");
    }
  }

  /** The member named {@code id}, if it is one. */
  public Optional<Member> member(NodeId id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /** The same members and primary at {@code v}. */
  public GroupConfiguration withVersion(long v) {
    return new GroupConfiguration(v, primary, members);
  }

  /**
   * Bytes: version, primary, then the members (id, address, voter); {@link #decode} reads them
   * back.
   */
  public byte[] encode() {
    List<byte[]> parts = new ArrayList<>();
    parts.add(primary.id().getBytes(StandardCharsets.UTF_8));
    for (Member m : members) {
      parts.add(m.id().id().getBytes(StandardCharsets.UTF_8));
      parts.add(m.address().getBytes(StandardCharsets.UTF_8));
    }
    int size = 8 + 4 + members.size();
    for (byte[] p : parts) {
      size += 4 + p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).putLong(version).putInt(members.size());
    b.putInt(parts.get(0).length).put(parts.get(0));
    for (int i = 0; i < members.size(); i++) {
      byte[] id = parts.get(1 + 2 * i);
      byte[] address = parts.get(2 + 2 * i);
      b.putInt(id.length).put(id).putInt(address.length).put(address).put((byte) (members.get(i).voter() ? 1 : 0));
    }
    return b.array();
  }

  /** Reads what {@link #encode} wrote, from {@code b}'s position. */
  public static GroupConfiguration decode(ByteBuffer b) {
    long version = b.getLong();
    int n = b.getInt();
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException("bad member count in an encoded configuration: " + n);
    }
    NodeId primary = NodeId.of(string(b));
    List<Member> members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NodeId id = NodeId.of(string(b));
      String address = string(b);
      members.add(new Member(id, address, b.get() != 0));
    }
    return new GroupConfiguration(version, primary, members);
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
