package io.pacraft.server.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random members of a collection (SPOP, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER). The random source
 * is the keyspace's: seeded by the leader and carried in the log entry when the choice changes
 * stored data, so every replica picks the same members. Memory is bounded by the number of members
 * asked for; the collection itself streams from RocksDB.
 */
public final class RandomMembers {
  /** Up to this size a single pick is uniform (by index); above, it samples by key interpolation. */
  static final long UNIFORM_PICK_LIMIT = 4096;

  private RandomMembers() {}

  /** A member of the {@code data} family as {@code [member, value]}. */
  public record Pick(byte[] member, byte[] value) {}

  /** One random member, or null when the collection is empty. */
  public static Pick one(Collection c, Random r) {
    long size = c.size();
    if (size <= 0) {
      return null;
    }
    if (size <= UNIFORM_PICK_LIMIT) {
      long target = (long) (r.nextDouble() * size);
      try (MemberIterator it = c.members().first()) {
        for (long i = 0; it.valid(); i++, it.next()) {
          if (i == target) {
            return new Pick(it.suffix(), it.value());
          }
        }
      }
      return null;
    }
    try (MemberIterator it = c.members()) {
      byte[] first = it.first().suffix();
      byte[] last = it.last().suffix();
      it.seek(between(first, last, r));
      if (!it.valid()) {
        it.first();
      }
      return new Pick(it.suffix(), it.value());
    }
  }

  /** A random byte string between {@code lo} and {@code hi} (lo ≤ hi), to seek to. */
  static byte[] between(byte[] lo, byte[] hi, Random r) {
    int common = 0;
    while (common < lo.length && common < hi.length && lo[common] == hi[common]) {
      common++;
    }
    byte[] out = Arrays.copyOf(lo, common + 9);
    int a = common < lo.length ? lo[common] & 0xFF : 0;
    int b = common < hi.length ? hi[common] & 0xFF : 0xFF;
    out[common] = (byte) (a + r.nextInt(b - a + 1));
    for (int i = common + 1; i < out.length; i++) {
      out[i] = (byte) r.nextInt(256);
    }
    return out;
  }

  /** {@code count} distinct members (count &lt; size), in random order. */
  public static List<Pick> distinct(Collection c, long count, Random r) {
    long size = c.size();
    // Floyd's algorithm: count distinct indexes of [0, size) in O(count) memory.
    Set<Long> chosen = new HashSet<>();
    for (long j = size - count; j < size; j++) {
      long t = (long) (r.nextDouble() * (j + 1));
      chosen.add(chosen.contains(t) ? j : t);
    }
    List<Pick> out = new ArrayList<>(chosen.size());
    try (MemberIterator it = c.members().first()) {
      for (long i = 0; it.valid() && out.size() < chosen.size(); i++, it.next()) {
        if (chosen.contains(i)) {
          out.add(new Pick(it.suffix(), it.value()));
        }
      }
    }
    Collections.shuffle(out, r);
    return out;
  }

  /** Most members one call may draw with repetitions: the reply is built in memory. */
  public static final long MAX_DRAWS = 10_000_000;

  /** {@code count} (at most {@link #MAX_DRAWS}) members drawn independently, in draw order. */
  public static List<Pick> withRepetition(Collection c, long count, Random r) {
    if (count > MAX_DRAWS) {
      throw new IllegalArgumentException("at most " + MAX_DRAWS + " draws");
    }
    long size = c.size();
    long[] draws = new long[(int) count];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = (long) (r.nextDouble() * size);
    }
    long[] sorted = draws.clone();
    Arrays.sort(sorted);
    Map<Long, Pick> found = new HashMap<>();
    try (MemberIterator it = c.members().first()) {
      int k = 0;
      for (long i = 0; it.valid() && k < sorted.length; i++, it.next()) {
        if (sorted[k] == i) {
          Pick p = new Pick(it.suffix(), it.value());
          found.put(i, p);
          while (k < sorted.length && sorted[k] == i) {
            k++;
          }
        }
      }
    }
    List<Pick> out = new ArrayList<>(draws.length);
    for (long d : draws) {
      out.add(found.get(d));
    }
    return out;
  }
}
