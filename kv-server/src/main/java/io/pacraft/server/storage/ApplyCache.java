package io.pacraft.server.storage;

import java.util.HashMap;
import java.util.Map;

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

  public void clear() {
    meta.clear();
    data.clear();
  }
}
