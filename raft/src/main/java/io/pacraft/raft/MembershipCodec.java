package io.pacraft.raft;

import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bytes of a {@link Membership}, as carried by configuration entries, snapshots and snapshot metadata. */
final class MembershipCodec {
  private MembershipCodec() {}

  static byte[] encode(Membership m) {
    List<byte[]> parts = new ArrayList<>();
    int size = 12;
    for (Member member : m.members()) {
      byte[] id = member.id().id().getBytes(StandardCharsets.UTF_8);
      byte[] addr = member.address().getBytes(StandardCharsets.UTF_8);
      parts.add(id);
      parts.add(addr);
      size += 9 + id.length + addr.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putLong(m.version()).putInt(m.members().size());
    int i = 0;
    for (Member member : m.members()) {
      byte[] id = parts.get(i++);
      byte[] addr = parts.get(i++);
      b.putInt(id.length).put(id).putInt(addr.length).put(addr).put(member.voter() ? (byte) 1 : 0);
    }
    return b.array();
  }

  static Membership decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long version = b.getLong();
    int n = b.getInt();
    List<Member> members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NodeId id = NodeId.of(string(b));
      String addr = string(b);
      members.add(new Member(id, addr, b.get() == 1));
    }
    return new Membership(version, members);
  }

  private static String string(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
