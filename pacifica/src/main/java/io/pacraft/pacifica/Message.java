package io.pacraft.pacifica;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.log.LogEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** PacificA's messages between the replicas of one group, and their wire format. */
sealed interface Message {
  byte PREPARE = 1;
  byte ACK = 2;
  byte CM_REQUEST = 3;
  byte CM_REPLY = 4;
  byte SNAPSHOT = 5;
  byte SNAPSHOT_ACK = 6;

  /**
   * The primary of {@code config} (at its version) to a secondary or learner: entries after {@code
   * prevIndex} (whose version was {@code prevTerm}), the commit point, and, when {@code beaconTime}
   * is not 0, a beacon sent at that time of the primary's clock. An empty prepare is a probe.
   */
  record Prepare(GroupConfig config, long prevIndex, long prevTerm, long commit, long beaconTime, List<LogEntry> entries)
      implements Message {}

  /**
   * A replica's answer to a prepare of {@code primary} at configuration {@code version}: the primary
   * counts it only in that same configuration. {@code match} is how far the replica's log durably
   * agrees with the primary's ({@code success}), or, on a mismatch, {@code match} is the replica's last
   * index as a hint. {@code beaconTime} echoes the beacon it accepted (0: none).
   */
  record Ack(long version, NodeId primary, boolean success, long match, long beaconTime) implements Message {}

  /** Please put this change to the configuration manager (sent to the node thought to lead it). */
  record CmRequest(long id, byte[] change) implements Message {}

  /**
   * The configuration manager's answer to request {@code id} ({@code decided}: {@code accepted}, and
   * the configuration now current), or "not decided here" ({@code decided} false). With id -1, an
   * unsolicited notice of a configuration (leadership transfer).
   */
  record CmReply(long id, boolean decided, boolean accepted, GroupConfig config) implements Message {}

  /**
   * A chunk of the state machine's image as of {@code index} (whose entry had version {@code term}),
   * {@code size} bytes in all, for a replica the primary's log no longer reaches.
   */
  record SnapshotChunk(GroupConfig config, long index, long term, long offset, long size, byte[] data) implements Message {}

  /** A replica staging snapshot {@code index} has its first {@code offset} bytes; send from there. */
  record SnapshotAck(long version, NodeId primary, long index, long offset) implements Message {}

  static ByteBuffer encode(Message m) {
    if (m instanceof SnapshotChunk c) {
      ByteBuffer b = ByteBuffer.allocate(1 + c.config().encodedSize() + 36 + c.data().length);
      b.put(SNAPSHOT);
      c.config().encode(b);
      b.putLong(c.index()).putLong(c.term()).putLong(c.offset()).putLong(c.size()).putInt(c.data().length).put(c.data());
      return b.flip();
    }
    if (m instanceof SnapshotAck a) {
      ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + a.primary().id().length() * 3 + 16);
      b.put(SNAPSHOT_ACK).putLong(a.version());
      GroupConfig.putString(b, a.primary().id());
      b.putLong(a.index()).putLong(a.offset());
      return b.flip();
    }
    if (m instanceof Prepare p) {
      int size = 1 + p.config().encodedSize() + 40;
      for (LogEntry e : p.entries()) {
        size += 13 + e.payload().length;
      }
      ByteBuffer b = ByteBuffer.allocate(size);
      b.put(PREPARE);
      p.config().encode(b);
      b.putLong(p.prevIndex()).putLong(p.prevTerm()).putLong(p.commit()).putLong(p.beaconTime()).putInt(p.entries().size());
      for (LogEntry e : p.entries()) {
        b.putLong(e.term()).put(e.type()).putInt(e.payload().length).put(e.payload());
      }
      return b.flip();
    }
    if (m instanceof Ack a) {
      ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + a.primary().id().length() * 3 + 1 + 16);
      b.put(ACK).putLong(a.version());
      GroupConfig.putString(b, a.primary().id());
      b.put(a.success() ? (byte) 1 : 0).putLong(a.match()).putLong(a.beaconTime());
      return b.flip();
    }
    if (m instanceof CmRequest r) {
      ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + r.change().length);
      b.put(CM_REQUEST).putLong(r.id()).putInt(r.change().length).put(r.change());
      return b.flip();
    }
    CmReply r = (CmReply) m;
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 2 + r.config().encodedSize());
    b.put(CM_REPLY).putLong(r.id()).put(r.decided() ? (byte) 1 : 0).put(r.accepted() ? (byte) 1 : 0);
    r.config().encode(b);
    return b.flip();
  }

  /** @throws IllegalArgumentException on a malformed message */
  static Message decode(ByteBuffer in) {
    ByteBuffer b = in.duplicate();
    try {
      byte type = b.get();
      switch (type) {
        case PREPARE: {
          GroupConfig c = GroupConfig.decode(b);
          long prev = b.getLong();
          long prevTerm = b.getLong();
          long commit = b.getLong();
          long beacon = b.getLong();
          int n = b.getInt();
          if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("bad entry count " + n);
          }
          List<LogEntry> entries = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            long term = b.getLong();
            byte t = b.get();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
              throw new IllegalArgumentException("bad payload length " + len);
            }
            byte[] payload = new byte[len];
            b.get(payload);
            entries.add(new LogEntry(prev + 1 + i, term, t, payload));
          }
          return new Prepare(c, prev, prevTerm, commit, beacon, entries);
        }
        case ACK:
          return new Ack(b.getLong(), NodeId.of(GroupConfig.getString(b)), b.get() == 1, b.getLong(), b.getLong());
        case CM_REQUEST: {
          long id = b.getLong();
          int len = b.getInt();
          if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad change length " + len);
          }
          byte[] change = new byte[len];
          b.get(change);
          return new CmRequest(id, change);
        }
        case CM_REPLY:
          return new CmReply(b.getLong(), b.get() == 1, b.get() == 1, GroupConfig.decode(b));
        case SNAPSHOT: {
          GroupConfig c = GroupConfig.decode(b);
          long index = b.getLong();
          long term = b.getLong();
          long offset = b.getLong();
          long size = b.getLong();
          int len = b.getInt();
          if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad chunk length " + len);
          }
          byte[] data = new byte[len];
          b.get(data);
          return new SnapshotChunk(c, index, term, offset, size, data);
        }
        case SNAPSHOT_ACK:
          return new SnapshotAck(b.getLong(), NodeId.of(GroupConfig.getString(b)), b.getLong(), b.getLong());
        default:
          throw new IllegalArgumentException("unknown message type " + type);
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated message", e);
    }
  }

  static String describe(ByteBuffer message) {
    try {
      Message m = decode(message);
      if (m instanceof Prepare p) {
        return "Prepare{" + p.config() + " prev=" + p.prevIndex() + "@" + p.prevTerm() + " commit=" + p.commit()
            + (p.beaconTime() != 0 ? " beacon" : "") + " entries=" + p.entries().size() + "}";
      }
      if (m instanceof SnapshotChunk c) {
        return "SnapshotChunk{" + c.config() + " index=" + c.index() + "@" + c.term() + " offset=" + c.offset() + " len="
            + c.data().length + "/" + c.size() + "}";
      }
      if (m instanceof CmRequest r) {
        return "CmRequest{" + r.id() + " " + ConfigManager.Change.decode(ByteBuffer.wrap(r.change())) + "}";
      }
      return m.toString();
    } catch (IllegalArgumentException e) {
      return "malformed(" + e.getMessage() + ")";
    }
  }
}
