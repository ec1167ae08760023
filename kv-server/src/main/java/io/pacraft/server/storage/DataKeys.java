package io.pacraft.server.storage;

/**
 * Keys of collection members in the {@code data} and {@code zscore} column families:
 * {@code [key length:4][key][version:8]} followed by the member (data) or the sortable score and
 * member (zscore). A collection's version changes whenever the key is created anew, so deleting or
 * overwriting a collection is one metadata write plus one range deletion over its old prefix,
 * whatever its size.
 */
public final class DataKeys {
  private DataKeys() {}

  /** The prefix every member key of (key, version) starts with. */
  public static byte[] prefix(byte[] key, long version) {
    byte[] p = new byte[4 + key.length + 8];
    Bytes.putInt(p, 0, key.length);
    System.arraycopy(key, 0, p, 4, key.length);
    Bytes.putLong(p, 4 + key.length, version);
    return p;
  }

  /** {@code prefix(key, version) + suffix}. */
  public static byte[] member(byte[] key, long version, byte[] suffix) {
    byte[] p = new byte[4 + key.length + 8 + suffix.length];
    Bytes.putInt(p, 0, key.length);
    System.arraycopy(key, 0, p, 4, key.length);
    Bytes.putLong(p, 4 + key.length, version);
    System.arraycopy(suffix, 0, p, 12 + key.length, suffix.length);
    return p;
  }

  /** The first byte string after every key with {@code prefix}. */
  public static byte[] end(byte[] prefix) {
    byte[] e = Bytes.prefixEnd(prefix);
    if (e == null) {
      throw new IllegalStateException("prefix of all 0xFF bytes cannot occur: it starts with a length");
    }
    return e;
  }
}
