package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The list encoding. The header adds {@code [head:8][tail:8]}: the elements occupy positions
 * {@code head .. tail-1} (unsigned, starting from 2^63 so a list grows both ways), each stored in
 * the {@code data} family under (key, version, position as 8 big-endian bytes). Pushes and pops at
 * either end and LINDEX/LSET are O(1) point operations; ranges stream from an iterator; LINSERT and
 * LREM shift the shorter side in bounded chunks.
 */
public final class ListType {
  public static final int HEAD = CollectionHeader.LENGTH;
  public static final int TAIL = HEAD + 8;
  public static final int HEADER = TAIL + 8;
  private static final long START = Long.MIN_VALUE; // 2^63 unsigned: the middle of the range
  private static final int CHUNK = 1024;
  private static final int READ_AHEAD = 64;

  private ListType() {}

  public static Collection find(Keyspace ks, byte[] key) {
    return Collection.find(ks, key, KeyType.LIST);
  }

  public static Collection findOrCreate(Keyspace ks, byte[] key) {
    Collection c = Collection.findOrCreate(ks, key, KeyType.LIST, HEADER);
    if (c.isNew() && c.size() == 0 && c.header(HEAD) == 0 && c.header(TAIL) == 0) {
      c.header(HEAD, START);
      c.header(TAIL, START);
    }
    return c;
  }

  static byte[] position(long p) {
    return Bytes.ofLong(p);
  }

  private static long head(Collection c) {
    return c.header(HEAD);
  }

  private static long tail(Collection c) {
    return c.header(TAIL);
  }

  /** Adds {@code value} at the head ({@code left}) or the tail. */
  public static void push(Collection c, byte[] value, boolean left) {
    if (left) {
      long h = head(c) - 1;
      c.put(position(h), value);
      c.header(HEAD, h);
    } else {
      long t = tail(c);
      c.put(position(t), value);
      c.header(TAIL, t + 1);
    }
    c.addSize(1);
  }

  /** Removes and returns the head ({@code left}) or tail element; null when empty. */
  public static byte[] pop(Collection c, boolean left) {
    if (c.size() == 0) {
      return null;
    }
    long p = left ? head(c) : tail(c) - 1;
    byte[] v = c.takeReadAhead(position(p));
    if (v == null) {
      v = c.readsAhead() ? readAhead(c, p, left) : c.get(position(p));
    }
    if (v == null) {
      throw new IllegalStateException("list " + Bytes.utf8(c.key()) + " lacks element at position " + Long.toUnsignedString(p));
    }
    c.delete(position(p));
    if (left) {
      c.header(HEAD, p + 1);
    } else {
      c.header(TAIL, p);
    }
    c.addSize(-1);
    return v;
  }

  /**
   * Reads the element at position {@code p}, the end being popped, and remembers the next {@link
   * #READ_AHEAD} − 1 behind it for later pops in the same batch: one iterator pass instead of a
   * point lookup per pop (a deep list's far end lives in SST files). Null when {@code p} is missing.
   */
  private static byte[] readAhead(Collection c, long p, boolean left) {
    int n = (int) Math.min(READ_AHEAD, c.size()); // positions p, p±1 … p±(n-1) all exist
    try (MemberIterator it = c.members()) {
      if (left) {
        it.seek(position(p));
      } else {
        it.seekForPrev(position(p));
      }
      if (!it.valid() || !Arrays.equals(it.suffix(), position(p))) {
        return null;
      }
      byte[] first = it.value();
      for (int i = 1; i < n; i++) {
        if (left) {
          it.nextRaw();
        } else {
          it.prevRaw();
        }
        if (!it.rawValid()) {
          break;
        }
        c.readAhead(position(left ? p + i : p - i), it.value());
      }
      return first;
    }
  }

  /** The element at index {@code i} (0 ≤ i < size). */
  public static byte[] get(Collection c, long i) {
    return c.get(position(head(c) + i));
  }

  /** Replaces the element at index {@code i} (0 ≤ i < size). */
  public static void set(Collection c, long i, byte[] value) {
    c.put(position(head(c) + i), value);
  }

  /** Elements {@code start..stop} (valid indexes, start ≤ stop), head to tail, or reversed. */
  public static List<byte[]> range(Collection c, long start, long stop, boolean reverse) {
    int n = (int) Math.min(stop - start + 1, Integer.MAX_VALUE - 8);
    List<byte[]> out = new ArrayList<>(Math.min(n, 4096));
    // Positions start..stop all exist and are contiguous: step the iterator n times without
    // reading keys (two JNI calls per element instead of three).
    try (MemberIterator it = c.members()) {
      if (reverse) {
        it.seekForPrevRaw(position(head(c) + stop));
      } else {
        it.seekRaw(position(head(c) + start));
      }
      for (int i = 0; i < n; i++) {
        if (!it.rawValid()) {
          throw new IllegalStateException("list " + Bytes.utf8(c.key()) + " has a hole");
        }
        out.add(it.value());
        if (reverse) {
          it.prevRaw();
        } else {
          it.nextRaw();
        }
      }
    }
    return out;
  }

  /** Keeps only indexes {@code start..stop} (already clamped; start > stop keeps nothing). */
  public static void trim(Collection c, long start, long stop) {
    long size = c.size();
    if (start > stop || start >= size) {
      c.drop();
      return;
    }
    long h = head(c);
    for (long i = 0; i < start; i++) {
      c.delete(position(h + i));
    }
    for (long i = stop + 1; i < size; i++) {
      c.delete(position(h + i));
    }
    c.header(HEAD, h + start);
    c.header(TAIL, h + stop + 1);
    c.size(stop - start + 1);
  }

  /** Index of the first element equal to {@code value}, or -1. */
  public static long indexOf(Collection c, byte[] value) {
    try (MemberIterator it = c.members().first()) {
      for (long i = 0; it.valid(); i++, it.next()) {
        if (Arrays.equals(it.value(), value)) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Inserts {@code value} so that it gets index {@code at} (0 ≤ at ≤ size), shifting whichever
   * side of the list is shorter by one position.
   */
  public static void insert(Collection c, long at, byte[] value) {
    long size = c.size();
    long h = head(c);
    if (at < size - at) {
      shift(c, h, h + at, -1);
      c.put(position(h + at - 1), value);
      c.header(HEAD, h - 1);
    } else {
      shift(c, h + at, h + size, 1);
      c.put(position(h + at), value);
      c.header(TAIL, h + size + 1);
    }
    c.addSize(1);
  }

  /**
   * Moves the elements at positions [from, to) by {@code delta} (±1), in bounded chunks; the slot
   * left behind (from when moving right, to-1 when moving left) still holds its old element, for
   * the caller to overwrite.
   */
  private static void shift(Collection c, long from, long to, int delta) {
    long count = to - from;
    if (count <= 0) {
      return;
    }
    // Read a chunk, then write it: the batch is never written while an iterator is open. Moving
    // left goes forward and moving right goes backward, so no element is overwritten unread.
    long done = 0;
    while (done < count) {
      int n = (int) Math.min(CHUNK, count - done);
      long first = delta < 0 ? from + done : to - 1 - done;
      List<byte[]> values = readChunk(c, first, n, delta < 0);
      for (int i = 0; i < values.size(); i++) {
        long p = delta < 0 ? first + i : first - i;
        c.put(position(p + delta), values.get(i));
      }
      done += values.size();
      if (values.size() < n) {
        throw new IllegalStateException("list " + Bytes.utf8(c.key()) + " has a hole");
      }
    }
  }

  /** Up to {@code n} values from position {@code first} on, toward the tail ({@code forward}) or the head. */
  private static List<byte[]> readChunk(Collection c, long first, int n, boolean forward) {
    List<byte[]> values = new ArrayList<>(n);
    try (MemberIterator it = c.members()) {
      if (forward) {
        it.seek(position(first));
      } else {
        it.seekForPrev(position(first));
      }
      for (int i = 0; i < n && it.valid(); i++) {
        values.add(it.value());
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
      }
    }
    return values;
  }

  /**
   * LREM: removes up to {@code limit} elements equal to {@code value} (0 = all), from the head
   * when {@code fromHead}, else from the tail; compacts the survivors toward that end in chunks.
   */
  public static long remove(Collection c, byte[] value, long limit, boolean fromHead) {
    long size = c.size();
    long h = head(c);
    long t = tail(c);
    long removed = 0;
    long write = fromHead ? h : t - 1;
    long read = 0;
    while (read < size) {
      int n = (int) Math.min(CHUNK, size - read);
      List<byte[]> values = readChunk(c, fromHead ? h + read : t - 1 - read, n, fromHead);
      if (values.size() < n) {
        throw new IllegalStateException("list " + Bytes.utf8(c.key()) + " has a hole");
      }
      for (int i = 0; i < n; i++) {
        long p = fromHead ? h + read + i : t - 1 - read - i;
        byte[] v = values.get(i);
        if ((limit == 0 || removed < limit) && Arrays.equals(v, value)) {
          removed++;
          continue;
        }
        if (p != write) {
          c.put(position(write), v);
        }
        write += fromHead ? 1 : -1;
      }
      read += n;
    }
    if (removed == 0) {
      return 0;
    }
    // The freed slots are the last `removed` positions at the far end.
    for (long i = 0; i < removed; i++) {
      c.delete(position(fromHead ? t - 1 - i : h + i));
    }
    if (fromHead) {
      c.header(TAIL, t - removed);
    } else {
      c.header(HEAD, h + removed);
    }
    c.addSize(-removed);
    return removed;
  }

  /**
   * LPOS: indexes of elements equal to {@code value}, skipping the first {@code |rank|-1} matches,
   * scanning from the head (rank &gt; 0) or tail (rank &lt; 0), at most {@code count} of them (0 =
   * all) within the first {@code maxlen} elements scanned (0 = all).
   */
  public static List<Long> positions(Collection c, byte[] value, long rank, long count, long maxlen) {
    List<Long> out = new ArrayList<>();
    long size = c.size();
    long skip = Math.abs(rank) - 1;
    boolean forward = rank > 0;
    try (MemberIterator it = c.members()) {
      if (forward) {
        it.first();
      } else {
        it.last();
      }
      for (long scanned = 0; it.valid() && (maxlen == 0 || scanned < maxlen); scanned++) {
        if (Arrays.equals(it.value(), value)) {
          if (skip > 0) {
            skip--;
          } else {
            out.add(forward ? scanned : size - 1 - scanned);
            if (count != 0 && out.size() >= count) {
              break;
            }
          }
        }
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
      }
    }
    return out;
  }
}
