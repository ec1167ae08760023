package io.pacraft.server.storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records of the {@code meta} and {@code data} families recently read outside a batch, so that a
 * hot key's GET, or a write that changes nothing (SADD of a member already there), skips RocksDB's
 * lookup: the JNI crossing, the memtable's skip list and the SST files' index. The applier keeps it
 * equal to the database: every batch is bracketed by {@link #writing()} and {@link #written}, which
 * drops every key the batch wrote; a snapshot install or a FLUSHALL empties it.
 *
 * <p>{@link #writes()} is odd from {@link #writing()} to {@link #written}, and grows by two with
 * every batch. A value read from the database enters only if no batch began since the reader's
 * {@link #writes()} (both checked under this object's lock), so a value the batch overwrote never
 * enters after the batch dropped its key. While a batch is being written a cached key answers its
 * old value and an uncached one is read from the database, whatever the batch has made visible
 * there: either way every read of one key agrees with every later read of it, and the batch's
 * writers are answered only after {@link #written}. A reader that needs several reads to agree
 * checks that {@link #writes()} was even and unchanged across them.
 *
 * <p>Bounded by bytes (keys and values counted): two generations, the young one taking new and
 * re-used records; when it holds half the budget it becomes the old one and the old one is dropped,
 * so a record read again within about half the budget's worth of others survives. Records over
 * {@link #MAX_RECORD} bytes are not kept.
 */
public final class RecordCache {
  /** A record absent from the database. */
  static final byte[] ABSENT = new byte[0];

  /** Larger records are not kept: one would evict many small ones, and copying it costs more than the read saved. */
  public static final int MAX_RECORD = 16 * 1024;

  /** Per record, beyond its key and value: the map entry and the key's wrapper. */
  private static final int OVERHEAD = 96;

  private final long budget;
  private volatile long writes;
  private Map<ByteString, byte[]> youngMeta = new HashMap<>();
  private Map<ByteString, byte[]> youngData = new HashMap<>();
  private Map<ByteString, byte[]> oldMeta = Map.of();
  private Map<ByteString, byte[]> oldData = Map.of();
  private long youngBytes;

  /** {@code budget}: bytes of records to keep; 0 keeps none. */
  public RecordCache(long budget) {
    this.budget = budget;
  }

  public boolean enabled() {
    return budget > 0;
  }

  /** Odd while a batch is being written; grows with every batch (see the class comment). */
  public long writes() {
    return writes;
  }

  /** A batch is about to be written to the database. Apply thread. */
  public synchronized void writing() {
    writes++;
  }

  /** The batch is in the database; {@code meta} and {@code data}: every key it may have written. */
  public synchronized void written(List<ByteString> meta, List<ByteString> data) {
    if (youngBytes > 0 || !oldMeta.isEmpty() || !oldData.isEmpty()) {
      for (ByteString k : meta) {
        drop(youngMeta, oldMeta, k);
      }
      for (ByteString k : data) {
        drop(youngData, oldData, k);
      }
    }
    writes++;
  }

  /** The whole database was replaced or emptied (with {@link #writing()} before it). */
  public synchronized void cleared() {
    youngMeta = new HashMap<>();
    youngData = new HashMap<>();
    oldMeta = Map.of();
    oldData = Map.of();
    youngBytes = 0;
    writes++;
  }

  private void drop(Map<ByteString, byte[]> young, Map<ByteString, byte[]> old, ByteString k) {
    byte[] v = young.remove(k);
    if (v != null) {
      youngBytes -= size(k, v);
    }
    if (!old.isEmpty()) {
      old.remove(k);
    }
  }

  /** The cached record (never to be changed by the caller), {@link #ABSENT}, or null if not cached. */
  public synchronized byte[] get(boolean meta, ByteString key) {
    Map<ByteString, byte[]> young = meta ? youngMeta : youngData;
    byte[] v = young.get(key);
    if (v != null) {
      return v;
    }
    Map<ByteString, byte[]> old = meta ? oldMeta : oldData;
    if (old.isEmpty()) {
      return null;
    }
    v = old.remove(key);
    if (v != null) {
      keep(young, key, v);
    }
    return v;
  }

  /**
   * Keeps {@code value} (null: absent), read from the database when {@link #writes()} was {@code
   * seen}, unless a batch has begun since.
   */
  public synchronized void put(boolean meta, ByteString key, byte[] value, long seen) {
    if (writes != seen || (seen & 1) != 0 || budget <= 0) {
      return;
    }
    byte[] v = value == null ? ABSENT : value;
    if (v.length > MAX_RECORD) {
      return;
    }
    keep(meta ? youngMeta : youngData, key, v);
  }

  private void keep(Map<ByteString, byte[]> young, ByteString key, byte[] v) {
    byte[] before = young.put(key, v);
    if (before != null) {
      youngBytes -= size(key, before);
    }
    youngBytes += size(key, v);
    if (youngBytes > budget / 2) {
      oldMeta = youngMeta;
      oldData = youngData;
      youngMeta = new HashMap<>();
      youngData = new HashMap<>();
      youngBytes = 0;
    }
  }

  private static long size(ByteString k, byte[] v) {
    return k.bytes().length + v.length + OVERHEAD;
  }

  /** Records kept (INFO, tests). */
  public synchronized int size() {
    return youngMeta.size() + youngData.size() + oldMeta.size() + oldData.size();
  }
}
