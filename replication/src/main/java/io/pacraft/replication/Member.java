package io.pacraft.replication;

import java.util.Objects;

/**
 * One member of a group's configuration.
 *
 * @param id the node
 * @param address where its cluster bus listens, {@code host:port}
 * @param voter true for a voter (Raft) or a full replica (PacificA); false for a learner
 */
public record Member(NodeId id, String address, boolean voter) {
  public Member {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }

  public Member asVoter() {
    return voter ? this : new Member(id, address, true);
  }

  public Member asLearner() {
    return voter ? new Member(id, address, false) : this;
  }
}
