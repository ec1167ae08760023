package io.pacraft.server.storage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** An immutable byte string with value equality: keys, channels and patterns in hash maps. */
public final class ByteString implements Comparable<ByteString> {
  private final byte[] bytes;
  private final int hash;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteString(byte[] bytes) {
    this.bytes = bytes;
    this.hash = hash(bytes);
  }

  /**
   * A hash of {@code b} eight bytes at a step (keys run to tens of bytes: {@link Arrays#hashCode}
   * takes one multiply per byte, and keys are hashed several times per command). The same on every
   * run and every replica: nothing random, so map iteration orders stay deterministic.
   */
  static int hash(byte[] b) {
    int n = b.length;
    long h = 0x9E3779B97F4A7C15L ^ n;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(b, i)) * 0xFF51AFD7ED558CCDL, 29);
    }
    long tail = 0;
    for (; i < n; i++) {
      tail = (tail << 8) | (b[i] & 0xFF);
    }
    h = (h ^ tail) * 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 32;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 29;
    return (int) h;
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
