package io.pacraft.replication;

/** One step of a configuration change; protocols apply them one at a time. */
public sealed interface MembershipChange {
  /** Add a non-voting member that receives the log (and a snapshot) to catch up. */
  record AddLearner(Member member) implements MembershipChange {}

  /** Make a caught-up learner a voter (Raft) or a full replica (PacificA). */
  record Promote(NodeId node) implements MembershipChange {}

  /** Remove a member, voter or learner; a removed leader steps down. */
  record Remove(NodeId node) implements MembershipChange {}
}
