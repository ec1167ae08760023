package io.pacraft.server.storage;

/**
 * The set encoding: the standard header, each member in the {@code data} family under (key,
 * version, member) with an empty value.
 */
public final class SetType {
  private SetType() {}

  public static Collection find(Keyspace ks, byte[] key) {
    return Collection.find(ks, key, KeyType.SET);
  }

  public static Collection findOrCreate(Keyspace ks, byte[] key) {
    return Collection.findOrCreate(ks, key, KeyType.SET, CollectionHeader.LENGTH);
  }

  /** A new empty set replacing whatever {@code key} holds (the STORE commands' destination). */
  public static Collection replace(Keyspace ks, byte[] key) {
    return Collection.replace(ks, key, KeyType.SET, CollectionHeader.LENGTH);
  }

  public static boolean contains(Collection c, byte[] member) {
    return c.get(member) != null;
  }

  /** Adds {@code member}; true when it is new. */
  public static boolean add(Collection c, byte[] member) {
    if (c.get(member) != null) {
      return false;
    }
    c.put(member, Keyspace.EMPTY);
    c.addSize(1);
    return true;
  }

  /** Adds a member known not to be in the set (a new set being filled). */
  public static void addNew(Collection c, byte[] member) {
    c.put(member, Keyspace.EMPTY);
    c.addSize(1);
  }

  /** Removes {@code member}; true when it was there. */
  public static boolean remove(Collection c, byte[] member) {
    if (c.get(member) == null) {
      return false;
    }
    c.delete(member);
    c.addSize(-1);
    return true;
  }
}
