package io.pacraft.replication.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A file of a {@link Disk}: positional reads and writes, explicit sync. */
public interface DiskFile extends Closeable {
  long size() throws IOException;

  /** Reads into {@code dst} from {@code position}; returns bytes read, -1 at the end. */
  int read(long position, ByteBuffer dst) throws IOException;

  /** Writes all of {@code src} at {@code position}. */
  void write(long position, ByteBuffer src) throws IOException;

  /** Makes every write so far durable (fdatasync). */
  void sync() throws IOException;

  void truncate(long size) throws IOException;
}
