package io.pacraft.server.storage;

import java.util.Arrays;

/** An immutable byte string with value equality: keys, channels and patterns in hash maps. */
public final class ByteString implements Comparable<ByteString> {
  private final byte[] bytes;
  private final int hash;

  private ByteString(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Wraps {@code bytes}, which the caller must not change afterwards. */
  public static ByteString of(byte[] bytes) {
    return new ByteString(bytes);
  }

  /** The bytes; callers must not change them. */
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteString b && hash == b.hash && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(ByteString o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return Bytes.utf8(bytes);
  }
}
