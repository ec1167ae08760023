package io.pacraft.replication.runtime;

import io.pacraft.replication.Clock;
import io.pacraft.replication.ConfigurationStore;
import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.Transport;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.log.LogStore;
import io.pacraft.replication.log.LogStoreOptions;
import io.pacraft.replication.log.SegmentedLogStore;
import io.pacraft.replication.transport.NodeTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Environment} of one group on a real node. Its directory holds {@code log/} (the
 * {@link SegmentedLogStore}) and {@code data/} (the {@link #disk()} for the protocol's other
 * files). Its scheduler runs on the node's bus event loop ({@link NodeTransport#groupScheduler()},
 * shared with the node's other groups), so received messages reach the protocol without a thread
 * hand-off; the log group-commits on that loop too ({@link SegmentedLogStore#openOnScheduler}: one
 * task writes and syncs what was issued since the last), after the messages of the step that
 * issued them have gone out, so a leader's sync overlaps its followers'. Its transport is the
 * node's {@link NodeTransport} scoped to the group; the applier is a single thread named {@code
 * apply-<id>}; the clock is {@link Clock#SYSTEM}; the random source is seeded from {@link
 * SecureRandom}.
 *
 * <p>{@link #close()} stops the scheduler first, then the log (draining queued writes), the
 * applier, and the group's registration on the transport; the transport itself stays up.
 */
public final class NodeEnvironment implements Environment, AutoCloseable {
  private final GroupId group;
  private final NodeTransport nodeTransport;
  private final NodeTransport.GroupScheduler scheduler;
  private final Transport transport;
  private final SegmentedLogStore logStore;
  private final RealDisk disk;
  private final ExecutorService applier;
  private final Executor applierView;
  private final Random random;
  private volatile ConfigurationStore configurationStore;

  private NodeEnvironment(GroupId group, Path directory, NodeTransport nodeTransport, LogStoreOptions logOptions, Disk logDisk)
      throws IOException {
    this.group = group;
    this.nodeTransport = nodeTransport;
    this.scheduler = nodeTransport.groupScheduler();
    try {
      this.disk = new RealDisk(directory.resolve("data"));
      this.logStore =
          SegmentedLogStore.openOnScheduler(logDisk != null ? logDisk : new RealDisk(directory.resolve("log")), scheduler, logOptions);
    } catch (IOException | RuntimeException e) {
      scheduler.close();
      throw e;
    }
    this.transport = nodeTransport.transportFor(group, scheduler);
    this.applier =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "apply-" + group);
              t.setDaemon(true);
              return t;
            });
    this.applierView = applier::execute;
    this.random = new Random(new SecureRandom().nextLong());
  }

  /**
   * Opens (recovering its log) or creates group {@code group}'s environment in {@code directory}
   * and registers the group on {@code transport}.
   */
  public static NodeEnvironment open(GroupId group, Path directory, NodeTransport transport, LogStoreOptions logOptions)
      throws IOException {
    return new NodeEnvironment(group, directory, transport, logOptions, null);
  }

  /**
   * {@link #open(GroupId, Path, NodeTransport, LogStoreOptions)} with the log on {@code logDisk}
   * instead of {@code directory/log}: for benchmarks that measure the protocols apart from the
   * disk (a disk whose syncs do nothing) and tests of a failing disk, never for a server.
   */
  public static NodeEnvironment open(
      GroupId group, Path directory, NodeTransport transport, LogStoreOptions logOptions, Disk logDisk) throws IOException {
    return new NodeEnvironment(group, directory, transport, logOptions, java.util.Objects.requireNonNull(logDisk));
  }

  /** {@link #open(GroupId, Path, NodeTransport, LogStoreOptions)} with default log settings. */
  public static NodeEnvironment open(GroupId group, Path directory, NodeTransport transport) throws IOException {
    return open(group, directory, transport, LogStoreOptions.defaults());
  }

  public GroupId group() {
    return group;
  }

  @Override
  public Transport transport() {
    return transport;
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
    return applierView;
  }

  @Override
  public Random random() {
    return random;
  }

  /** Gives the group a configuration manager (before the protocol opens), for PacificA. */
  public NodeEnvironment withConfigurationStore(ConfigurationStore store) {
    this.configurationStore = store;
    return this;
  }

  @Override
  public ConfigurationStore configurationStore() {
    ConfigurationStore s = configurationStore;
    if (s == null) {
      return Environment.super.configurationStore();
    }
    return s;
  }

  @Override
  public void close() {
    nodeTransport.unregister(group);
    scheduler.close();
    logStore.close();
    applier.shutdownNow();
    try {
      applier.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
