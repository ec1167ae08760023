package io.pacraft.replication;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A replication protocol ({@code solo}, {@code raft}, {@code pacifica}), found with {@link
 * ServiceLoader} so that kv-server never depends on an implementation.
 */
public interface ReplicationProtocol {
  String name();

  /**
   * Opens (or recovers from {@code env}'s durable state) this node's replica of a group. The group
   * starts working at once; every callback into {@code sm} comes from one thread at a time.
   */
  ReplicaGroup open(GroupSpec spec, StateMachine sm, Environment env);

  static Optional<ReplicationProtocol> find(String name) {
    for (ReplicationProtocol p : ServiceLoader.load(ReplicationProtocol.class)) {
      if (p.name().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
