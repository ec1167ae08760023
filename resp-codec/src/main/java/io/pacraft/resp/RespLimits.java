package io.pacraft.resp;

/**
 * Limits the request decoder enforces, with Redis 7's defaults ({@link #DEFAULT}).
 *
 * @param maxBulkLength longest bulk string argument ({@code proto-max-bulk-len}, default 512 MiB);
 *     a longer {@code $len} is {@code invalid bulk length}. At most {@link #MAX_ARRAY}, the
 *     longest Java array.
 * @param maxInlineLength longest inline command line and longest {@code *N} / {@code $len} count
 *     line before its terminator ({@code PROTO_INLINE_MAX_SIZE}, 64 KiB); longer is {@code too big
 *     inline request}, {@code too big mbulk count string} or {@code too big bulk count string}
 * @param maxMultibulkLength most arguments in one request (Redis 7: {@code INT_MAX}); more is
 *     {@code invalid multibulk length}
 */
public record RespLimits(int maxBulkLength, int maxInlineLength, int maxMultibulkLength) {

  /** The longest byte array a JVM allocates. */
  public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Redis 7's limits: 512 MiB bulks, 64 KiB lines, {@code INT_MAX} arguments. */
  public static final RespLimits DEFAULT =
      new RespLimits(512 * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE);

  public RespLimits {
    if (maxBulkLength < 0 || maxBulkLength > MAX_ARRAY) {
      throw new IllegalArgumentException("maxBulkLength out of [0, " + MAX_ARRAY + "]");
    }
    if (maxInlineLength < 1) {
      throw new IllegalArgumentException("maxInlineLength must be positive");
    }
    if (maxMultibulkLength < 1) {
      throw new IllegalArgumentException("maxMultibulkLength must be positive");
    }
  }

  /** These limits with another bulk limit (what {@code CONFIG SET proto-max-bulk-len} sets). */
  public RespLimits withMaxBulkLength(int bytes) {
    return new RespLimits(bytes, maxInlineLength, maxMultibulkLength);
  }
}
