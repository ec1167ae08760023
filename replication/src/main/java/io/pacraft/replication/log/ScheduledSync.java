package io.pacraft.replication.log;

import io.pacraft.replication.Scheduler;
import io.pacraft.replication.disk.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deterministic sink for the simulator: records are written to the disk at once (unsynced), and
 * one task scheduled on the group's scheduler syncs everything issued before it runs and then runs
 * the callbacks, so the simulator decides when an fsync completes and can crash in between. Records
 * for a segment started since the last sync are held in memory until that task has synced the
 * previous segment.
 */
final class ScheduledSync extends SegmentSink {
  private final SegmentedLogStore store;
  private final Disk disk;
  private final Scheduler scheduler;
  private final long delayNanos;
  private final Runnable syncTask = this::sync;

  private Segment current;
  private boolean currentDirty;
  private final ArrayList<Segment> heldSegments = new ArrayList<>();
  private final ArrayList<byte[]> heldBytes = new ArrayList<>();
  private final ArrayList<Integer> heldLengths = new ArrayList<>();
  private final ArrayList<Segment> obsolete = new ArrayList<>();
  private ArrayList<Runnable> callbacks = new ArrayList<>();
  private ArrayList<Runnable> spare = new ArrayList<>();
  private long position;
  private boolean scheduled;
  private boolean closed;

  ScheduledSync(SegmentedLogStore store, Disk disk, Scheduler scheduler, long delayNanos, Segment current) {
    this.store = store;
    this.disk = disk;
    this.scheduler = scheduler;
    this.delayNanos = delayNanos;
    this.current = current;
  }

  @Override
  void write(Segment segment, long offset, ByteBuffer record) throws IOException {
    if (heldSegments.isEmpty()) {
      segment.file.write(offset, record);
      currentDirty = true;
      return;
    }
    int last = heldSegments.size() - 1;
    byte[] bytes = heldBytes.get(last);
    int length = heldLengths.get(last);
    if (offset != length) {
      throw new IllegalStateException("non-sequential write to a held segment");
    }
    int n = record.remaining();
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
      heldBytes.set(last, bytes);
    }
    record.get(bytes, length, n);
    heldLengths.set(last, length + n);
  }

  @Override
  void roll(Segment next) {
    heldSegments.add(next);
    heldBytes.add(new byte[256]);
    heldLengths.add(0);
  }

  @Override
  void delete(List<Segment> segments) {
    obsolete.addAll(segments);
    schedule();
  }

  @Override
  void commit(Runnable onDurable, long position) {
    if (onDurable != null) {
      callbacks.add(onDurable);
    }
    this.position = position;
    schedule();
  }

  @Override
  void issue() {
    // records are written as they come; the next commit's task syncs them
  }

  private void schedule() {
    if (!scheduled && !closed) {
      scheduled = true;
      if (delayNanos == 0) {
        scheduler.execute(syncTask);
      } else {
        scheduler.schedule(delayNanos, syncTask);
      }
    }
  }

  private void sync() {
    scheduled = false;
    if (closed) {
      return;
    }
    try {
      if (currentDirty) {
        current.file.sync();
        currentDirty = false;
      }
      for (int i = 0; i < heldSegments.size(); i++) {
        Segment s = heldSegments.get(i);
        s.file.write(0, ByteBuffer.wrap(heldBytes.get(i), 0, heldLengths.get(i)));
        s.file.sync();
        current = s;
      }
      if (!heldSegments.isEmpty()) {
        disk.syncDirectory();
        heldSegments.clear();
        heldBytes.clear();
        heldLengths.clear();
      }
      for (Segment s : obsolete) {
        s.file.close();
        disk.delete(s.name);
      }
      obsolete.clear();
    } catch (IOException e) {
      closed = true;
      store.fail(e);
      return;
    }
    ArrayList<Runnable> run = callbacks;
    callbacks = spare;
    spare = run;
    store.completed(position, run);
    run.clear();
  }

  @Override
  void close() {
    closed = true;
  }
}
