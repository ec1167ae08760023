package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;

/**
 * What one apply batch has already read, so that later entries of the same batch need not read it
 * again through RocksDB's batch index and memtable: every metadata record read or written (a hot
 * counter, a queue's key, one key set by many clients at once), and the list chunks read or
 * written (a queue's end chunk, which every push or pop of the batch rewrites); and the writes of
 * those not yet put into the batch ({@link #pendingMeta}).
 *
 * <p>Every answer is the one the batch over the database gives: writes and deletions through the
 * {@link Keyspace} update or drop their entries, a rollback to a mark undoes the pending writes since
 * the mark and forgets the rest, a flush empties it, and the state machine empties it with the
 * batch. Apply thread only.
 */
public final class ApplyCache {
  /** In {@link #meta}: the key has no metadata record (deleted, or never written). */
  static final byte[] ABSENT = new byte[0];

  final Map<ByteString, byte[]> meta = new HashMap<>();
  final Map<ByteString, byte[]> data = new HashMap<>();
  /**
   * Writes not yet in the batch: metadata records (also in {@link #meta}) and list chunks written
   * through {@link Keyspace#putShared} (also in {@link #data}). A key rewritten by many commands of
   * a batch — a counter, a hot key, a queue's end chunk — goes into the batch once, not once per
   * command: RocksDB would insert every version into the memtable. They go into the batch before
   * anything iterates their family and by {@link #writePending} before the batch is written.
   */
  final Map<ByteString, byte[]> pendingMeta = new HashMap<>();

  final Map<ByteString, byte[]> pendingData = new HashMap<>();

  /**
   * At most this many {@code data} records wait in {@link #pendingData}; past it a shared write
   * goes straight into the batch. A hash field waits here too, and one HSET of a million fields
   * would otherwise hold a million on the heap until the batch is written.
   */
  static final int PENDING_DATA_LIMIT = 4096;

  /**
   * Every key of the {@code meta} and {@code data} families this batch wrote or deleted (with
   * repeats, and those a rollback undid): what the {@link RecordCache} must drop once the batch is
   * written. Kept through rollbacks and flushes.
   */
  private final ArrayList<ByteString> writtenMeta = new ArrayList<>();

  private final ArrayList<ByteString> writtenData = new ArrayList<>();

  /** Every change to the pending writes since the batch began, newest last, to undo a rollback's share. */
  private final ArrayList<Undo> undo = new ArrayList<>();

  private record Undo(Map<ByteString, byte[]> map, ByteString key, byte[] before) {}

  /**
   * Where each element of {@link #offsetsChunk} starts ({@code offsets[i]}, at least its count of
   * them): the chunk a tail pop last left, whose next tail pop then needs no walk over its
   * elements' lengths. Kept by identity: chunks are immutable arrays, so for another chunk it is
   * never used.
   */
  byte[] offsetsChunk;

  int[] offsets;

  /** Empties it for a new batch. */
  public void clear() {
    forget();
    writtenMeta.clear();
    writtenData.clear();
  }

  /** Forgets what was read and what waits (FLUSHDB: the batch was cleared), not what was written. */
  void forget() {
    offsetsChunk = null;
    offsets = null;
    meta.clear();
    data.clear();
    pendingMeta.clear();
    pendingData.clear();
    undo.clear();
  }

  void wroteMeta(ByteString key) {
    writtenMeta.add(key);
  }

  void wroteData(ByteString key) {
    writtenData.add(key);
  }

  public List<ByteString> writtenMeta() {
    return writtenMeta;
  }

  public List<ByteString> writtenData() {
    return writtenData;
  }

  void putPending(Map<ByteString, byte[]> pending, ByteString key, byte[] value) {
    undo.add(new Undo(pending, key, pending.put(key, value)));
  }

  void dropPending(Map<ByteString, byte[]> pending, ByteString key) {
    byte[] before = pending.remove(key);
    if (before != null) {
      undo.add(new Undo(pending, key, before));
    }
  }

  /** A point to {@link #rollback} to. */
  int mark() {
    return undo.size();
  }

  /**
   * Puts the pending writes back as they were at {@code mark} (the batch has been rolled back to
   * the same point) and forgets what was read: the batch answers again, except for the keys whose
   * writes still wait here.
   */
  void rollback(int mark) {
    while (undo.size() > mark) {
      Undo u = undo.remove(undo.size() - 1);
      if (u.before == null) {
        u.map.remove(u.key);
      } else {
        u.map.put(u.key, u.before);
      }
    }
    meta.clear();
    data.clear();
    meta.putAll(pendingMeta);
    data.putAll(pendingData);
  }

  /** Puts every pending write into {@code batch}. */
  public void writePending(WriteBatchWithIndex batch, RocksStore store) {
    writePending(batch, store.meta(), pendingMeta);
    writePending(batch, store.data(), pendingData);
  }

  void writePending(WriteBatchWithIndex batch, ColumnFamilyHandle family, Map<ByteString, byte[]> pending) {
    if (pending.isEmpty()) {
      return;
    }
    try {
      for (Map.Entry<ByteString, byte[]> e : pending.entrySet()) {
        batch.put(family, e.getKey().bytes(), e.getValue());
        undo.add(new Undo(pending, e.getKey(), e.getValue()));
      }
    } catch (RocksDBException e) {
      throw new StorageException(e);
    }
    pending.clear();
  }
}
