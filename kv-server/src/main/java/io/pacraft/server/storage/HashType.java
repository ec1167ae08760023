package io.pacraft.server.storage;

/**
 * The hash encoding: the standard header ({@code [version][size]}), each field in the {@code data}
 * family under (key, version, field) with its value.
 */
public final class HashType {
  private HashType() {}

  public static Collection find(Keyspace ks, byte[] key) {
    return Collection.find(ks, key, KeyType.HASH);
  }

  public static Collection findOrCreate(Keyspace ks, byte[] key) {
    return Collection.findOrCreate(ks, key, KeyType.HASH, CollectionHeader.LENGTH);
  }

  /** The value of {@code field}, or null. */
  public static byte[] get(Collection c, byte[] field) {
    return c.get(field);
  }

  /** Sets {@code field}; true when it is new. */
  public static boolean set(Collection c, byte[] field, byte[] value) {
    boolean added = c.getShared(field) == null;
    c.putShared(field, value);
    if (added) {
      c.addSize(1);
    }
    return added;
  }

  /** Deletes {@code field}; true when it existed. */
  public static boolean delete(Collection c, byte[] field) {
    if (c.get(field) == null) {
      return false;
    }
    c.delete(field);
    c.addSize(-1);
    return true;
  }
}
