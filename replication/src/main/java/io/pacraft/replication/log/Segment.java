package io.pacraft.replication.log;

import io.pacraft.replication.disk.DiskFile;

/**
 * One segment file: its sequence number, open handle, the bytes written to it so far, and how many
 * it takes before the store starts the next one: a preallocated segment's size (its file is that
 * long, zeros past {@code size}), or the configured segment size for one that grows as it is written.
 */
final class Segment {
  final long seq;
  final String name;
  final DiskFile file;
  long size;
  long capacity;
  boolean preallocated;

  Segment(long seq, DiskFile file, long size, long capacity, boolean preallocated) {
    this.seq = seq;
    this.name = nameOf(seq);
    this.file = file;
    this.size = size;
    this.capacity = capacity;
    this.preallocated = preallocated;
  }

  static String nameOf(long seq) {
    String digits = Long.toString(seq);
    return "log-" + "0".repeat(Math.max(0, 20 - digits.length())) + digits + ".seg";
  }

  /** The sequence number of a segment file name, or -1 when {@code name} is not one. */
  static long seqOf(String name) {
    if (name.length() != 28 || !name.startsWith("log-") || !name.endsWith(".seg")) {
      return -1;
    }
    long seq = 0;
    for (int i = 4; i < 24; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      seq = seq * 10 + (c - '0');
      if (seq < 0) {
        return -1;
      }
    }
    return seq;
  }

  @Override
  public String toString() {
    return name;
  }
}
