package io.pacraft.replication.log;

import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next segment file, written full of zeros and synced before the store needs it, so that
 * appending to it never changes the file's size. An {@code fdatasync} of a file whose size did not
 * change writes only the data: on ext4 it skips the inode write (no journal) or the journal commit
 * that a growing file costs on every sync (docs/log-store.md#preallocated-segments).
 *
 * <p>One spare at a time, named {@link #NAME}, filled by tasks on an {@link Executor}: a thread of
 * its own for a real store, the calling thread in the simulator (deterministic) and in crash tests.
 * {@link #take} renames a finished spare to a segment's name; a spare still being written is never
 * taken (the store then starts an ordinary empty segment). Safe to call from the store's thread while
 * the filling task runs.
 */
final class SpareSegment {
  static final String NAME = "log-spare.seg.tmp";
  private static final int CHUNK = 1 << 20;
  private static final Logger log = LoggerFactory.getLogger(SpareSegment.class);

  /** A spare renamed to a segment: its open file and its size, all zeros. */
  record Taken(DiskFile file, long bytes) {}

  private final Disk disk;
  private final Executor filler;
  private long ready; // bytes of the finished spare, 0 when none; guarded by this
  private boolean filling; // guarded by this
  private boolean closed; // guarded by this

  SpareSegment(Disk disk, Executor filler) throws IOException {
    this.disk = disk;
    this.filler = filler;
    if (disk.exists(NAME)) {
      disk.delete(NAME); // left by a crash or a close mid-fill: its zeros may not be durable
    }
  }

  synchronized boolean ready() {
    return ready > 0;
  }

  /** Starts filling a spare of {@code bytes} unless one is being filled or is ready. */
  void prepare(long bytes) {
    synchronized (this) {
      if (closed || filling || ready > 0) {
        return;
      }
      filling = true;
    }
    try {
      filler.execute(() -> fill(bytes));
    } catch (RuntimeException e) {
      log.warn("cannot start preallocating a log segment: {}", e.toString());
      finished(0);
    }
  }

  private void fill(long bytes) {
    long done = 0;
    try (DiskFile f = disk.open(NAME, true)) {
      f.truncate(0);
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(CHUNK, bytes));
      while (done < bytes && !isClosed()) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - done));
        f.write(done, zeros);
        done += zeros.limit();
      }
      if (done == bytes) {
        f.sync();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("preallocating a log segment of {} bytes failed (segments grow as they are written): {}", bytes, e.toString());
      done = 0;
    }
    finished(done == bytes ? bytes : 0);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private synchronized void finished(long bytes) {
    filling = false;
    if (!closed) {
      ready = bytes;
    }
    notifyAll();
  }

  /**
   * Renames the finished spare to {@code name} and opens it; null when no spare is ready (or the
   * rename failed: the caller creates an empty segment instead). The rename is durable once the
   * directory is synced, as a created segment's name is.
   */
  Taken take(String name) {
    long bytes;
    synchronized (this) {
      bytes = ready;
      ready = 0;
    }
    if (bytes == 0) {
      return null;
    }
    try {
      disk.rename(NAME, name);
      return new Taken(disk.open(name, false), bytes);
    } catch (IOException e) {
      log.warn("cannot use the preallocated log segment: {}", e.toString());
      return null;
    }
  }

  /** Stops filling (a spare half written stays on disk until the next open deletes it); waits for the task to stop. */
  void close() {
    synchronized (this) {
      closed = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (filling) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("a log segment preallocation did not stop within 30 s");
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
