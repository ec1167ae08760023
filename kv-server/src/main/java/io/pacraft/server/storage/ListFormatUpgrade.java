package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Converts the lists of a database in storage format 1, one element per key under its position,
 * into chunks ({@link ListType}): each list in one atomic write (its elements deleted, its chunks
 * and its longer header written), so a crash part way leaves every list in one format or the
 * other, and running again converts the rest. A list's elements keep their positions, so the
 * result is the same on every replica.
 */
public final class ListFormatUpgrade {
  /** A format-1 list's header: version, size, head, tail. */
  private static final int OLD_HEADER = ListType.HEAD_CHUNK;

  private ListFormatUpgrade() {}

  /** Converts every list still in format 1; returns how many there were. */
  public static int run(RocksStore s) throws RocksDBException {
    int lists = 0;
    try (RocksIterator metas = s.db().newIterator(s.meta())) {
      for (metas.seekToFirst(); metas.isValid(); metas.next()) {
        Meta m = Meta.wrap(metas.value());
        if (m.type() == KeyType.LIST && m.bodyLength() == OLD_HEADER) {
          convert(s, metas.key(), m);
          lists++;
        }
      }
    }
    return lists;
  }

  private static void convert(RocksStore s, byte[] metaKey, Meta m) throws RocksDBException {
    byte[] key = Keyspace.userKey(metaKey);
    byte[] body = m.body();
    long head = Bytes.getLong(body, ListType.HEAD);
    long tail = Bytes.getLong(body, ListType.TAIL);
    long version = Bytes.getLong(body, CollectionHeader.VERSION);
    byte[] prefix = DataKeys.prefix(key, version);
    long p = head;
    try (WriteBatch wb = new WriteBatch(); RocksIterator it = s.db().newIterator(s.data())) {
      List<byte[]> run = new ArrayList<>();
      long bytes = 0;
      for (it.seek(DataKeys.member(key, version, ListType.position(head)));
          it.isValid() && Bytes.startsWith(it.key(), prefix) && p != tail;
          it.next()) {
        byte[] k = it.key();
        if (Bytes.getLong(k, prefix.length) != p) {
          throw new IllegalStateException("list " + Bytes.utf8(key) + " lacks its element at " + Long.toUnsignedString(p));
        }
        byte[] v = it.value();
        wb.delete(s.data(), k); // before the chunk that may take this key is put
        int size = ListChunk.entrySize(v);
        if (!run.isEmpty() && !ListType.room(run.size(), bytes, size)) {
          long first = p - run.size();
          wb.put(s.data(), DataKeys.member(key, version, ListType.position(first)), ListChunk.encode(first, run));
          run.clear();
          bytes = 0;
        }
        run.add(v);
        bytes += size;
        p++;
      }
      if (p != tail || run.isEmpty()) {
        throw new IllegalStateException("list " + Bytes.utf8(key) + " lacks its element at " + Long.toUnsignedString(p));
      }
      long first = p - run.size();
      wb.put(s.data(), DataKeys.member(key, version, ListType.position(first)), ListChunk.encode(first, run));
      byte[] converted = java.util.Arrays.copyOf(body, ListType.HEADER);
      Bytes.putLong(converted, ListType.HEAD_CHUNK, head); // every chunk anchored at its first element
      Bytes.putLong(converted, ListType.TAIL_CHUNK, first);
      wb.put(s.meta(), metaKey, Meta.of(KeyType.LIST, m.expireAt(), m.modIndex(), converted).raw());
      s.db().write(s.writeOptions(), wb);
    }
  }
}
