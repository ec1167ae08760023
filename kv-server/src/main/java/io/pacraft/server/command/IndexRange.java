package io.pacraft.server.command;

/** Redis' reading of a start/stop index pair (negative counts from the end) against a length. */
public final class IndexRange {
  private IndexRange() {}

  /** {start, stop} clamped into [0, size-1] (LRANGE, LTRIM, ZRANGE), or null when nothing is in range. */
  public static long[] resolve(long start, long stop, long size) {
    if (start < 0) {
      start = size + start;
    }
    if (stop < 0) {
      stop = size + stop;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > stop || start >= size) {
      return null;
    }
    if (stop >= size) {
      stop = size - 1;
    }
    return new long[] {start, stop};
  }
}
