package io.pacraft.raft;

import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.StateMachine;
import java.util.EnumSet;
import java.util.Set;

/**
 * Raft ({@code "raft"}): majority-quorum replication with pre-vote, check-quorum, pipelined
 * AppendEntries, snapshots, single-step membership changes, leadership transfer, ReadIndex and lease
 * reads. Settings and their defaults are listed in docs/raft.md.
 */
public final class RaftProtocol implements ReplicationProtocol {
  private final Set<Defect> defects;

  public RaftProtocol() {
    this(EnumSet.noneOf(Defect.class));
  }

  RaftProtocol(Set<Defect> defects) {
    this.defects = Set.copyOf(defects);
  }

  @Override
  public String name() {
    return "raft";
  }

  /**
   * Opens the replica.
   *
   * @throws IllegalArgumentException when a setting is unknown or invalid
   */
  @Override
  public ReplicaGroup open(GroupSpec spec, StateMachine sm, Environment env) {
    return new RaftReplica(spec, sm, env, defects);
  }
}
