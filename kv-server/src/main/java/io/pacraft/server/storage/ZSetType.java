package io.pacraft.server.storage;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The sorted-set encoding: the standard header; each member in the {@code data} family under (key,
 * version, member) with its score (8 bytes, the double's bits), and in the {@code zscore} family
 * under (key, version, sortable score, member) with an empty value, so that rank and score ranges
 * stream in order and lexical ranges stream from the member order.
 */
public final class ZSetType {
  private ZSetType() {}

  /** A member and its score. */
  public record Entry(byte[] member, double score) {}

  public static Collection find(Keyspace ks, byte[] key) {
    return Collection.find(ks, key, KeyType.ZSET);
  }

  public static Collection findOrCreate(Keyspace ks, byte[] key) {
    return Collection.findOrCreate(ks, key, KeyType.ZSET, CollectionHeader.LENGTH);
  }

  /** A new empty sorted set replacing whatever {@code key} holds. */
  public static Collection replace(Keyspace ks, byte[] key) {
    return Collection.replace(ks, key, KeyType.ZSET, CollectionHeader.LENGTH);
  }

  // ---------------------------------------------------------------- encodings

  /** 8 bytes whose unsigned order is the numeric order of {@code d} (-0 sorts as 0; no NaN). */
  public static byte[] sortable(double d) {
    long bits = Double.doubleToLongBits(d == 0 ? 0.0 : d);
    bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    return Bytes.ofLong(bits);
  }

  static double fromSortable(byte[] b, int off) {
    long bits = Bytes.getLong(b, off);
    bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
    return Double.longBitsToDouble(bits);
  }

  private static byte[] indexSuffix(double score, byte[] member) {
    byte[] s = new byte[8 + member.length];
    System.arraycopy(sortable(score), 0, s, 0, 8);
    System.arraycopy(member, 0, s, 8, member.length);
    return s;
  }

  private static Entry indexEntry(byte[] suffix) {
    return new Entry(Arrays.copyOfRange(suffix, 8, suffix.length), fromSortable(suffix, 0));
  }

  // ---------------------------------------------------------------- members

  /** The score of {@code member}, or null. */
  public static Double score(Collection c, byte[] member) {
    byte[] v = c.get(member);
    return v == null ? null : Double.longBitsToDouble(Bytes.getLong(v, 0));
  }

  /** Sets {@code member}'s score; {@code old} is its current score (null when it is new). */
  public static void put(Collection c, byte[] member, double score, Double old) {
    if (score == 0) {
      score = 0.0; // a stored score is never -0: Redis' compact encoding (every small sorted set) keeps 0
    }
    if (old != null) {
      if (old == score) {
        return;
      }
      c.deleteIndex(indexSuffix(old, member));
    } else {
      c.addSize(1);
    }
    c.put(member, Bytes.ofLong(Double.doubleToRawLongBits(score)));
    c.putIndex(indexSuffix(score, member));
  }

  /** Removes {@code member}; true when it was there. */
  public static boolean remove(Collection c, byte[] member) {
    Double old = score(c, member);
    if (old == null) {
      return false;
    }
    c.delete(member);
    c.deleteIndex(indexSuffix(old, member));
    c.addSize(-1);
    return true;
  }

  /** Removes an entry read from this set's own iteration. */
  public static void remove(Collection c, Entry e) {
    c.delete(e.member());
    c.deleteIndex(indexSuffix(e.score(), e.member()));
    c.addSize(-1);
  }

  // ---------------------------------------------------------------- ranks

  /** The 0-based rank of {@code member} (from the highest score when {@code reverse}), or -1. */
  public static long rank(Collection c, byte[] member, double score, boolean reverse) {
    byte[] target = indexSuffix(score, member);
    try (MemberIterator it = c.index()) {
      if (reverse) {
        it.last();
      } else {
        it.first();
      }
      for (long r = 0; it.valid(); r++) {
        if (Arrays.equals(it.suffix(), target)) {
          return r;
        }
        if (reverse) {
          it.prev();
        } else {
          it.next();
        }
      }
    }
    return -1;
  }

  /**
   * Visits entries at ranks {@code start..stop} (valid, start ≤ stop) in score order, or from the
   * highest score when {@code reverse}; the visitor returns false to stop.
   */
  public static void byRank(Collection c, long start, long stop, boolean reverse, Predicate<Entry> visitor) {
    try (MemberIterator it = c.index()) {
      if (reverse) {
        it.last();
      } else {
        it.first();
      }
      for (long r = 0; it.valid() && r <= stop; r++) {
        if (r >= start && !visitor.test(indexEntry(it.suffix()))) {
          return;
        }
        if (reverse) {
          it.prev();
        } else {
          it.next();
        }
      }
    }
  }

  /**
   * Visits entries with scores in {@code range}, lowest first or highest first, skipping {@code
   * offset} of them and visiting at most {@code limit} (negative = all).
   */
  public static void byScore(
      Collection c, ScoreRange range, boolean reverse, long offset, long limit, Predicate<Entry> visitor) {
    if (range.isEmpty() || limit == 0) {
      return;
    }
    try (MemberIterator it = c.index()) {
      if (!reverse) {
        it.seek(sortable(range.min()));
      } else if (range.max() == Double.POSITIVE_INFINITY) {
        it.last();
      } else {
        it.seekForPrev(sortable(Math.nextUp(range.max())));
      }
      walk(it, reverse, offset, limit, x -> indexEntry(x.suffix()),
          e -> reverse ? !range.belowMax(e.score()) : !range.aboveMin(e.score()),
          e -> reverse ? !range.aboveMin(e.score()) : !range.belowMax(e.score()),
          visitor);
    }
  }

  /**
   * Visits members in {@code range} in member order (or reversed), skipping {@code offset} and
   * visiting at most {@code limit} (negative = all). Lexical ranges assume equal scores, as Redis
   * documents; members are visited in byte order whatever their scores.
   */
  public static void byLex(
      Collection c, LexRange range, boolean reverse, long offset, long limit, Predicate<Entry> visitor) {
    if (range.isEmpty() || limit == 0) {
      return;
    }
    try (MemberIterator it = c.members()) {
      LexRange.Bound start = reverse ? range.max() : range.min();
      if (start.infinity() != 0) {
        if (reverse) {
          it.last();
        } else {
          it.first();
        }
      } else if (reverse) {
        it.seekForPrev(start.value());
      } else {
        it.seek(start.value());
      }
      walk(it, reverse, offset, limit, x -> new Entry(x.suffix(), Double.longBitsToDouble(Bytes.getLong(x.value(), 0))),
          e -> reverse ? !range.belowMax(e.member()) : !range.aboveMin(e.member()),
          e -> reverse ? !range.aboveMin(e.member()) : !range.belowMax(e.member()),
          visitor);
    }
  }

  /**
   * From the iterator's position, in either direction: skips entries before the range's start
   * ({@code before}), stops at the first past its end ({@code past}), skips {@code offset} entries
   * in range and visits at most {@code limit} (negative = all).
   */
  private static void walk(
      MemberIterator it,
      boolean reverse,
      long offset,
      long limit,
      java.util.function.Function<MemberIterator, Entry> decode,
      Predicate<Entry> before,
      Predicate<Entry> past,
      Predicate<Entry> visitor) {
    long skipped = 0;
    long visited = 0;
    for (; it.valid(); step(it, reverse)) {
      Entry e = decode.apply(it);
      if (before.test(e)) {
        continue; // an excluded bound, or the first entries before it
      }
      if (past.test(e)) {
        return;
      }
      if (skipped < offset) {
        skipped++;
        continue;
      }
      if (!visitor.test(e) || limit > 0 && ++visited >= limit) {
        return;
      }
    }
  }

  private static void step(MemberIterator it, boolean reverse) {
    if (reverse) {
      it.prev();
    } else {
      it.next();
    }
  }

  /** Visits every entry in score order; the visitor returns false to stop. */
  public static void all(Collection c, Predicate<Entry> visitor) {
    byRank(c, 0, Long.MAX_VALUE, false, visitor);
  }
}
