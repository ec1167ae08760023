package io.pacraft.replication.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where a {@link SegmentedLogStore} sends its encoded records and how they become durable. Called
 * only on the store's scheduler thread. Whatever the implementation, it keeps three rules: records
 * reach a segment in the order issued; nothing written to a new segment may become durable before
 * the previous segment is synced (so that only the last segment can have a torn tail); and a
 * callback runs, on the scheduler, only once every record issued before it is synced and every new
 * segment's directory entry is durable.
 */
abstract class SegmentSink {
  /** Writes {@code record} (position to limit) at {@code offset} of {@code segment}, which is the current one. */
  abstract void write(Segment segment, long offset, ByteBuffer record) throws IOException;

  /** {@code next} (already created, empty) becomes the segment written to. */
  abstract void roll(Segment next);

  /** Deletes {@code segments} once everything issued so far is durable. */
  abstract void delete(List<Segment> segments);

  /**
   * Runs {@code onDurable} (may be null) once everything issued so far is durable; {@code position}
   * is the packed position just past it.
   */
  abstract void commit(Runnable onDurable, long position);

  /**
   * Records issued so far are to be written soon but need not be synced: they become durable with
   * the next {@link #commit} (which may come before they are written).
   */
  abstract void issue();

  /** Stops; writes not yet synced may or may not become durable, callbacks not yet run never run. */
  abstract void close();
}
