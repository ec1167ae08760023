package io.pacraft.replication.log;

import java.io.IOException;

/**
 * The log's files hold damage that a crash cannot explain (a bad record followed by good ones, a bad
 * record in a segment that is not the last, a missing segment), so the store refuses to open rather
 * than silently lose acknowledged entries.
 */
public final class LogCorruptedException extends IOException {
  private final String file;
  private final long offset;

  public LogCorruptedException(String file, long offset, String problem) {
    super(file + " at offset " + offset + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  /** The segment file that holds the damage. */
  public String file() {
    return file;
  }

  /** Byte offset of the damaged record in {@link #file()}. */
  public long offset() {
    return offset;
  }
}
