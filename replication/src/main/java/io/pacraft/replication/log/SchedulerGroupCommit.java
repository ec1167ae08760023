package io.pacraft.replication.log;

import io.pacraft.replication.Scheduler;
import io.pacraft.replication.disk.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Group commit without a writer thread: records collect in memory as they are issued, and one task
 * queued on the store's scheduler writes them (one write per segment), issues one fsync and runs
 * every callback waiting for them — all on the scheduler's thread, which is busy for the sync.
 *
 * <p>The task is queued by the first commit after a sync and runs after the tasks queued before
 * it, so everything issued in between shares it. On a scheduler that is a network event loop this
 * is how redis-server's {@code appendfsync always} works: every request read in one pass of the
 * loop is written and synced once, then applied and answered, and no thread is woken on the way.
 */
final class SchedulerGroupCommit extends SegmentSink {
  private final SegmentedLogStore store;
  private final Disk disk;
  private final Scheduler scheduler;
  private final Runnable flushTask = this::flush;
  private RecordBatch filling = new RecordBatch();
  private RecordBatch spare = new RecordBatch();
  /** The segment last written without a sync (records issued with {@link #issue}), or null. */
  private Segment unsynced;
  private boolean scheduled;
  private boolean closed;

  SchedulerGroupCommit(SegmentedLogStore store, Disk disk, Scheduler scheduler) {
    this.store = store;
    this.disk = disk;
    this.scheduler = scheduler;
  }

  @Override
  void write(Segment segment, long offset, ByteBuffer record) {
    filling.write(segment, offset, record, false);
  }

  @Override
  void roll(Segment next) {
    filling.startStep(next, 0, true);
  }

  @Override
  void delete(List<Segment> segments) {
    filling.obsolete.addAll(segments);
    schedule();
  }

  @Override
  void commit(Runnable onDurable, long position) {
    if (onDurable != null) {
      filling.callbacks.add(onDurable);
    }
    filling.position = position;
    filling.committed = true;
    schedule();
  }

  @Override
  void issue() {
    schedule();
  }

  private void schedule() {
    if (!scheduled && !closed) {
      scheduled = true;
      scheduler.execute(flushTask);
    }
  }

  /**
   * Scheduler: writes what was issued and, when a commit asks for it, syncs it and runs the callbacks
   * (which may issue more); records issued without a commit stay unsynced until the next one.
   */
  private void flush() {
    scheduled = false;
    if (closed) {
      return;
    }
    RecordBatch batch = filling;
    filling = spare;
    spare = batch;
    try {
      unsynced = batch.execute(disk, unsynced, false);
    } catch (IOException | RuntimeException e) {
      closed = true;
      store.fail(e instanceof IOException io ? io : new IOException(e));
      batch.clear();
      return;
    }
    if (batch.committed) {
      store.completed(batch.position, batch.callbacks);
    }
    batch.clear();
  }

  /** Writes and syncs what is still pending (a clean shutdown loses nothing); runs no callback. */
  @Override
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      filling.execute(disk, unsynced, true);
    } catch (IOException | RuntimeException e) {
      store.fail(e instanceof IOException io ? io : new IOException(e));
    }
    filling.clear();
  }
}
