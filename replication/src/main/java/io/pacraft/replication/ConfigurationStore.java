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
   * version is {@code expectedVersion} (0: the group has no configuration yet). {@code requestId}
   * names this request: sending the same request again (after a timeout) gives the same answer, and
   * {@link Outcome#accepted()} is true only when the configuration now current was installed by a
   * request of this id — never by an earlier request that proposed the same thing. Fails with
   * IllegalStateException when the group has no configuration and {@code expectedVersion} is not 0.
   */
  CompletableFuture<Outcome> compareAndSet(GroupId group, long expectedVersion, GroupConfiguration next, long requestId);

  /**
   * What a compare-and-set found.
   *
   * @param current the configuration current afterwards: {@code next} at {@code expectedVersion +
   *     1} if the change won, otherwise the one current instead
   * @param accepted true when {@code current} was installed by this very request
   */
  record Outcome(GroupConfiguration current, boolean accepted) {}
}
