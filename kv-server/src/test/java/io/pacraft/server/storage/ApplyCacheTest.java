package io.pacraft.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What a batch has read, kept in memory for the rest of the batch (metadata records, list chunks
 * read or written): every answer must be the one the batch over the database gives, through
 * writes, deletions, rollbacks to a mark and a flush.
 */
class ApplyCacheTest extends ApplyBatchFixture {
  /** What the batch over the database holds for {@code key}, bypassing the cache (its pending writes put into the batch first). */
  private byte[] uncached(String key) {
    cache.writePending(batch, store);
    return Keyspace.forApply(store, batch, index, 1_000, 0, counters).getString(k(key));
  }

  private static byte[] k(String s) {
    return Bytes.utf8(s);
  }

  @Test
  void answersAsTheBatchDoesAcrossEntriesRollbacksAndAFlush() throws Exception {
    Keyspace first = next();
    first.setString(k("a"), k("1"), 0);
    cache.writePending(batch, store);
    store.db().write(store.writeOptions(), batch); // "a" is in the database now
    batch.clear();
    cache.clear();

    Keyspace ks = next();
    assertThat(ks.getString(k("a"))).isEqualTo(k("1"));
    ks.setString(k("a"), k("2"), 0);
    ks.setString(k("b"), k("x"), 0);
    Keyspace later = next(); // a later entry of the same batch
    assertThat(later.getString(k("a"))).isEqualTo(k("2"));
    byte[] answer = later.getString(k("b"));
    answer[0] = 'y'; // a caller changing what it was given changes nothing stored
    assertThat(later.getString(k("b"))).isEqualTo(k("x"));

    Keyspace.Mark mark = later.mark();
    later.setString(k("a"), k("3"), 0);
    later.delete(k("b"));
    later.setString(k("c"), k("new"), 0);
    assertThat(later.getString(k("a"))).isEqualTo(k("3"));
    assertThat(later.getString(k("b"))).isNull();
    later.rollback(mark);
    for (String key : new String[] {"a", "b", "c"}) {
      assertThat(later.getString(k(key))).as(key).isEqualTo(uncached(key));
    }
    assertThat(later.getString(k("a"))).isEqualTo(k("2"));
    assertThat(later.getString(k("b"))).isEqualTo(k("x"));
    assertThat(later.getString(k("c"))).isNull();

    Keyspace flushing = next();
    flushing.flushAll();
    assertThat(flushing.getString(k("a"))).isNull();
    flushing.setString(k("d"), k("after"), 0);
    assertThat(flushing.getString(k("d"))).isEqualTo(k("after"));
    assertThat(flushing.getString(k("b"))).isNull();
  }

  private static String str(byte[] b) {
    return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void listChunksKeptYetSeeEveryWriteOfTheBatch() throws Exception {
    Keyspace fill = next();
    Collection list = ListType.findOrCreate(fill, k("q"));
    for (int i = 0; i < 300; i++) {
      ListType.push(list, k("e" + i), false); // e0 at the head … e299 at the tail
    }
    list.save();
    cache.writePending(batch, store);
    store.db().write(store.writeOptions(), batch); // in the database, outside this batch
    batch.clear();
    cache.clear();

    Keyspace ks = next();
    Collection q = ListType.find(ks, k("q"));
    assertThat(str(ListType.pop(q, true))).isEqualTo("e0"); // keeps the head chunk
    assertThat(str(ListType.pop(q, false))).isEqualTo("e299"); // and the tail chunk
    ListType.set(q, 0, k("changed")); // e1, in the head chunk kept
    ListType.set(q, q.size() - 1, k("changed too")); // e298, in the tail chunk
    q.save();
    Keyspace later = next();
    Collection q2 = ListType.find(later, k("q"));
    assertThat(str(ListType.pop(q2, true))).isEqualTo("changed");
    assertThat(str(ListType.pop(q2, false))).isEqualTo("changed too");
    assertThat(str(ListType.pop(q2, true))).isEqualTo("e2");
    ListType.push(q2, k("pushed"), true); // into the position e2 left
    assertThat(str(ListType.pop(q2, true))).isEqualTo("pushed");
    q2.save();

    Keyspace tx = next();
    Collection q3 = ListType.find(tx, k("q"));
    Keyspace.Mark mark = tx.mark();
    ListType.set(q3, 70, k("rolled back")); // e73, in a chunk not read so far
    for (int i = 3; i < 80; i++) {
      assertThat(str(ListType.pop(q3, true))).isEqualTo(i == 73 ? "rolled back" : "e" + i);
    }
    q3.save();
    tx.rollback(mark); // the pops, and the chunks kept from the batch, are undone
    Collection q4 = ListType.find(tx, k("q"));
    for (int i = 3; i < 297; i++) {
      assertThat(str(ListType.pop(q4, true))).isEqualTo("e" + i);
    }
    assertThat(str(ListType.pop(q4, true))).isEqualTo("e297");
    assertThat(q4.size()).isZero();
    assertThat(ListType.pop(q4, true)).isNull();
  }

  /**
   * Hash fields wait in the cache, but at most {@link ApplyCache#PENDING_DATA_LIMIT} records do:
   * one HSET of many fields puts the rest straight into the batch. Every field reads back, a
   * rollback undoes both kinds, and the database gets them all.
   */
  @Test
  void atMostTheLimitOfDataRecordsWaitAndEveryOneReadsBack() throws Exception {
    int fields = 3 * ApplyCache.PENDING_DATA_LIMIT;
    Keyspace ks = next();
    Collection h = HashType.findOrCreate(ks, k("h"));
    for (int i = 0; i < fields; i++) {
      assertThat(HashType.set(h, k("f" + i), k("v" + i))).isTrue();
    }
    h.save();
    assertThat(cache.pendingData.size()).isLessThanOrEqualTo(ApplyCache.PENDING_DATA_LIMIT);

    Keyspace tx = next();
    Collection h2 = HashType.find(tx, k("h"));
    Keyspace.Mark mark = tx.mark();
    for (int i = 0; i < fields; i += 7) {
      HashType.set(h2, k("f" + i), k("changed"));
    }
    h2.save();
    tx.rollback(mark);

    Keyspace later = next();
    Collection h3 = HashType.find(later, k("h"));
    assertThat(h3.size()).isEqualTo(fields);
    for (int i = 0; i < fields; i++) {
      assertThat(str(h3.get(k("f" + i)))).as("f%d", i).isEqualTo("v" + i);
    }
    assertThat(HashType.set(h3, k("f1"), k("last"))).isFalse();
    h3.save();
    cache.writePending(batch, store);
    store.db().write(store.writeOptions(), batch);
    batch.clear();
    cache.clear();

    Keyspace after = next();
    Collection stored = HashType.find(after, k("h"));
    assertThat(stored.size()).isEqualTo(fields);
    for (int i = 0; i < fields; i++) {
      assertThat(str(stored.get(k("f" + i)))).as("f%d", i).isEqualTo(i == 1 ? "last" : "v" + i);
    }
  }
}
