package io.pacraft.replication;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One replication group (a shard, or the meta group) as seen from the node that runs a replica. */
public interface ReplicaGroup extends AutoCloseable {
  GroupId id();

  NodeId self();

  /**
   * Appends {@code entry} to the log; the future completes with the state machine's result for it
   * once committed and applied here. It fails with {@link NotLeaderException} when this replica
   * cannot accept proposals (the entry was not appended), and with {@link IndeterminateException}
   * when it was appended but its fate is unknown (leadership lost before commit was seen).
   */
  java.util.concurrent.CompletableFuture<Object> propose(java.nio.ByteBuffer entry);

  /**
   * An index such that reading the state machine once it has applied it is linearizable: Raft by
   * its lease or a ReadIndex round, PacificA by the primary's lease. Fails with
   * {@link NotLeaderException} when this replica cannot serve linearizable reads.
   */
  CompletableFuture<Long> readBarrier();

  Role role();

  Optional<NodeId> leader();

  Membership membership();

  CompletableFuture<Void> changeMembership(MembershipChange change);

  CompletableFuture<Void> transferLeadership(NodeId to);

  /**
   * Status for INFO and {@code pacraft cluster status}: ordered field names and values (role, term
   * or configuration version, leader, commit and applied index, per-member match index...).
   */
  Map<String, String> status();

  /** Stops the replica: no more callbacks, durable state left consistent. */
  @Override
  void close();
}
