package io.pacraft.replication.log;

import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import io.pacraft.replication.disk.ForwardingDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A disk that counts file syncs and can hold the next one until released (to line up batches). */
final class CountingDisk extends ForwardingDisk {
  final AtomicLong syncs = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  private volatile CountDownLatch gate;
  private volatile CountDownLatch held;
  final CountDownLatch gateReached = new CountDownLatch(1);

  CountingDisk(Disk inner) {
    super(inner);
  }

  /** The next file sync waits until {@link #release()}. */
  void holdNextSync() {
    held = new CountDownLatch(1);
    gate = held;
  }

  void release() {
    held.countDown();
  }

  @Override
  protected DiskFile wrap(DiskFile file) {
    return new File(file) {
      @Override
      public void write(long position, ByteBuffer src) throws IOException {
        writes.incrementAndGet();
        inner.write(position, src);
      }

      @Override
      public void sync() throws IOException {
        CountDownLatch g = gate;
        if (g != null) {
          gate = null;
          gateReached.countDown();
          try {
            if (!g.await(30, TimeUnit.SECONDS)) {
              throw new IOException("gate never released");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
        }
        syncs.incrementAndGet();
        inner.sync();
      }
    };
  }
}
