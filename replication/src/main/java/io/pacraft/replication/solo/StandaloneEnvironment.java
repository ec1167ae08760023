package io.pacraft.replication.solo;

import io.pacraft.replication.Clock;
import io.pacraft.replication.Environment;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.Transport;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.log.LogStore;
import io.pacraft.replication.log.LogStoreOptions;
import io.pacraft.replication.log.SegmentedLogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * What a standalone node's single-replica ({@code solo}) group runs on: one thread, the caller's
 * {@code scheduler}, numbers the proposals, writes the log in {@code dir/log} and syncs it (group
 * commit: one fsync for everything issued since the last), and applies what became durable — no
 * thread of its own and no hand-off between threads on a write's way. A server passes one of its
 * network event loops, so a write read there is logged, synced, applied and answered on the thread
 * that read it, as in redis-server with {@code appendfsync always}; the loop is busy during each
 * sync. It has no peers, so no transport.
 */
public final class StandaloneEnvironment implements Environment, AutoCloseable {
  private final Scheduler scheduler;
  private final Disk disk;
  private final SegmentedLogStore logStore;
  private final Random random = new SecureRandom();

  /** The log in {@code dir/log}, written and synced on {@code scheduler}, which the caller owns. */
  public StandaloneEnvironment(Path dir, Scheduler scheduler) throws IOException {
    this(logDisk(dir), scheduler);
  }

  /** Where a standalone node whose data is in {@code dir} keeps its log: {@code dir/log}. */
  public static Disk logDisk(Path dir) throws IOException {
    return new RealDisk(dir.resolve("log"));
  }

  /** The log on {@code logDisk} (tests give one that fails on demand). */
  public StandaloneEnvironment(Disk logDisk, Scheduler scheduler) throws IOException {
    this.scheduler = scheduler;
    disk = logDisk;
    // No entry cache: there is no follower to send entries to, and each is applied in the callback
    // that makes it durable. Cached entries outlive young collections and make them long.
    logStore = SegmentedLogStore.openOnScheduler(disk, scheduler, LogStoreOptions.defaults().withCacheBytes(0));
  }

  @Override
  public Transport transport() {
    throw new IllegalStateException("a standalone node has no peers to send to");
  }

  @Override
  public LogStore logStore() {
    return logStore;
  }

  @Override
  public Disk disk() {
    return disk;
  }

  @Override
  public Clock clock() {
    return Clock.SYSTEM;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  /** Applies on the scheduler's thread, in the task that learned the entries are durable. */
  @Override
  public Executor applier() {
    return Runnable::run;
  }

  @Override
  public Random random() {
    return random;
  }

  /** Nothing to stop: the scheduler is the caller's, and the group closes its log. */
  @Override
  public void close() {}
}
