package io.pacraft.pacifica;

import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A PacificA configuration as the configuration manager records it: its version, its primary and
 * its members (voters are the replicas every commit waits for; learners catch up and are promoted).
 * Version 0 is "no configuration known".
 */
record GroupConfig(long version, NodeId primary, List<Member> members) {
  static final GroupConfig NONE = new GroupConfig(0, null, List.of());

  GroupConfig {
    members = List.copyOf(members);
  }

  boolean isVoter(NodeId n) {
    for (Member m : members) {
      if (m.id().equals(n)) {
        return m.voter();
      }
    }
    return false;
  }

  boolean contains(NodeId n) {
    for (Member m : members) {
      if (m.id().equals(n)) {
        return true;
      }
    }
    return false;
  }

  /** Voters other than the primary. */
  List<NodeId> secondaries() {
    List<NodeId> out = new ArrayList<>();
    for (Member m : members) {
      if (m.voter() && !m.id().equals(primary)) {
        out.add(m.id());
      }
    }
    return out;
  }

  /** Every member other than the primary: secondaries and learners. */
  List<NodeId> peers() {
    List<NodeId> out = new ArrayList<>();
    for (Member m : members) {
      if (!m.id().equals(primary)) {
        out.add(m.id());
      }
    }
    return out;
  }

  /** The same members and primary at another version. */
  GroupConfig at(long v) {
    return new GroupConfig(v, primary, members);
  }

  GroupConfig withPrimary(NodeId p) {
    return new GroupConfig(version, p, members);
  }

  /** {@code n} made a voter ({@code voter}) or a learner, added when missing. */
  GroupConfig withMember(Member n, boolean voter) {
    List<Member> next = new ArrayList<>();
    boolean found = false;
    for (Member m : members) {
      if (m.id().equals(n.id())) {
        next.add(voter ? m.asVoter() : m.asLearner());
        found = true;
      } else {
        next.add(m);
      }
    }
    if (!found) {
      next.add(voter ? n.asVoter() : n.asLearner());
    }
    return new GroupConfig(version, primary, next);
  }

  GroupConfig without(NodeId n) {
    List<Member> next = new ArrayList<>(members);
    next.removeIf(m -> m.id().equals(n));
    return new GroupConfig(version, primary, next);
  }

  Member member(NodeId n) {
    for (Member m : members) {
      if (m.id().equals(n)) {
        return m;
      }
    }
    return null;
  }

  /** Same primary and members, whatever the version. */
  boolean sameShape(GroupConfig o) {
    return Objects.equals(primary, o.primary) && members.equals(o.members);
  }

  Membership membership() {
    return new Membership(version, members);
  }

  // ---------------------------------------------------------------- codec

  /**
   * The last configuration encoded and the last decoded, each with its bytes. Every prepare, beacon
   * and snapshot chunk carries the sender's configuration, which changes rarely: re-encoding it, and
   * decoding its strings into new members, was most of a small message's cost. Records are
   * immutable, so sharing them between the groups (and simulated nodes) of one JVM is safe, and a
   * miss only costs the full encode or decode.
   */
  private record Encoded(GroupConfig config, byte[] bytes) {}

  private static volatile Encoded lastEncoded;
  private static volatile Encoded lastDecoded;

  void encode(ByteBuffer b) {
    Encoded e = lastEncoded;
    if (e == null || e.config != this) {
      ByteBuffer fresh = ByteBuffer.allocate(encodedSize());
      encodeFully(fresh);
      e = new Encoded(this, Arrays.copyOf(fresh.array(), fresh.position()));
      lastEncoded = e;
    }
    b.put(e.bytes);
  }

  private void encodeFully(ByteBuffer b) {
    b.putLong(version);
    putString(b, primary == null ? "" : primary.id());
    b.putInt(members.size());
    for (Member m : members) {
      putString(b, m.id().id());
      putString(b, m.address());
      b.put(m.voter() ? (byte) 1 : 0);
    }
  }

  int encodedSize() {
    int n = 8 + 4 + (primary == null ? 0 : primary.id().length() * 3) + 4;
    for (Member m : members) {
      n += 8 + (m.id().id().length() + m.address().length()) * 3 + 1;
    }
    return n;
  }

  byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(encodedSize());
    encode(b);
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  static GroupConfig decode(ByteBuffer b) {
    Encoded e = lastDecoded;
    int start = b.position();
    if (e != null && b.remaining() >= e.bytes.length && b.slice(start, e.bytes.length).equals(ByteBuffer.wrap(e.bytes))) {
      b.position(start + e.bytes.length);
      return e.config;
    }
    GroupConfig c = decodeFully(b);
    byte[] bytes = new byte[b.position() - start];
    b.get(start, bytes);
    lastDecoded = new Encoded(c, bytes);
    return c;
  }

  private static GroupConfig decodeFully(ByteBuffer b) {
    long v = b.getLong();
    String p = getString(b);
    int n = b.getInt();
    if (n < 0 || n > 1000) {
      throw new IllegalArgumentException("bad member count " + n);
    }
    List<Member> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ms.add(new Member(NodeId.of(getString(b)), getString(b), b.get() == 1));
    }
    return new GroupConfig(v, p.isEmpty() ? null : NodeId.of(p), ms);
  }

  static void putString(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(bytes.length).put(bytes);
  }

  static String getString(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("v").append(version).append(" primary=").append(primary).append(" [");
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      sb.append(i == 0 ? "" : " ").append(m.id()).append(m.voter() ? "" : "(learner)");
    }
    return sb.append(']').toString();
  }
}
