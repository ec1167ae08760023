package io.pacraft.replication;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The configuration manager as a replica of a PacificA group sees it: a linearizable register of
 * each group's {@link GroupConfiguration}, changed only by compare-and-set on the version, so that
 * of two racing changes exactly one wins. On a real node it is the meta group (Raft), reached over
 * the cluster bus from any node; in the simulator, a Raft group of its own.
 *
 * <p>Futures may complete on any thread; a protocol core moves the result to its scheduler before
 * acting on it. A future that fails means the manager could not be asked (no meta leader known, a
 * timeout): the outcome of a {@link #compareAndSet} that failed is unknown, and the caller reads
 * again before it retries.
 */
public interface ConfigurationStore {
  /** The group's current configuration, read linearizably; empty when it has none yet. */
  CompletableFuture<Optional<GroupConfiguration>> read(GroupId group);

  /**
   * Replaces the group's configuration with {@code next} (whose version is ignored) if the current
   * version is {@code expectedVersion} (0: the group has no configuration yet). Completes with the
   * configuration current afterwards: {@code next} at version {@code expectedVersion + 1} if this
   * change won, otherwise the one that is current instead.
   */
  CompletableFuture<GroupConfiguration> compareAndSet(GroupId group, long expectedVersion, GroupConfiguration next);
}
