package io.pacraft.server.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian fixed-width encodings and byte-string comparisons used by the storage encodings. */
public final class Bytes {
  private Bytes() {}

  public static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  public static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  public static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  public static int getInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
  }

  public static byte[] ofLong(long v) {
    byte[] b = new byte[8];
    putLong(b, 0, v);
    return b;
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Unsigned lexicographic comparison, the order RocksDB's default comparator uses. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** The smallest byte string greater than every string starting with {@code prefix}, or null. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  public static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** True when {@code b} spells a case-insensitive ASCII {@code word} (word given in lowercase). */
  public static boolean equalsIgnoreCase(byte[] b, String word) {
    if (b.length != word.length()) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      int c = b[i];
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Lowercases ASCII letters into a new String (command names, option words). */
  public static String lowerAscii(byte[] b) {
    char[] c = new char[b.length];
    for (int i = 0; i < b.length; i++) {
      int x = b[i] & 0xFF;
      if (x >= 'A' && x <= 'Z') {
        x += 32;
      }
      c[i] = (char) x;
    }
    return new String(c);
  }
}
