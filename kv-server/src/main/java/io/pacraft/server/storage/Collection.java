package io.pacraft.server.storage;

import java.util.Arrays;

/**
 * One collection key (hash, list, set, sorted set) as a command reads and changes it: its header
 * ({@code [version:8][size:8]} then type-specific fields) and its members under
 * (key, version) in the {@code data} and {@code zscore} families. Changes to members go to the
 * keyspace's batch at once; {@link #save()} writes the header back (with the entry's index as the
 * modification index) or deletes the key when it has become empty.
 */
public final class Collection {
  private final Keyspace ks;
  private final byte[] key;
  private final KeyType type;
  private Meta stored;
  private final byte[] body;
  private final byte[] prefix;

  Keyspace keyspace() {
    return ks;
  }

  private Collection(Keyspace ks, byte[] key, KeyType type, Meta stored, byte[] body) {
    this.ks = ks;
    this.key = key;
    this.type = type;
    this.stored = stored;
    this.body = body;
    this.prefix = DataKeys.prefix(key, Bytes.getLong(body, CollectionHeader.VERSION));
  }

  /** The collection at {@code key}; null when absent; WRONGTYPE when it holds another type. */
  public static Collection find(Keyspace ks, byte[] key, KeyType type) {
    Meta m = ks.meta(key, type);
    return m == null ? null : new Collection(ks, key, type, m, m.body());
  }

  /**
   * The collection at {@code key}, or a new empty one (not stored until {@link #save()}) with a
   * header of {@code headerLength} bytes; WRONGTYPE when the key holds another type.
   */
  public static Collection findOrCreate(Keyspace ks, byte[] key, KeyType type, int headerLength) {
    Collection c = find(ks, key, type);
    return c != null ? c : create(ks, key, type, headerLength);
  }

  /**
   * A new empty collection replacing whatever {@code key} holds (any type, its expiry too): the
   * destination of SINTERSTORE, ZUNIONSTORE... The old value is deleted at once, in O(1).
   */
  public static Collection replace(Keyspace ks, byte[] key, KeyType type, int headerLength) {
    Meta old = ks.meta(key);
    if (old != null) {
      ks.removeKey(key, old);
    }
    return create(ks, key, type, headerLength);
  }

  private static Collection create(Keyspace ks, byte[] key, KeyType type, int headerLength) {
    byte[] body = new byte[Math.max(headerLength, CollectionHeader.LENGTH)];
    Bytes.putLong(body, CollectionHeader.VERSION, ks.newVersion());
    return new Collection(ks, key, type, null, body);
  }

  public byte[] key() {
    return key;
  }

  public KeyType type() {
    return type;
  }

  /** True when the key did not exist before this command (and {@link #save()} has not run). */
  public boolean isNew() {
    return stored == null;
  }

  public long size() {
    return Bytes.getLong(body, CollectionHeader.SIZE);
  }

  public void size(long n) {
    Bytes.putLong(body, CollectionHeader.SIZE, n);
  }

  public void addSize(long delta) {
    size(size() + delta);
  }

  /** A type-specific header field at byte {@code offset} of the body (a list's head, tail). */
  public long header(int offset) {
    return Bytes.getLong(body, offset);
  }

  public void header(int offset, long value) {
    Bytes.putLong(body, offset, value);
  }

  /** The expiry the stored key has (0 none, or for a new key). */
  public long expireAt() {
    return stored == null ? 0 : stored.expireAt();
  }

  // ---------------------------------------------------------------- members (data family)

  /** The value stored for member {@code suffix} in the {@code data} family (this batch's writes included), or null. */
  public byte[] get(byte[] suffix) {
    return ks.get(ks.store().data(), memberKey(suffix));
  }

  /**
   * Like {@link #get}, but through the apply batch's cache, and the array returned may be shared:
   * never modify it. For values rewritten whole by the commands of a batch (a list's chunks).
   */
  public byte[] getShared(byte[] suffix) {
    return ks.getShared(memberKey(suffix));
  }

  /** Like {@link #put}, remembering {@code value} in the apply batch's cache; never modify it afterwards. */
  public void putShared(byte[] suffix, byte[] value) {
    ks.putShared(memberKey(suffix), value);
  }

  public void put(byte[] suffix, byte[] value) {
    ks.put(ks.store().data(), memberKey(suffix), value);
  }

  public void delete(byte[] suffix) {
    ks.delete(ks.store().data(), memberKey(suffix));
  }

  /** Iterates the {@code data} family's members; close it. */
  public MemberIterator members() {
    return new MemberIterator(ks.iterator(ks.store().data()), prefix);
  }

  // ---------------------------------------------------------------- score index (zscore family)

  public void putIndex(byte[] suffix) {
    ks.put(ks.store().zscore(), memberKey(suffix), Keyspace.EMPTY);
  }

  public void deleteIndex(byte[] suffix) {
    ks.delete(ks.store().zscore(), memberKey(suffix));
  }

  /** Iterates the {@code zscore} family's entries; close it. */
  public MemberIterator index() {
    return new MemberIterator(ks.iterator(ks.store().zscore()), prefix);
  }

  private byte[] memberKey(byte[] suffix) {
    byte[] k = Arrays.copyOf(prefix, prefix.length + suffix.length);
    System.arraycopy(suffix, 0, k, prefix.length, suffix.length);
    return k;
  }

  // ---------------------------------------------------------------- header

  /**
   * {@link #save()} after members were removed, recording {@code event} (of notification class
   * {@code typeClass}) and, when the last member went, {@code del}. Returns whether the key remains.
   */
  public boolean saveRemoval(String event, char typeClass) {
    boolean remains = save();
    ks.event(key, event, typeClass);
    if (!remains) {
      ks.event(key, "del", 'g');
    }
    return remains;
  }

  /** Deletes the whole collection at once (one range deletion over its members), O(1). */
  public void drop() {
    if (stored != null) {
      ks.removeKey(key, stored);
      stored = null;
    }
    size(0);
  }

  /**
   * Stores the header with the entry's index as modification index; a collection left empty is
   * deleted (its members have been deleted one by one, so no range deletion is needed). Returns
   * false when the key was deleted or never stored because it is empty.
   */
  public boolean save() {
    if (size() <= 0) {
      if (stored != null) {
        ks.removeEmptied(key, stored);
        stored = null;
      }
      return false;
    }
    Meta m = Meta.of(type, expireAt(), ks.index(), body);
    ks.putMeta(key, stored, m);
    stored = m;
    return true;
  }
}
