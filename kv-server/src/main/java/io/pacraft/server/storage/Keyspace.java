package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The storage one command (or one transaction) runs against.
 *
 * <p>In <em>apply</em> mode it is backed by a {@link WriteBatchWithIndex} over the database, so a
 * command reads its own writes, and everything it writes lands atomically with the applied index
 * when the state machine commits the batch. Time ({@link #now()}) and randomness come from the log
 * entry, so every replica computes the same result.
 *
 * <p>In <em>read</em> mode it reads the database, point reads through the {@link RecordCache}
 * ({@link #settled()} tells whether they all saw one applied state), or under a snapshot when asked,
 * and refuses writes. It never treats a key as expired on its own: a key whose
 * expiry has passed by the wall clock but not by the log's time is reported through {@link
 * #expiredByClock()}, and the server deletes it through the log before answering.
 */
public final class Keyspace implements AutoCloseable {
  private final RocksStore store;
  private final WriteBatchWithIndex batch; // null in read and probe modes
  private final boolean probe;
  private final long index;
  private final long now;
  private final long wallNow;
  private final long seed;
  private Random random;
  private Counters counters;
  private final ReadOptions readOptions;
  private final Snapshot snapshot;
  private final List<KeyEvent> events;
  private final List<byte[][]> rangeDeletes;
  private List<byte[]> expiredByClock;
  private int versionSeq;
  private boolean flushed;
  private int flushes;
  /** Marks taken since the last flush and neither released nor rolled back (innermost last). */
  private int marks;
  /** How many of those (the outermost) have their savepoint in the batch: see {@link #mark()}. */
  private int savePoints;
  private ReadOptions emptyBase;
  private int hits;
  private int misses;
  private final ApplyCache cache; // see forApply; null when not applying
  private final long writesAtStart; // the store's RecordCache.writes() when made

  private Keyspace(
      RocksStore store,
      WriteBatchWithIndex batch,
      long index,
      long now,
      long wallNow,
      long seed,
      Counters counters,
      boolean consistent,
      ApplyCache cache,
      boolean probe) {
    this.store = store;
    this.cache = cache;
    this.batch = batch;
    this.probe = probe;
    this.writesAtStart = store.records().writes();
    this.index = index;
    this.now = now;
    this.wallNow = wallNow;
    this.seed = seed;
    this.counters = counters;
    if (consistent) {
      snapshot = store.db().getSnapshot();
      readOptions = new ReadOptions().setSnapshot(snapshot);
    } else {
      snapshot = null;
      readOptions = store.readOptions();
    }
    this.events = batch == null ? List.of() : new ArrayList<>(2);
    this.rangeDeletes = batch == null ? List.of() : new ArrayList<>(0);
  }

  /**
   * A keyspace for applying the log entry at {@code index}, whose logical time is {@code now}.
   * {@code counters} is the state machine's live key counts, updated as keys come and go.
   */
  public static Keyspace forApply(
      RocksStore store, WriteBatchWithIndex batch, long index, long now, long seed, Counters counters) {
    return forApply(store, batch, index, now, seed, counters, null);
  }

  /**
   * {@link #forApply(RocksStore, WriteBatchWithIndex, long, long, long, Counters)} with {@code
   * cache}: what this batch has read so far, shared by every entry applied into {@code batch} and
   * emptied by the caller with it ({@link ApplyCache}).
   */
  public static Keyspace forApply(
      RocksStore store,
      WriteBatchWithIndex batch,
      long index,
      long now,
      long seed,
      Counters counters,
      ApplyCache cache) {
    return new Keyspace(store, batch, index, now, now, seed, counters, false, cache, false);
  }

  /**
   * A keyspace for a dry run of a write against the applied state: it reads the database as apply
   * mode would (an expired key is deleted, so is a write) and stops the command with {@link
   * ProbeWrite} at its first write, event or range deletion — what {@code WriteProbe} uses to answer
   * writes that change nothing without a log entry. It reads the live database, not a snapshot: the
   * caller discards the answer if a batch was written meanwhile.
   */
  public static Keyspace forProbe(RocksStore store, long index, long now, long seed, Counters counters) {
    return new Keyspace(store, null, index, now, now, seed, counters, false, null, true);
  }

  /**
   * A read-only keyspace. {@code logNow} is the time of the last applied entry (expiry as the log
   * sees it); {@code wallNow} the leader's clock, against which keys that should be deleted are
   * noticed. With {@code consistent}, every read sees one snapshot. {@code counters} are the key
   * counts as of the last apply.
   */
  public static Keyspace forRead(
      RocksStore store, long logNow, long wallNow, boolean consistent, Counters counters) {
    return new Keyspace(store, null, 0, logNow, wallNow, 0, counters, consistent, null, false);
  }

  /**
   * Read and probe modes: no batch has been written to the database since this keyspace was made,
   * so every read it made without a snapshot saw one applied state. (A read of one record is
   * always of one state; a command that reads more checks this, and runs again if it is false.)
   */
  public boolean settled() {
    long w = store.records().writes();
    return w == writesAtStart && (w & 1) == 0;
  }

  /** Apply and probe modes: the command runs as a write. */
  public boolean writable() {
    return batch != null || probe;
  }

  /** The log index being applied (0 in read mode). */
  public long index() {
    return index;
  }

  /** Milliseconds since the epoch, as the log says it is. */
  public long now() {
    return now;
  }

  /**
   * Applying: the entry's random source, seeded by the leader, so every replica draws the same
   * numbers. Reading: any random source (a read's choice affects nothing stored).
   */
  public Random random() {
    if (random == null) {
      random = new Random(writable() ? seed : System.nanoTime());
    }
    return random;
  }

  /** A version for a newly created collection, unique for all time on every replica. */
  public long newVersion() {
    requireWritable();
    return (index << 12) | (versionSeq++ & 0xFFF);
  }

  // ---------------------------------------------------------------- metadata

  /**
   * The live metadata of {@code key}, or null when it does not exist or has expired. Applying, an
   * expired key is deleted in this batch (as Redis does on access) and an {@code expired} event is
   * recorded.
   */
  public Meta meta(byte[] key) {
    byte[] raw = get(store.meta(), metaKeyOf(key));
    Meta m = raw == null ? null : live(key, raw);
    if (!writable()) {
      if (m == null) {
        misses++;
      } else {
        hits++;
      }
    }
    return m;
  }

  /** Read mode: keys looked up and found (INFO's keyspace_hits). */
  public int hits() {
    return hits;
  }

  /** Read mode: keys looked up and not found (INFO's keyspace_misses). */
  public int misses() {
    return misses;
  }

  /** The live metadata of {@code key} if it holds {@code type}; null if absent; WRONGTYPE otherwise. */
  public Meta meta(byte[] key, KeyType type) {
    Meta m = meta(key);
    if (m != null && m.type() != type) {
      throw new WrongTypeException();
    }
    return m;
  }

  /**
   * The live metadata of an iterated record ({@code raw} as read from the {@code meta} family), with
   * the same expiry rules as {@link #meta(byte[])}; null when expired.
   */
  public Meta live(byte[] key, byte[] raw) {
    Meta m = Meta.wrap(raw);
    if (m.expiredAt(now)) {
      if (writable()) {
        removeKey(key, m);
        event(key, "expired", 'x');
      } else {
        noteExpired(key); // gone for this read; the server deletes it through the log
      }
      return null;
    }
    if (!writable() && m.expiredAt(wallNow)) {
      noteExpired(key);
    }
    return m;
  }

  private void noteExpired(byte[] key) {
    if (expiredByClock == null) {
      expiredByClock = new ArrayList<>(1);
    }
    expiredByClock.add(key);
  }

  /** The clock TTL is measured against: the wall clock when reading, the log's time when applying. */
  public long clock() {
    return wallNow;
  }

  /** Raw metadata without the expiry check (the active-expiry delete needs to see expired keys). */
  public Meta rawMeta(byte[] key) {
    byte[] raw = get(store.meta(), metaKeyOf(key));
    return raw == null ? null : Meta.wrap(raw);
  }

  /**
   * Stores {@code meta} for {@code key}, replacing whatever it held: the old value's members are
   * dropped if the type or collection version changes, and the expiry index and key counts follow.
   * {@code old} is the record currently stored (as returned by {@link #meta}), or null.
   */
  public void putMeta(byte[] key, Meta old, Meta meta) {
    requireWritable();
    if (old != null) {
      if (old.type() != KeyType.STRING && old.type() != meta.type()) {
        dropMembers(key, old);
      }
      if (old.expireAt() != meta.expireAt()) {
        if (old.hasExpiry()) {
          delete(store.expire(), expireKey(old.expireAt(), key));
          counters.expires--;
        }
        if (meta.hasExpiry()) {
          put(store.expire(), expireKey(meta.expireAt(), key), EMPTY);
          counters.expires++;
        }
      }
    } else {
      counters.keys++;
      event(key, "new", 'n');
      if (meta.hasExpiry()) {
        put(store.expire(), expireKey(meta.expireAt(), key), EMPTY);
        counters.expires++;
      }
    }
    put(store.meta(), metaKeyOf(key), meta.raw());
  }

  /** Deletes {@code key} if it exists (and is live); returns whether it did. */
  public boolean delete(byte[] key) {
    Meta m = meta(key);
    if (m == null) {
      return false;
    }
    removeKey(key, m);
    return true;
  }

  /** Deletes {@code key} whose stored metadata is {@code m}, whatever its expiry. */
  public void removeKey(byte[] key, Meta m) {
    remove(key, m, true, m.expiredAt(now) ? m.expireAt() : 0);
  }

  /**
   * Deletes the collection {@code key} whose members have all been deleted one by one already
   * (its last element popped), so no range deletion is queued.
   */
  public void removeEmptied(byte[] key, Meta m) {
    remove(key, m, false, 0);
  }

  private void remove(byte[] key, Meta m, boolean dropMembers, long expiredAt) {
    requireWritable();
    delete(store.meta(), metaKeyOf(key));
    if (m.hasExpiry()) {
      delete(store.expire(), expireKey(m.expireAt(), key));
      counters.expires--;
    }
    counters.keys--;
    if (dropMembers && m.type() != KeyType.STRING) {
      dropMembers(key, m);
    }
    KeyHistory.deleted(this, key, expiredAt);
  }

  /** Drops every member of a collection: one range deletion per column family, whatever the size. */
  private void dropMembers(byte[] key, Meta m) {
    long version = CollectionHeader.version(m);
    byte[] prefix = DataKeys.prefix(key, version);
    rangeDeletes.add(new byte[][] {prefix, DataKeys.end(prefix)});
  }

  // ---------------------------------------------------------------- strings

  /** The string value of {@code key}, null if absent; WRONGTYPE for another type. */
  public byte[] getString(byte[] key) {
    Meta m = meta(key, KeyType.STRING);
    return m == null ? null : m.body();
  }

  /** Sets {@code key} to a string, replacing any value; {@code expireAt} 0 means no expiry. */
  public void setString(byte[] key, byte[] value, long expireAt) {
    Meta old = meta(key);
    putMeta(key, old, Meta.of(KeyType.STRING, expireAt, index, value));
  }

  /** Sets {@code key}'s expiry (0 = persist); the key must exist. */
  public void setExpireAt(byte[] key, Meta old, long expireAt) {
    putMeta(key, old, old.withExpireAt(expireAt, index));
  }

  /**
   * The metadata for a copy of {@code m} (stored at {@code from}) under {@code to}, with {@code
   * expireAt}; a collection's members are copied under a new version. The caller stores the result
   * with {@link #putMeta}. O(members), in chunks so that the batch is never written while iterated.
   */
  public Meta copyValue(byte[] from, Meta m, byte[] to, long expireAt) {
    requireWritable();
    if (m.type() == KeyType.STRING) {
      return Meta.of(KeyType.STRING, expireAt, index, m.body());
    }
    long oldVersion = CollectionHeader.version(m);
    long version = newVersion();
    byte[] body = m.body();
    Bytes.putLong(body, CollectionHeader.VERSION, version);
    byte[] src = DataKeys.prefix(from, oldVersion);
    byte[] dst = DataKeys.prefix(to, version);
    for (ColumnFamilyHandle cf : List.of(store.data(), store.zscore())) {
      byte[] seek = src;
      while (seek != null) {
        List<byte[][]> chunk = new ArrayList<>(1024);
        try (RocksIterator it = iterator(cf)) {
          it.seek(seek);
          while (it.isValid() && chunk.size() < 1024) {
            byte[] k = it.key();
            if (!Bytes.startsWith(k, src)) {
              break;
            }
            chunk.add(new byte[][] {k, it.value()});
            it.next();
          }
          seek = chunk.size() == 1024 ? nextKey(chunk.get(chunk.size() - 1)[0]) : null;
        }
        for (byte[][] kv : chunk) {
          byte[] nk = new byte[dst.length + kv[0].length - src.length];
          System.arraycopy(dst, 0, nk, 0, dst.length);
          System.arraycopy(kv[0], src.length, nk, dst.length, kv[0].length - src.length);
          put(cf, nk, kv[1]);
        }
      }
    }
    return Meta.of(m.type(), expireAt, index, body);
  }

  /** The smallest key after {@code k}. */
  private static byte[] nextKey(byte[] k) {
    return java.util.Arrays.copyOf(k, k.length + 1);
  }

  // ---------------------------------------------------------------- raw access for type encodings

  public RocksStore store() {
    return store;
  }

  public byte[] get(ColumnFamilyHandle cf, byte[] key) {
    if (cache != null && cf == store.data() && !cache.pendingData.isEmpty()) {
      byte[] pending = cache.pendingData.get(ByteString.of(key));
      if (pending != null) {
        return pending.clone();
      }
    }
    if (cache != null && cf == store.meta()) {
      ByteString k = ByteString.of(key);
      byte[] cached = cache.meta.get(k);
      if (cached != null) {
        return cached == ApplyCache.ABSENT ? null : cached.clone();
      }
      byte[] read = read(cf, key);
      cache.meta.put(k, read == null ? ApplyCache.ABSENT : read.clone());
      return read;
    }
    return read(cf, key);
  }

  private byte[] read(ColumnFamilyHandle cf, byte[] key) {
    try {
      if (batch == null && snapshot == null && store.records().enabled() && (cf == store.meta() || cf == store.data())) {
        return readThroughRecords(cf == store.meta(), cf, key);
      }
      if (flushed) {
        try (org.rocksdb.DBOptions o = new org.rocksdb.DBOptions()) {
          return batch.getFromBatch(cf, o, key);
        }
      }
      if (batch != null) {
        return batch.getFromBatchAndDB(store.db(), cf, readOptions, key);
      }
      return store.db().get(cf, readOptions, key);
    } catch (RocksDBException e) {
      throw new StorageException(e);
    }
  }

  /**
   * Read and probe modes without a snapshot: the {@link RecordCache}, else the database (and what
   * was read is kept). A copy: callers may change what they get.
   */
  private byte[] readThroughRecords(boolean isMeta, ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
    RecordCache records = store.records();
    ByteString k = ByteString.of(key);
    byte[] cached = records.get(isMeta, k);
    if (cached != null) {
      return cached == RecordCache.ABSENT ? null : cached.clone();
    }
    long seen = records.writes();
    byte[] read = store.db().get(cf, readOptions, key);
    records.put(isMeta, k, read == null ? null : read.clone(), seen);
    return read;
  }

  public void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
    requireWritable();
    if (cache != null && cf == store.meta()) {
      // Waits in the cache: a record rewritten by many commands goes into the batch once.
      ByteString k = ByteString.of(key);
      byte[] v = value.clone();
      cache.meta.put(k, v);
      cache.putPending(cache.pendingMeta, k, v);
      cache.wroteMeta(k);
      return;
    }
    noteWrite(cf, key, value);
    beforeBatchWrite();
    try {
      batch.put(cf, key, value);
    } catch (RocksDBException e) {
      throw new StorageException(e);
    }
  }

  public void delete(ColumnFamilyHandle cf, byte[] key) {
    requireWritable();
    noteWrite(cf, key, ApplyCache.ABSENT);
    beforeBatchWrite();
    try {
      batch.delete(cf, key);
    } catch (RocksDBException e) {
      throw new StorageException(e);
    }
  }

  /** Keeps the apply cache true to a write of {@code value} ({@link ApplyCache#ABSENT}: a deletion). */
  private void noteWrite(ColumnFamilyHandle cf, byte[] key, byte[] value) {
    if (cache == null) {
      return;
    }
    if (cf == store.meta()) {
      ByteString k = ByteString.of(key);
      cache.meta.put(k, value == ApplyCache.ABSENT ? value : value.clone());
      cache.dropPending(cache.pendingMeta, k); // else written over this write when the pending ones go in
      cache.wroteMeta(k);
    } else if (cf == store.data()) {
      ByteString k = ByteString.of(key);
      cache.wroteData(k);
      if (!cache.data.isEmpty()) {
        cache.data.remove(k);
        cache.dropPending(cache.pendingData, k);
      }
    }
  }

  /** The batch's apply cache, or null when not applying. */
  ApplyCache applyCache() {
    return cache;
  }

  /**
   * The value of {@code key} in the {@code data} family, through the apply batch's cache (apply
   * mode): the array may be shared with the cache, so callers never modify it.
   */
  public byte[] getShared(byte[] key) {
    if (cache == null) {
      return read(store.data(), key);
    }
    ByteString k = ByteString.of(key);
    byte[] cached = cache.data.get(k);
    if (cached != null) {
      return cached == ApplyCache.ABSENT ? null : cached;
    }
    byte[] read = read(store.data(), key);
    cache.data.put(k, read == null ? ApplyCache.ABSENT : read);
    return read;
  }

  /**
   * Writes {@code value} under {@code key} in the {@code data} family (see {@link #getShared}).
   * Applying, the write waits in the cache ({@link ApplyCache#pendingData}): another write of the
   * key in the same batch replaces it rather than adding to the batch.
   */
  public void putShared(byte[] key, byte[] value) {
    if (cache == null) {
      put(store.data(), key, value);
      return;
    }
    requireWritable();
    ByteString k = ByteString.of(key);
    if (cache.pendingData.size() >= ApplyCache.PENDING_DATA_LIMIT && !cache.pendingData.containsKey(k)) {
      put(store.data(), key, value); // enough waits already: into the batch
      return;
    }
    cache.data.put(k, value);
    cache.putPending(cache.pendingData, k, value);
    cache.wroteData(k);
  }

  /**
   * An iterator over {@code cf} that sees this command's own writes (apply mode) or the snapshot
   * (read mode). Close it.
   */
  public RocksIterator iterator(ColumnFamilyHandle cf) {
    if (cache != null && cf == store.meta() && !cache.pendingMeta.isEmpty()) {
      beforeBatchWrite();
      cache.writePending(batch, cf, cache.pendingMeta); // an iterator sees the batch only
    } else if (cache != null && cf == store.data() && !cache.pendingData.isEmpty()) {
      beforeBatchWrite();
      cache.writePending(batch, cf, cache.pendingData);
    }
    if (flushed) {
      // After FLUSHDB in this entry the database's old contents are gone: iterate the batch alone.
      if (emptyBase == null) {
        emptyBase = new ReadOptions().setIterateUpperBound(new org.rocksdb.Slice(new byte[0]));
      }
      return batch.newIteratorWithBase(cf, store.db().newIterator(cf, emptyBase));
    }
    RocksIterator base = store.db().newIterator(cf, readOptions);
    return batch == null ? base : batch.newIteratorWithBase(cf, base);
  }

  /**
   * FLUSHDB/FLUSHALL: every key is gone. Writes made earlier in this entry are dropped, later ones
   * see an empty database, and the state machine deletes the old contents with range deletions
   * before writing the rest of the entry.
   */
  public void flushAll() {
    requireWritable();
    batch.clear();
    if (cache != null) {
      cache.forget();
    }
    rangeDeletes.clear();
    flushed = true;
    flushes++;
    marks = 0;
    savePoints = 0;
    KeyHistory.flushed(this);
    counters.keys = 0;
    counters.expires = 0;
  }

  /** True when this entry ran FLUSHDB/FLUSHALL. */
  public boolean flushed() {
    return flushed;
  }

  /** Records an event for notifications, blocked clients and WATCH (apply mode only). */
  public void event(byte[] key, String event, char typeClass) {
    if (probe) {
      throw ProbeWrite.INSTANCE;
    }
    if (batch != null) {
      events.add(new KeyEvent(key, event, typeClass));
    }
  }

  public List<KeyEvent> events() {
    return events;
  }

  /** [from, to) ranges of the {@code data} and {@code zscore} families to delete after the batch. */
  public List<byte[][]> rangeDeletes() {
    return rangeDeletes;
  }

  /** Keys whose expiry has passed (by the log's time or the wall clock) but the log has not deleted yet (read mode). */
  public List<byte[]> expiredByClock() {
    return expiredByClock == null ? List.of() : expiredByClock;
  }

  public Counters counters() {
    return counters;
  }

  /**
   * Where {@link #rollback} returns to: this batch's writes, counters, events and range deletes.
   * Marks nest (a transaction's commands inside its entry's) and end innermost first. The batch's
   * savepoint is set only before the first write that reaches the batch after the mark — most
   * commands write only through the apply cache, and a savepoint costs two JNI calls.
   */
  public Mark mark() {
    requireWritable();
    marks++;
    return new Mark(counters.copy(), events.size(), rangeDeletes.size(), flushes, cache == null ? 0 : cache.mark());
  }

  /** Before anything is written to the batch: every outstanding mark gets its savepoint (all at this position). */
  private void beforeBatchWrite() {
    while (savePoints < marks) {
      batch.setSavePoint();
      savePoints++;
    }
  }

  /** Ends the innermost mark; true when its savepoint is in the batch (and must be popped or rolled back to). */
  private boolean endMark(Mark mark) {
    if (mark.flushes != flushes) {
      return false; // FLUSHDB cleared the batch, savepoints included, and the marks with it
    }
    marks--;
    if (savePoints > marks) {
      savePoints--;
      return true;
    }
    return false;
  }

  /** Undoes everything since {@code mark} (a failed command inside a transaction). */
  public void rollback(Mark mark) {
    if (mark.flushes != flushes) {
      // FLUSHDB since the mark cleared the batch: what it replaced cannot be restored
      throw new IllegalStateException("cannot roll back past a FLUSHDB in the same entry");
    }
    if (endMark(mark)) {
      try {
        batch.rollbackToSavePoint();
      } catch (RocksDBException e) {
        throw new StorageException(e);
      }
    }
    if (cache != null) {
      cache.rollback(mark.cache); // it may hold what was written since the mark
    }
    counters.keys = mark.counters.keys;
    counters.expires = mark.counters.expires;
    events.subList(mark.events, events.size()).clear();
    rangeDeletes.subList(mark.rangeDeletes, rangeDeletes.size()).clear();
  }

  /** Drops the savepoint of a command that succeeded. */
  public void release(Mark mark) {
    if (!endMark(mark)) {
      return;
    }
    try {
      batch.popSavePoint();
    } catch (RocksDBException e) {
      throw new StorageException(e);
    }
  }

  /** A savepoint: see {@link #mark()}. */
  public static final class Mark {
    private final Counters counters;
    private final int events;
    private final int rangeDeletes;
    private final int flushes;
    private final int cache;

    private Mark(Counters counters, int events, int rangeDeletes, int flushes, int cache) {
      this.counters = counters;
      this.events = events;
      this.rangeDeletes = rangeDeletes;
      this.flushes = flushes;
      this.cache = cache;
    }
  }

  private void requireWritable() {
    if (probe) {
      throw ProbeWrite.INSTANCE;
    }
    if (batch == null) {
      throw new IllegalStateException("write in a read-only keyspace");
    }
  }

  static final byte[] EMPTY = new byte[0];

  private byte[] lastKey;
  private byte[] lastMetaKey;

  /**
   * {@link #metaKey} of {@code key}, remembered for the same array: a command reads and then writes
   * its key's metadata, and hashes the key once. (Keys are never modified in place.)
   */
  private byte[] metaKeyOf(byte[] key) {
    if (key != lastKey) {
      lastMetaKey = metaKey(key);
      lastKey = key;
    }
    return lastMetaKey;
  }

  /**
   * Key of {@code key}'s record in the {@code meta} family: its hash slot (2 bytes, big-endian)
   * then the key, so that a slot's keys are contiguous (COUNTKEYSINSLOT, GETKEYSINSLOT, moving a
   * slot between shards).
   */
  public static byte[] metaKey(byte[] key) {
    int slot = io.pacraft.server.cluster.SlotHash.slot(key);
    byte[] k = new byte[2 + key.length];
    k[0] = (byte) (slot >>> 8);
    k[1] = (byte) slot;
    System.arraycopy(key, 0, k, 2, key.length);
    return k;
  }

  /** The user key of a {@code meta} family key. */
  public static byte[] userKey(byte[] metaKey) {
    return java.util.Arrays.copyOfRange(metaKey, 2, metaKey.length);
  }

  /** The first {@code meta} family key of {@code slot}; every key of the slot starts with it. */
  public static byte[] slotPrefix(int slot) {
    return new byte[] {(byte) (slot >>> 8), (byte) slot};
  }

  /** Key in the {@code expire} family: expire-at (big-endian, so time order) then the user key. */
  public static byte[] expireKey(long expireAt, byte[] key) {
    byte[] k = new byte[8 + key.length];
    Bytes.putLong(k, 0, expireAt);
    System.arraycopy(key, 0, k, 8, key.length);
    return k;
  }

  @Override
  public void close() {
    if (emptyBase != null) {
      emptyBase.close();
    }
    if (snapshot != null) {
      readOptions.close();
      store.db().releaseSnapshot(snapshot);
    }
  }

  /** Live key counts, kept exact by every apply and stored with the applied index. */
  public static final class Counters {
    public long keys;
    public long expires;

    public Counters(long keys, long expires) {
      this.keys = keys;
      this.expires = expires;
    }

    public Counters copy() {
      return new Counters(keys, expires);
    }
  }
}
