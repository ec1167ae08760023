package io.pacraft.replication.log;

import io.pacraft.replication.Scheduler;
import io.pacraft.replication.disk.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
  private Batch filling = new Batch();
  private Batch writing = new Batch();
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

  private void wake() {
    if (writerWaiting) {
      writerWaiting = false;
      work.signal();
    }
  }

  private void run() {
    while (true) {
      Batch batch;
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

  /** Records to write, one step per segment they go to, with the callbacks that wait for them. */
  private static final class Batch {
    final ArrayList<Segment> segments = new ArrayList<>();
    final ArrayList<Boolean> created = new ArrayList<>();
    long[] offsets = new long[4];
    byte[][] bytes = new byte[4][];
    int[] lengths = new int[4];
    final ArrayList<Runnable> callbacks = new ArrayList<>();
    final ArrayList<Segment> obsolete = new ArrayList<>();
    long position;
    boolean committed;

    void startStep(Segment segment, long offset, boolean isNew) {
      int i = segments.size();
      if (i == offsets.length) {
        offsets = Arrays.copyOf(offsets, i * 2);
        bytes = Arrays.copyOf(bytes, i * 2);
        lengths = Arrays.copyOf(lengths, i * 2);
      }
      segments.add(segment);
      created.add(isNew);
      offsets[i] = offset;
      lengths[i] = 0;
      if (bytes[i] == null) {
        bytes[i] = new byte[1 << 16];
      }
    }

    void write(Segment segment, long offset, ByteBuffer record, boolean isNew) {
      int last = segments.size() - 1;
      if (last < 0 || segments.get(last) != segment) {
        startStep(segment, offset, isNew);
        last++;
      } else if (offsets[last] + lengths[last] != offset) {
        throw new IllegalStateException("non-sequential write to " + segment);
      }
      int n = record.remaining();
      int length = lengths[last];
      if (length + n > bytes[last].length) {
        bytes[last] = Arrays.copyOf(bytes[last], Math.max(length + n, bytes[last].length * 2));
      }
      record.get(bytes[last], length, n);
      lengths[last] = length + n;
    }

    /** Writes, syncs and deletes. */
    void execute(Disk disk) throws IOException {
      boolean anyCreated = false;
      for (int i = 0; i < segments.size(); i++) {
        Segment s = segments.get(i);
        if (i > 0) {
          // a new segment's records may not become durable before the previous segment's
          segments.get(i - 1).file.sync();
        }
        anyCreated |= created.get(i);
        if (lengths[i] > 0) {
          s.file.write(offsets[i], ByteBuffer.wrap(bytes[i], 0, lengths[i]));
        }
      }
      if (!segments.isEmpty()) {
        segments.get(segments.size() - 1).file.sync();
      }
      if (anyCreated) {
        disk.syncDirectory();
      }
      for (Segment s : obsolete) {
        s.file.close();
        disk.delete(s.name);
      }
    }

    void clear() {
      for (int i = 0; i < segments.size(); i++) {
        if (bytes[i] != null && bytes[i].length > (4 << 20)) {
          bytes[i] = null; // do not keep a huge buffer after a burst
        }
      }
      segments.clear();
      created.clear();
      callbacks.clear();
      obsolete.clear();
      committed = false;
    }
  }
}
