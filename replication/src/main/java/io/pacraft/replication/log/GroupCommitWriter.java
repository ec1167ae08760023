package io.pacraft.replication.log;

import io.pacraft.replication.Scheduler;
import io.pacraft.replication.disk.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real sink: one writer thread per store takes every record queued since its last batch, writes
 * them, issues one fsync, and posts all their callbacks to the group's scheduler in one task.
 * Records that arrive while it syncs form the next batch, so throughput is batch size over fsync
 * latency (group commit). The scheduler thread only copies encoded bytes into the filling batch
 * under a lock held for the copy; the writer holds it only to swap batches.
 */
final class GroupCommitWriter extends SegmentSink {
  private final SegmentedLogStore store;
  private final Disk disk;
  private final Scheduler scheduler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Thread thread;
  private RecordBatch filling = new RecordBatch();
  private RecordBatch writing = new RecordBatch();
  private boolean writerWaiting;
  private boolean closing;

  GroupCommitWriter(SegmentedLogStore store, Disk disk, Scheduler scheduler, String threadName) {
    this.store = store;
    this.disk = disk;
    this.scheduler = scheduler;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  void write(Segment segment, long offset, ByteBuffer record) {
    lock.lock();
    try {
      filling.write(segment, offset, record, false);
    } finally {
      lock.unlock();
    }
  }

  @Override
  void roll(Segment next) {
    lock.lock();
    try {
      filling.startStep(next, 0, true);
    } finally {
      lock.unlock();
    }
  }

  @Override
  void delete(List<Segment> segments) {
    lock.lock();
    try {
      filling.obsolete.addAll(segments);
      wake();
    } finally {
      lock.unlock();
    }
  }

  @Override
  void commit(Runnable onDurable, long position) {
    lock.lock();
    try {
      if (onDurable != null) {
        filling.callbacks.add(onDurable);
      }
      filling.position = position;
      filling.committed = true;
      wake();
    } finally {
      lock.unlock();
    }
  }

  /** The writer syncs every batch it writes: a deferred record is made durable with the others. */
  @Override
  void issue() {
    lock.lock();
    try {
      filling.committed = true;
      wake();
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    if (writerWaiting) {
      writerWaiting = false;
      work.signal();
    }
  }

  private void run() {
    while (true) {
      RecordBatch batch;
      lock.lock();
      try {
        while (!filling.committed && filling.obsolete.isEmpty() && !closing) {
          writerWaiting = true;
          work.awaitUninterruptibly();
        }
        if (!filling.committed && filling.obsolete.isEmpty() && closing) {
          return;
        }
        batch = filling;
        filling = writing;
        writing = batch;
      } finally {
        lock.unlock();
      }
      try {
        batch.execute(disk);
      } catch (IOException | RuntimeException e) {
        store.fail(e instanceof IOException io ? io : new IOException(e));
        return;
      }
      if (!batch.callbacks.isEmpty() || batch.committed) {
        Runnable[] callbacks = batch.callbacks.toArray(new Runnable[0]);
        long position = batch.position;
        scheduler.execute(() -> store.completed(position, Arrays.asList(callbacks)));
      }
      batch.clear();
    }
  }

  @Override
  void close() {
    lock.lock();
    try {
      closing = true;
      writerWaiting = false;
      work.signal();
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
