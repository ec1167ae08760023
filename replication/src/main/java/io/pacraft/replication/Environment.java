package io.pacraft.replication;

import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.log.LogStore;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * Everything a protocol core touches outside its own memory. A core never reads the wall clock,
 * starts a thread, opens a socket or file, or creates a {@link Random} of its own: it asks its
 * environment, so that the simulator can run whole groups in one thread under a seeded schedule.
 *
 * <p>All callbacks an environment makes into the protocol (transport messages, log durability,
 * timers) run on {@link #scheduler()}, one at a time.
 */
public interface Environment {
  /** Node-to-node messages for this group. */
  Transport transport();

  /** This replica's durable log and hard state. */
  LogStore logStore();

  /** Files for what else the protocol keeps (snapshot staging, metadata). */
  Disk disk();

  Clock clock();

  /** The group's single thread: timers and every callback run here. */
  Scheduler scheduler();

  /**
   * Where the protocol may run state-machine application so that a slow apply does not hold up
   * replication; tasks run in submission order, one at a time. The simulator runs them as separate
   * scheduled events on the same thread.
   */
  Executor applier();

  /** The only source of randomness a protocol may use. */
  Random random();

  /**
   * The configuration manager, for protocols that need one (PacificA). Environments without one
   * throw {@link UnsupportedOperationException}, which a protocol that needs it reports at open.
   */
  default ConfigurationStore configurationStore() {
    throw new UnsupportedOperationException("this environment has no configuration manager");
  }
}
