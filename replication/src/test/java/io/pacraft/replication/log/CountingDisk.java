package io.pacraft.replication.log;

import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A disk that counts file syncs and can hold the next one until released (to line up batches). */
final class CountingDisk implements Disk {
  private final Disk inner;
  final AtomicLong syncs = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  private volatile CountDownLatch gate;
  private volatile CountDownLatch held;
  final CountDownLatch gateReached = new CountDownLatch(1);

  CountingDisk(Disk inner) {
    this.inner = inner;
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
  public DiskFile open(String name, boolean create) throws IOException {
    DiskFile f = inner.open(name, create);
    return new DiskFile() {
      @Override
      public long size() throws IOException {
        return f.size();
      }

      @Override
      public int read(long position, ByteBuffer dst) throws IOException {
        return f.read(position, dst);
      }

      @Override
      public void write(long position, ByteBuffer src) throws IOException {
        writes.incrementAndGet();
        f.write(position, src);
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
        f.sync();
      }

      @Override
      public void truncate(long size) throws IOException {
        f.truncate(size);
      }

      @Override
      public void close() throws IOException {
        f.close();
      }
    };
  }

  @Override
  public boolean exists(String name) {
    return inner.exists(name);
  }

  @Override
  public List<String> list() throws IOException {
    return inner.list();
  }

  @Override
  public void delete(String name) throws IOException {
    inner.delete(name);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    inner.rename(from, to);
  }

  @Override
  public void syncDirectory() throws IOException {
    inner.syncDirectory();
  }
}
