package io.pacraft.replication.disk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Fault injection: a disk that, once {@link #fill() filled}, fails every file write and sync as a
 * full file system does ({@code No space left on device}). What was written before stays readable.
 * For tests of what a replica and a server do when their log cannot be written.
 */
public final class FullDisk extends ForwardingDisk {
  private volatile boolean full;

  public FullDisk(Disk inner) {
    super(inner);
  }

  /** From now on, file writes and syncs fail. */
  public void fill() {
    full = true;
  }

  private void check() throws IOException {
    if (full) {
      throw new IOException("No space left on device");
    }
  }

  @Override
  protected DiskFile wrap(DiskFile file) {
    return new File(file) {
      @Override
      public void write(long position, ByteBuffer src) throws IOException {
        check();
        inner.write(position, src);
      }

      @Override
      public void sync() throws IOException {
        check();
        inner.sync();
      }
    };
  }
}
