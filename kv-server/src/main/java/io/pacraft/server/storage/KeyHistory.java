package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksIterator;

/**
 * What WATCH needs to know about a key beyond its live metadata: when it was last deleted, and when
 * the whole database was last flushed. Kept in the {@code sys} family, written by every replica in
 * the same entry as the deletion, so EXEC decides the same way everywhere.
 *
 * <pre>
 * sys 0x01 + key       → [deletion index:8][expire-at:8]  (expire-at ≠ 0: deleted because it expired)
 * sys "flushed"        → [index:8]                        the last FLUSHDB/FLUSHALL
 * sys "history-gc"     → [horizon:8][cursor key]          deletions before the horizon may be forgotten
 * </pre>
 *
 * <p>A key's modification index ({@link Meta#modIndex()}) covers every write while it exists; a
 * deletion record covers its removal; both are compared with the applied index at which the client
 * ran WATCH. Deletion records are collected once they are {@link #WINDOW} entries old, a bounded
 * number per {@link #collect} round; a watched key that is absent at EXEC and was watched before
 * the collection horizon is conservatively treated as modified.
 */
public final class KeyHistory {
  /** Deletion records younger than this many log entries are always kept. */
  public static final long WINDOW = 1L << 20;
  /** Records examined per collection round. */
  static final int COLLECT_BATCH = 4096;

  private static final byte TOMBSTONE = 0x01; // no other sys record starts with this byte
  private static final byte[] FLUSHED = Bytes.utf8("flushed");
  private static final byte[] GC = Bytes.utf8("history-gc");

  private KeyHistory() {}

  static byte[] tombstoneKey(byte[] key) {
    byte[] k = new byte[1 + key.length];
    k[0] = TOMBSTONE;
    System.arraycopy(key, 0, k, 1, key.length);
    return k;
  }

  /** Records that {@code key} is deleted in this entry; {@code expiredAt} ≠ 0 when by expiry. */
  static void deleted(Keyspace ks, byte[] key, long expiredAt) {
    byte[] v = new byte[16];
    Bytes.putLong(v, 0, ks.index());
    Bytes.putLong(v, 8, expiredAt);
    ks.put(ks.store().sys(), tombstoneKey(key), v);
    ks.store().noDeletionRecords(false);
  }

  /** Records a flush of the whole database in this entry. */
  static void flushed(Keyspace ks) {
    ks.put(ks.store().sys(), FLUSHED, Bytes.ofLong(ks.index()));
  }

  /**
   * True when {@code key} was modified, created, deleted or expired after log index {@code
   * watchIndex} (the applied index when the client watched it, at leader time {@code watchTime}),
   * as Redis' WATCH defines it: a key already expired when watched that is later deleted for that
   * expiry counts as unchanged.
   */
  public static boolean modifiedSince(Keyspace ks, byte[] key, long watchIndex, long watchTime) {
    byte[] flushed = ks.get(ks.store().sys(), FLUSHED);
    if (flushed != null && Bytes.getLong(flushed, 0) > watchIndex) {
      return true;
    }
    Meta m = ks.rawMeta(key);
    if (m != null) {
      if (m.modIndex() > watchIndex) {
        return true;
      }
      // Expired since the watch (but not yet deleted by the log): a change, as in Redis.
      return m.expiredAt(ks.now()) && !m.expiredAt(watchTime);
    }
    byte[] t = ks.get(ks.store().sys(), tombstoneKey(key));
    if (t != null) {
      long deletedAt = Bytes.getLong(t, 0);
      long expiredAt = Bytes.getLong(t, 8);
      if (deletedAt <= watchIndex) {
        return false;
      }
      return !(expiredAt != 0 && expiredAt <= watchTime);
    }
    byte[] gc = ks.get(ks.store().sys(), GC);
    return gc != null && Bytes.getLong(gc, 0) > watchIndex;
  }

  /**
   * One collection round: forgets up to {@link #COLLECT_BATCH} deletion records older than {@link
   * #WINDOW} entries, resuming where the last round stopped. Deterministic (it reads only the
   * replicated state), so every replica forgets the same records.
   */
  public static void collect(Keyspace ks) {
    collect(ks, WINDOW);
  }

  /** {@link #collect(Keyspace)} with another window (tests). */
  static void collect(Keyspace ks, long window) {
    long horizon = ks.index() - window;
    if (horizon <= 0) {
      return;
    }
    if (ks.store().noDeletionRecords()) {
      // What a scan would find (nothing) is known: write what it would have written, without one
      // iterator over the family per round (most of a write's cost of keeping deletion records).
      writeCursor(ks, horizon, new byte[] {TOMBSTONE});
      return;
    }
    byte[] gc = ks.get(ks.store().sys(), GC);
    byte[] from = gc == null ? new byte[] {TOMBSTONE} : java.util.Arrays.copyOfRange(gc, 8, gc.length);
    boolean fromStart = from.length == 1 && from[0] == TOMBSTONE;
    List<byte[]> old = new ArrayList<>();
    byte[] last = null;
    int seen = 0;
    try (RocksIterator it = ks.iterator(ks.store().sys())) {
      for (it.seek(from); it.isValid() && seen < COLLECT_BATCH; it.next()) {
        byte[] k = it.key();
        if (k.length == 0 || k[0] != TOMBSTONE) {
          break;
        }
        seen++;
        last = k;
        if (Bytes.getLong(it.value(), 0) < horizon) {
          old.add(k);
        }
      }
    }
    for (byte[] k : old) {
      ks.delete(ks.store().sys(), k);
    }
    if (seen == 0 && fromStart) {
      ks.store().noDeletionRecords(true);
    }
    // Resume after the last record seen, or from the start once the end is reached.
    byte[] cursor = seen == COLLECT_BATCH && last != null ? java.util.Arrays.copyOf(last, last.length + 1) : new byte[] {TOMBSTONE};
    writeCursor(ks, horizon, cursor);
  }

  private static void writeCursor(Keyspace ks, long horizon, byte[] cursor) {
    byte[] v = new byte[8 + cursor.length];
    Bytes.putLong(v, 0, horizon);
    System.arraycopy(cursor, 0, v, 8, cursor.length);
    ks.put(ks.store().sys(), GC, v);
  }
}
