package io.pacraft.replication.log;

/**
 * Settings of a {@link SegmentedLogStore}.
 *
 * @param segmentBytes a segment is closed and a new one started once a record would take it past
 *     this size (a larger record gets a segment of its own); default 64 MiB
 * @param cacheBytes recent entries kept in memory (so a leader serves followers without reading
 *     its files), by {@link LogEntry#sizeEstimate()}; entries not yet durable are always kept;
 *     default 32 MiB
 * @param syncDelayNanos deterministic mode only: the delay before the scheduled sync task runs
 *     (0: as soon as the scheduler gets to it); ignored by the threaded mode
 * @param preallocate each segment after the first is a file written full of zeros before it is
 *     needed (sizes doubling from 1 MiB up to {@code segmentBytes}), so syncs never change a file's
 *     size; default on. The threaded modes fill the next one on a thread of their own; the
 *     deterministic mode fills it on the scheduler when it rolls (turn it off where that would
 *     block a real scheduler on a large write)
 */
public record LogStoreOptions(long segmentBytes, long cacheBytes, long syncDelayNanos, boolean preallocate) {
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  public static final long DEFAULT_CACHE_BYTES = 32L << 20;
  /** The first preallocated segment's size (or {@code segmentBytes} if smaller); each next one doubles. */
  public static final long FIRST_PREALLOCATED_BYTES = 1L << 20;

  public LogStoreOptions {
    if (segmentBytes < 64 || segmentBytes >= (1L << SegmentedLogStore.OFFSET_BITS)) {
      throw new IllegalArgumentException("segment size out of range: " + segmentBytes);
    }
    if (cacheBytes < 0 || syncDelayNanos < 0) {
      throw new IllegalArgumentException("negative cache size or sync delay");
    }
  }

  public static LogStoreOptions defaults() {
    return new LogStoreOptions(DEFAULT_SEGMENT_BYTES, DEFAULT_CACHE_BYTES, 0, true);
  }

  public LogStoreOptions withSegmentBytes(long bytes) {
    return new LogStoreOptions(bytes, cacheBytes, syncDelayNanos, preallocate);
  }

  public LogStoreOptions withCacheBytes(long bytes) {
    return new LogStoreOptions(segmentBytes, bytes, syncDelayNanos, preallocate);
  }

  public LogStoreOptions withSyncDelayNanos(long nanos) {
    return new LogStoreOptions(segmentBytes, cacheBytes, nanos, preallocate);
  }

  public LogStoreOptions withPreallocate(boolean on) {
    return new LogStoreOptions(segmentBytes, cacheBytes, syncDelayNanos, on);
  }
}
