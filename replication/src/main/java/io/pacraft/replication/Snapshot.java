package io.pacraft.replication;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A state-machine image as an opaque byte stream, read in chunks so that it can be streamed to
 * another node (InstallSnapshot) and resumed at any offset. Closing releases what backs it (a
 * RocksDB checkpoint directory, a temp file).
 */
public interface Snapshot extends AutoCloseable {
  /** Index of the last entry whose effect the image holds. */
  long lastIndex();

  /** Total length of the stream in bytes. */
  long size();

  /**
   * Reads up to {@code dst.remaining()} bytes starting at {@code offset} into {@code dst}; returns
   * the number read, or -1 at the end.
   */
  int read(long offset, ByteBuffer dst) throws IOException;

  @Override
  void close();

  /** An image held in memory: {@code bytes} (not copied) as of {@code index}. */
  static Snapshot ofBytes(long index, byte[] bytes) {
    return new Snapshot() {
      @Override
      public long lastIndex() {
        return index;
      }

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public int read(long offset, ByteBuffer dst) {
        if (offset >= bytes.length) {
          return -1;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - offset);
        dst.put(bytes, (int) offset, n);
        return n;
      }

      @Override
      public void close() {}
    };
  }

  /** The whole stream of {@code s}, for images small enough to hold in memory. */
  static ByteBuffer readAll(Snapshot s) {
    ByteBuffer b = ByteBuffer.allocate((int) s.size());
    try {
      while (b.hasRemaining() && s.read(b.position(), b) > 0) {
        // read fully
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return b.flip();
  }
}
