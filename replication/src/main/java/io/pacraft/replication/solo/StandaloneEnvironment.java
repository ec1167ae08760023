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
import io.pacraft.replication.runtime.InlineScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What a standalone node's single-replica ({@code solo}) group runs on: the log in {@code dir/log}
 * with a group committing writer thread, an {@link InlineScheduler}, an applier thread. It has no
 * peers, so no transport.
 */
public final class StandaloneEnvironment implements Environment, AutoCloseable {
  private final InlineScheduler scheduler;
  private final ExecutorService applier;
  private final RealDisk disk;
  private final SegmentedLogStore logStore;
  private final Random random = new SecureRandom();

  public StandaloneEnvironment(Path dir) throws IOException {
    scheduler = InlineScheduler.start("pacraft-group");
    applier =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pacraft-apply");
              t.setDaemon(true);
              return t;
            });
    disk = new RealDisk(dir.resolve("log"));
    logStore = SegmentedLogStore.openThreaded(disk, scheduler, LogStoreOptions.defaults(), "pacraft-log-writer");
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

  @Override
  public Executor applier() {
    return applier;
  }

  @Override
  public Random random() {
    return random;
  }

  /** Stops the threads; the group must be closed first. */
  @Override
  public void close() {
    applier.shutdown();
    try {
      applier.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.close();
  }
}
