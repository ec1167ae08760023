package io.pacraft.replication.disk;

import java.io.IOException;
import java.util.List;

/**
 * A flat directory of files, the only way protocol code reaches storage. {@code RealDisk} maps it
 * to a directory; the simulator's disk keeps synced and unsynced bytes apart and, on a simulated
 * crash, loses what was not synced (possibly tearing the last write).
 */
public interface Disk {
  /** Opens {@code name}, creating it empty when {@code create} and missing. */
  DiskFile open(String name, boolean create) throws IOException;

  boolean exists(String name);

  /** File names, sorted. */
  List<String> list() throws IOException;

  void delete(String name) throws IOException;

  /** Atomically replaces {@code to} with {@code from}; durable after {@link #syncDirectory()}. */
  void rename(String from, String to) throws IOException;

  /** Makes creations, renames and deletions so far durable. */
  void syncDirectory() throws IOException;
}
