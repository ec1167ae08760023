package io.pacraft.server.storage;

import java.util.Arrays;
import org.rocksdb.RocksIterator;

/**
 * Iterates the member keys of one collection version ({@code [key length][key][version]} prefix)
 * in one column family, in key order either way, handing out the part after the prefix. Streams
 * from RocksDB: nothing is loaded beyond the current entry. Close it.
 */
public final class MemberIterator implements AutoCloseable {
  private final RocksIterator it;
  private final byte[] prefix;
  private byte[] key;

  MemberIterator(RocksIterator it, byte[] prefix) {
    this.it = it;
    this.prefix = prefix;
  }

  /** Positions at the first member. */
  public MemberIterator first() {
    it.seek(prefix);
    load();
    return this;
  }

  /** Positions at the last member. */
  public MemberIterator last() {
    it.seekForPrev(DataKeys.end(prefix));
    if (it.isValid() && !Bytes.startsWith(it.key(), prefix) && Bytes.compare(it.key(), prefix) > 0) {
      it.prev(); // landed on a key equal to the end bound itself
    }
    load();
    return this;
  }

  /** Positions at the first member whose suffix is at or after {@code suffix}. */
  public MemberIterator seek(byte[] suffix) {
    it.seek(concat(suffix));
    load();
    return this;
  }

  /** Positions at the last member whose suffix is at or before {@code suffix}. */
  public MemberIterator seekForPrev(byte[] suffix) {
    it.seekForPrev(concat(suffix));
    load();
    return this;
  }

  public boolean valid() {
    return key != null;
  }

  public void next() {
    it.next();
    load();
  }

  public void prev() {
    it.prev();
    load();
  }

  /** The member part of the current key (after the collection prefix). */
  public byte[] suffix() {
    return Arrays.copyOfRange(key, prefix.length, key.length);
  }

  /** The whole current key. */
  public byte[] key() {
    return key;
  }

  public byte[] value() {
    return it.value();
  }

  private byte[] concat(byte[] suffix) {
    byte[] k = Arrays.copyOf(prefix, prefix.length + suffix.length);
    System.arraycopy(suffix, 0, k, prefix.length, suffix.length);
    return k;
  }

  private void load() {
    if (it.isValid()) {
      byte[] k = it.key();
      key = Bytes.startsWith(k, prefix) ? k : null;
    } else {
      key = null;
    }
  }

  @Override
  public void close() {
    it.close();
  }
}
