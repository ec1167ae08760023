package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The list encoding. The elements occupy consecutive positions {@code head .. tail-1} (unsigned,
 * starting from 2^63 so a list grows both ways) and are stored in chunks: runs of up to {@link
 * #maxElements} consecutive elements and {@link #maxBytes} bytes, each one value in the {@code
 * data} family under (key, version, anchor as 8 big-endian bytes); see {@link ListChunk} for a
 * chunk's bytes. The header adds {@code [head:8][tail:8][head chunk:8][tail chunk:8]}, the last two
 * being the anchors of the chunks at either end.
 *
 * <p>A chunk's anchor is the position of its first element, except for the chunk at the head,
 * whose anchor may lie before its first element: a chunk made by a push at the head reserves room
 * for the pushes after it. So the chunk holding position p is always the one with the greatest
 * anchor ≤ p (one {@code seekForPrev}), pushes and pops at either end rewrite the end chunk found
 * from the header (a point lookup), and ranges read one value per chunk instead of one per element.
 * LINSERT and LREM rewrite the chunks they shift, in groups: the batch is never written while an
 * iterator is open.
 */
public final class ListType {
  public static final int HEAD = CollectionHeader.LENGTH;
  public static final int TAIL = HEAD + 8;
  public static final int HEAD_CHUNK = TAIL + 8;
  public static final int TAIL_CHUNK = HEAD_CHUNK + 8;
  public static final int HEADER = TAIL_CHUNK + 8;
  private static final long START = Long.MIN_VALUE; // 2^63 unsigned: the middle of the range
  /** Chunks read per iterator pass when chunks are rewritten. */
  private static final int GROUP = 256;

  /** Most elements in one chunk. */
  static int maxElements = Integer.getInteger("pacraft.list-chunk-elements", 128);
  /** Most bytes of elements (with their length prefixes) in one chunk, unless one element alone is larger. */
  static int maxBytes = Integer.getInteger("pacraft.list-chunk-bytes", 2048);

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

  /** A chunk as stored: its key's anchor and its bytes. */
  private record Chunk(long anchor, byte[] raw) {}

  private static byte[] chunk(Collection c, long anchor) {
    byte[] raw = c.getShared(position(anchor));
    if (raw == null) {
      throw corrupt(c, "lacks its chunk at " + Long.toUnsignedString(anchor));
    }
    return raw;
  }

  private static void write(Collection c, long anchor, byte[] raw) {
    c.putShared(position(anchor), raw);
  }

  private static void remove(Collection c, long anchor) {
    c.delete(position(anchor));
  }

  private static IllegalStateException corrupt(Collection c, String what) {
    return new IllegalStateException("list " + Bytes.utf8(c.key()) + " " + what);
  }

  private static boolean fits(byte[] raw, byte[] v) {
    return room(ListChunk.count(raw), ListChunk.payload(raw), ListChunk.entrySize(v));
  }

  /** Whether a chunk of {@code count} elements taking {@code bytes} has room for an entry of {@code size} bytes. */
  static boolean room(int count, long bytes, int size) {
    return count < maxElements && bytes + size <= maxBytes;
  }

  // ---------------------------------------------------------------- ends

  /** Adds {@code value} at the head ({@code left}) or the tail. */
  public static void push(Collection c, byte[] value, boolean left) {
    if (c.size() == 0) {
      long p = left ? head(c) - 1 : tail(c); // head == tail
      long anchor = p - (maxElements - 1); // nothing before it: leave room for pushes at the head
      write(c, anchor, ListChunk.encode(p, List.of(value)));
      c.header(HEAD, p);
      c.header(TAIL, p + 1);
      c.header(HEAD_CHUNK, anchor);
      c.header(TAIL_CHUNK, anchor);
    } else if (left) {
      long p = head(c) - 1;
      long a = c.header(HEAD_CHUNK);
      byte[] raw = chunk(c, a);
      if (a != ListChunk.first(raw) && fits(raw, value)) {
        write(c, a, ListChunk.prepend(raw, value));
      } else {
        if (a != ListChunk.first(raw)) {
          // Full before its room ran out: the new head chunk's anchor must be the greatest ≤ p.
          long first = ListChunk.first(raw);
          remove(c, a);
          write(c, first, raw);
          if (c.header(TAIL_CHUNK) == a) {
            c.header(TAIL_CHUNK, first);
          }
        }
        long anchor = p - (maxElements - 1);
        write(c, anchor, ListChunk.encode(p, List.of(value)));
        c.header(HEAD_CHUNK, anchor);
      }
      c.header(HEAD, p);
    } else {
      long p = tail(c);
      long a = c.header(TAIL_CHUNK);
      byte[] raw = chunk(c, a);
      if (fits(raw, value)) {
        write(c, a, ListChunk.append(raw, value));
      } else {
        write(c, p, ListChunk.encode(p, List.of(value)));
        c.header(TAIL_CHUNK, p);
      }
      c.header(TAIL, p + 1);
    }
    c.addSize(1);
  }

  /** Removes and returns the head ({@code left}) or tail element; null when empty. */
  public static byte[] pop(Collection c, boolean left) {
    long size = c.size();
    if (size == 0) {
      return null;
    }
    long a = c.header(left ? HEAD_CHUNK : TAIL_CHUNK);
    byte[] raw = chunk(c, a);
    int n = ListChunk.count(raw);
    long p = left ? head(c) : tail(c) - 1;
    if (ListChunk.first(raw) != (left ? p : p - n + 1)) {
      throw corrupt(c, "has an end chunk that does not end it");
    }
    int[] offsets = left ? null : tailOffsets(c, raw);
    int at = left ? ListChunk.HEADER : offsets[n - 1];
    byte[] v = ListChunk.elementAt(raw, at);
    if (n > 1) {
      if (left) {
        write(c, a, ListChunk.dropFirst(raw, 1));
      } else {
        byte[] kept = ListChunk.keepBefore(raw, n - 1, at);
        write(c, a, kept);
        remember(c, kept, offsets); // its elements start where they did: the next tail pop does not walk
      }
    } else {
      remove(c, a);
      if (size > 1) {
        // The next chunk is anchored at its first element; the one before must be looked for.
        c.header(left ? HEAD_CHUNK : TAIL_CHUNK, left ? p + 1 : before(c, p - 1));
      }
    }
    if (left) {
      c.header(HEAD, p + 1);
    } else {
      c.header(TAIL, p);
    }
    c.addSize(-1);
    return v;
  }

  /** Where each element of the tail chunk {@code raw} starts: remembered by the batch, or one walk. */
  private static int[] tailOffsets(Collection c, byte[] raw) {
    ApplyCache cache = c.keyspace().applyCache();
    if (cache != null && cache.offsetsChunk == raw) {
      return cache.offsets;
    }
    return ListChunk.offsets(raw);
  }

  private static void remember(Collection c, byte[] chunk, int[] offsets) {
    ApplyCache cache = c.keyspace().applyCache();
    if (cache != null) {
      cache.offsetsChunk = chunk;
      cache.offsets = offsets;
    }
  }

  /**
   * The anchor of the chunk holding {@code p}, the element before the tail chunk just emptied:
   * first looked up where a full chunk ending at {@code p} would be anchored (pushes and pops at the
   * ends leave full chunks anchored at their first element: one point lookup), else sought.
   */
  private static long before(Collection c, long p) {
    long guess = p - (maxElements - 1);
    byte[] raw = c.getShared(position(guess));
    if (raw != null && ListChunk.holds(raw, p)) {
      return guess;
    }
    return seek(c, p).anchor;
  }

  // ---------------------------------------------------------------- by index

  /** The element at index {@code i} (0 ≤ i < size). */
  public static byte[] get(Collection c, long i) {
    long p = head(c) + i;
    byte[] raw = locate(c, p).raw;
    return ListChunk.element(raw, (int) (p - ListChunk.first(raw)));
  }

  /** Replaces the element at index {@code i} (0 ≤ i < size). */
  public static void set(Collection c, long i, byte[] value) {
    long p = head(c) + i;
    Chunk ch = locate(c, p);
    byte[] raw = ListChunk.replace(ch.raw, (int) (p - ListChunk.first(ch.raw)), value);
    if (ListChunk.count(raw) == 1 || ListChunk.payload(raw) <= maxBytes) {
      write(c, ch.anchor, raw);
      return;
    }
    // Grown past the limit: rewritten as chunks within it. The chunk after it is anchored past its
    // last element, so they fit between.
    remove(c, ch.anchor);
    Refill out = new Refill(c, true, ListChunk.first(raw));
    ListChunk.elements(raw).forEach(out::add);
    out.flush();
    if (c.header(HEAD_CHUNK) == ch.anchor) {
      c.header(HEAD_CHUNK, out.firstAnchor);
    }
    if (c.header(TAIL_CHUNK) == ch.anchor) {
      c.header(TAIL_CHUNK, out.lastAnchor);
    }
  }

  /** The chunk holding position {@code p} (head ≤ p < tail). */
  private static Chunk locate(Collection c, long p) {
    if (p - head(c) < maxElements) {
      long a = c.header(HEAD_CHUNK);
      byte[] raw = chunk(c, a);
      if (ListChunk.holds(raw, p)) {
        return new Chunk(a, raw);
      }
    }
    if (tail(c) - p <= maxElements) {
      long a = c.header(TAIL_CHUNK);
      byte[] raw = chunk(c, a);
      if (ListChunk.holds(raw, p)) {
        return new Chunk(a, raw);
      }
    }
    return seek(c, p);
  }

  /** The chunk holding position {@code p}, found by its anchor: the greatest ≤ p. */
  private static Chunk seek(Collection c, long p) {
    try (MemberIterator it = c.members().seekForPrev(position(p))) {
      if (!it.valid()) {
        throw corrupt(c, "has no chunk for position " + Long.toUnsignedString(p));
      }
      Chunk ch = new Chunk(Bytes.getLong(it.suffix(), 0), it.value());
      if (!ListChunk.holds(ch.raw, p)) {
        throw corrupt(c, "has a hole at position " + Long.toUnsignedString(p));
      }
      return ch;
    }
  }

  /**
   * Elements {@code start..stop} (valid indexes, start ≤ stop), head to tail. After the chunk
   * holding {@code start}, each next chunk is anchored right after the last element of the one
   * before: point lookups, which find a chunk's newest version at once, where an iterator would
   * step over the older versions a busy list leaves in the memtable.
   */
  public static List<byte[]> range(Collection c, long start, long stop) {
    int n = (int) Math.min(stop - start + 1, Integer.MAX_VALUE - 8);
    List<byte[]> out = new ArrayList<>(Math.min(n, 4096));
    long p = head(c) + start; // the next position wanted
    byte[] raw = locate(c, p).raw;
    while (true) {
      int at = (int) (p - ListChunk.first(raw));
      int to = (int) Math.min(ListChunk.count(raw) - 1L, (long) at + (n - out.size()) - 1);
      ListChunk.copyTo(raw, at, to, out);
      if (out.size() >= n) {
        return out;
      }
      p += to - at + 1;
      raw = chunk(c, p);
      if (ListChunk.first(raw) != p) {
        throw corrupt(c, "has a hole at position " + Long.toUnsignedString(p));
      }
    }
  }

  // ---------------------------------------------------------------- rewriting

  /** Keeps only indexes {@code start..stop} (already clamped; start > stop keeps nothing). */
  public static void trim(Collection c, long start, long stop) {
    long size = c.size();
    if (start > stop || start >= size) {
      c.drop();
      return;
    }
    long h = head(c);
    long newHead = h + start;
    long newLast = h + stop;
    if (start > 0) {
      // From the head: drop the chunks wholly before the new head, cut the one holding it.
      long a = c.header(HEAD_CHUNK);
      boolean done = false;
      while (!done) {
        List<Chunk> group = chunks(c, a, true);
        for (Chunk ch : group) {
          if (ListChunk.last(ch.raw) - newHead < 0) {
            remove(c, ch.anchor);
            continue;
          }
          int k = (int) (newHead - ListChunk.first(ch.raw));
          if (k > 0) {
            write(c, ch.anchor, ListChunk.dropFirst(ch.raw, k));
          }
          c.header(HEAD_CHUNK, ch.anchor);
          done = true;
          break;
        }
        a = ListChunk.last(group.get(group.size() - 1).raw) + 1;
      }
    }
    if (stop < size - 1) {
      // From the tail: drop the chunks wholly after the new last element, cut the one holding it.
      long a = c.header(TAIL_CHUNK);
      boolean done = false;
      while (!done) {
        List<Chunk> group = chunks(c, a, false);
        for (Chunk ch : group) {
          if (ListChunk.first(ch.raw) - newLast > 0) {
            remove(c, ch.anchor);
            continue;
          }
          int keep = (int) (newLast - ListChunk.first(ch.raw)) + 1;
          if (keep < ListChunk.count(ch.raw)) {
            write(c, ch.anchor, ListChunk.keepFirst(ch.raw, keep));
          }
          c.header(TAIL_CHUNK, ch.anchor);
          done = true;
          break;
        }
        a = group.get(group.size() - 1).anchor - 1;
      }
    }
    c.header(HEAD, newHead);
    c.header(TAIL, newLast + 1);
    c.size(stop - start + 1);
  }

  /**
   * Up to {@link #GROUP} chunks in list order from the one anchored at {@code anchor} toward the
   * tail ({@code forward}), or from the one holding position {@code anchor} toward the head. The
   * iterator is closed before the caller writes.
   */
  private static List<Chunk> chunks(Collection c, long anchor, boolean forward) {
    List<Chunk> out = new ArrayList<>();
    try (MemberIterator it = c.members()) {
      if (forward) {
        it.seek(position(anchor));
      } else {
        it.seekForPrev(position(anchor));
      }
      while (it.valid() && out.size() < GROUP) {
        out.add(new Chunk(Bytes.getLong(it.suffix(), 0), it.value()));
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
      }
    }
    if (out.isEmpty()) {
      throw corrupt(c, "has no chunk at " + Long.toUnsignedString(anchor));
    }
    return out;
  }

  /**
   * Writes the elements it is given, in list order from one end ({@code forward}: toward the tail),
   * as new chunks at consecutive positions from {@code next} on, each anchored at its first
   * position. The chunks it replaces must have been deleted before it writes, and must have been
   * read: a rewrite that moves elements toward the head goes forward, one that moves them toward
   * the tail goes backward, so a chunk written never lands on a key not yet read.
   */
  private static final class Refill {
    private final Collection c;
    private final boolean forward;
    private long next;
    private final List<byte[]> pending = new ArrayList<>();
    private long bytes;
    private boolean wrote;
    private long firstAnchor;
    private long lastAnchor;

    Refill(Collection c, boolean forward, long next) {
      this.c = c;
      this.forward = forward;
      this.next = next;
    }

    void add(byte[] v) {
      int size = ListChunk.entrySize(v);
      if (!pending.isEmpty() && !room(pending.size(), bytes, size)) {
        flush();
      }
      pending.add(v);
      bytes += size;
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      long first;
      List<byte[]> elements = pending;
      if (forward) {
        first = next;
        next += pending.size();
      } else {
        first = next - pending.size() + 1;
        next = first - 1;
        elements = new ArrayList<>(pending);
        java.util.Collections.reverse(elements);
      }
      write(c, first, ListChunk.encode(first, elements));
      if (!wrote) {
        firstAnchor = first;
        wrote = true;
      }
      lastAnchor = first;
      pending.clear();
      bytes = 0;
    }
  }

  /**
   * Inserts {@code value} so that it gets index {@code at} (0 ≤ at ≤ size), moving whichever side
   * of the list is shorter by one position: that side's chunks are rewritten.
   */
  public static void insert(Collection c, long at, byte[] value) {
    long size = c.size();
    if (at == 0 || at == size) {
      push(c, value, at == 0);
      return;
    }
    long h = head(c);
    long t = tail(c);
    long q = h + at; // the position of the element that will follow value
    boolean towardHead = at < size - at;
    // Toward the head: elements before q move back one, value takes q-1, walking from the head.
    // Toward the tail: elements from q on move on one, value takes q, walking from the tail.
    Refill out = new Refill(c, towardHead, towardHead ? h - 1 : t);
    long a = c.header(towardHead ? HEAD_CHUNK : TAIL_CHUNK);
    long endAnchor = c.header(towardHead ? TAIL_CHUNK : HEAD_CHUNK);
    boolean reachedEnd = false;
    boolean done = false;
    while (!done) {
      List<Chunk> group = chunks(c, a, towardHead);
      for (Chunk ch : group) {
        remove(c, ch.anchor);
        reachedEnd = ch.anchor == endAnchor;
        List<byte[]> els = ListChunk.elements(ch.raw);
        int k = (int) (q - ListChunk.first(ch.raw)); // elements [0, k) come before value
        if (towardHead) {
          if (k > els.size()) {
            els.forEach(out::add);
            continue;
          }
          els.subList(0, k).forEach(out::add);
          out.add(value);
          els.subList(k, els.size()).forEach(out::add);
        } else {
          if (k < 0) {
            for (int i = els.size() - 1; i >= 0; i--) {
              out.add(els.get(i));
            }
            continue;
          }
          for (int i = els.size() - 1; i >= k; i--) {
            out.add(els.get(i));
          }
          out.add(value);
          for (int i = k - 1; i >= 0; i--) {
            out.add(els.get(i));
          }
        }
        done = true;
        break;
      }
      Chunk last = group.get(group.size() - 1);
      a = towardHead ? ListChunk.last(last.raw) + 1 : last.anchor - 1;
    }
    out.flush();
    if (towardHead) {
      c.header(HEAD_CHUNK, out.firstAnchor);
      if (reachedEnd) {
        c.header(TAIL_CHUNK, out.lastAnchor);
      }
      c.header(HEAD, h - 1);
    } else {
      c.header(TAIL_CHUNK, out.firstAnchor);
      if (reachedEnd) {
        c.header(HEAD_CHUNK, out.lastAnchor);
      }
      c.header(TAIL, t + 1);
    }
    c.addSize(1);
  }

  /**
   * LREM: removes up to {@code limit} elements equal to {@code value} (0 = all), from the head
   * when {@code fromHead}, else from the tail; the survivors after the first match move toward
   * that end, their chunks rewritten. Chunks before the first match are left as they are.
   */
  public static long remove(Collection c, byte[] value, long limit, boolean fromHead) {
    long h = head(c);
    long t = tail(c);
    long removed = 0;
    Refill out = null; // from the first chunk with a match on
    long untouched = 0; // anchor of the last chunk passed over unchanged
    boolean passed = false;
    long a = c.header(fromHead ? HEAD_CHUNK : TAIL_CHUNK);
    boolean end = false;
    while (!end) {
      List<Chunk> group = chunks(c, a, fromHead);
      for (Chunk ch : group) {
        List<byte[]> els = ListChunk.elements(ch.raw);
        if (!fromHead) {
          java.util.Collections.reverse(els);
        }
        end = fromHead ? ListChunk.last(ch.raw) == t - 1 : ListChunk.first(ch.raw) == h;
        if (out == null) {
          boolean match = false;
          for (byte[] v : els) {
            if (Arrays.equals(v, value)) {
              match = true;
              break;
            }
          }
          if (!match) {
            untouched = ch.anchor;
            passed = true;
            if (end) {
              break;
            }
            continue;
          }
          out = new Refill(c, fromHead, fromHead ? ListChunk.first(ch.raw) : ListChunk.last(ch.raw));
        }
        remove(c, ch.anchor);
        for (byte[] v : els) {
          if ((limit == 0 || removed < limit) && Arrays.equals(v, value)) {
            removed++;
          } else {
            out.add(v);
          }
        }
        if (end) {
          break;
        }
      }
      Chunk last = group.get(group.size() - 1);
      a = fromHead ? ListChunk.last(last.raw) + 1 : last.anchor - 1;
    }
    if (out == null) {
      return 0;
    }
    out.flush();
    int near = fromHead ? HEAD_CHUNK : TAIL_CHUNK;
    int far = fromHead ? TAIL_CHUNK : HEAD_CHUNK;
    if (out.wrote) {
      if (!passed) {
        c.header(near, out.firstAnchor);
      }
      c.header(far, out.lastAnchor);
    } else if (passed) {
      c.header(far, untouched);
    }
    if (fromHead) {
      c.header(TAIL, t - removed);
    } else {
      c.header(HEAD, h + removed);
    }
    c.addSize(-removed);
    return removed;
  }

  // ---------------------------------------------------------------- searching

  /** Index of the first element equal to {@code value}, or -1. */
  public static long indexOf(Collection c, byte[] value) {
    try (Walk w = new Walk(c, true)) {
      for (long i = 0; ; i++) {
        byte[] v = w.next();
        if (v == null) {
          return -1;
        }
        if (Arrays.equals(v, value)) {
          return i;
        }
      }
    }
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
    try (Walk w = new Walk(c, forward)) {
      for (long scanned = 0; maxlen == 0 || scanned < maxlen; scanned++) {
        byte[] v = w.next();
        if (v == null) {
          break;
        }
        if (Arrays.equals(v, value)) {
          if (skip > 0) {
            skip--;
          } else {
            out.add(forward ? scanned : size - 1 - scanned);
            if (count != 0 && out.size() >= count) {
              break;
            }
          }
        }
      }
    }
    return out;
  }

  /** The elements from one end, chunk by chunk (read-only: it holds an iterator open). */
  private static final class Walk implements AutoCloseable {
    private final MemberIterator it;
    private final boolean forward;
    private List<byte[]> chunk = List.of();
    private int i;

    Walk(Collection c, boolean forward) {
      this.forward = forward;
      this.it = forward ? c.members().first() : c.members().last();
    }

    /** The next element, or null after the last. */
    byte[] next() {
      while (i >= chunk.size()) {
        if (!it.valid()) {
          return null;
        }
        chunk = ListChunk.elements(it.value());
        if (!forward) {
          java.util.Collections.reverse(chunk);
        }
        i = 0;
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
      }
      return chunk.get(i++);
    }

    @Override
    public void close() {
      it.close();
    }
  }
}
