package io.pacraft.replication.disk;

import io.pacraft.replication.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A snapshot received from the leader (primary) and staged in a file, handed to {@code
 * StateMachine.restore}; closing it closes the file.
 */
public final class StagedSnapshot implements Snapshot {
  private final DiskFile file;
  private final long index;
  private final long size;

  public StagedSnapshot(DiskFile file, long index, long size) {
    this.file = file;
    this.index = index;
    this.size = size;
  }

  @Override
  public long lastIndex() {
    return index;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long offset, ByteBuffer dst) throws IOException {
    if (offset >= size) {
      return -1;
    }
    int limit = dst.limit();
    if (dst.remaining() > size - offset) {
      dst.limit(dst.position() + (int) (size - offset));
    }
    try {
      return file.read(offset, dst);
    } finally {
      dst.limit(limit);
    }
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
