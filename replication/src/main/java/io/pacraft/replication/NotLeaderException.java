package io.pacraft.replication;

import java.util.Optional;

/** The replica cannot do what was asked because it is not the leader (primary); nothing happened. */
public final class NotLeaderException extends RuntimeException {
  private final transient Optional<NodeId> leader;

  public NotLeaderException(Optional<NodeId> leader) {
    super(leader.map(l -> "not the leader; leader is " + l).orElse("not the leader; no leader known"), null, false, false);
    this.leader = leader;
  }

  /** The leader this replica believes in, if any. */
  public Optional<NodeId> leader() {
    return leader;
  }
}
