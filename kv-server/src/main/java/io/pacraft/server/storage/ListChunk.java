package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk of a list: a run of consecutive elements stored as one value in the {@code data}
 * family, {@code [first position:8][count:4]} followed by each element as {@code [length
 * varint][bytes]}. Chunks are immutable byte arrays: every change makes a new one, so a chunk read
 * through the apply cache can be shared.
 */
final class ListChunk {
  static final int HEADER = 12;

  private ListChunk() {}

  static long first(byte[] raw) {
    return Bytes.getLong(raw, 0);
  }

  static int count(byte[] raw) {
    return Bytes.getInt(raw, 8);
  }

  /** Position of the chunk's last element. */
  static long last(byte[] raw) {
    return first(raw) + count(raw) - 1;
  }

  /** Whether position {@code p} is in this chunk. */
  static boolean holds(byte[] raw, long p) {
    long i = p - first(raw);
    return i >= 0 && i < count(raw);
  }

  /** Bytes the elements take, with their length prefixes: what the chunk size limit counts. */
  static int payload(byte[] raw) {
    return raw.length - HEADER;
  }

  /** What {@code v} adds to a chunk's payload. */
  static int entrySize(byte[] v) {
    return varintSize(v.length) + v.length;
  }

  /** A chunk whose elements start at position {@code first}. */
  static byte[] encode(long first, List<byte[]> elements) {
    int size = HEADER;
    for (byte[] v : elements) {
      size += entrySize(v);
    }
    byte[] raw = new byte[size];
    header(raw, first, elements.size());
    int at = HEADER;
    for (byte[] v : elements) {
      at = writeEntry(raw, at, v);
    }
    return raw;
  }

  /** The chunk with {@code v} before its first element. */
  static byte[] prepend(byte[] raw, byte[] v) {
    byte[] out = new byte[raw.length + entrySize(v)];
    header(out, first(raw) - 1, count(raw) + 1);
    int at = writeEntry(out, HEADER, v);
    System.arraycopy(raw, HEADER, out, at, raw.length - HEADER);
    return out;
  }

  /** The chunk with {@code v} after its last element. */
  static byte[] append(byte[] raw, byte[] v) {
    byte[] out = Arrays.copyOf(raw, raw.length + entrySize(v));
    header(out, first(raw), count(raw) + 1);
    writeEntry(out, raw.length, v);
    return out;
  }

  /** The chunk without its first {@code k} elements (0 &lt; k &lt; count). */
  static byte[] dropFirst(byte[] raw, int k) {
    int at = offsetOf(raw, k);
    byte[] out = new byte[HEADER + raw.length - at];
    header(out, first(raw) + k, count(raw) - k);
    System.arraycopy(raw, at, out, HEADER, raw.length - at);
    return out;
  }

  /** The chunk with only its first {@code k} elements (0 &lt; k &lt; count). */
  static byte[] keepFirst(byte[] raw, int k) {
    return keepBefore(raw, k, offsetOf(raw, k));
  }

  /** {@link #keepFirst} when the caller knows where element {@code k} starts ({@link #offsetOf}). */
  static byte[] keepBefore(byte[] raw, int k, int offset) {
    byte[] out = Arrays.copyOf(raw, offset);
    header(out, first(raw), k);
    return out;
  }

  /** The element at index {@code i} of the chunk. */
  static byte[] element(byte[] raw, int i) {
    return elementAt(raw, offsetOf(raw, i));
  }

  /** The element whose length prefix is at byte {@code offset}. */
  static byte[] elementAt(byte[] raw, int offset) {
    int len = readVarint(raw, offset);
    int at = offset + varintSize(len);
    return Arrays.copyOfRange(raw, at, at + len);
  }

  /** The chunk with its element at index {@code i} replaced by {@code v}. */
  static byte[] replace(byte[] raw, int i, byte[] v) {
    int at = offsetOf(raw, i);
    int len = readVarint(raw, at);
    int end = at + varintSize(len) + len;
    byte[] out = new byte[raw.length - (end - at) + entrySize(v)];
    System.arraycopy(raw, 0, out, 0, at);
    int w = writeEntry(out, at, v);
    System.arraycopy(raw, end, out, w, raw.length - end);
    return out;
  }

  /** Every element, first to last. */
  static List<byte[]> elements(byte[] raw) {
    int n = count(raw);
    List<byte[]> out = new ArrayList<>(n);
    int at = HEADER;
    for (int i = 0; i < n; i++) {
      int len = readVarint(raw, at);
      at += varintSize(len);
      out.add(Arrays.copyOfRange(raw, at, at + len));
      at += len;
    }
    return out;
  }

  /** Appends elements {@code from..to} (indexes in the chunk, inclusive) to {@code out}, first to last. */
  static void copyTo(byte[] raw, int from, int to, List<byte[]> out) {
    int at = offsetOf(raw, from);
    for (int i = from; i <= to; i++) {
      int len = readVarint(raw, at);
      at += varintSize(len);
      out.add(Arrays.copyOfRange(raw, at, at + len));
      at += len;
    }
  }

  private static void header(byte[] raw, long first, int count) {
    Bytes.putLong(raw, 0, first);
    Bytes.putInt(raw, 8, count);
  }

  /** Byte offset of element {@code i} (its length prefix), a walk over those before it; {@code count} gives the end. */
  static int offsetOf(byte[] raw, int i) {
    int at = HEADER;
    for (int k = 0; k < i; k++) {
      at = next(raw, at);
    }
    return at;
  }

  /** Where each element starts ({@link #offsetOf} of every index), in one walk. */
  static int[] offsets(byte[] raw) {
    int n = count(raw);
    int[] out = new int[n];
    int at = HEADER;
    for (int k = 0; k < n; k++) {
      out[k] = at;
      at = next(raw, at);
    }
    return out;
  }

  /** Where the element after the one starting at {@code at} starts. */
  private static int next(byte[] raw, int at) {
    byte b = raw[at];
    if (b >= 0) {
      return at + 1 + b; // elements under 128 bytes: a one-byte length
    }
    int len = readVarint(raw, at);
    return at + varintSize(len) + len;
  }

  private static int writeEntry(byte[] raw, int at, byte[] v) {
    int len = v.length;
    while ((len & ~0x7F) != 0) {
      raw[at++] = (byte) ((len & 0x7F) | 0x80);
      len >>>= 7;
    }
    raw[at++] = (byte) len;
    System.arraycopy(v, 0, raw, at, v.length);
    return at + v.length;
  }

  private static int readVarint(byte[] raw, int at) {
    int v = 0;
    int shift = 0;
    while (true) {
      byte b = raw[at++];
      v |= (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
      shift += 7;
    }
  }

  private static int varintSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
