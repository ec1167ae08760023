package io.pacraft.raft;

import io.pacraft.replication.log.LogEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary wire format of {@link Message}: a version byte, a type byte, then the fields as
 * big-endian longs, flags as bytes, byte arrays as a 4-byte length and the bytes. Entries of an
 * AppendEntries carry term, type and payload; their indexes follow from prevIndex.
 */
final class MessageCodec {
  static final byte VERSION = 1;

  private static final byte REQUEST_VOTE = 1;
  private static final byte VOTE_RESPONSE = 2;
  private static final byte APPEND_ENTRIES = 3;
  private static final byte APPEND_RESPONSE = 4;
  private static final byte HEARTBEAT = 5;
  private static final byte HEARTBEAT_RESPONSE = 6;
  private static final byte INSTALL_SNAPSHOT = 7;
  private static final byte SNAPSHOT_RESPONSE = 8;
  private static final byte TIMEOUT_NOW = 9;

  private MessageCodec() {}

  static ByteBuffer encode(Message m) {
    ByteBuffer b = ByteBuffer.allocate(size(m));
    b.put(VERSION);
    if (m instanceof Message.RequestVote v) {
      b.put(REQUEST_VOTE).putLong(v.term()).putLong(v.lastIndex()).putLong(v.lastTerm());
      b.put(flag(v.preVote())).put(flag(v.transfer()));
    } else if (m instanceof Message.VoteResponse v) {
      b.put(VOTE_RESPONSE).putLong(v.term()).put(flag(v.preVote())).put(flag(v.granted()));
    } else if (m instanceof Message.AppendEntries a) {
      b.put(APPEND_ENTRIES).putLong(a.term()).putLong(a.prevIndex()).putLong(a.prevTerm()).putLong(a.commit());
      b.putInt(a.entries().size());
      for (LogEntry e : a.entries()) {
        b.putLong(e.term()).put(e.type());
        putBytes(b, e.payload());
      }
    } else if (m instanceof Message.AppendResponse r) {
      b.put(APPEND_RESPONSE).putLong(r.term()).put(flag(r.success())).putLong(r.index());
      b.putLong(r.conflictIndex()).putLong(r.conflictTerm());
    } else if (m instanceof Message.Heartbeat h) {
      b.put(HEARTBEAT).putLong(h.term()).putLong(h.commit()).putLong(h.round());
    } else if (m instanceof Message.HeartbeatResponse h) {
      b.put(HEARTBEAT_RESPONSE).putLong(h.term()).putLong(h.round());
    } else if (m instanceof Message.InstallSnapshot s) {
      b.put(INSTALL_SNAPSHOT).putLong(s.term()).putLong(s.index()).putLong(s.snapshotTerm());
      putBytes(b, s.membership());
      b.putLong(s.offset()).putLong(s.size());
      putBytes(b, s.data());
    } else if (m instanceof Message.SnapshotResponse s) {
      b.put(SNAPSHOT_RESPONSE).putLong(s.term()).putLong(s.index()).putLong(s.nextOffset()).put(flag(s.done()));
    } else if (m instanceof Message.TimeoutNow t) {
      b.put(TIMEOUT_NOW).putLong(t.term());
    }
    return b.flip();
  }

  /**
   * Decodes one message.
   *
   * @throws IllegalArgumentException when the bytes are not a message of a version we read
   */
  static Message decode(ByteBuffer src) {
    ByteBuffer b = src.duplicate();
    try {
      byte version = b.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unsupported raft message version " + version);
      }
      byte type = b.get();
      Message m =
          switch (type) {
            case REQUEST_VOTE -> new Message.RequestVote(b.getLong(), b.getLong(), b.getLong(), bool(b), bool(b));
            case VOTE_RESPONSE -> new Message.VoteResponse(b.getLong(), bool(b), bool(b));
            case APPEND_ENTRIES -> appendEntries(b);
            case APPEND_RESPONSE -> new Message.AppendResponse(b.getLong(), bool(b), b.getLong(), b.getLong(), b.getLong());
            case HEARTBEAT -> new Message.Heartbeat(b.getLong(), b.getLong(), b.getLong());
            case HEARTBEAT_RESPONSE -> new Message.HeartbeatResponse(b.getLong(), b.getLong());
            case INSTALL_SNAPSHOT -> new Message.InstallSnapshot(
                b.getLong(), b.getLong(), b.getLong(), bytes(b), b.getLong(), b.getLong(), bytes(b));
            case SNAPSHOT_RESPONSE -> new Message.SnapshotResponse(b.getLong(), b.getLong(), b.getLong(), bool(b));
            case TIMEOUT_NOW -> new Message.TimeoutNow(b.getLong());
            default -> throw new IllegalArgumentException("unknown raft message type " + type);
          };
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " trailing bytes after " + m.getClass().getSimpleName());
      }
      return m;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated raft message", e);
    }
  }

  private static Message.AppendEntries appendEntries(ByteBuffer b) {
    long term = b.getLong();
    long prevIndex = b.getLong();
    long prevTerm = b.getLong();
    long commit = b.getLong();
    int n = b.getInt();
    if (n < 0 || n > b.remaining() / 13) {
      throw new IllegalArgumentException("bad entry count " + n);
    }
    List<LogEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t = b.getLong();
      byte type = b.get();
      entries.add(new LogEntry(prevIndex + 1 + i, t, type, bytes(b)));
    }
    return new Message.AppendEntries(term, prevIndex, prevTerm, commit, entries);
  }

  private static int size(Message m) {
    int header = 2;
    if (m instanceof Message.RequestVote) {
      return header + 26;
    } else if (m instanceof Message.VoteResponse) {
      return header + 10;
    } else if (m instanceof Message.AppendEntries a) {
      int s = header + 36;
      for (LogEntry e : a.entries()) {
        s += 13 + e.payload().length;
      }
      return s;
    } else if (m instanceof Message.AppendResponse) {
      return header + 33;
    } else if (m instanceof Message.Heartbeat) {
      return header + 24;
    } else if (m instanceof Message.HeartbeatResponse) {
      return header + 16;
    } else if (m instanceof Message.InstallSnapshot s) {
      return header + 40 + 8 + s.membership().length + s.data().length;
    } else if (m instanceof Message.SnapshotResponse) {
      return header + 25;
    } else {
      return header + 8;
    }
  }

  private static byte flag(boolean b) {
    return b ? (byte) 1 : (byte) 0;
  }

  private static boolean bool(ByteBuffer b) {
    byte v = b.get();
    if (v != 0 && v != 1) {
      throw new IllegalArgumentException("bad flag byte " + v);
    }
    return v == 1;
  }

  private static void putBytes(ByteBuffer b, byte[] bytes) {
    b.putInt(bytes.length).put(bytes);
  }

  private static byte[] bytes(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad length " + n);
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
