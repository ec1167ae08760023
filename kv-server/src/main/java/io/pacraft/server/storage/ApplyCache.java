package io.pacraft.server.storage;

import java.util.HashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;

/**
 * What one apply batch has already read, so that later entries of the same batch need not read it
 * again through RocksDB's batch index and memtable: every metadata record read or written (a hot
 * counter, a queue's key, one key set by many clients at once), and the list chunks read or
 * written (a queue's end chunk, which every push or pop of the batch rewrites).
 *
 * <p>Every answer is the one the batch over the database gives: writes and deletions through the
 * {@link Keyspace} update or drop their entries, a rollback to a mark or a flush empties it, and the
 * state machine empties it with the batch. Apply thread only.
 */
public final class ApplyCache {
  /** In {@link #meta}: the key has no metadata record (deleted, or never written). */
  static final byte[] ABSENT = new byte[0];

  final Map<ByteString, byte[]> meta = new HashMap<>();
  final Map<ByteString, byte[]> data = new HashMap<>();
  /**
   * Values of the {@code data} family written through {@link Keyspace#putShared} and not yet in
   * the batch (also in {@link #data}): a list's end chunk, rewritten by every push and pop of a
   * batch, goes into the batch once, not once per command. Written into the batch before anything
   * iterates the family, and by {@link #writePending} before the batch is written.
   */
  final Map<ByteString, byte[]> pending = new HashMap<>();

  /**
   * Most values kept {@link #pending}; beyond it they go into the batch. Every command's mark
   * copies them (for a rollback), so a batch pushing to many different lists must not pile up
   * hundreds.
   */
  static final int PENDING_LIMIT = 64;

  public void clear() {
    meta.clear();
    data.clear();
    pending.clear();
  }

  /** Puts the pending values into {@code batch} (under {@code dataFamily}). */
  public void writePending(WriteBatchWithIndex batch, ColumnFamilyHandle dataFamily) {
    if (pending.isEmpty()) {
      return;
    }
    try {
      for (Map.Entry<ByteString, byte[]> e : pending.entrySet()) {
        batch.put(dataFamily, e.getKey().bytes(), e.getValue());
      }
    } catch (RocksDBException e) {
      throw new StorageException(e);
    }
    pending.clear();
  }
}
