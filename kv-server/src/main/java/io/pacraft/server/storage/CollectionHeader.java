package io.pacraft.server.storage;

/**
 * The start of every collection's metadata body: {@code [version:8][size:8]}, followed by
 * type-specific fields (a list's head and tail positions).
 */
public final class CollectionHeader {
  public static final int VERSION = 0;
  public static final int SIZE = 8;
  public static final int LENGTH = 16;

  private CollectionHeader() {}

  public static long version(Meta m) {
    return Bytes.getLong(m.raw(), Meta.HEADER + VERSION);
  }

  public static long size(Meta m) {
    return Bytes.getLong(m.raw(), Meta.HEADER + SIZE);
  }
}
