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
}
