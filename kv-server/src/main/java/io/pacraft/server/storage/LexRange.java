package io.pacraft.server.storage;

/**
 * A lexicographic member interval as ZRANGEBYLEX reads it: each bound {@code -} (below every
 * member), {@code +} (above every member), {@code [m} inclusive or {@code (m} exclusive.
 */
public record LexRange(Bound min, Bound max) {
  /** One end of a lexicographic interval. */
  public record Bound(int infinity, byte[] value, boolean exclusive) {
    public static final Bound MINUS = new Bound(-1, null, false);
    public static final Bound PLUS = new Bound(1, null, false);

    /** The order of {@code member} against this bound's value (infinities compare as such). */
    int compareMember(byte[] member) {
      if (infinity != 0) {
        return -infinity;
      }
      return Bytes.compare(member, value);
    }
  }

  public boolean aboveMin(byte[] member) {
    int c = min.compareMember(member);
    return min.exclusive ? c > 0 : c >= 0;
  }

  public boolean belowMax(byte[] member) {
    int c = max.compareMember(member);
    return max.exclusive ? c < 0 : c <= 0;
  }

  /** True when no member can fall in the interval. */
  public boolean isEmpty() {
    if (min.infinity > 0 || max.infinity < 0) {
      return true;
    }
    if (min.infinity != 0 || max.infinity != 0) {
      return false;
    }
    int c = Bytes.compare(min.value, max.value);
    return c > 0 || c == 0 && (min.exclusive || max.exclusive);
  }
}
